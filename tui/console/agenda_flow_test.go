package console

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// waitScreen waits until the program's output shows want.
func waitScreen(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), want) }, teatest.WithDuration(5*time.Second))
}

// typeKeys sends each rune of s as a key press.
func typeKeys(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tuitest.KeyMsg(string(r)))
	}
}

// TestConsoleFlowAgenda: a opens the agenda, the facilitator plans twelve
// minutes of grouping, closes it, moves on, and the hub starts the twelve
// minutes for everyone.
func TestConsoleFlowAgenda(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	tm := startConsoleFlow(t, f, 100, 30)
	tm.Send(tuitest.KeyMsg("a"))
	waitScreen(t, tm, "Each discussed item")
	tm.Send(tuitest.KeyMsg("down"))
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "Time for Grouping")
	typeKeys(tm, "12")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the agenda to plan grouping", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Settings.Agenda.Time(session.PhaseGroup) == 12*time.Minute })
	})
	waitScreen(t, tm, "Grouping: 12 min on the agenda.")
	tm.Send(tuitest.KeyMsg("esc"))
	tm.Send(tuitest.KeyMsg(">"))
	tm.Send(tuitest.KeyMsg("y"))
	tuitest.Eventually(t, "the phase change", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Phase == session.PhaseGroup })
	})
	screen := finishConsole(t, f, tm)
	timer := hub(f.Conn, func(st *session.State) session.Timer { return st.Timer })
	if !timer.Running || timer.Duration != 12*time.Minute {
		t.Fatalf("the timer is %+v, want the agenda's 12 minutes running", timer)
	}
	if !strings.Contains(screen, "⏱ 11:32") { // started at the fake hub's T0, seen 28 s later
		t.Errorf("the header does not show the new phase's time:\n%s", screen)
	}
}

// TestConsoleFlowRoomSettings: , opens the room settings; the facilitator
// adds a topic, renames one, and lowers the vote budget below what was
// spent: after y the votes go back and the console says how many.
func TestConsoleFlowRoomSettings(t *testing.T) {
	f := consoleFixture(session.PhaseVote)
	tm := startConsoleFlow(t, f, 100, 30)
	tm.Send(tuitest.KeyMsg(","))
	waitScreen(t, tm, "Room settings")
	for range 4 { // past the four topics to "Add a topic"
		tm.Send(tuitest.KeyMsg("down"))
	}
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "Name of the new topic")
	typeKeys(tm, "Təhlükəsizlik")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the new topic", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return len(st.Topics) == 5 && st.Topics[4].Name == "Təhlükəsizlik" })
	})
	tm.Send(tuitest.KeyMsg("up"))
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "Rename the topic")
	tm.Send(tuitest.KeyMsg("ctrl+u"))
	typeKeys(tm, "Digər işlər")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the renamed topic", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Topics[3].Name == "Digər işlər" })
	})
	for range 3 { // Add a topic, then the budget (five topics now)
		tm.Send(tuitest.KeyMsg("down"))
	}
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "a number; below what was given")
	tm.Send(tuitest.KeyMsg("ctrl+u"))
	typeKeys(tm, "1")
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "4 votes go back to 3 participants")
	if n := len(f.Conn.SentOf(session.CmdUpdateSettings)); n != 0 {
		t.Fatalf("the budget changed before y (%d update_settings)", n)
	}
	tm.Send(tuitest.KeyMsg("y"))
	waitScreen(t, tm, "4 votes given back to 3 participants.")
	spent := hub(f.Conn, func(st *session.State) (out []int) {
		for _, p := range st.ParticipantList() {
			out = append(out, p.VotesSpent)
		}
		return out
	})
	for _, n := range spent {
		if n > 1 {
			t.Errorf("a participant still has %d votes spent of a budget of 1: %v", n, spent)
		}
	}
	finishConsole(t, f, tm)
}

