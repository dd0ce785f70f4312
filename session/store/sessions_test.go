package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"roundtable/session"
)

func TestSessions(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock()
	s, _ := openTest(t, Options{Now: clock.Now})

	if _, err := s.Session(ctx, "latest"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Fatalf("latest of an empty database: got %v, want ENOTFOUND", err)
	}
	mustCreate(t, s, "s1", "ALPHA")
	mustCreate(t, s, "s2", "BRAVO")
	mustCreate(t, s, "s3", "CHARLIE")

	list, err := s.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, info := range list {
		ids = append(ids, info.ID)
	}
	if want := []string{"s3", "s2", "s1"}; !slices.Equal(ids, want) {
		t.Fatalf("sessions: got %v, want newest first %v", ids, want)
	}
	if !list[0].CreatedAt.After(list[1].CreatedAt) {
		t.Errorf("created times from the clock: %v is not after %v", list[0].CreatedAt, list[1].CreatedAt)
	}

	tests := map[string]struct {
		lookup   func() (SessionInfo, error)
		wantID   string
		wantCode string // error code when wantID is ""
	}{
		"by id":          {lookup: func() (SessionInfo, error) { return s.Session(ctx, "s2") }, wantID: "s2"},
		"latest":         {lookup: func() (SessionInfo, error) { return s.Session(ctx, "latest") }, wantID: "s3"},
		"by code":        {lookup: func() (SessionInfo, error) { return s.SessionByCode(ctx, "ALPHA") }, wantID: "s1"},
		"missing id":     {lookup: func() (SessionInfo, error) { return s.Session(ctx, "nope") }, wantCode: session.ENOTFOUND},
		"missing code":   {lookup: func() (SessionInfo, error) { return s.SessionByCode(ctx, "ZULU") }, wantCode: session.ENOTFOUND},
		"code is exact":  {lookup: func() (SessionInfo, error) { return s.SessionByCode(ctx, "alpha") }, wantCode: session.ENOTFOUND},
		"id is not code": {lookup: func() (SessionInfo, error) { return s.Session(ctx, "BRAVO") }, wantCode: session.ENOTFOUND},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			info, err := tc.lookup()
			if tc.wantID == "" {
				if got := session.ErrorCode(err); got != tc.wantCode {
					t.Fatalf("got %v (%s), want %s", err, got, tc.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.ID != tc.wantID || info.Title != "Session "+tc.wantID || info.Phase != session.PhaseLobby || info.LastSeq != 0 {
				t.Fatalf("got %+v, want session %s in the lobby", info, tc.wantID)
			}
		})
	}
}

func TestCreateSessionRefuses(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	tests := map[string]struct {
		info SessionInfo
		code string
	}{
		"taken code":    {SessionInfo{ID: "s2", Code: "ALPHA"}, session.ECONFLICT},
		"taken id":      {SessionInfo{ID: "s1", Code: "BRAVO"}, session.ECONFLICT},
		"no id":         {SessionInfo{Code: "BRAVO"}, session.EINVALID},
		"reserved id":   {SessionInfo{ID: "latest", Code: "BRAVO"}, session.EINVALID},
		"no join code":  {SessionInfo{ID: "s2"}, session.EINVALID},
		"created is ok": {SessionInfo{ID: "s2", Code: "BRAVO"}, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := s.CreateSession(ctx, tc.info)
			if got := session.ErrorCode(err); got != tc.code {
				t.Fatalf("got %v (%q), want %q", err, got, tc.code)
			}
		})
	}
	if list, err := s.Sessions(ctx); err != nil || len(list) != 2 {
		t.Fatalf("sessions after refusals: %d, %v; want 2", len(list), err)
	}
}

func TestCreateSessionKeepsGivenTimes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	at := time.Date(2027, 3, 1, 9, 30, 0, 123456789, time.FixedZone("ALMT", 5*3600))
	if err := s.CreateSession(ctx, SessionInfo{ID: "s1", Code: "ALPHA", FacilitatorHash: "h1", Phase: session.PhaseIdeas, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	info, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if !info.CreatedAt.Equal(at) || !info.UpdatedAt.Equal(at) || info.FacilitatorHash != "h1" || info.Phase != session.PhaseIdeas {
		t.Fatalf("got %+v, want created and updated at %v, hash h1, phase ideas", info, at)
	}
}

func TestSetFacilitatorHash(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{Now: newTestClock().Now})
	mustCreate(t, s, "s1", "ALPHA")
	before, _ := s.Session(ctx, "s1")
	if err := s.SetFacilitatorHash(ctx, "s1", "new-hash"); err != nil {
		t.Fatal(err)
	}
	after, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if after.FacilitatorHash != "new-hash" || !after.UpdatedAt.After(before.UpdatedAt) {
		t.Fatalf("got %+v, want the new hash and a later update time than %v", after, before.UpdatedAt)
	}
	if err := s.SetFacilitatorHash(ctx, "nope", "x"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Fatalf("unknown session: got %v, want ENOTFOUND", err)
	}
}
