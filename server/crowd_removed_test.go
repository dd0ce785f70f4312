package server

import (
	"fmt"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// TestCrowdCountsLeaveOutTheRemoved (issue 15): a crowd's counts are of
// the participants present: a removed participant, and an institution
// left with nobody, no longer count, and count again once re-admitted.
func TestCrowdCountsLeaveOutTheRemoved(t *testing.T) {
	r, log, _, obs := crowdRoom(t)
	insts := []string{"IRIA", "ASAN", "IRIA", "DOST", "ASAN"}
	ps := make([]*fakeTransport, len(insts))
	for i, inst := range insts {
		ps[i] = &fakeTransport{}
		joinOne(r, log, ps[i], fmt.Sprintf("P%d", i), inst)
	}
	var dost string
	r.Query(func(s *session.State) {
		for id, p := range s.Participants {
			if p.Institution == "DOST" {
				dost = id
			}
		}
	})
	counts := func(when string, want protocol.Counts) {
		t.Helper()
		var got protocol.Counts
		r.Query(func(*session.State) { got = r.counts() }) // on the room's goroutine
		if got != want {
			t.Errorf("%s: the room counts %+v; want %+v", when, got, want)
		}
		// the observer gets them as roster news
		waitFor(t, when+": the observer's roster frame", func() bool {
			o := &follower{name: "observer"}
			o.read(t, obs.since(t, 0))
			return o.crowd != nil && *o.crowd == want
		})
	}
	counts("all joined", protocol.Counts{Participants: 5, Online: 5, Institutions: 3})
	if err := doCommit(r, log, session.Command{Type: session.CmdRemoveParticipant, Participant: dost}); err != nil {
		t.Fatal(err)
	}
	if code := ps[3].kickCode(); code != protocol.CloseRemoved {
		t.Fatalf("the removed participant's connection was closed with %d; want %d", code, protocol.CloseRemoved)
	}
	r.Leave(ps[3]) // its connection ends, as a real one does once closed
	counts("DOST's one participant removed", protocol.Counts{Participants: 4, Online: 4, Institutions: 2})
	if err := doCommit(r, log, session.Command{Type: session.CmdReadmitParticipant, Participant: dost}); err != nil {
		t.Fatal(err)
	}
	counts("re-admitted, not yet back online", protocol.Counts{Participants: 5, Online: 4, Institutions: 3})
}
