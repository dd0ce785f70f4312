package server

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
	"roundtable/session/store"
)

// fakeTransport records what the room sends.
type fakeTransport struct {
	mu      sync.Mutex
	sends   int      // calls of Send: writes, for a websocket
	frames  [][]byte // whole messages
	partial []byte   // a message whose last fragment has not come
	kicked  int
	full    bool // Send reports a full queue
}

func (f *fakeTransport) Send(msgs ...wsconn.Message) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.full {
		return false
	}
	f.sends++
	for _, m := range msgs {
		// Reassemble messages from their pieces.
		f.partial = append(f.partial, m.Payload()...)
		if m.Final() {
			f.frames = append(f.frames, f.partial)
			f.partial = nil
		}
	}
	return true
}

func (f *fakeTransport) Kick(code int, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.kicked == 0 {
		f.kicked = code
	}
}

func (f *fakeTransport) Addr() string { return "192.0.2.1:5555" }

func (f *fakeTransport) kinds() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, b := range f.frames {
		k, _ := protocol.Kind(b)
		out = append(out, k)
	}
	return out
}

func (f *fakeTransport) kickCode() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.kicked
}

// heldLog keeps batches until the test commits or fails them.
type heldLog struct {
	Log     // only Append is used
	mu      sync.Mutex
	batches []store.Batch
}

func (l *heldLog) Append(b store.Batch) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.batches = append(l.batches, b)
}

func (l *heldLog) finishAll(err error) int {
	l.mu.Lock()
	bs := l.batches
	l.batches = nil
	l.mu.Unlock()
	for _, b := range bs {
		b.Done(err)
	}
	return len(bs)
}

func newTestRoom(t *testing.T, log *heldLog) *Room {
	t.Helper()
	return newTestRoomWith(t, log, RoomConfig{})
}

// newTestRoomWith is newTestRoom with cfg's other fields (timings).
func newTestRoomWith(t *testing.T, log *heldLog, cfg RoomConfig) *Room {
	t.Helper()
	return newTestRoomOf(t, log, cfg, session.Command{Type: session.CmdCreateSession})
}

// newTestRoomOf is newTestRoomWith for a session created by create.
func newTestRoomOf(t *testing.T, log *heldLog, cfg RoomConfig, create session.Command) *Room {
	t.Helper()
	st := session.NewState("room1")
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	evs, err := session.Decide(st, session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, create, now)
	if err != nil {
		t.Fatal(err)
	}
	evs[0].Seq = 1
	st.Apply(evs[0])
	cfg.Session, cfg.Code, cfg.FacilitatorHash, cfg.Log = st, "ROOM1", HashToken("fac"), log
	cfg.Now = func() time.Time { return now }
	r := NewRoom(cfg)
	go r.Run()
	t.Cleanup(func() {
		go func() { // let Stop's remaining commits finish
			for {
				select {
				case <-r.Done():
					return
				case <-time.After(time.Millisecond):
					log.finishAll(nil)
				}
			}
		}()
		r.Stop()
	})
	return r
}

// settle waits until the room has handled everything posted so far.
func settle(r *Room) { r.Query(func(*session.State) {}) }

func TestAckAndBroadcastWaitForCommit(t *testing.T) {
	log := &heldLog{}
	r := newTestRoom(t, log)
	fac, other := &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(other, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	settle(r)
	r.Command(fac, "op1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	settle(r)
	if got := fac.kinds(); len(got) != 1 || got[0] != protocol.KindWelcome {
		t.Fatalf("before the commit the facilitator got %v; want only its welcome", got)
	}
	if len(other.kinds()) != 1 {
		t.Fatalf("before the commit the observer got %v", other.kinds())
	}
	if n := log.finishAll(nil); n != 1 {
		t.Fatalf("%d batches appended, want 1", n)
	}
	settle(r)
	settle(r)
	if got := fac.kinds(); len(got) != 3 || got[1] != protocol.KindEvent || got[2] != protocol.KindAck {
		t.Fatalf("after the commit the facilitator got %v; want welcome, event, ack", got)
	}
	if got := other.kinds(); len(got) != 2 || got[1] != protocol.KindEvent {
		t.Fatalf("after the commit the observer got %v", got)
	}
	// A retry of the same op is acknowledged as a duplicate and appends nothing.
	r.Command(fac, "op1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	settle(r)
	if n := log.finishAll(nil); n != 0 {
		t.Fatalf("a retried op appended %d batches", n)
	}
	settle(r)
	fac.mu.Lock()
	last := fac.frames[len(fac.frames)-1]
	fac.mu.Unlock()
	var ack protocol.Ack
	json.Unmarshal(last, &ack)
	if ack.T != protocol.KindAck || !ack.Dup || ack.Seq != 2 {
		t.Fatalf("retry answered %s", last)
	}
}

func TestFullQueueDisconnectsOnlyThatClient(t *testing.T) {
	log := &heldLog{}
	r := newTestRoom(t, log)
	fac, slow, fine := &fakeTransport{}, &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(slow, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	r.Hello(fine, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	settle(r)
	slow.mu.Lock()
	slow.full = true
	slow.mu.Unlock()
	r.Command(fac, "op1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	settle(r)
	log.finishAll(nil)
	settle(r)
	settle(r)
	if slow.kickCode() != protocol.CloseTooSlow {
		t.Fatalf("slow client kicked with %d, want %d", slow.kickCode(), protocol.CloseTooSlow)
	}
	if fine.kickCode() != 0 || len(fine.kinds()) != 2 {
		t.Fatalf("the other client was affected: kicked %d, frames %v", fine.kickCode(), fine.kinds())
	}
}

func TestStorageFailureStopsTheRoomAndTellsClients(t *testing.T) {
	log := &heldLog{}
	r := newTestRoom(t, log)
	fac := &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Command(fac, "op1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	settle(r)
	log.finishAll(errors.New("disk full"))
	select {
	case <-r.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the room kept running after its log failed")
	}
	if r.Err() == nil {
		t.Fatal("Err is nil after a storage failure")
	}
	if fac.kickCode() != 1011 {
		t.Fatalf("client closed with %d, want 1011", fac.kickCode())
	}
	for _, k := range fac.kinds() {
		if k == protocol.KindAck || k == protocol.KindEvent {
			t.Fatalf("a command whose commit failed was %sed", k)
		}
	}
}
