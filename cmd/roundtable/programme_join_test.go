package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/server"
	"roundtable/tui/join"
)

// startProgrammeHub runs day of the programme on db at addr.
func startProgrammeHub(t *testing.T, db, addr, code string, day int) *server.Host {
	t.Helper()
	h, err := server.StartHost(context.Background(), server.HostConfig{
		Addr: addr, DB: db, Code: code, Title: "Day",
		Programme: server.ProgrammeConfig{Programme: "digital.leadership", Day: day},
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestJoinAProgrammeAsksOnce (issue 16): a participant who joined day 1 of
// a programme with the form joins day 2 at the same address with only its
// code given: the join file's day-1 token brings them in as the same
// person, and no form is shown. On another laptop (no join file), the
// form is asked.
func TestJoinAProgrammeAsksOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	day1 := startProgrammeHub(t, db, "127.0.0.1:0", "DAYONE", 1)
	addr := strings.TrimSuffix(strings.TrimPrefix(day1.URL(), "ws://"), "/ws")
	cfgPath := filepath.Join(t.TempDir(), "roundtable", "join.json")
	aysel := join.Answers{Host: addr, Code: "DAYONE", Name: "Aysel Məmmədova", Institution: "İqtisadiyyat Nazirliyi"}

	first := newTestJoiner(t, cfgPath, true)
	first.script = func(tj *testJoiner) {
		tj.focused("Address of the session")
		tj.typ("\r")
		tj.focused("Join code")
		tj.typ("\r")
		tj.focused("Your name")
		tj.typ(aysel.Name + "\r")
		tj.focused("Your institution")
		tj.typ(aysel.Institution + "\r")
	}
	if err := first.run(context.Background(), join.Answers{Host: addr, Code: "DAYONE"}); err != nil {
		t.Fatalf("day 1: %v", err)
	}
	if !first.sawForm || len(first.joinedAs) != 1 {
		t.Fatalf("day 1: form %v, joined as %q", first.sawForm, first.joinedAs)
	}
	day1.Close()

	day2 := startProgrammeHub(t, db, addr, "DAYTWO", 2)
	defer day2.Close()
	second := newTestJoiner(t, cfgPath, true)
	if err := second.run(context.Background(), join.Answers{Host: addr, Code: "DAYTWO"}); err != nil {
		t.Fatalf("day 2: %v", err)
	}
	if second.sawForm || len(second.joinedAs) != 1 {
		t.Fatalf("day 2: form %v, joined as %q; want no form", second.sawForm, second.joinedAs)
	}
	st, err := day2.Store.Load(context.Background(), day2.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	p := st.Participants[second.joinedAs[0]]
	if p == nil || p.Name != aysel.Name || p.Institution != aysel.Institution {
		t.Fatalf("day 2's participant: %+v", p)
	}
	// the day-2 token is kept: the same command later is a resume
	cfg, err := loadJoinConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	day2Answers := aysel
	day2Answers.Code = "DAYTWO"
	if tok := cfg.token("ws://"+addr+"/ws", day2Answers); tok == "" || tok != cfg.token("ws://"+addr+"/ws", aysel) {
		t.Fatalf("day 2's token %q, day 1's %q: want the same token kept for both", tok, cfg.token("ws://"+addr+"/ws", aysel))
	}

	// another laptop: the form
	other := newTestJoiner(t, filepath.Join(t.TempDir(), "join.json"), true)
	other.script = func(tj *testJoiner) {
		tj.see("Join a Roundtable session")
		tj.focused("Address of the session")
		tj.typ("\r")
		tj.focused("Join code")
		tj.typ("\r")
		tj.focused("Your name")
		tj.typ("Leyla\r")
		tj.focused("Your institution")
		tj.typ("ASAN\r")
	}
	if err := other.run(context.Background(), join.Answers{Host: addr, Code: "DAYTWO"}); err != nil {
		t.Fatalf("another laptop: %v", err)
	}
	if !other.sawForm || len(other.joinedAs) != 1 || other.joinedAs[0] == second.joinedAs[0] {
		t.Fatalf("another laptop: form %v, joined as %q", other.sawForm, other.joinedAs)
	}
	if n := countParticipants(t, day2); n != 2 {
		t.Fatalf("day 2 has %d participants, want 2", n)
	}
}

func countParticipants(t *testing.T, h *server.Host) int {
	t.Helper()
	st, err := h.Store.Load(context.Background(), h.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range st.Participants {
		if !p.Removed {
			n++
		}
	}
	return n
}
