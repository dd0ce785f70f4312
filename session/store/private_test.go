package store

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDatabaseIsPrivate: a new database and its -wal and -shm files are
// readable by their owner only (they hold names, attributed feedback and
// individual votes), whatever the umask.
func TestDatabaseIsPrivate(t *testing.T) {
	s, path := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	if err := s.AppendSync(context.Background(), Batch{Session: "s1", Events: events(1, 2)}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v; want -rw-------", filepath.Base(p), m)
		}
	}
	if got := s.Tightened(); len(got) != 0 {
		t.Errorf("a new database reports tightened files: %v", got)
	}
}

// TestOpenTightensAnOpenDatabase: a database whose file, -wal and -shm are
// readable by others (made so before this version, and still open in
// another process) is made private when opened, and the store says so.
func TestOpenTightensAnOpenDatabase(t *testing.T) {
	s, path := openTest(t, Options{})
	mustCreate(t, s, "s1", "ALPHA")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	// Another connection keeps the -wal and -shm (now -rw-r--r--, like
	// the database) in place.
	other, err := sql.Open("sqlite", dsn(path, "", "journal_mode(WAL)"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`UPDATE sessions SET title = 'x' WHERE id = 's1'`); err != nil {
		t.Fatal(err)
	}
	files := []string{path, path + "-wal", path + "-shm"}
	for _, p := range files {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o644 {
			t.Fatalf("setting up %s: %v, %v", filepath.Base(p), fi.Mode(), err)
		}
	}

	s = reopen(t, path, Options{})
	if _, err := s.Session(context.Background(), "s1"); err != nil {
		t.Fatalf("the session after tightening: %v", err)
	}
	got := map[string]ModeChange{}
	for _, c := range s.Tightened() {
		got[c.Path] = c
	}
	for _, p := range files {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v after reopening; want -rw-------", filepath.Base(p), m)
		}
		if c, ok := got[p]; !ok || c.Was != fs.FileMode(0o644) || c.Now != 0o600 || c.Err != nil {
			t.Errorf("Tightened() reports %s as %+v; want was -rw-r--r--, now -rw-------", filepath.Base(p), c)
		}
	}
}
