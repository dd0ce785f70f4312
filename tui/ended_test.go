package tui

import (
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"roundtable/server/client"
	"roundtable/session"
)

// TestEndedScreenThanksAndShowsTheRoadMap: when the host stops with the
// session closed, the participant's app says the session has ended, what
// happens next, that the feedback arrived, and still shows the final road
// map; it no longer offers to act, and q leaves at once.
func TestEndedScreenThanksAndShowsTheRoadMap(t *testing.T) {
	f := newFixture(session.PhaseClosed)
	m := newApp(f, 100, 30)
	press(m, f.conn, "4", "enter", "enter") // rate 4, no comment, send
	if len(f.conn.sentOf(session.CmdFeedback)) != 1 {
		t.Fatal("the feedback was not sent")
	}
	f.conn.setStatus(client.Ended)
	pump(m, f.conn)
	screen := plain(m)
	mustContain(t, screen,
		"■ session ended",
		"The session has ended. Thank you for taking part!",
		"The facilitator will share the road map",
		"Your feedback (★★★★☆ 4 of 5) reached the host.",
		"Final road map", "Vahid rəqəmsal infrastruktur",
		"q quit")
	mustNotContain(t, screen, "reconnecting", "disconnected", "d done", "change feedback")
	checkFits(t, m.Cells, screen, 100, 30)

	before := len(f.conn.sent)
	press(m, f.conn, "d", "enter", "5")
	if len(f.conn.sent) != before {
		t.Errorf("keys after the end sent %v", f.conn.sent[before:])
	}
	_, cmd := m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
	}
}

// TestEndedSaysWhatDidNotArrive: feedback typed while the host was
// already gone did not reach it; the ended screen says so rather than
// thanking for it, and q still leaves at once.
func TestEndedSaysWhatDidNotArrive(t *testing.T) {
	f := newFixture(session.PhaseClosed)
	m := newApp(f, 100, 30)
	f.conn.setOnline(false)
	pump(m, f.conn)
	press(m, f.conn, "5", "enter")
	typeText(m, "Çox faydalı idi")
	press(m, f.conn, "enter")
	f.conn.setStatus(client.Ended)
	pump(m, f.conn)
	screen := plain(m)
	mustContain(t, screen, "The session has ended.", "Your feedback did not reach the host before it stopped.")
	mustNotContain(t, screen, "reached the host.", "⧗ sending")
	_, cmd := m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q asked to wait for actions that can never be sent")
	}
}

// TestEndedWhileTypingClosesTheTextArea: the text area closes when the
// session ends, and the participant is told that what they were typing
// could not be sent (in full, at 80 columns).
func TestEndedWhileTypingClosesTheTextArea(t *testing.T) {
	f := newFixture(session.PhaseClosed)
	m := newApp(f, 80, 24)
	press(m, f.conn, "3", "enter")
	typeText(m, "Yarımçıq fikir")
	f.conn.setStatus(client.Ended)
	pump(m, f.conn)
	screen := plain(m)
	mustContain(t, screen, "The session has ended.", "what you were typing could not be sent.")
	checkFits(t, m.Cells, screen, 80, 24)
	mustNotContain(t, screen, "Yarımçıq fikir")
}

// TestPausedKeepsWorkAndSendsItWhenTheHostIsBack: when the facilitator
// stops the host of an open session, the app says so and that work is
// kept; what is typed meanwhile waits and is sent once the host is back.
func TestPausedKeepsWorkAndSendsItWhenTheHostIsBack(t *testing.T) {
	f := newFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.conn.setStatus(client.Paused)
	pump(m, f.conn)
	screen := plain(m)
	mustContain(t, screen, "⏸ host paused", "The facilitator stopped the host. Your work is kept and sent when it is back.")
	mustNotContain(t, screen, "reconnecting", "Connection lost")

	press(m, f.conn, "n")
	typeText(m, "Fasilədə yazılmış fikir")
	press(m, f.conn, "enter")
	mustContain(t, plain(m), "1 action waiting", "⧗ sending")
	if n := countIdeas(f.conn, "Fasilədə yazılmış fikir"); n != 0 {
		t.Fatalf("the idea reached the stopped host %d times", n)
	}
	f.conn.setStatus(client.Online)
	pump(m, f.conn)
	screen = plain(m)
	if n := countIdeas(f.conn, "Fasilədə yazılmış fikir"); n != 1 {
		t.Fatalf("after the host came back it has the idea %d times, want 1", n)
	}
	mustContain(t, screen, "● online", "The host is back; your work has been sent.")
	mustNotContain(t, screen, "waiting", "⧗ sending")
}

