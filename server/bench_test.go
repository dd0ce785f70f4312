package server

import (
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
	"roundtable/session/store"
)

// discard is a transport that takes every frame and drops it.
type discard struct{ frames int }

func (d *discard) Send(m ...wsconn.Message) bool { d.frames += len(m); return true }
func (d *discard) Kick(int, string)              {}
func (d *discard) Addr() string                  { return "192.0.2.1:1" }

// benchSession is a session with n participants and an idea each, built
// through the domain, and the events that made it.
func benchSession(b *testing.B, n int) (*session.State, []session.Event) {
	b.Helper()
	st := session.NewState("bench")
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var log []session.Event
	do := func(a session.Actor, c session.Command) []session.Event {
		evs, err := session.Decide(st, a, c, now)
		if err != nil {
			b.Fatalf("%s: %v", c.Type, err)
		}
		for i := range evs {
			evs[i].Seq = st.Seq + 1
			st.Apply(evs[i])
			log = append(log, evs[i])
		}
		return evs
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	do(fac, session.Command{Type: session.CmdCreateSession})
	var ids []string
	for i := range n {
		ids = append(ids, do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin,
			Name: fmt.Sprintf("Participant %d", i), Institution: fmt.Sprintf("Institution %d", i%45), TokenHash: HashToken(fmt.Sprint(i))})[0].ID)
	}
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	for i, id := range ids {
		do(session.Actor{ID: id, Role: session.RoleParticipant}, session.Command{Type: session.CmdPostIdea, Topic: "t1",
			Text: fmt.Sprintf("Idea %d: one registry of permits that every institution reads from", i)})
	}
	return st, log
}

// benchRoom is a room (not running) with n ready participant connections.
func benchRoom(b *testing.B, st *session.State, n int) *Room {
	r := NewRoom(RoomConfig{Session: st, Code: "BENCH"})
	for i, p := range st.ParticipantList() {
		if i == n {
			break
		}
		t := &discard{}
		r.clients[t] = &peer{t: t, actor: session.Actor{ID: p.ID, Role: session.RoleParticipant}, ready: true}
	}
	return r
}

// BenchmarkBroadcast is the hub's work for one committed event with n
// participants connected: redaction and encoding (three views at most),
// then a frame queued for each and handed over at the end of the turn.
func BenchmarkBroadcast(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("participants=%d", n), func(b *testing.B) {
			st, _ := benchSession(b, n)
			r := benchRoom(b, st, n)
			author := st.ParticipantList()[0].ID
			e := session.Event{Type: session.EvIdeaPosted, At: time.Now(), Actor: author, ID: "i99999", Topic: "t1",
				Text: "Single sign-on for all e-services, with the same identity everywhere", Institution: "IRIA"}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				e.Seq = st.Seq + int64(i) + 1
				r.broadcast(e)
				r.flush(true)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/receiver")
		})
	}
}

// BenchmarkEventFrame is the encoding of one event into the ready message
// (its websocket frame) every receiver of one view shares.
func BenchmarkEventFrame(b *testing.B) {
	e := session.Event{Seq: 4242, Type: session.EvIdeaPosted, At: time.Now(), ID: "i4242", Topic: "t1",
		Text: "Single sign-on for all e-services, with the same identity everywhere", Institution: "IRIA"}
	b.ReportAllocs()
	for b.Loop() {
		eventMessage(e)
	}
}

// BenchmarkSharedSnapshot is what a join costs at most once every
// snapshotReuse events: the session as a new participant sees it, encoded.
func BenchmarkSharedSnapshot(b *testing.B) {
	for _, n := range []int{65, 1000, 10000} {
		b.Run(fmt.Sprintf("participants=%d", n), func(b *testing.B) {
			st, _ := benchSession(b, n)
			b.ReportAllocs()
			var size int
			for b.Loop() {
				size = len(encode(session.RedactState(st, session.Viewer{Role: session.RoleParticipant})))
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// BenchmarkParseFrame is the read loop's decoding of one command frame.
func BenchmarkParseFrame(b *testing.B) {
	data := []byte(`{"t":"cmd","op":"a1b2c3d4e5f6","cmd":{"type":"post_idea","topic":"t1","text":"Open data portal for all ministries"}}`)
	b.ReportAllocs()
	for b.Loop() {
		if in := parseFrame(websocket.TextMessage, data, true); in.kind != protocol.KindCommand {
			b.Fatal(in)
		}
	}
}

// BenchmarkRoomCommit is durable, acknowledged commands through a room and
// the real store (no websockets): 256 participants each waiting for its
// command to commit, with group commit and with one command per
// transaction.
func BenchmarkRoomCommit(b *testing.B) {
	for _, group := range []int{0, 1} {
		name := "group"
		if group == 1 {
			name = "one-per-transaction"
		}
		b.Run(name, func(b *testing.B) {
			st, err := store.OpenWith(filepath.Join(b.TempDir(), "rt.db"), store.Options{MaxGroup: group})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			state, log := benchSession(b, 256)
			now := time.Now()
			if err := st.CreateSession(b.Context(), store.SessionInfo{ID: "bench", Code: "BENCH", Title: "bench", Phase: session.PhaseIdeas, CreatedAt: now, UpdatedAt: now}); err != nil {
				b.Fatal(err)
			}
			if err := st.AppendSync(b.Context(), store.Batch{Session: "bench", Events: log}); err != nil {
				b.Fatal(err)
			}
			r := NewRoom(RoomConfig{Session: state, Log: st, Code: "BENCH"})
			go r.Run()
			defer r.Stop()
			people := state.ParticipantList()
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for _, p := range people {
				wg.Go(func() {
					who := session.Actor{ID: p.ID, Role: session.RoleParticipant}
					for k := next.Add(1); k <= int64(b.N); k = next.Add(1) {
						if err := r.Do(who, session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: fmt.Sprintf("Idea %d", k)}); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commands/s")
		})
	}
}
