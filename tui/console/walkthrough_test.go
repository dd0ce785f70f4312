package console

import (
	"strings"
	"testing"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// Tests of what the walkthrough of issue 15 found on the console.

// TestNoStatusLineOutlivesItsPhase: what the console said about voting is
// not said in Discussion: the header's votes facts belong to the Vote
// phase, and a notice of the Vote phase goes when another console (a
// co-facilitator's) moves the phase on; the console's own "Moving to …"
// stays.
func TestNoStatusLineOutlivesItsPhase(t *testing.T) {
	f := consoleFixture(session.PhaseVote)
	m := newConsoleApp(f, 80, 24, t.TempDir())
	cpress(m, f.Conn, "l") // voting closes
	closed := m.L.S("console.vote.closed_now")
	if m.Notice != closed {
		t.Fatalf("the notice is %q, want %q", m.Notice, closed)
	}
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
	tuitest.Pump(m, f.Conn)
	out := cplain(m)
	tuitest.MustNotContain(t, out, closed, m.L.S("console.header.voting_closed"), m.L.S("console.header.tallies_shown"))

	cpress(m, f.Conn, ">", "y")
	moving := m.L.S("console.phase.moving", "Phase", "Road map")
	if !strings.Contains(cplain(m), moving) {
		t.Errorf("after moving on, the console does not say %q:\n%s", moving, cplain(m))
	}
}

// TestMergedTopicsAgree: ideas merged from two topics are counted where
// they are listed: every tab's count is the ideas under that tab.
func TestMergedTopicsAgree(t *testing.T) {
	f := consoleFixture(session.PhaseGroup)
	f.Conn.Fac(session.Command{Type: session.CmdGroupIdeas, Name: "Kadrlar və reyestr", Ideas: []string{f.Ideas["training"], f.Ideas["registry"]}})
	m := newConsoleApp(f, 120, 40, t.TempDir())
	for k := range m.St.Topics {
		m.moderate.topic = k
		m.moderate.rebuild(m.desk())
		listed := 0
		for _, r := range m.moderate.rows.Rows() {
			if r.idea != nil && !r.idea.Hidden {
				listed++
			}
		}
		if got := m.moderate.counts[k]; got != listed {
			t.Errorf("topic %d: the tab counts %d ideas, the list shows %d", k+1, got, listed)
		}
	}
	if cov := m.room.coverage; cov[0].ideas != m.moderate.counts[0]+1 || cov[2].ideas != m.moderate.counts[2] {
		// coverage counts hidden ideas too: the first topic has one
		t.Errorf("coverage counts %d and %d ideas under topics 1 and 3, the tabs %d and %d", cov[0].ideas, cov[2].ideas, m.moderate.counts[0], m.moderate.counts[2])
	}
}

// TestMovingAGroupedIdeaIsRefused: o on an idea inside a group says to
// take it out first, since it stands under the group's topic.
func TestMovingAGroupedIdeaIsRefused(t *testing.T) {
	f := consoleFixture(session.PhaseGroup)
	m := newConsoleApp(f, 120, 40, t.TempDir())
	cpress(m, f.Conn, "down", "o")
	if m.input.open || m.Notice != m.L.S("console.move.member") {
		t.Errorf("o on a grouped idea: field open %v, notice %q", m.input.open, m.Notice)
	}
}

// TestHelpListsEachKeyOnce: the full help (?) lists every key once, though
// a screen and the console both name preview and export.
func TestHelpListsEachKeyOnce(t *testing.T) {
	for _, p := range []session.Phase{session.PhaseIdeas, session.PhaseVote, session.PhaseDiscuss, session.PhaseRoadmap, session.PhaseClosed} {
		f := consoleFixture(p)
		m := newConsoleApp(f, 160, 45, t.TempDir())
		cpress(m, f.Conn, "?")
		out := cplain(m)
		for _, k := range []string{m.Keys.Preview.Help().Desc, m.Keys.Export.Help().Desc, m.Keys.Timer.Help().Desc} {
			if n := strings.Count(out, " "+k+" ") + strings.Count(out, " "+k+"\n"); n > 1 {
				t.Errorf("%s: the help lists %q %d times:\n%s", p, k, n, out)
			}
		}
	}
}
