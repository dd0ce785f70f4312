package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// refusedWith reads c until the hub refuses it and closes: the error
// frame's key, and the close code.
func refusedWith(t *testing.T, c *rawClient) (string, int) {
	t.Helper()
	f := c.until(protocol.KindError, "")
	var e protocol.Error
	if err := json.Unmarshal(f.Raw, &e); err != nil {
		t.Fatal(err)
	}
	return e.Key, c.closeCode()
}

// resumeRaw says hello with a resume token.
func resumeRaw(t *testing.T, h *Host, token string) *rawClient {
	t.Helper()
	c := dialRaw(t, h.URL())
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: token})
	return c
}

// TestRemovedParticipantIsClosedAndMayNotResume: removing a participant
// closes each of their connections with 4403 and errors.hub.removed; their
// resume token is then refused the same way, as often as they try, without
// locking anyone else at their address out or slowing the room; re-admitting
// them lets the same token in again.
func TestRemovedParticipantIsClosedAndMayNotResume(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	a, w := joinRaw(t, h, "Aynur Quliyeva", "ASAN xidmət")
	second := resumeRaw(t, h, w.Resume)
	if w2 := second.until(protocol.KindWelcome, ""); w2.You != w.You {
		t.Fatalf("the second connection is %q, want %q", w2.You, w.You)
	}

	fac.send(cmd("rm", session.Command{Type: session.CmdRemoveParticipant, Participant: w.You, Attribution: session.AttributionRemoved}))
	if ack := fac.until(protocol.KindAck, "rm"); ack.Seq == 0 {
		t.Fatal("removal not acknowledged")
	}
	for name, c := range map[string]*rawClient{"first": a, "second": second} {
		if key, code := refusedWith(t, c); key != "errors.hub.removed" || code != protocol.CloseRemoved {
			t.Errorf("%s connection: %q, close %d; want errors.hub.removed, %d", name, key, code, protocol.CloseRemoved)
		}
	}

	// A client that keeps coming back is refused each time; nobody else
	// at the address (loopback, as a venue's NAT) is locked out by it.
	for k := range 25 {
		c := resumeRaw(t, h, w.Resume)
		if key, code := refusedWith(t, c); key != "errors.hub.removed" || code != protocol.CloseRemoved {
			t.Fatalf("attempt %d: %q, close %d", k, key, code)
		}
	}
	if _, w3 := joinRaw(t, h, "Leyla Həsənli", "ASAN xidmət"); w3.You == "" || w3.You == w.You {
		t.Fatalf("a newcomer after the loop joined as %q", w3.You)
	}
	// joining afresh with the code is joining as someone new
	if _, w4 := joinRaw(t, h, "Aynur Quliyeva", "ASAN xidmət"); w4.You == w.You || w4.Resume == "" {
		t.Fatalf("joining afresh gave %q (the removed one is %q)", w4.You, w.You)
	}
	fac.send(cmd("ping", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "ping")

	fac.send(cmd("back", session.Command{Type: session.CmdReadmitParticipant, Participant: w.You}))
	fac.until(protocol.KindAck, "back")
	back := resumeRaw(t, h, w.Resume)
	if w5 := back.until(protocol.KindWelcome, ""); w5.You != w.You {
		t.Fatalf("re-admitted, the token welcomes %q, want %q", w5.You, w.You)
	}
	back.send(cmd("post", session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Yenidən buradayam"}))
	for {
		f := back.read()
		if f.Op != "post" {
			continue
		}
		if f.T != protocol.KindAck {
			t.Fatalf("a re-admitted participant's post: %s", f.Raw)
		}
		break
	}
}

// TestParticipantsCannotModerate: each moderation command a participant
// sends is refused with EFORBIDDEN and changes nothing.
func TestParticipantsCannotModerate(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{})
	a, wa := joinRaw(t, h, "Aysel", "IRIA")
	_, wb := joinRaw(t, h, "Rəşad", "ASAN")
	for k, typ := range []string{session.CmdRenameParticipant, session.CmdRemoveParticipant, session.CmdReadmitParticipant, session.CmdMakeReadOnly, session.CmdLiftReadOnly} {
		for _, target := range []string{wb.You, wa.You} {
			op := fmt.Sprintf("m%d%s", k, target)
			a.send(cmd(op, session.Command{Type: typ, Participant: target, Name: "Hijacked"}))
			f := a.until(protocol.KindNack, op)
			if f.Code != session.EFORBIDDEN {
				t.Errorf("%s on %s: %s, want EFORBIDDEN", typ, target, f.Code)
			}
		}
	}
	h.Room.Query(func(st *session.State) {
		for _, p := range st.Participants {
			if p.Removed || p.ReadOnly || p.Name == "Hijacked" {
				t.Errorf("a participant's command changed %+v", p)
			}
		}
		if len(st.Audit) != 0 {
			t.Errorf("the audit trail has %d acts", len(st.Audit))
		}
	})
}

// TestClientStopsWhenRemoved: the client library stops for good when its
// participant is removed, with the hub's refusal as its error, and a dial
// with the removed participant's token is refused the same way.
func TestClientStopsWhenRemoved(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	c := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "Aynur", Institution: "IRIA"})
	me, _ := c.Me()
	fac.must(t, session.Command{Type: session.CmdMakeReadOnly, Participant: me})
	waitFor(t, "the participant to learn it is read-only", func() bool {
		c.Drain()
		p := c.State().Participants[me]
		return p != nil && p.ReadOnly
	})
	fac.must(t, session.Command{Type: session.CmdRemoveParticipant, Participant: me})
	waitFor(t, "the client to stop", func() bool { return c.Status() == client.Closed })
	var e *session.Error
	if u := c.Drain(); !errors.As(u.Err, &e) || e.Key != "errors.hub.removed" {
		t.Fatalf("the client's error is %v, want errors.hub.removed", u.Err)
	}
	_, err := client.Dial(t.Context(), client.Config{URL: h.URL(), Code: h.Code, Resume: c.ResumeToken()})
	if !errors.As(err, &e) || e.Key != "errors.hub.removed" {
		t.Fatalf("dialling with the removed token: %v", err)
	}
}
