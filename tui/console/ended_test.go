package console

import (
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestConsoleSaysTheSessionEndedAndHowToExport: a co-facilitator's console
// on a host that stopped with the session closed says so and how to get
// the road map: e here, or roundtable export on the host's computer.
func TestConsoleSaysTheSessionEndedAndHowToExport(t *testing.T) {
	f := consoleFixture(session.PhaseClosed)
	c := newCoFacilitatorConsole(f, 120, 40, t.TempDir())
	f.Conn.SetStatus(client.Ended)
	tuitest.Pump(c, f.Conn)
	screen := cplain(c)
	tuitest.MustContain(t, screen, "■ session ended", "The session has ended: the host has stopped.",
		"Press e to write the road map here", "roundtable export --db")
	tuitest.MustNotContain(t, screen, "reconnecting", "> next phase", "t timer")
	tuitest.CheckFits(t, c.Cells, screen, 120, 40)

	// Nothing can change any more: phase keys do nothing, e still
	// exports this console's copy, q quits without asking.
	before := len(f.Conn.Sent)
	cpress(c, f.Conn, "<", "t", "r")
	if len(f.Conn.Sent) != before || c.Confirm != nil {
		t.Errorf("keys after the end sent %v (question: %v)", f.Conn.Sent[before:], c.Confirm)
	}
	tuitest.MustContain(t, cplain(c), "nothing more can change")
	cpress(c, f.Conn, "e", "enter")
	tuitest.MustContain(t, cplain(c), "Road map written: ", "4 files written:")
	tuitest.MustQuitOn(t, c, "q", "q after the end (asking instead is wrong)")
}

// TestConsoleSaysTheHostPaused: stopped with the session open, the console
// says the session is kept and it will reconnect.
func TestConsoleSaysTheHostPaused(t *testing.T) {
	f := consoleFixture(session.PhaseVote)
	c := newCoFacilitatorConsole(f, 120, 40, t.TempDir())
	f.Conn.SetStatus(client.Paused)
	tuitest.Pump(c, f.Conn)
	screen := cplain(c)
	tuitest.MustContain(t, screen, "⏸ host paused", "The host was stopped; the session is kept")
}

// newCoFacilitatorConsole is a console in another terminal than the host
// (`roundtable console`): quitting it does not stop the host.
func newCoFacilitatorConsole(f *tuitest.Fixture, w, h int, dir string) *Console {
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: dir})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	tuitest.Pump(m, f.Conn)
	return m
}

// TestEndedAndPausedGolden draws the console of a host that stopped, in
// English at 100×30 and in Azerbaijani and Russian at 80×24 and 120×40:
// the session ended (closed phase) and the host paused (open session).
// The console is online first and sees the change as it happens. Refresh
// with: go test ./tui/console/ -run TestEndedAndPausedGolden -update
func TestEndedAndPausedGolden(t *testing.T) {
	for moment, mo := range tuitest.StopMoments() {
		for _, ls := range []struct {
			tag   lang.Tag
			sizes [][2]int
		}{{lang.EN, [][2]int{{100, 30}}}, {lang.AZ, [][2]int{{80, 24}, {120, 40}}}, {lang.RU, [][2]int{{80, 24}, {120, 40}}}} {
			for _, size := range ls.sizes {
				w, h := size[0], size[1]
				name := "console_" + moment + "_"
				if ls.tag != lang.EN {
					name += string(ls.tag) + "_"
				}
				t.Run(name+strconv.Itoa(w)+"x"+strconv.Itoa(h), func(t *testing.T) {
					c, _ := stoppedConsole(t, moment, mo, ls.tag, w, h)
					out := cplain(c)
					tuitest.CheckFits(t, c.Cells, out, w, h)
					checkConsoleFooter(t, c, out)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// stoppedConsole is a co-facilitator's console in language tag, w×h, on a
// host that stopped at moment mo.
func stoppedConsole(t *testing.T, moment string, mo tuitest.StopMoment, tag lang.Tag, w, h int) (*Console, *tuitest.Fixture) {
	t.Helper()
	f := consoleFixture(mo.Phase)
	if mo.Before != nil {
		mo.Before(f)
	}
	c := newConsoleWith(f, w, h, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir(), Lang: tag})
	f.Conn.SetStatus(mo.Status)
	tuitest.Pump(c, f.Conn)
	return c, f
}