// TestConsoleFlowRevealIdeas: in a private round r asks, and y reveals
// every private idea to everyone.
func TestConsoleFlowRevealIdeas(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	privateRound(f)
	tm := startConsoleFlow(t, f, 100, 30)
	waitScreen(t, tm, "private: 2 ideas, r reveals")
	tm.Send(tuitest.KeyMsg("r"))
	waitScreen(t, tm, "Reveal all 2 private ideas to everyone? y to reveal")
	tm.Send(tuitest.KeyMsg("y"))
	tuitest.Eventually(t, "the reveal", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return !st.Concealed && privateCount(st) == 0 })
	})
	screen := finishConsole(t, f, tm)
	if strings.Contains(screen, "private:") {
		t.Errorf("the header still says the round is private:\n%s", screen)
	}
	if f.Conn.SentOf(session.CmdRevealVotes) != nil {
		t.Error("r revealed the votes as well")
	}
}

// TestConsoleTimeUpSignal: when the timer runs out the console rings and
// flashes once, and says so; after a phase change neither the notice nor a
// timer is left, and no second bell rings.
func TestConsoleTimeUpSignal(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	clock := tuitest.T0.Add(4 * time.Minute)
	m := newConsoleWith(f, 100, 30, Options{Now: func() time.Time { return clock }, Join: testJoin()})
	if cmd := m.timeUp(); cmd != nil {
		t.Fatal("the bell rang with a minute left")
	}
	clock = tuitest.T0.Add(5*time.Minute + time.Second)
	if cmd := m.timeUp(); cmd == nil {
		t.Fatal("no bell when time is up")
	}
	s := cplain(m)
	if !strings.Contains(s, "⏰ Time is up: Ideas") || !strings.Contains(s, "Time is up") {
		t.Fatalf("no flash and notice when time is up:\n%s", s)
	}
	if cmd := m.timeUp(); cmd != nil {
		t.Error("the bell rang twice for one timer")
	}
	clock = clock.Add(tuitestFlash)
	if strings.Contains(cplain(m), "⏰") {
		t.Error("the flash does not end")
	}
	cpress(m, f.Conn, ">", "y")
	s = cplain(m)
	if strings.Contains(s, "Time is up") || strings.Contains(s, "00:00") {
		t.Errorf("time is up shows in the next phase:\n%s", s)
	}
}

// tuitestFlash is past the flash.
const tuitestFlash = 4 * time.Second

// TestAgendaKeysOnRussianLayout: ф (a on the Russian layout) opens the
// agenda, б (,) the room settings, in a console that reads Russian.
func TestAgendaKeysOnRussianLayout(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	m := newConsoleWith(f, 100, 30, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: lang.RU})
	cpress(m, f.Conn, "ф")
	if !m.agenda.open || !strings.Contains(cplain(m), "Каждый обсуждаемый пункт") {
		t.Fatalf("ф does not open the agenda:\n%s", cplain(m))
	}
	cpress(m, f.Conn, "esc", "б")
	if m.agenda.open || !m.settings.open || !strings.Contains(cplain(m), "Параметры сессии") {
		t.Fatalf("б does not open the room settings:\n%s", cplain(m))
	}
}

// TestOverlaysAtTinySizes draws the agenda and the room settings at sizes
// down to nothing, in every language, within the screen.
func TestOverlaysAtTinySizes(t *testing.T) {
	for _, tag := range append(lang.All, lang.Pseudo) {
		for _, k := range []string{"a", ","} {
			f := consoleFixture(session.PhaseVote)
			m := newConsoleWith(f, 100, 30, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: tag})
			cpress(m, f.Conn, k)
			for _, size := range [][2]int{{0, 0}, {1, 1}, {20, 5}, {45, 12}, {60, 14}, {80, 24}, {89, 20}} {
				m.Update(windowSize(size[0], size[1]))
				out := cplain(m)
				if size[0] == 0 {
					continue
				}
				tuitest.CheckFits(t, m.Cells, out, size[0], size[1])
			}
		}
	}
}