// TestConsoleSaysTheSessionEndedAndHowToExport: a co-facilitator's console
// on a host that stopped with the session closed says so and how to get
// the road map: e here, or roundtable export on the host's computer.
func TestConsoleSaysTheSessionEndedAndHowToExport(t *testing.T) {
	f := consoleFixture(session.PhaseClosed)
	c := newCoFacilitatorConsole(f, 120, 40, t.TempDir())
	f.conn.setStatus(client.Ended)
	pump(c, f.conn)
	screen := cplain(c)
	mustContain(t, screen, "■ session ended", "The session has ended: the host has stopped.",
		"Press e to write the road map here", "roundtable export --db")
	mustNotContain(t, screen, "reconnecting", "> next phase", "t timer")
	checkFits(t, c.Cells, screen, 120, 40)

	// Nothing can change any more: phase keys do nothing, e still
	// exports this console's copy, q quits without asking.
	before := len(f.conn.sent)
	cpress(c, f.conn, "<", "t", "r")
	if len(f.conn.sent) != before || c.Confirm != nil {
		t.Errorf("keys after the end sent %v (question: %v)", f.conn.sent[before:], c.Confirm)
	}
	mustContain(t, cplain(c), "nothing more can change")
	cpress(c, f.conn, "e")
	mustContain(t, cplain(c), "Road map written: ")
	_, cmd := c.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q asked instead of quitting")
	}
}

// TestConsoleSaysTheHostPaused: stopped with the session open, the console
// says the session is kept and it will reconnect.
func TestConsoleSaysTheHostPaused(t *testing.T) {
	f := consoleFixture(session.PhaseVote)
	c := newCoFacilitatorConsole(f, 120, 40, t.TempDir())
	f.conn.setStatus(client.Paused)
	pump(c, f.conn)
	screen := cplain(c)
	mustContain(t, screen, "⏸ host paused", "The host was stopped; the session is kept")
}

// TestWallSaysTheSessionEnded: the projector says the session has ended
// and keeps the final road map up.
func TestWallSaysTheSessionEnded(t *testing.T) {
	f := newFixture(session.PhaseClosed)
	w := newTestWall(f, 120, 40, fixedNow)
	f.conn.setStatus(client.Ended)
	pump(w, f.conn)
	screen := wallPlain(w)
	mustContain(t, screen, "■ session ended", "The session has ended. Thank you!", "Vahid rəqəmsal infrastruktur")
	mustNotContain(t, screen, "reconnecting", "disconnected")
}

// newCoFacilitatorConsole is a console in another terminal than the host
// (`roundtable console`): quitting it does not stop the host.
func newCoFacilitatorConsole(f *fixture, w, h int, dir string) *Console {
	m := NewConsole(f.conn, ConsoleOptions{Now: fixedNow, Dark: true, Join: testJoin(), ExportDir: dir})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	pump(m, f.conn)
	return m
}

// TestEndedAndPausedGolden draws the screens of a host that stopped: the
// session ended (closed phase) and the host paused (open session), for the
// participant app at 80×24 and 120×40, the console and the wall at 100×30.
// Each app is online first and sees the change as it happens.
// Refresh with: go test ./tui/ -run TestEndedAndPausedGolden -update
func TestEndedAndPausedGolden(t *testing.T) {
	type app struct {
		build func(f *fixture, w, h int) (tea.Model, func() string, Cells)
		sizes [][2]int
	}
	apps := map[string]app{
		"participant": {
			build: func(f *fixture, w, h int) (tea.Model, func() string, Cells) {
				m := newApp(f, w, h)
				return m, func() string { return plain(m) }, m.Cells
			},
			sizes: [][2]int{{80, 24}, {120, 40}},
		},
		"console": {
			build: func(f *fixture, w, h int) (tea.Model, func() string, Cells) {
				c := newCoFacilitatorConsole(f, w, h, t.TempDir())
				return c, func() string { return cplain(c) }, c.Cells
			},
			sizes: [][2]int{{100, 30}},
		},
		"wall": {
			build: func(f *fixture, w, h int) (tea.Model, func() string, Cells) {
				m := newTestWall(f, w, h, fixedNow)
				return m, func() string { return wallPlain(m) }, m.Cells
			},
			sizes: [][2]int{{100, 30}},
		},
	}
	moments := map[string]struct {
		phase  session.Phase
		status client.Status
		before func(f *fixture)
	}{
		"ended": {phase: session.PhaseClosed, status: client.Ended, before: func(f *fixture) {
			f.conn.by(f.me, session.Command{Type: session.CmdFeedback, Rating: 4, Text: "Faydalı idi"})
		}},
		"paused": {phase: session.PhaseIdeas, status: client.Paused},
	}
	for appName, a := range apps {
		for moment, mo := range moments {
			for _, size := range a.sizes {
				w, h := size[0], size[1]
				t.Run(appName+"_"+moment+"_"+strconv.Itoa(w)+"x"+strconv.Itoa(h), func(t *testing.T) {
					var f *fixture
					if appName == "console" {
						f = consoleFixture(mo.phase)
					} else {
						f = newFixture(mo.phase)
					}
					if mo.before != nil {
						mo.before(f)
					}
					m, view, tx := a.build(f, w, h)
					f.conn.setStatus(mo.status)
					pump(m, f.conn)
					out := view()
					checkFits(t, tx, out, w, h)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}
