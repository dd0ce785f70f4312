package server

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"roundtable/session"
	"roundtable/session/store"
)

// TestNewSessionTakesTheAgenda: a new session is created with the
// agenda's times and private brainstorming (host --agenda,
// --private-ideas); continuing it later keeps its own agenda.
func TestNewSessionTakesTheAgenda(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	plan := session.Agenda{Phases: map[session.Phase]time.Duration{session.PhaseIdeas: 15 * time.Minute}, Item: 5 * time.Minute}
	h := mustStartOn(t, db, HostConfig{Code: "AGENDA", Agenda: plan, PrivateIdeas: true})
	id := h.SessionID
	closeHost(t, h)
	h = mustStartOn(t, db, HostConfig{Agenda: session.Agenda{Item: time.Minute}})
	if h.SessionID != id {
		t.Fatalf("continued %s, want %s", h.SessionID, id)
	}
	closeHost(t, h)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Settings.Agenda; a.Time(session.PhaseIdeas) != 15*time.Minute || a.Item != 5*time.Minute || !s.Settings.PrivateIdeas {
		t.Fatalf("the session's settings are %+v", s.Settings)
	}
}
