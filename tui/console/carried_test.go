package console

import (
	"testing"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// carriedFromDay1 carries two items of day 1 into the fixture's session
// (issue 16), one of its road map and one candidate.
func carriedFromDay1(f *tuitest.Fixture) {
	from := func(item, placed string, votes int) *session.Origin {
		return &session.Origin{Session: "d1", Title: "Gün 1 — Rəqəmsal hökumət", Day: 1, Item: item, Placed: placed, Votes: votes}
	}
	f.Conn.Fac(session.Command{Type: session.CmdCarryItems, Carried: []session.Idea{
		{Text: "Vahid rəqəmsal infrastruktur", Topic: "İnkişaf", Origin: from("g14", "Now", 9)},
		{Text: "Единый реестр данных", Topic: "Integration", Origin: from("i20", "", 3)},
	}})
}

// TestCarriedLine: the lobby's word on carried items, and none without.
func TestCarriedLine(t *testing.T) {
	f := consoleFixture(session.PhaseLobby)
	if got := carriedLine(lang.New(lang.EN), f.Conn.State()); got != "" {
		t.Errorf("nothing carried, yet %q", got)
	}
	carriedFromDay1(f)
	if got, want := carriedLine(lang.New(lang.EN), f.Conn.State()), "2 items carried from “Gün 1 — Rəqəmsal hökumət”, day 1"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
