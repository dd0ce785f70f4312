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
