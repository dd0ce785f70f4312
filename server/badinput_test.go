package server

import (
	"strings"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

func TestBadInputGetsClearErrorsAndOthersAreServed(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	fac.send(cmd("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "f1")
	bystander, _ := joinRaw(t, h, "Bystander", "Agency A")

	tests := map[string]struct {
		send      func(c *rawClient)
		wantKind  string // "error" or "nack"
		wantCode  string
		wantClose int // 0: the connection stays open
	}{
		"malformed JSON": {
			send:     func(c *rawClient) { c.sendRaw([]byte(`{"t":"cmd",`)) },
			wantKind: protocol.KindError, wantCode: session.EINVALID,
		},
		"not an object": {
			send:     func(c *rawClient) { c.sendRaw([]byte(`[1,2,3]`)) },
			wantKind: protocol.KindError, wantCode: session.EINVALID,
		},
		"invalid UTF-8": {
			send: func(c *rawClient) {
				c.sendRaw([]byte("{\"t\":\"cmd\",\"op\":\"x\",\"cmd\":{\"type\":\"post_idea\",\"text\":\"\xff\xfe\"}}"))
			},
			wantKind: protocol.KindError, wantCode: session.EINVALID,
		},
		"unknown frame kind": {
			send:     func(c *rawClient) { c.sendRaw([]byte(`{"t":"shout"}`)) },
			wantKind: protocol.KindError, wantCode: session.EINVALID,
		},
		"unknown command": {
			send:     func(c *rawClient) { c.send(cmd("u1", session.Command{Type: "launch_rockets"})) },
			wantKind: protocol.KindNack, wantCode: session.EINVALID,
		},
		"missing op": {
			send:     func(c *rawClient) { c.send(cmd("", session.Command{Type: session.CmdMarkDone})) },
			wantKind: protocol.KindNack, wantCode: session.EINVALID,
		},
		"participant sends a facilitator command": {
			send: func(c *rawClient) {
				c.send(cmd("p1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed}))
			},
			wantKind: protocol.KindNack, wantCode: session.EFORBIDDEN,
		},
		"participant joins a second time on one connection": {
			send: func(c *rawClient) {
				c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Again", Institution: "X"})
			},
			wantKind: protocol.KindError, wantCode: session.EINVALID,
		},
		"oversize frame": {
			send: func(c *rawClient) {
				c.send(cmd("big", session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: strings.Repeat("a", 20000)}))
			},
			wantKind: protocol.KindError, wantCode: session.EINVALID, wantClose: protocol.CloseBadFrame,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, _ := joinRaw(t, h, "Tester", "Ministry of Tests")
			tc.send(c)
			var f anyFrame
			for {
				f = c.read()
				if f.T == protocol.KindError || f.T == protocol.KindNack {
					break
				}
			}
			if f.T != tc.wantKind || f.Code != tc.wantCode || f.Message == "" {
				t.Fatalf("got %s %s %q, want %s %s with a message", f.T, f.Code, f.Message, tc.wantKind, tc.wantCode)
			}
			if tc.wantClose != 0 {
				if code := c.closeCode(); code != tc.wantClose {
					t.Fatalf("close code %d, want %d", code, tc.wantClose)
				}
			} else {
				// The same connection still works.
				c.send(cmd("ok-"+strings.ReplaceAll(name, " ", "-"), session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "still here: " + name}))
				if a := c.until(protocol.KindAck, "ok-"+strings.ReplaceAll(name, " ", "-")); a.Seq == 0 {
					t.Fatal("ack without seq")
				}
			}
			// Everyone else is still served.
			op := "b-" + strings.ReplaceAll(name, " ", "-")
			bystander.send(cmd(op, session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "bystander after " + name}))
			bystander.until(protocol.KindAck, op)
		})
	}
}

func TestWrongJoinCodeIsRefusedAndRateLimited(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	for i := 0; i < 10; i++ {
		c := dialRaw(t, h.URL())
		c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "WRONG1", Name: "Guess", Institution: "X"})
		f := c.read()
		if f.T != protocol.KindError || f.Code != session.EFORBIDDEN {
			t.Fatalf("attempt %d: got %s %s, want error EFORBIDDEN", i, f.T, f.Code)
		}
		if code := c.closeCode(); code != protocol.CloseUnauthorized {
			t.Fatalf("close %d, want %d", code, protocol.CloseUnauthorized)
		}
	}
	// The 11th attempt within the minute is refused even with the right code.
	c := dialRaw(t, h.URL())
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Late", Institution: "X"})
	if f := c.read(); f.T != protocol.KindError || f.Code != session.ELIMIT {
		t.Fatalf("got %s %s, want error ELIMIT", f.T, f.Code)
	}
	if code := c.closeCode(); code != protocol.CloseRateLimited {
		t.Fatalf("close %d, want %d", code, protocol.CloseRateLimited)
	}
	// A wrong facilitator token is refused too.
}

func TestWrongFacilitatorTokenAndResumeToken(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	for name, hello := range map[string]protocol.Hello{
		"token":  {T: protocol.KindHello, V: protocol.Version, Token: "not-the-token"},
		"resume": {T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: "stolen-or-made-up"},
	} {
		t.Run(name, func(t *testing.T) {
			c := dialRaw(t, h.URL())
			c.send(hello)
			if f := c.read(); f.T != protocol.KindError || f.Code != session.EFORBIDDEN {
				t.Fatalf("got %s %s, want error EFORBIDDEN", f.T, f.Code)
			}
			if code := c.closeCode(); code != protocol.CloseUnauthorized {
				t.Fatalf("close %d, want %d", code, protocol.CloseUnauthorized)
			}
		})
	}
}

func TestCommandBeforeHelloIsRefused(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	c := dialRaw(t, h.URL())
	c.send(cmd("x", session.Command{Type: session.CmdMarkDone}))
	if f := c.read(); f.T != protocol.KindError || f.Code != session.EINVALID {
		t.Fatalf("got %s %s", f.T, f.Code)
	}
	if code := c.closeCode(); code != protocol.CloseBadFrame {
		t.Fatalf("close %d", code)
	}
}

func TestANSIEscapesAreStrippedBeforeStorage(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	fac.send(cmd("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "f1")
	p, _ := joinRaw(t, h, "Mallory \x1b[31mRed", "\x1b]0;pwned\x07Agency")
	p.send(cmd("i1", session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "\x1b[2J\x1b[HRəqəmsal inkişaf 🚀\x1b[0m"}))
	ev := p.until(protocol.KindEvent, "")
	for ev.Event.Type != session.EvIdeaPosted {
		ev = p.until(protocol.KindEvent, "")
	}
	if ev.Event.Text != "Rəqəmsal inkişaf 🚀" {
		t.Fatalf("idea text %q", ev.Event.Text)
	}
	var name, inst string
	h.Room.Query(func(st *session.State) {
		for _, pp := range st.Participants {
			name, inst = pp.Name, pp.Institution
		}
	})
	if name != "Mallory Red" || inst != "Agency" {
		t.Fatalf("stored participant %q / %q", name, inst)
	}
}
