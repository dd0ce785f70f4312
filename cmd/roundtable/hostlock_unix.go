//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// lockSession takes the lock of session id of database db for this
// process, or returns a *heldError when another process holds it.
func lockSession(db, id string) (*sessionLock, error) {
	path := hostLockPath(db, id)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			pid := readPID(f)
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &heldError{ID: id, PID: pid, Path: path}
			}
			return nil, err
		}
		// The holder before may have removed the file between our open
		// and our lock: then we hold a lock nobody else can see.
		if same(f, path) {
			if err := writePID(f); err != nil {
				f.Close()
				return nil, err
			}
			return &sessionLock{f: f, path: path}, nil
		}
		f.Close()
	}
}

// same reports whether the open file f is the file at path now.
func same(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// release removes the lock file and lets the lock go.
func (l *sessionLock) release() error {
	if l == nil {
		return nil
	}
	err := os.Remove(l.path)
	return errors.Join(err, l.f.Close())
}

// sessionHeld reports whether another process holds the lock of session
// id of database db (a running host), and then which.
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
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return &heldError{ID: id, PID: readPID(f), Path: path}, nil
		}
		return nil, err
	}
	return nil, nil // a lock file a stopped host left: nobody holds it
}
