package store

import (
	"context"
	"database/sql"
	"path/filepath"
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
	if err := s.CreateSession(ctx, SessionInfo{ID: "s1", Code: "ALPHA", Phase: session.PhaseIdeas, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	info, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if !info.CreatedAt.Equal(at) || !info.UpdatedAt.Equal(at) || info.Phase != session.PhaseIdeas {
		t.Fatalf("got %+v, want created and updated at %v, phase ideas", info, at)
	}
}

// TestMigrationDropsFacilitatorHash: a database from before issue 12, whose
// sessions kept a facilitator token hash nothing read, opens with the column
// gone and its sessions as they were.
func TestMigrationDropsFacilitatorHash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := migrationFiles.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')`,
		string(first),
		`INSERT INTO schema_migrations (name) VALUES ('migrations/0001_init.sql')`,
		`INSERT INTO sessions (id, code, facilitator_hash, title, phase, created_at, updated_at, last_seq)
			VALUES ('s1', 'ALPHA', 'some-hash', 'Day one', 'ideas', '2027-03-01T09:00:00.000000000Z', '2027-03-01T09:05:00.000000000Z', 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s := reopen(t, path, Options{})
	info, err := s.Session(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if info.Code != "ALPHA" || info.Title != "Day one" || info.Phase != session.PhaseIdeas || info.UpdatedAt.Minute() != 5 {
		t.Fatalf("session after the migration: %+v", info)
	}
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM pragma_table_info('sessions') WHERE name = 'facilitator_hash'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("facilitator_hash columns: %d, %v; want none", n, err)
	}
}
