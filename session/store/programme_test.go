package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"roundtable/session"
)

func TestProgrammeSessions(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock()
	s, path := openTest(t, Options{Now: clock.Now})
	create := func(id, code, programme string, day int) {
		t.Helper()
		if err := s.CreateSession(ctx, SessionInfo{ID: id, Code: code, Programme: programme, Day: day}); err != nil {
			t.Fatal(err)
		}
	}
	create("s1", "ALPHA", "digital.leadership", 2)
	create("s2", "BRAVO", "digital.leadership", 1)
	create("s3", "CHARLIE", "", 0)
	create("s4", "DELTA", "digital.leadership", 1)
	create("s5", "ECHO", "other", 1)

	got, err := s.ProgrammeSessions(ctx, "digital.leadership")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, info := range got {
		ids = append(ids, info.ID)
		if info.Programme != "digital.leadership" {
			t.Errorf("%s: programme %q", info.ID, info.Programme)
		}
	}
	if want := []string{"s2", "s4", "s1"}; !slices.Equal(ids, want) {
		t.Errorf("programme order: got %v, want by day then creation %v", ids, want)
	}
	if _, err := s.ProgrammeSessions(ctx, "nobody"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Errorf("a programme without sessions: got %v, want ENOTFOUND", err)
	}
	if _, err := s.ProgrammeSessions(ctx, ""); session.ErrorCode(err) != session.EINVALID {
		t.Errorf("a programme without a name: got %v, want EINVALID", err)
	}
	s.Close()
	s = reopen(t, path, Options{Now: clock.Now})
	info, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if info.Programme != "digital.leadership" || info.Day != 2 {
		t.Errorf("after reopening: programme %q day %d, want digital.leadership day 2", info.Programme, info.Day)
	}
	if info, _ := s.Session(ctx, "s3"); info.Programme != "" || info.Day != 0 {
		t.Errorf("a session outside any programme: programme %q day %d", info.Programme, info.Day)
	}
}

// TestProgrammeIdentities: the participants of a programme's other sessions
// by their token hash, as the latest session knew them; removed ones, other
// programmes, the session asking and purged sessions left out.
func TestProgrammeIdentities(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock()
	s, _ := openTest(t, Options{Now: clock.Now})
	at := clock.Now()
	log := func(id, code, programme string, day int, evs ...session.Event) {
		t.Helper()
		if err := s.CreateSession(ctx, SessionInfo{ID: id, Code: code, Programme: programme, Day: day, CreatedAt: clock.Now()}); err != nil {
			t.Fatal(err)
		}
		for i := range evs {
			evs[i].Seq, evs[i].At = int64(i+1), at
		}
		if err := s.AppendSync(ctx, Batch{Session: id, Events: evs}); err != nil {
			t.Fatal(err)
		}
	}
	join := func(id, name, inst, hash string) session.Event {
		return session.Event{Type: session.EvParticipantJoined, Actor: id, ID: id, Name: name, Institution: inst, TokenHash: hash}
	}
	fac := func(typ, id string, name string) session.Event {
		return session.Event{Type: typ, Actor: session.FacilitatorID, ID: id, Name: name}
	}
	log("d1", "DAYONE", "dl", 1,
		join("p1", "Aysel", "IRIA", "h-aysel"),
		join("p2", "Rashad", "ASAN", "h-rashad"),
		join("p3", "Leyla", "DTX", "h-leyla"),
		join("p4", "Nobody", "DTX", ""),
		fac(session.EvParticipantRenamed, "p2", "Rəşad"),
		fac(session.EvParticipantRemoved, "p3", ""),
	)
	log("d2", "DAYTWO", "dl", 2,
		join("p1", "Aysel M.", "IRIA", "h-aysel"),
		join("p2", "Kamran", "MINCOM", "h-kamran"),
		fac(session.EvParticipantRemoved, "p2", ""),
		fac(session.EvParticipantReadmitted, "p2", ""),
	)
	log("x1", "OTHER", "other", 1, join("p1", "Elsewhere", "X", "h-other"))
	log("d3", "DAYTHREE", "dl", 3, join("p1", "Day three", "IRIA", "h-three"))

	got, err := s.ProgrammeIdentities(ctx, "dl", "d3")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Identity{
		"h-aysel":  {Session: "d2", Participant: "p1", Name: "Aysel M.", Institution: "IRIA"},
		"h-rashad": {Session: "d1", Participant: "p2", Name: "Rəşad", Institution: "ASAN"},
		"h-kamran": {Session: "d2", Participant: "p2", Name: "Kamran", Institution: "MINCOM"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("identities:\n got  %+v\n want %+v", got, want)
	}
	if got, err := s.ProgrammeIdentities(ctx, "", "d3"); err != nil || len(got) != 0 {
		t.Fatalf("no programme: %v %v", got, err)
	}
	// a purged session's people are gone with it
	if _, err := s.Purge(ctx, "d2"); err != nil {
		t.Fatal(err)
	}
	got, err = s.ProgrammeIdentities(ctx, "dl", "d3")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["h-kamran"]; ok || got["h-aysel"].Session != "d1" {
		t.Fatalf("after purging d2: %+v", got)
	}
}
