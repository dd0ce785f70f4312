package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ModeChange is a database file that Open found open to other users and
// made private to its owner (or failed to: Err).
type ModeChange struct {
	Path     string
	Was, Now fs.FileMode
	Err      error // why the mode could not be changed; nil when it was
}

// Tightened returns the database files whose permissions Open found open
// to other users: made private, or, when Err is set, left as they were.
func (s *Store) Tightened() []ModeChange { return s.tightened }

// private makes sure the database at path is readable and writable by its
// owner only: it creates a missing file with mode 0600 (SQLite then gives
// the -wal and -shm it creates the same mode), and takes the group's and
// others' permissions away from an existing file, -wal and -shm.
func private(path string) ([]ModeChange, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		// A new, empty file: SQLite takes it as a new database.
		return nil, f.Close()
	case !errors.Is(err, fs.ErrExist):
		return nil, err
	}
	var changed []ModeChange
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) && p != path {
			continue
		}
		if err != nil {
			return changed, err
		}
		if !fi.Mode().IsRegular() {
			return changed, fmt.Errorf("%s is not a regular file", p)
		}
		was := fi.Mode().Perm()
		if was&0o077 == 0 {
			continue
		}
		c := ModeChange{Path: p, Was: was, Now: was &^ 0o077}
		if c.Err = os.Chmod(p, c.Now); c.Err != nil {
			c.Now = was
		}
		changed = append(changed, c)
	}
	return changed, nil
}
