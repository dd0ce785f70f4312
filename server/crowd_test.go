package server

import (
	"encoding/json"
	"fmt"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// follower reads a client's frames as PROTOCOL.md tells a client to, and
// fails the test on a gap in the seqs.
type follower struct {
	name      string
	last      int64
	welcomed  bool
	crowd     *protocol.Counts
	online    []string
	people    map[string]bool // participants in its copy
	joins     int             // participant_joined events of others
	presences int
	rosters   int
}

func (f *follower) read(t *testing.T, frames []anyFrame) {
	t.Helper()
	for _, fr := range frames {
		switch fr.T {
		case protocol.KindWelcome:
			var w protocol.Welcome
			if err := json.Unmarshal(fr.Raw, &w); err != nil {
				t.Fatalf("%s: bad welcome %s", f.name, fr.Raw)
			}
			f.welcomed, f.crowd, f.online = true, w.Crowd, w.Online
			if w.Snapshot != nil {
				f.last = w.Snapshot.Seq
				f.people = map[string]bool{}
				for id := range w.Snapshot.Participants {
					f.people[id] = true
				}
			}
		case protocol.KindEvent:
			if fr.Event.Seq != f.last+1 {
				t.Fatalf("%s: event %d after %d: a gap (%s)", f.name, fr.Event.Seq, f.last, fr.Raw)
			}
			f.last = fr.Event.Seq
			if fr.Event.Type == session.EvParticipantJoined {
				f.people[fr.Event.ID] = true
				f.joins++
			}
		case protocol.KindRoster:
			var r protocol.Roster
			if err := json.Unmarshal(fr.Raw, &r); err != nil {
				t.Fatalf("%s: bad roster %s", f.name, fr.Raw)
			}
			f.last = max(f.last, r.Seq)
			n := r.Counts()
			f.crowd = &n
			f.rosters++
		case protocol.KindPresence:
			f.presences++
		}
	}
}

// crowdRoom is a room that becomes a crowd past 3 participants, with a
// facilitator and an observer welcomed.
func crowdRoom(t *testing.T) (*Room, *heldLog, *fakeTransport, *fakeTransport) {
	log := &heldLog{}
	r := newTestRoomWith(t, log, RoomConfig{CrowdSize: 3})
	fac, obs := &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(obs, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	settle(r)
	return r, log, fac, obs
}

func joinOne(r *Room, log *heldLog, t *fakeTransport, name, inst string) {
	r.Hello(t, protocol.Hello{V: protocol.Version, Code: "ROOM1", Name: name, Institution: inst})
	settle(r)
	log.finishAll(nil)
	settle(r)
}

func TestCrowdGetsCountsInsteadOfJoinsAndNoGap(t *testing.T) {
	r, log, fac, obs := crowdRoom(t)
	insts := []string{"IRIA", "ASAN", "IRIA", "DOST", "ASAN", "IRIA"}
	ps := make([]*fakeTransport, len(insts))
	for i, inst := range insts {
		ps[i] = &fakeTransport{}
		joinOne(r, log, ps[i], fmt.Sprintf("P%d", i), inst)
	}
	// One leaves: presence, which a crowd gets as counts.
	r.Leave(ps[5])
	settle(r)
	// An event after roster news the observer skipped.
	if err := doCommit(r, log, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}); err != nil {
		t.Fatal(err)
	}

	o := &follower{name: "observer"}
	o.read(t, obs.since(t, 0))
	if o.joins != 3 {
		t.Errorf("the observer got %d joins; want the 3 before the room was a crowd", o.joins)
	}
	if o.presences != 0 {
		t.Errorf("the observer got %d presence frames in a crowd; want none", o.presences)
	}
	if o.rosters == 0 || o.crowd == nil {
		t.Fatalf("the observer got no roster frame")
	}
	if want := (protocol.Counts{Participants: 6, Online: 5, Institutions: 3}); *o.crowd != want {
		t.Errorf("the observer's counts are %+v; want %+v", *o.crowd, want)
	}
	if o.last != r.committed {
		t.Errorf("the observer is at seq %d; the room at %d", o.last, r.committed)
	}

	f := &follower{name: "facilitator"}
	f.read(t, fac.since(t, 0))
	if f.joins != 6 || f.presences != 1 || f.rosters != 0 || f.crowd != nil {
		t.Errorf("the facilitator got %d joins, %d presence, %d roster frames, counts %v; want everything: 6 joins, 1 presence, no counts", f.joins, f.presences, f.rosters, f.crowd)
	}
}

// doCommit runs a facilitator command through the room and commits it.
func doCommit(r *Room, log *heldLog, cmd session.Command) error {
	errc := make(chan error, 1)
	go func() { errc <- r.Do(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, cmd) }()
	for {
		settle(r)
		if log.finishAll(nil) > 0 {
			break
		}
	}
	err := <-errc
	settle(r)
	return err
}

func TestCrowdWelcomesCarryCountsAndOnlyYou(t *testing.T) {
	r, log, _, _ := crowdRoom(t)
	ps := make([]*fakeTransport, 5)
	for i := range ps {
		ps[i] = &fakeTransport{}
		joinOne(r, log, ps[i], fmt.Sprintf("P%d", i), "IRIA")
	}

	// A new participant: a snapshot of nobody, its own join, no gap.
	late := &fakeTransport{}
	joinOne(r, log, late, "Late", "ASAN")
	nf := &follower{name: "new participant"}
	nf.read(t, late.since(t, 0))
	var w protocol.Welcome
	json.Unmarshal(late.since(t, 0)[0].Raw, &w)
	if w.Crowd == nil || len(w.Online) != 0 || w.Online == nil {
		t.Fatalf("a crowd's welcome has crowd %v and online %v; want counts and []", w.Crowd, w.Online)
	}
	if len(nf.people) != 1 || !nf.people[w.You] {
		t.Errorf("the new participant's copy lists %v; want only itself (%s)", nf.people, w.You)
	}
	if nf.last != r.committed {
		t.Errorf("the new participant is at seq %d; the room at %d", nf.last, r.committed)
	}

	// A returning participant without a copy: a snapshot of itself alone.
	var resume string
	for _, fr := range ps[0].since(t, 0) {
		if fr.T == protocol.KindWelcome {
			resume = fr.Resume
		}
	}
	back := &fakeTransport{}
	r.Hello(back, protocol.Hello{V: protocol.Version, Code: "ROOM1", Resume: resume})
	settle(r)
	bf := &follower{name: "returning participant"}
	bf.read(t, back.since(t, 0))
	if !bf.welcomed || len(bf.people) != 1 || bf.crowd == nil || bf.crowd.Participants != 6 {
		t.Errorf("the returning participant got people %v, counts %v; want itself and 6 participants", bf.people, bf.crowd)
	}

	// A client resuming from a seq before others joined: the joins it
	// missed are one roster frame.
	again := &fakeTransport{}
	r.Hello(again, protocol.Hello{V: protocol.Version, Code: "ROOM1", Resume: resume, Since: r.committed - 3})
	settle(r)
	af := &follower{name: "resuming participant", last: r.committed - 3}
	af.read(t, again.since(t, 0))
	if af.joins != 0 || af.rosters != 1 || af.last != r.committed {
		t.Errorf("the resuming participant got %d joins and %d roster frames, up to seq %d; want 0, 1, %d", af.joins, af.rosters, af.last, r.committed)
	}
}

// TestCrowdWelcomeIsAProtocolWelcome: the crowd's last piece keeps the
// welcome protocol.Welcome's encoding.
func TestCrowdWelcomeIsAProtocolWelcome(t *testing.T) {
	r, log, _, _ := crowdRoom(t)
	ps := make([]*fakeTransport, 5)
	for i := range ps {
		ps[i] = &fakeTransport{}
		joinOne(r, log, ps[i], fmt.Sprintf("P%d", i), "IRIA")
	}
	data := ps[4].since(t, 0)[0].Raw
	var w protocol.Welcome
	if err := json.Unmarshal(data, &w); err != nil {
		t.Fatalf("welcome %s: %v", data, err)
	}
	again, _ := json.Marshal(w)
	if w.Crowd == nil || string(again) != string(data) {
		t.Fatalf("the crowd's welcome is not protocol.Welcome's encoding:\n got %s\nwant %s", data, again)
	}
}
