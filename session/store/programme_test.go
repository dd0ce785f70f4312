package store

import (
	"context"
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
