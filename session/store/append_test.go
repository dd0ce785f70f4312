package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"roundtable/session"
)

func TestAppendLoadRoundTrip(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock()
	s, _ := openTest(t, Options{Now: clock.Now})
	w := newWorkshop(t, "s1")
	w.play()
	mustCreate(t, s, "s1", "ALPHA")
	for _, b := range w.batches {
		if err := s.AppendSync(ctx, b); err != nil {
			t.Fatalf("append %v: %v", b.Events[0].Type, err)
		}
	}

	got, err := s.Load(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if g, want := stateJSON(t, got), stateJSON(t, w.st); g != want {
		t.Fatalf("loaded state differs from the state the events were applied to\n got: %s\nwant: %s", g, want)
	}
	if latest, err := s.Load(ctx, "latest"); err != nil || latest.Seq != w.st.Seq {
		t.Fatalf("load latest: seq %v, %v; want %d", latest, err, w.st.Seq)
	}
	if _, err := s.Load(ctx, "nope"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Fatalf("load of a missing session: got %v, want ENOTFOUND", err)
	}

	info, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if info.LastSeq != int64(len(w.events)) || info.Title != w.st.Settings.Title || info.Phase != session.PhaseClosed || !info.UpdatedAt.After(info.CreatedAt) {
		t.Fatalf("session after the workshop: %+v; want last seq %d, title %q, phase closed, updated after created",
			info, len(w.events), w.st.Settings.Title)
	}

	for _, after := range []int64{0, 5, int64(len(w.events)) - 1, int64(len(w.events))} {
		t.Run(fmt.Sprintf("events after %d", after), func(t *testing.T) {
			var got []session.Event
			if err := s.Events(ctx, "s1", after, func(e session.Event) error {
				got = append(got, e)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			want := w.events[after:]
			if len(got) == 0 {
				got = []session.Event{}
			}
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			if len(got) != len(want) || string(gj) != string(wj) {
				t.Fatalf("got %d events %s\nwant %d events %s", len(got), gj, len(want), wj)
			}
		})
	}

	stop := errors.New("stop")
	n := 0
	if err := s.Events(ctx, "s1", 0, func(session.Event) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("events stopped by fn: got %v after %d calls, want %v after 1", err, n, stop)
	}
}

func TestGroupCommitConcurrent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{Synchronous: "NORMAL"})
	const appenders, each = 24, 30
	for a := range appenders {
		mustCreate(t, s, fmt.Sprintf("s%d", a), fmt.Sprintf("CODE%d", a))
	}
	commits, batches := s.commits.Load(), s.batches.Load()
	var wg sync.WaitGroup
	errs := make(chan error, appenders)
	for a := range appenders {
		wg.Go(func() {
			id := fmt.Sprintf("s%d", a)
			for seq := int64(1); seq <= each; seq++ {
				if err := s.AppendSync(ctx, Batch{Session: id, Events: events(seq, 1), Actor: "p1", Op: fmt.Sprintf("op%d", seq)}); err != nil {
					errs <- fmt.Errorf("%s seq %d: %w", id, seq, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for a := range appenders {
		id := fmt.Sprintf("s%d", a)
		got := seqs(t, s, id)
		if len(got) != each {
			t.Fatalf("session %s holds %d events, want %d", id, len(got), each)
		}
		checkContiguous(t, id, got)
		ops, err := s.Ops(ctx, id)
		if err != nil || len(ops) != each || ops[OpKey{"p1", "op7"}] != 7 {
			t.Fatalf("ops of %s: %d, op7 at %d, %v; want %d, op7 at 7", id, len(ops), ops[OpKey{"p1", "op7"}], err, each)
		}
	}
	c, b := s.commits.Load()-commits, s.batches.Load()-batches
	if b != appenders*each {
		t.Fatalf("the writer saw %d batches, want %d", b, appenders*each)
	}
	t.Logf("%d batches in %d transactions", b, c)
}

func TestGroupCommitOneTransaction(t *testing.T) {
	s, _ := openTest(t, Options{})
	const sessions, each = 4, 25
	for i := range sessions {
		mustCreate(t, s, fmt.Sprintf("s%d", i), fmt.Sprintf("CODE%d", i))
	}
	release := blockWriter(t, s)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var done []string
	for i := range sessions {
		id := fmt.Sprintf("s%d", i)
		for seq := int64(1); seq <= each; seq++ {
			wg.Add(1)
			s.Append(Batch{Session: id, Events: events(seq, 1), Done: func(err error) {
				defer wg.Done()
				if err != nil {
					t.Errorf("%s seq %d: %v", id, seq, err)
				}
				mu.Lock()
				done = append(done, fmt.Sprintf("%s/%d", id, seq))
				mu.Unlock()
			}})
		}
	}
	waitQueued(t, s, sessions*each)
	commits := s.commits.Load()
	release()
	wg.Wait()
	if c := s.commits.Load() - commits; c != 1 {
		t.Fatalf("%d queued batches took %d transactions, want 1", sessions*each, c)
	}
	if len(done) != sessions*each {
		t.Fatalf("%d Done calls, want %d", len(done), sessions*each)
	}
	for i := range sessions {
		id := fmt.Sprintf("s%d", i)
		got := seqs(t, s, id)
		if len(got) != each {
			t.Fatalf("session %s holds %d events, want %d", id, len(got), each)
		}
		checkContiguous(t, id, got)
	}
}

func TestGroupCommitLimit(t *testing.T) {
	s, _ := openTest(t, Options{MaxGroup: 10})
	mustCreate(t, s, "s1", "ALPHA")
	release := blockWriter(t, s)
	var wg sync.WaitGroup
	for seq := int64(1); seq <= 35; seq++ {
		wg.Add(1)
		s.Append(Batch{Session: "s1", Events: events(seq, 1), Done: func(error) { wg.Done() }})
	}
	waitQueued(t, s, 35)
	commits := s.commits.Load()
	release()
	wg.Wait()
	if c := s.commits.Load() - commits; c != 4 {
		t.Fatalf("35 batches with a limit of 10 took %d transactions, want 4", c)
	}
	checkContiguous(t, "s1", seqs(t, s, "s1"))
}

func TestFailingBatch(t *testing.T) {
	ctx := context.Background()
	tests := map[string]struct {
		batch Batch
		code  string
	}{
		"duplicate seq":        {Batch{Session: "s1", Events: events(3, 1)}, session.ECONFLICT},
		"duplicate in a batch": {Batch{Session: "s1", Events: []session.Event{event(4), event(4)}}, session.ECONFLICT},
		"first seq reused":     {Batch{Session: "s1", Events: events(1, 5)}, session.ECONFLICT},
		"gap":                  {Batch{Session: "s1", Events: events(5, 1)}, session.ECONFLICT},
		"unknown session":      {Batch{Session: "nope", Events: events(1, 1)}, session.ENOTFOUND},
		"no session":           {Batch{Events: events(4, 1)}, session.EINVALID},
		"op without events":    {Batch{Session: "s1", Actor: "p1", Op: "x"}, session.EINVALID},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			mustCreate(t, s, "s1", "ALPHA")
			if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(1, 3), Actor: "p1", Op: "first"}); err != nil {
				t.Fatal(err)
			}
			calls := 0
			tc.batch.Done = func(error) { calls++ }
			err := s.AppendSync(ctx, tc.batch)
			if got := session.ErrorCode(err); got != tc.code {
				t.Fatalf("got %v (%s), want %s", err, got, tc.code)
			}
			if calls != 1 {
				t.Fatalf("Done called %d times, want 1", calls)
			}
			if got := seqs(t, s, "s1"); len(got) != 3 {
				t.Fatalf("after the failure session s1 holds seqs %v, want 1..3", got)
			}
			if info, _ := s.Session(ctx, "s1"); info.LastSeq != 3 {
				t.Fatalf("last seq after the failure: %d, want 3", info.LastSeq)
			}
			if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(4, 2), Actor: "p1", Op: "next"}); err != nil {
				t.Fatalf("the next batch after a failure: %v", err)
			}
			checkContiguous(t, "s1", seqs(t, s, "s1"))
		})
	}
}

func TestFailingBatchFailsItsTransaction(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	mustCreate(t, s, "s2", "BRAVO")
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(1, 3)}); err != nil {
		t.Fatal(err)
	}
	release := blockWriter(t, s)
	results := make(chan error, 3)
	report := func(err error) { results <- err }
	s.Append(Batch{Session: "s2", Events: events(1, 2), Actor: "p1", Op: "good", Done: report})
	s.Append(Batch{Session: "s1", Events: events(2, 1), Done: report}) // a second writer's seq
	s.Append(Batch{Session: "s1", Events: events(4, 1), Done: report})
	waitQueued(t, s, 3)
	release()
	for range 3 {
		if err := <-results; session.ErrorCode(err) != session.ECONFLICT {
			t.Fatalf("a batch in the failed transaction got %v, want ECONFLICT", err)
		}
	}
	if got := seqs(t, s, "s2"); len(got) != 0 {
		t.Fatalf("session s2 holds %v after its transaction failed, want nothing", got)
	}
	if ops, _ := s.Ops(ctx, "s2"); len(ops) != 0 {
		t.Fatalf("ops of s2 after its transaction failed: %v, want none", ops)
	}
	if got := seqs(t, s, "s1"); len(got) != 3 {
		t.Fatalf("session s1 holds %v, want the 3 events committed before", got)
	}
	if err := s.AppendSync(ctx, Batch{Session: "s2", Events: events(1, 2), Actor: "p1", Op: "good"}); err != nil {
		t.Fatalf("retrying the good batch alone: %v", err)
	}
	if ops, _ := s.Ops(ctx, "s2"); ops[OpKey{"p1", "good"}] != 2 {
		t.Fatalf("ops of s2 after the retry: %v, want good at 2", ops)
	}
}

func TestOpsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	mustCreate(t, s, "s2", "BRAVO")
	batches := []Batch{
		{Session: "s1", Events: events(1, 2), Actor: "p1", Op: "a"},
		{Session: "s1", Events: events(3, 1)},
		{Session: "s1", Events: events(4, 3), Actor: "p2", Op: "a"},
		{Session: "s2", Events: events(1, 1), Actor: "p1", Op: "a"},
		{Session: "s1", Events: events(7, 1), Actor: "facilitator", Op: "b"},
	}
	for _, b := range batches {
		if err := s.AppendSync(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path, Options{})
	tests := map[string]struct {
		session string
		want    map[OpKey]int64
	}{
		"s1":      {"s1", map[OpKey]int64{{"p1", "a"}: 2, {"p2", "a"}: 6, {"facilitator", "b"}: 7}},
		"s2":      {"s2", map[OpKey]int64{{"p1", "a"}: 1}},
		"unknown": {"nope", map[OpKey]int64{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := s.Ops(ctx, tc.session)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(8, 1)}); err != nil {
		t.Fatalf("appending after reopen: %v", err)
	}
	checkContiguous(t, "s1", seqs(t, s, "s1"))
}

func TestCloseFlushesQueuedBatches(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	const n = 300
	results := make(chan error, n)
	for seq := int64(1); seq <= n; seq++ {
		s.Append(Batch{Session: "s1", Events: events(seq, 1), Done: func(err error) { results <- err }})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if len(results) != n {
		t.Fatalf("%d Done calls before Close returned, want %d", len(results), n)
	}
	for range n {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}

	var late error
	s.Append(Batch{Session: "s1", Events: events(n+1, 1), Done: func(err error) { late = err }})
	if !errors.Is(late, ErrClosed) {
		t.Fatalf("append after close: got %v, want ErrClosed", late)
	}
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(n+1, 1)}); !errors.Is(err, ErrClosed) {
		t.Fatalf("append sync after close: got %v, want ErrClosed", err)
	}
	if err := s.CreateSession(ctx, SessionInfo{ID: "s2", Code: "BRAVO"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("create after close: got %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}

	s = reopen(t, path, Options{})
	got := seqs(t, s, "s1")
	if len(got) != n {
		t.Fatalf("after reopen: %d events, want %d", len(got), n)
	}
	checkContiguous(t, "s1", got)
}

func TestAppendSyncContext(t *testing.T) {
	s, _ := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	release := blockWriter(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(1, 1), Done: func(err error) { done <- err }})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("the batch queued before the deadline: %v", err)
	}
	if got := seqs(t, s, "s1"); len(got) != 1 {
		t.Fatalf("stored %v, want the one queued batch", got)
	}
}

// TestDuplicateSeqFromAnotherWriter stores a seq that is already stored
// while the session's last seq says otherwise, as a second writer would:
// the primary key must refuse it.
func TestDuplicateSeqFromAnotherWriter(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(1, 3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.Exec(`UPDATE sessions SET last_seq = 1 WHERE id = 's1'`); err != nil {
		t.Fatal(err)
	}
	err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(2, 3), Actor: "p1", Op: "x"})
	if session.ErrorCode(err) != session.ECONFLICT {
		t.Fatalf("got %v, want ECONFLICT", err)
	}
	if got := seqs(t, s, "s1"); len(got) != 3 {
		t.Fatalf("stored %v, want 1..3", got)
	}
	if ops, _ := s.Ops(ctx, "s1"); len(ops) != 0 {
		t.Fatalf("ops %v after the failed batch, want none", ops)
	}
}
