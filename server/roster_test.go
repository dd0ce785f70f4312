package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// counts returns how many frames and writes t has had.
func (f *fakeTransport) counts() (frames, sends int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.frames), f.sends
}

// since decodes t's frames from the n-th on.
func (f *fakeTransport) since(t *testing.T, n int) []anyFrame {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []anyFrame
	for _, b := range f.frames[n:] {
		var a anyFrame
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("bad frame %s: %v", b, err)
		}
		a.Raw = b
		out = append(out, a)
	}
	return out
}

// joinAll has a new participant join on each transport and commits the
// joins.
func joinAll(r *Room, log *heldLog, ts []*fakeTransport, first int) {
	for i, t := range ts {
		r.Hello(t, protocol.Hello{V: protocol.Version, Code: "ROOM1", Name: fmt.Sprintf("P%d", first+i), Institution: "IRIA"})
	}
	settle(r)
	log.finishAll(nil)
}

func TestBurstOfJoinsIsOneFrameEachInOneWrite(t *testing.T) {
	log := &heldLog{}
	// Roster news waits for the settle below, however slow the machine.
	// A named session: in an anonymous one, presence is withheld
	// (TestAnonymousSessionWithholdsPresence).
	r := newTestRoomOf(t, log, RoomConfig{RosterDelay: time.Hour}, namedSession())
	fac, obs := &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(obs, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	early := []*fakeTransport{{}, {}}
	joinAll(r, log, early, 0)
	settle(r)

	const n = 40
	others := []*fakeTransport{fac, obs, early[0], early[1]}
	type mark struct{ frames, sends int }
	before := map[*fakeTransport]mark{}
	for _, o := range others {
		f, s := o.counts()
		before[o] = mark{f, s}
	}
	burst := make([]*fakeTransport, n)
	for i := range burst {
		burst[i] = &fakeTransport{}
	}
	joinAll(r, log, burst, len(early))
	settle(r)
	for i, o := range others {
		f, s := o.counts()
		if got := f - before[o].frames; got != n {
			t.Errorf("client %d got %d frames for %d joins; want one each (%v)", i, got, n, kindsOf(o.since(t, before[o].frames)))
		}
		if got := s - before[o].sends; got != 1 {
			t.Errorf("client %d got the %d joins in %d writes; want 1", i, n, got)
		}
		for _, a := range o.since(t, before[o].frames) {
			if a.T != protocol.KindEvent || a.Event.Type != session.EvParticipantJoined {
				t.Errorf("client %d got %s during the joins; want only participant_joined events", i, a.Raw)
			}
		}
	}
	// Every joiner is online, and a late joiner's welcome says so.
	late := &fakeTransport{}
	r.Hello(late, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	settle(r)
	var w protocol.Welcome
	if fs := late.since(t, 0); len(fs) == 0 || json.Unmarshal(fs[0].Raw, &w) != nil || w.T != protocol.KindWelcome {
		t.Fatalf("the late observer got %v; want a welcome first", kindsOf(fs))
	}
	if len(w.Online) != len(early)+n {
		t.Fatalf("the late welcome lists %d online; want %d", len(w.Online), len(early)+n)
	}
}

func TestLeaveAndJoinWithoutWelcomeAreSeenOffline(t *testing.T) {
	log := &heldLog{}
	r := newTestRoomOf(t, log, RoomConfig{RosterDelay: time.Hour}, namedSession())
	obs := &fakeTransport{}
	r.Hello(obs, protocol.Hello{V: protocol.Version, Code: "ROOM1", Role: "observer"})
	a := &fakeTransport{}
	joinAll(r, log, []*fakeTransport{a}, 0)
	settle(r)

	// a leaves; b joins but is gone before its join commits.
	n0, _ := obs.counts()
	r.Leave(a)
	b := &fakeTransport{}
	r.Hello(b, protocol.Hello{V: protocol.Version, Code: "ROOM1", Name: "B", Institution: "ASAN"})
	settle(r)
	r.Leave(b)
	settle(r)
	log.finishAll(nil)
	settle(r)
	var got []string
	for _, f := range obs.since(t, n0) {
		switch {
		case f.T == protocol.KindPresence:
			var p protocol.Presence
			json.Unmarshal(f.Raw, &p)
			got = append(got, fmt.Sprintf("presence %s %v", p.ID, p.Online))
		case f.T == protocol.KindEvent:
			got = append(got, fmt.Sprintf("%s %s", f.Event.Type, f.Event.ID))
		}
	}
	ids := map[string]string{}
	r.Query(func(st *session.State) {
		for id, p := range st.Participants {
			ids[p.Name] = id
		}
	})
	want := []string{"presence " + ids["P0"] + " false", "participant_joined " + ids["B"], "presence " + ids["B"] + " false"}
	if !slices.Equal(got, want) {
		t.Fatalf("the observer saw %q; want %q", got, want)
	}
}

func kindsOf(fs []anyFrame) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.T+":"+string(f.Event.Type))
	}
	return out
}

// The client library's Online follows joins (which imply presence),
// leaves, and a late joiner's welcome.
func TestClientOnlineFollowsJoinsAndLeaves(t *testing.T) {
	named := false // in an anonymous session presence is withheld
	h := startTestHost(t, HostConfig{Anonymous: &named})
	fac := dialClient(t, client.Config{URL: h.URL(), Token: testToken})
	a := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "A", Institution: "IRIA"})
	b := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "B", Institution: "ASAN"})
	aID, _ := a.Me()
	bID, _ := b.Me()
	both := []string{aID, bID}
	slices.SortFunc(both, session.CompareIDs)
	waitOnline := func(what string, c *client.Client, want []string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !slices.Equal(c.Online(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: Online() = %v; want %v", what, c.Online(), want)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitOnline("the facilitator", fac, both)
	waitOnline("A, who joined before B", a, both)
	waitOnline("B, from its welcome", b, both)
	// A participant created without a connection is not online.
	if err := h.Room.Do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: "C", Institution: "IRIA"}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	waitOnline("A after B left", a, []string{aID})
	waitOnline("the facilitator after B left", fac, []string{aID})
	if st := a.State(); len(st.Participants) != 3 {
		t.Fatalf("A's replica has %d participants; want 3", len(st.Participants))
	}
}
