package server

import (
	"errors"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/session"
)

// TestFirstStorageFailureIsReported: when a commit fails (the disk is full)
// and the batch queued behind it then fails for the gap it left, the room
// reports the first failure, the reason, not the gap.
func TestFirstStorageFailureIsReported(t *testing.T) {
	log := &heldLog{}
	r := newTestRoom(t, log)
	fac := &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Command(fac, "op1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	r.Command(fac, "op2", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	settle(r)

	// Both failures reach the room in one turn: hold the room in a query
	// while the log reports them.
	held, release := make(chan struct{}), make(chan struct{})
	go r.Query(func(*session.State) {
		close(held)
		<-release
	})
	<-held
	full := errors.New("database or disk is full (13)")
	log.mu.Lock()
	bs := log.batches
	log.batches = nil
	log.mu.Unlock()
	if len(bs) != 2 {
		t.Fatalf("the room appended %d batches; want 2", len(bs))
	}
	bs[0].Done(full)
	bs[1].Done(errors.New("Event 3 of session room1 would leave a gap after event 1."))
	close(release)

	select {
	case <-r.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the room kept running after its log failed")
	}
	if err := r.Err(); !errors.Is(err, full) {
		t.Fatalf("Err() = %v; want the first failure, %v", err, full)
	}
}
