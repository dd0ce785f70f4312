package server

import (
	"encoding/json"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/session"
)

// namedSession creates a session that is not anonymous.
func namedSession() session.Command {
	named := false
	return session.Command{Type: session.CmdCreateSession, Anonymous: &named}
}

// TestAnonymousSessionWithholdsPresence (issue 15): in an anonymous
// session participants and observers are told nobody's presence (no
// presence frames, an empty online list in their welcome), since an idea
// that follows someone's coming back would name its author; the
// facilitator is told everything.
func TestAnonymousSessionWithholdsPresence(t *testing.T) {
	log := &heldLog{}
	r := newTestRoomWith(t, log, RoomConfig{RosterDelay: time.Hour})
	fac, obs := &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(obs, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	a, b := &fakeTransport{}, &fakeTransport{}
	joinAll(r, log, []*fakeTransport{a, b}, 0)
	settle(r)
	r.Leave(a)
	settle(r)
	log.finishAll(nil)
	settle(r)
	presence := func(tr *fakeTransport) int {
		n := 0
		for _, f := range tr.since(t, 0) {
			if f.T == protocol.KindPresence {
				n++
			}
		}
		return n
	}
	if n := presence(obs); n != 0 {
		t.Errorf("the observer got %d presence frames", n)
	}
	if n := presence(b); n != 0 {
		t.Errorf("a participant got %d presence frames", n)
	}
	if n := presence(fac); n == 0 {
		t.Error("the facilitator got no presence frame when a participant left")
	}
	late, lateFac := &fakeTransport{}, &fakeTransport{}
	r.Hello(late, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	r.Hello(lateFac, protocol.Hello{V: protocol.Version, Token: "fac"})
	settle(r)
	for name, tc := range map[string]struct {
		tr   *fakeTransport
		want int
	}{"an observer": {late, 0}, "the facilitator": {lateFac, 1}} {
		var w protocol.Welcome
		if fs := tc.tr.since(t, 0); len(fs) == 0 || json.Unmarshal(fs[0].Raw, &w) != nil || w.T != protocol.KindWelcome {
			t.Fatalf("%s got %v; want a welcome first", name, kindsOf(fs))
		}
		if len(w.Online) != tc.want {
			t.Errorf("%s's welcome lists %d online; want %d", name, len(w.Online), tc.want)
		}
	}
}
