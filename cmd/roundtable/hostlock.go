package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A host holds a lock on the session it serves, so that `roundtable purge`
// (and a host's retention) never purges a session a running host holds,
// and two hosts never serve one session: the file DB.host-ID.lock beside
// the database, locked by the process for as long as it runs (flock on
// Unix: a killed host's lock goes with it) and holding its process id.

// hostLockPath is the lock file of session id of database db.
func hostLockPath(db, id string) string { return db + ".host-" + id + ".lock" }

// heldError says that another process holds a session's lock.
type heldError struct {
	ID   string // the session
	PID  int    // the process that holds it; 0 when unknown
	Path string // the lock file
}

func (e *heldError) Error() string {
	return fmt.Sprintf("session %s is held by process %d (%s)", e.ID, e.PID, e.Path)
}

// sessionLock is a session's lock held by this process.
type sessionLock struct {
	f    *os.File
	path string
}

// readPID reads the process id a lock file holds; 0 when it holds none.
func readPID(f *os.File) int {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	return pid
}

// writePID makes the lock file say which process holds it.
func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}
