package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"roundtable/session"
)

// testClock is a swappable clock that moves one second per reading.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// openTest opens a store on a new file in a temporary directory and closes
// it when the test ends.
func openTest(t testing.TB, o Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roundtable.db")
	return reopen(t, path, o), path
}

// reopen opens the store at path and closes it when the test ends.
func reopen(t testing.TB, path string, o Options) *Store {
	t.Helper()
	s, err := OpenWith(path, o)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// mustCreate creates a session with the given id and join code.
func mustCreate(t testing.TB, s *Store, id, code string) {
	t.Helper()
	if err := s.CreateSession(context.Background(), SessionInfo{ID: id, Code: code, Title: "Session " + id}); err != nil {
		t.Fatalf("create %s: %v", id, err)
	}
}

// blockWriter parks the writer goroutine in a job until the returned
// function is called, so that batches pile up in the queue.
func blockWriter(t testing.TB, s *Store) (release func()) {
	t.Helper()
	started, gate, finished := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		finished <- s.do(context.Background(), func(*sql.Tx) error {
			close(started)
			<-gate
			return nil
		})
	}()
	<-started
	return func() {
		close(gate)
		if err := <-finished; err != nil {
			t.Errorf("blocking job: %v", err)
		}
	}
}

// waitQueued waits until n requests wait in the writer's queue.
func waitQueued(t testing.TB, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(s.queue) < n {
		if time.Now().After(deadline) {
			t.Fatalf("queue holds %d requests, want %d", len(s.queue), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// event makes a simple event with the given seq.
func event(seq int64) session.Event {
	return session.Event{
		Seq:   seq,
		Type:  session.EvIdeaPosted,
		At:    time.Date(2027, 3, 1, 10, 0, 0, int(seq), time.UTC),
		Actor: "p1",
		ID:    fmt.Sprintf("i%d", seq),
		Topic: "t1",
		Text:  "Shared identity and signature services for every institution",
	}
}

// events makes count simple events from seq first on.
func events(first int64, count int) []session.Event {
	out := make([]session.Event, count)
	for i := range out {
		out[i] = event(first + int64(i))
	}
	return out
}

// seqs returns the seqs of the stored events of session id, in order.
func seqs(t testing.TB, s *Store, id string) []int64 {
	t.Helper()
	var out []int64
	if err := s.Events(context.Background(), id, 0, func(e session.Event) error {
		out = append(out, e.Seq)
		return nil
	}); err != nil {
		t.Fatalf("events of %s: %v", id, err)
	}
	return out
}

// checkContiguous fails the test unless got is 1..len(got).
func checkContiguous(t testing.TB, id string, got []int64) {
	t.Helper()
	for i, seq := range got {
		if seq != int64(i+1) {
			t.Fatalf("session %s: event %d has seq %d, want %d (seqs %v)", id, i, seq, i+1, got)
		}
	}
}

// workshop plays a small reference workshop through session.Decide and
// keeps each command's events as one batch.
type workshop struct {
	t       testing.TB
	st      *session.State
	now     time.Time
	events  []session.Event
	batches []Batch
}

func newWorkshop(t testing.TB, id string) *workshop {
	return &workshop{t: t, st: session.NewState(id), now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
}

// do decides c for actor a, applies the events and records them as a batch.
func (w *workshop) do(a session.Actor, c session.Command) []session.Event {
	w.t.Helper()
	w.now = w.now.Add(time.Second)
	evs, err := session.Decide(w.st, a, c, w.now)
	if err != nil {
		w.t.Fatalf("%s: %v", c.Type, err)
	}
	for i := range evs {
		evs[i].Seq = int64(len(w.events) + 1)
		w.st.Apply(evs[i])
		w.events = append(w.events, evs[i])
	}
	w.batches = append(w.batches, Batch{
		Session: w.st.ID,
		Events:  append([]session.Event(nil), evs...),
		Actor:   a.ID,
		Op:      fmt.Sprintf("op%d", len(w.batches)+1),
	})
	return evs
}

// join adds a participant and returns them as an actor.
func (w *workshop) join(name, institution string) session.Actor {
	evs := w.do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: name, Institution: institution})
	return session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
}

// play runs the whole reference workshop, from creation to feedback.
func (w *workshop) play() {
	facilitator := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	title := "Digital transformation road map"
	w.do(facilitator, session.Command{Type: session.CmdCreateSession, Title: &title})
	a := w.join("Aigerim", "Ministry of Digital Development")
	b := w.join("Bolat", "State Revenue Committee")
	c := w.join("Dana", "Ministry of Health")
	retitled := "Digital transformation road map, day 1"
	w.do(facilitator, session.Command{Type: session.CmdUpdateSettings, Title: &retitled})
	w.phase(session.PhaseIdeas)
	topics := w.st.Topics
	i1 := w.do(a, session.Command{Type: session.CmdPostIdea, Topic: topics[0].ID, Text: "One digital ID for all services"})[0].ID
	i2 := w.do(b, session.Command{Type: session.CmdPostIdea, Topic: topics[0].ID, Text: "Single sign-on across institutions"})[0].ID
	i3 := w.do(c, session.Command{Type: session.CmdPostIdea, Topic: topics[2].ID, Text: "Shared data exchange bus"})[0].ID
	i4 := w.do(c, session.Command{Type: session.CmdPostIdea, Topic: topics[1].ID, Text: "Quarterly CIO council"})[0].ID
	w.do(c, session.Command{Type: session.CmdEditIdea, Item: i4, Text: "Monthly CIO council"})
	w.phase(session.PhaseGroup)
	g := w.do(facilitator, session.Command{Type: session.CmdGroupIdeas, Ideas: []string{i1, i2}, Name: "Digital identity"})[0].ID
	w.phase(session.PhaseVote)
	w.do(a, session.Command{Type: session.CmdVote, Item: g, Delta: 1})
	w.do(b, session.Command{Type: session.CmdVote, Item: g, Delta: 1})
	w.do(b, session.Command{Type: session.CmdVote, Item: i3, Delta: 1})
	w.do(c, session.Command{Type: session.CmdVote, Item: i4, Delta: 1})
	w.do(facilitator, session.Command{Type: session.CmdRevealVotes})
	w.phase(session.PhaseDiscuss)
	w.do(facilitator, session.Command{Type: session.CmdFocus, Item: g})
	w.do(a, session.Command{Type: session.CmdComment, Item: g, Text: "Needs a legal basis first"})
	w.do(facilitator, session.Command{Type: session.CmdNote, Item: g, Notes: "Legal basis", Decision: "Pilot in 2027"})
	w.phase(session.PhaseRoadmap)
	w.do(facilitator, session.Command{Type: session.CmdPlace, Item: g, Horizon: "Now", Lead: "Ministry of Digital Development", Supporters: []string{"State Revenue Committee"}})
	w.phase(session.PhaseClosed)
	w.do(b, session.Command{Type: session.CmdFeedback, Rating: 5, Text: "Useful"})
}

func (w *workshop) phase(p session.Phase) {
	w.do(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, session.Command{Type: session.CmdSetPhase, Phase: p})
}

// stateJSON encodes a state for comparison.
func stateJSON(t testing.TB, st *session.State) string {
	t.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
