package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestOpenSettings(t *testing.T) {
	tests := map[string]struct {
		sync string
		want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{
		"default is full": {"", 2},
		"full":            {"FULL", 2},
		"normal":          {"normal", 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, _ := openTest(t, Options{Synchronous: tc.sync})
			var mode string
			var sync, fk int
			if err := s.write.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
				t.Fatalf("journal mode %q, %v; want wal", mode, err)
			}
			if err := s.write.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != tc.want {
				t.Fatalf("synchronous %d, %v; want %d", sync, err, tc.want)
			}
			if err := s.write.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
				t.Fatalf("foreign keys %d, %v; want 1", fk, err)
			}
		})
	}
	if _, err := OpenWith(filepath.Join(t.TempDir(), "x.db"), Options{Synchronous: "OFF"}); err == nil {
		t.Fatal("synchronous=OFF was accepted")
	}
	if _, err := Open(""); err == nil {
		t.Fatal("an empty path was accepted")
	}
}

func TestReadsAreReadOnly(t *testing.T) {
	s, _ := openTest(t, Options{})
	if _, err := s.read.Exec(`INSERT INTO sessions (id, code, created_at, updated_at) VALUES ('x', 'X', '', '')`); err == nil {
		t.Fatal("the read pool accepted a write")
	}
}

func TestMigrationsApplyOnce(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path, Options{})
	names, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.read.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(names) || n == 0 {
		t.Fatalf("schema_migrations holds %d rows, %v; want %d", n, err, len(names))
	}
	if _, err := s.Session(ctx, "s1"); err != nil {
		t.Fatalf("the session created before reopening: %v", err)
	}
}

func TestEventsAreJSONText(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(1, 2)}); err != nil {
		t.Fatal(err)
	}
	var kind, typ, text string
	if err := s.read.QueryRow(`SELECT typeof(data), json_extract(data, '$.type'), json_extract(data, '$.text') FROM events WHERE session_id = 's1' AND seq = 2`).Scan(&kind, &typ, &text); err != nil {
		t.Fatal(err)
	}
	if want := event(2); kind != "text" || typ != want.Type || text != want.Text {
		t.Fatalf("stored data is %s with type %q and text %q; want JSON text with %q and %q", kind, typ, text, want.Type, want.Text)
	}
}
