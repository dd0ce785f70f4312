package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"roundtable/session"
)

// oldDatabase makes a database at path with the schema before the data's
// life (migrations 0001 and 0002 only) and one session with events, as a
// host of that version wrote it.
func oldDatabase(t *testing.T, path string, events []session.Event) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	sort.Strings(names)
	if _, err := db.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')`); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name >= "migrations/0003" {
			continue
		}
		body, _ := fs.ReadFile(migrationFiles, name)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Exec(`INSERT INTO schema_migrations (name) VALUES (?)`, name)
	}
	created := formatTime(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	if _, err := db.Exec(`INSERT INTO sessions (id, code, title, phase, created_at, updated_at, last_seq) VALUES ('old', 'OLD1', 'Old day', 'ideas', ?, ?, ?)`,
		created, created, len(events)); err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		data, _ := json.Marshal(e)
		if _, err := db.Exec(`INSERT INTO events (session_id, seq, type, at, data) VALUES ('old', ?, ?, ?, ?)`, e.Seq, e.Type, formatTime(e.At), string(data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO sessions (id, code, title, phase, created_at, updated_at, last_seq) VALUES ('empty', 'OLD2', 'Nobody came', 'lobby', ?, ?, 0)`, created, created); err != nil {
		t.Fatal(err)
	}
}

// TestOldDatabaseUpgradesInPlace: a database written before the data's
// life opens, gains its columns (the last event's time from its events),
// lists, exports and purges.
func TestOldDatabaseUpgradesInPlace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	w := newWorkshop(t, "old")
	w.play()
	oldDatabase(t, path, w.events)

	s := reopen(t, path, Options{})
	info, err := s.Session(ctx, "old")
	if err != nil {
		t.Fatal(err)
	}
	if last := w.events[len(w.events)-1].At; !info.LastEventAt.Equal(last) {
		t.Errorf("last event at %v after the upgrade, want %v", info.LastEventAt, last)
	}
	if info.Purged() || !info.ExportedAt.IsZero() {
		t.Errorf("an old session is purged or exported: %+v", info)
	}
	empty, _ := s.Session(ctx, "empty")
	if !empty.LastEventAt.Equal(empty.CreatedAt) {
		t.Errorf("a session without events: last event at %v, want its creation %v", empty.LastEventAt, empty.CreatedAt)
	}
	sums, err := s.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Summary{}
	for _, sum := range sums {
		byID[sum.ID] = sum
	}
	if got := byID["old"]; got.Participants != 3 || got.Ideas != 4 || got.LastSeq != int64(len(w.events)) {
		t.Errorf("summary of the old session: %+v", got)
	}
	st, err := s.Load(ctx, "old")
	if err != nil || stateJSON(t, st) != stateJSON(t, w.st) {
		t.Fatalf("the old session does not replay to its state: %v", err)
	}
	// It takes new events, and its last event time follows them.
	next := event(int64(len(w.events)) + 1)
	next.At = time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	if err := s.AppendSync(ctx, Batch{Session: "old", Events: []session.Event{next}}); err != nil {
		t.Fatal(err)
	}
	if info, _ = s.Session(ctx, "old"); !info.LastEventAt.Equal(next.At) {
		t.Errorf("last event at %v after an append, want %v", info.LastEventAt, next.At)
	}
	if _, err := s.Purge(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	// Opened again, nothing is migrated twice.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path, Options{})
	if info, _ = s.Session(ctx, "old"); !info.Purged() {
		t.Errorf("the purge did not last: %+v", info)
	}
}
