//go:build !unix

package main

import (
	"errors"
	"os"
)

// lockSession takes the lock of session id of database db for this
// process, or returns a *heldError when the lock file exists. Without
// flock a killed host's file stays: the error names it, to delete by hand
// when no host runs.
func lockSession(db, id string) (*sessionLock, error) {
	path := hostLockPath(db, id)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		held, _ := sessionHeld(db, id)
		if held != nil {
			return nil, held
		}
		return nil, &heldError{ID: id, Path: path}
	}
	if err != nil {
		return nil, err
	}
	if err := writePID(f); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return &sessionLock{f: f, path: path}, nil
}

// release lets the lock go and removes its file.
func (l *sessionLock) release() error {
	if l == nil {
		return nil
	}
	return errors.Join(l.f.Close(), os.Remove(l.path))
}

// sessionHeld reports whether the lock file of session id of database db
// exists, and which process wrote it.
func sessionHeld(db, id string) (*heldError, error) {
	path := hostLockPath(db, id)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return &heldError{ID: id, PID: readPID(f), Path: path}, nil
}
