package server

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// TestStopTellsClientsWhetherTheSessionEnded stops a host in every phase
// and checks the close every kind of client gets: 4410 (session ended)
// once the session is closed, so clients stop reconnecting and say so;
// 4503 (host paused) before, so they keep their work and retry.
func TestStopTellsClientsWhetherTheSessionEnded(t *testing.T) {
	for _, phase := range session.Phases() {
		want, why := protocol.CloseHostPaused, "host paused"
		if phase == session.PhaseClosed {
			want, why = protocol.CloseSessionEnded, "session ended"
		}
		t.Run(string(phase), func(t *testing.T) {
			h := startTestHost(t, HostConfig{})
			if phase != session.PhaseLobby {
				if err := h.Room.Do(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator},
					session.Command{Type: session.CmdSetPhase, Phase: phase}); err != nil {
					t.Fatalf("set_phase %s: %v", phase, err)
				}
			}
			part, _ := joinRaw(t, h, "Aysel", "IRIA")
			fac := facilitatorRaw(t, h)
			obs := dialRaw(t, h.URL())
			obs.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Role: string(session.RoleObserver)})
			obs.until(protocol.KindWelcome, "")

			done := make(chan error, 1)
			go func() { done <- h.Close() }()
			for name, c := range map[string]*rawClient{"participant": part, "facilitator": fac, "observer": obs} {
				code, text := c.closeFrame()
				if code != want || text != why {
					t.Errorf("%s: closed with %d %q, want %d %q", name, code, text, want, why)
				}
			}
			if err := <-done; err != nil {
				t.Fatalf("Close: %v", err)
			}
		})
	}
}

// TestStopDecidesTheCodeAfterTheLastCommit stops a room while the command
// that closes the session is still being committed: Stop waits for the
// commit, so the clients learn that the session ended.
func TestStopDecidesTheCodeAfterTheLastCommit(t *testing.T) {
	log := &heldLog{}
	r := newTestRoom(t, log)
	fac, part := &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(part, protocol.Hello{V: protocol.Version, Code: "ROOM1", Name: "Aysel", Institution: "IRIA"})
	settle(r)
	log.finishAll(nil) // the join
	r.Command(fac, "close", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	settle(r)
	stopped := make(chan struct{})
	go func() { r.Stop(); close(stopped) }()
	// The room is stopping with the commit in flight; it must not close
	// anyone before the commit is done. A client that says hello now is
	// told the session has ended too, not a bare "going away".
	for !stopping(r) {
		time.Sleep(time.Millisecond)
	}
	late := &fakeTransport{}
	r.Hello(late, protocol.Hello{V: protocol.Version, Code: "ROOM1", Name: "Late", Institution: "IRIA"})
	settle(r)
	if late.kickCode() != protocol.CloseSessionEnded {
		t.Errorf("a hello while stopping closed with %d, want %d", late.kickCode(), protocol.CloseSessionEnded)
	}
	deadline := time.After(5 * time.Second)
	for n := 0; n == 0; {
		select {
		case <-deadline:
			t.Fatal("the set_phase commit never reached the log")
		case <-time.After(time.Millisecond):
			settle(r)
			if part.kickCode() != 0 {
				t.Fatalf("closed with %d before the last commit finished", part.kickCode())
			}
			n = log.finishAll(nil)
		}
	}
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not return after the last commit")
	}
	for name, c := range map[string]*fakeTransport{"facilitator": fac, "participant": part} {
		if c.kickCode() != protocol.CloseSessionEnded {
			t.Errorf("%s closed with %d, want %d", name, c.kickCode(), protocol.CloseSessionEnded)
		}
	}
	if k := fac.kinds(); len(k) == 0 || k[len(k)-1] != protocol.KindAck {
		t.Errorf("the facilitator's last frames %v do not end with the ack of set_phase", k)
	}
}

// closeFrame reads until the connection closes and returns the close code
// and reason.
func (c *rawClient) closeFrame() (int, string) {
	c.t.Helper()
	for {
		_, err := c.tryRead(30 * time.Second)
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code, ce.Text
		}
		c.t.Fatalf("expected a close frame, got %v", err)
	}
}

// stopping reports whether the room has taken its Stop.
func stopping(r *Room) bool {
	var s bool
	done := make(chan struct{})
	if !r.post(msgQuery{fn: func(r *Room) { s = r.stopping; close(done) }}) {
		return true
	}
	<-done
	return s
}
