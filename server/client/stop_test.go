package client

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/session"
)

// TestEndedStopsReconnecting: a hub that stops with the session closed
// closes with 4410. The client stops for good, says the session ended,
// keeps its replica (the final road map) and its unsent commands (so an
// app can say what did not reach the host), and refuses new ones.
func TestEndedStopsReconnecting(t *testing.T) {
	h := newFakeHub(t)
	h.mustCommit(facilitator, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	c := dial(t, participantConfig(h, "Aysel"))
	waitFor(t, "the closed phase", func() bool { return c.State().Phase == session.PhaseClosed })
	c.Drain()
	seq := c.State().Seq

	h.kickWith(protocol.CloseSessionEnded, protocol.ReasonSessionEnded)
	waitFor(t, "ended", func() bool { return c.Status() == Ended })
	u := c.Drain()
	if !u.StatusChanged || u.Status != Ended || !errors.Is(u.Err, ErrSessionEnded) {
		t.Fatalf("Drain = %+v; want ended with ErrSessionEnded", u)
	}
	// The background goroutine has ended: nothing can reconnect.
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the client is still running after the session ended")
	}
	if n := len(h.helloList()); n != 1 {
		t.Fatalf("the hub saw %d hellos; want only the first", n)
	}
	if st := c.State(); st == nil || st.Seq != seq || st.Phase != session.PhaseClosed {
		t.Fatalf("the replica was not kept: %+v", st)
	}
	if on := c.Online(); len(on) != 0 || !u.Presence {
		t.Fatalf("Online() = %v after the end (presence changed: %v); want nobody", on, u.Presence)
	}
	op := c.Send(session.Command{Type: session.CmdFeedback, Rating: 5})
	u = c.Drain()
	if len(u.Nacks) != 1 || u.Nacks[0].Op != op || u.Nacks[0].Message == "" {
		t.Fatalf("Send after the end: %+v; want a local nack", u.Nacks)
	}
	c.Close()
	if c.Status() != Ended {
		t.Fatalf("Status() after Close = %v; want it to stay ended", c.Status())
	}
}

// TestEndedKeepsUnsentCommands: commands the hub never answered stay
// counted, so the app can tell the person they did not reach the host.
func TestEndedKeepsUnsentCommands(t *testing.T) {
	h := newFakeHub(t)
	c := dial(t, participantConfig(h, "Aysel"))
	c.Drain()
	h.set(func(h *fakeHub) { h.down = true })
	h.kick(4500) // lost: the client retries against a hub that is down
	waitFor(t, "offline", func() bool { return c.Status() == Offline })
	c.Send(idea("Typed while the host was away"))
	h.set(func(h *fakeHub) { h.down, h.refuseHello = false, protocol.CloseSessionEnded })
	waitFor(t, "ended", func() bool { return c.Status() == Ended })
	if c.Pending() != 1 {
		t.Fatalf("Pending() = %d after the end; want the unsent idea counted", c.Pending())
	}
	if u := c.Drain(); !errors.Is(u.Err, ErrSessionEnded) {
		t.Fatalf("Err = %v; want ErrSessionEnded", u.Err)
	}
}

// TestPausedKeepsRetryingAndSendsQueuedWork: a hub that stops with the
// session open closes with 4503. The client says the host is paused, stays
// paused while the host is away (not "offline"), keeps what is typed
// meanwhile, and sends it once the host is back.
func TestPausedKeepsRetryingAndSendsQueuedWork(t *testing.T) {
	h := newFakeHub(t)
	c := dial(t, participantConfig(h, "Aysel"))
	c.Drain()

	h.set(func(h *fakeHub) { h.down = true })
	h.kickWith(protocol.CloseHostPaused, protocol.ReasonHostPaused)
	waitFor(t, "paused", func() bool { return c.Status() == Paused })
	u := c.Drain()
	if !u.StatusChanged || u.Status != Paused || !errors.Is(u.Err, ErrHostPaused) {
		t.Fatalf("Drain = %+v; want paused with ErrHostPaused", u)
	}
	op := c.Send(idea("Typed while the host was stopped"))
	// The client keeps trying; each failed attempt leaves it paused.
	waitFor(t, "three attempts", func() bool {
		if s := c.Status(); s != Paused {
			t.Fatalf("status %v while the host is away; want paused", s)
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.turnedAway >= 3
	})
	if c.Pending() != 1 {
		t.Fatalf("Pending() = %d; want the idea kept", c.Pending())
	}
	h.set(func(h *fakeHub) { h.down = false })
	u = drainAll(t, c, func() bool { return c.Status() == Online && c.Pending() == 0 })
	if !slices.Contains(u.Acked, op) || ideasWith(c.State(), "Typed while the host was stopped") != 1 {
		t.Fatalf("after the host came back: acked %v; want %s acked and the idea once", u.Acked, op)
	}
}

// TestDialRefusedBecauseTheSessionEnded: a hello answered with 4410 or
// 4503 comes back from Dial with a message a person understands.
func TestDialRefusedBecauseTheSessionEnded(t *testing.T) {
	for code, want := range map[int]error{protocol.CloseSessionEnded: ErrSessionEnded, protocol.CloseHostPaused: ErrHostPaused} {
		h := newFakeHub(t)
		h.set(func(h *fakeHub) { h.refuseHello = code })
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := Dial(ctx, participantConfig(h, "Aysel"))
		cancel()
		if !errors.Is(err, want) {
			t.Errorf("close %d: Dial error %v; want %v", code, err, want)
		}
	}
}
