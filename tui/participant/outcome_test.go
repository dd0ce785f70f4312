package participant

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestFlowOutcome: o opens the outcome in the middle of the discussion; a
// decision the facilitator records meanwhile appears in it, the road map
// placed later too; ↓ scrolls; esc goes back to the discussion.
func TestFlowOutcome(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseDiscuss)
	scr := tuitest.Watch(New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true}))
	tm := teatest.NewTestModel(t, scr, teatest.WithInitialTermSize(80, 24))
	t.Cleanup(f.Conn.Close)
	tm.Send(tuitest.KeyMsg("o"))
	scr.WaitFor(t, "The outcome so far", "Pilot 2026-cı ilin ikinci rübündə başlasın.")
	decision := "Reyestr üçün hüquqi baza hazırlansın."
	f.Conn.Fac(session.Command{Type: session.CmdNote, Item: f.Ideas["registry"], Decision: decision})
	scr.WaitFor(t, decision)
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	f.Conn.Fac(session.Command{Type: session.CmdPlace, Item: f.Ideas["registry"], Horizon: "Later", Lead: "İRİA"})
	scr.WaitFor(t, "Draft road map", "Lead: İRİA")
	tm.Send(tuitest.KeyMsg("esc"))
	screen := finish(t, f, tm)
	tuitest.MustContain(t, screen, "Draft road map", "c comment")
	tuitest.MustNotContain(t, screen, "The outcome so far")
}

// TestOutcomeScrollsAndFits: at 80×24 the outcome of a session with a road
// map is longer than the screen: ↓ scrolls to its end, which shows the last
// horizon, and every line fits.
func TestOutcomeScrollsAndFits(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 80, 24)
	press(m, f.Conn, "o")
	if !m.outcome.open {
		t.Fatal("o does not open the outcome in the closed phase")
	}
	first := plain(m)
	tuitest.MustContain(t, first, "The outcome so far", "Decisions and notes", "Pilot 2026-cı ilin ikinci rübündə")
	for range 30 {
		press(m, f.Conn, "down")
	}
	last := plain(m)
	tuitest.CheckFits(t, m.Cells, last, 80, 24)
	tuitest.MustContain(t, last, "Later · 0 items", "lines above", "Lead: İRİA")
	press(m, f.Conn, "o")
	if m.outcome.open {
		t.Error("o again does not close the outcome")
	}
}

// TestOutcomeOnOtherLayouts: щ (o on a Russian layout) opens the outcome.
func TestOutcomeOnOtherLayouts(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseRoadmap)
	m := newApp(f, 120, 40)
	press(m, f.Conn, "щ")
	if !m.outcome.open {
		t.Fatal("щ (o on a Russian layout) does not open the outcome")
	}
}

// TestParticipantsReceiveTheOutcome: a participant's replica holds the
// notes, decisions and placements whole, as the facilitator's does: the
// hub does not redact them (docs/PROTOCOL.md).
func TestParticipantsReceiveTheOutcome(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseRoadmap)
	rep := f.Conn.State()
	full := f.Conn.Srv
	for id, n := range full.Notes {
		if got := rep.Notes[id]; got == nil || *got != *n {
			t.Errorf("note on %s: the participant has %+v, the hub %+v", id, got, n)
		}
	}
	for id, r := range full.Roadmap {
		got := rep.Roadmap[id]
		if got == nil || got.Lead != r.Lead || strings.Join(got.Supporters, ",") != strings.Join(r.Supporters, ",") || got.Horizon != r.Horizon {
			t.Errorf("placement of %s: the participant has %+v, the hub %+v", id, got, r)
		}
	}
}
