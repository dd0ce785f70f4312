package server

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"roundtable/session"
	"roundtable/session/store"
)

// TestStartAfterAPurge (issue 15): a purged session cannot be served again
// (by id it is refused with a *store.PurgedError; by its old code, which is
// free, a new session takes it), and a purged latest session is not
// continued: the host starts a new one, as on an empty database.
func TestStartAfterAPurge(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	h := mustStartOn(t, db, HostConfig{Code: "PURGE1", Title: "Day one", FacilitatorHash: HashToken(testToken)})
	joinRaw(t, h, "Aysel", "IRIA")
	first := h.SessionID
	closeHost(t, h)

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Purge(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	st.Close()

	_, err = startOn(t, db, HostConfig{Session: first})
	var purged *store.PurgedError
	if !errors.As(err, &purged) || purged.Info.ID != first || session.ErrorCode(err) != session.ENOTFOUND {
		t.Fatalf("serving a purged session by id: %v; want a *store.PurgedError", err)
	}
	h = mustStartOn(t, db, HostConfig{FacilitatorHash: HashToken(testToken)})
	if h.Start != StartNew || h.SessionID == first {
		t.Fatalf("after a purged latest session: Start %v, session %s; want a new session", h.Start, h.SessionID)
	}
	closeHost(t, h)
	h = mustStartOn(t, db, HostConfig{Code: "PURGE1", New: true, FacilitatorHash: HashToken(testToken)})
	if h.SessionID == first || h.Code != "PURGE1" {
		t.Fatalf("the purged session's code: session %s code %s; want a new session with it", h.SessionID, h.Code)
	}
	closeHost(t, h)
}
