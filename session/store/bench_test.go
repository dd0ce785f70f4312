package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"roundtable/session"
)

// Durable, acknowledged commands: the goal is 20,000 per second with group
// commit, every acknowledgement after its commit. Each command here is one
// event in one batch; BenchmarkAppendSingle is the baseline of one commit
// per command, measured in the same run.

// BenchmarkAppendGroupCommit has many appenders, each waiting for the
// commit of its own command. With one session they model participants of
// one room: their commands are given seqs in turn (as the room does) and
// queued, then each waits for its acknowledgement. With a session each they
// model many rooms sharing one database file.
func BenchmarkAppendGroupCommit(b *testing.B) {
	for _, level := range []string{"FULL", "NORMAL"} {
		for _, appenders := range []int{64, 256} {
			for _, shared := range []bool{true, false} {
				name := fmt.Sprintf("sync=%s/appenders=%d/sessions=%d", level, appenders, 1)
				if !shared {
					name = fmt.Sprintf("sync=%s/appenders=%d/sessions=%d", level, appenders, appenders)
				}
				b.Run(name, func(b *testing.B) {
					benchmarkConcurrent(b, level, appenders, shared)
				})
			}
		}
	}
}

func benchmarkConcurrent(b *testing.B, level string, appenders int, shared bool) {
	s, _ := openTest(b, Options{Synchronous: level})
	sessions := appenders
	if shared {
		sessions = 1
	}
	for i := range sessions {
		mustCreate(b, s, fmt.Sprintf("s%d", i), fmt.Sprintf("CODE%d", i))
	}
	var mu sync.Mutex
	last := make([]int64, sessions) // per session, guarded by mu
	var next atomic.Int64
	var failed atomic.Value
	commits, batches := s.commits.Load(), s.batches.Load()
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for a := range appenders {
		wg.Go(func() {
			i := a % sessions
			id, actor := fmt.Sprintf("s%d", i), fmt.Sprintf("p%d", a)
			acked := make(chan error, 1)
			for next.Add(1) <= int64(b.N) {
				mu.Lock()
				last[i]++
				seq := last[i]
				s.Append(Batch{Session: id, Events: events(seq, 1), Actor: actor, Op: fmt.Sprint(seq),
					Done: func(err error) { acked <- err }})
				mu.Unlock()
				if err := <-acked; err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	reportCommands(b, elapsed, s.commits.Load()-commits, s.batches.Load()-batches)
}

// BenchmarkAppendSingle is the baseline: one appender waiting for each
// commit, so every command is a transaction of its own.
func BenchmarkAppendSingle(b *testing.B) {
	for _, level := range []string{"FULL", "NORMAL"} {
		b.Run("sync="+level, func(b *testing.B) {
			ctx := context.Background()
			s, _ := openTest(b, Options{Synchronous: level})
			mustCreate(b, s, "s1", "ALPHA")
			commits, batches := s.commits.Load(), s.batches.Load()
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				seq := int64(i + 1)
				if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(seq, 1), Actor: "p1", Op: fmt.Sprint(seq)}); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			reportCommands(b, elapsed, s.commits.Load()-commits, s.batches.Load()-batches)
		})
	}
}

// BenchmarkAppendPipelined is the hub's pattern: one goroutine (the room)
// appends without waiting and counts acknowledgements in Done, with up to
// 1,024 commands in flight.
func BenchmarkAppendPipelined(b *testing.B) {
	for _, level := range []string{"FULL", "NORMAL"} {
		b.Run("sync="+level, func(b *testing.B) {
			s, _ := openTest(b, Options{Synchronous: level})
			mustCreate(b, s, "s1", "ALPHA")
			commits, batches := s.commits.Load(), s.batches.Load()
			inflight := make(chan struct{}, 1024)
			var failed atomic.Value
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				seq := int64(i + 1)
				inflight <- struct{}{}
				wg.Add(1)
				s.Append(Batch{Session: "s1", Events: events(seq, 1), Actor: "p1", Op: fmt.Sprint(seq), Done: func(err error) {
					if err != nil {
						failed.Store(err)
					}
					<-inflight
					wg.Done()
				}})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if err, _ := failed.Load().(error); err != nil {
				b.Fatal(err)
			}
			reportCommands(b, elapsed, s.commits.Load()-commits, s.batches.Load()-batches)
		})
	}
}

func reportCommands(b *testing.B, elapsed time.Duration, commits, batches int64) {
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "commands/s")
	if commits > 0 {
		b.ReportMetric(float64(batches)/float64(commits), "batches/commit")
	}
}

// BenchmarkLoad10k measures rebuilding a 10,000-event session: Load alone on
// an open store, and reopen (Open, Load, Close) as a host start does.
func BenchmarkLoad10k(b *testing.B) {
	const n = 10000
	s, path := openTest(b, Options{})
	mustCreate(b, s, "big", "BIG")
	evs := bigSession("big", n)
	for i := 0; i < len(evs); i += 500 {
		if err := s.AppendSync(context.Background(), Batch{Session: "big", Events: evs[i:min(i+500, len(evs))]}); err != nil {
			b.Fatal(err)
		}
	}
	check := func(st *session.State) {
		if st.Seq != n {
			b.Fatalf("loaded seq %d, want %d", st.Seq, n)
		}
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			st, err := s.Load(context.Background(), "big")
			if err != nil {
				b.Fatal(err)
			}
			check(st)
		}
	})
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.Run("reopen", func(b *testing.B) {
		for b.Loop() {
			s, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			st, err := s.Load(context.Background(), "big")
			if err != nil {
				b.Fatal(err)
			}
			check(st)
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// bigSession makes a session of n events through session.Decide: 65
// participants of 45 institutions, then ideas posted in turn.
func bigSession(id string, n int) []session.Event {
	st := session.NewState(id)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	var out []session.Event
	do := func(a session.Actor, c session.Command) []session.Event {
		now = now.Add(time.Second)
		evs, err := session.Decide(st, a, c, now)
		if err != nil {
			panic(fmt.Sprintf("%s: %v", c.Type, err))
		}
		for i := range evs {
			evs[i].Seq = int64(len(out) + 1)
			st.Apply(evs[i])
			out = append(out, evs[i])
		}
		return evs
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	do(fac, session.Command{Type: session.CmdCreateSession})
	var people []session.Actor
	for p := range 65 {
		evs := do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin,
			Name: fmt.Sprintf("Participant %d", p), Institution: fmt.Sprintf("Institution %d", p%45)})
		people = append(people, session.Actor{ID: evs[0].ID, Role: session.RoleParticipant})
	}
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	for i := 0; len(out) < n; i++ {
		do(people[i%len(people)], session.Command{Type: session.CmdPostIdea, Topic: st.Topics[i%len(st.Topics)].ID,
			Text: fmt.Sprintf("Idea %d: a shared service every institution can use, with one owner and a budget", i)})
	}
	return out
}
