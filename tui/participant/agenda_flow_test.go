package participant

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// waitFor waits until the program's output shows want.
func waitFor(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), want) }, teatest.WithDuration(5*time.Second))
}

// TestFlowAgenda: a opens the agenda over the phase's screen and esc
// closes it; the header says what comes next.
func TestFlowAgenda(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	planned(f)
	tm := startFlow(t, f, 100, 30)
	waitFor(t, tm, "Next: Grouping, 10 min")
	tm.Send(tuitest.KeyMsg("a"))
	waitFor(t, tm, "Each discussed item")
	tm.Send(tuitest.KeyMsg("n")) // no new idea from behind the agenda
	tm.Send(tuitest.KeyMsg("esc"))
	screen := finish(t, f, tm)
	if strings.Contains(screen, "Each discussed item") || !strings.Contains(screen, "İnkişaf · 4 ideas") {
		t.Errorf("esc does not bring the board back:\n%s", screen)
	}
	if strings.Contains(screen, "New idea") {
		t.Errorf("n opened a new idea while the agenda was open:\n%s", screen)
	}
}

// TestFlowPrivateRound: in a private round the participant posts, sees
// only their own ideas and how many others posted; when the facilitator
// reveals, the others' ideas appear with a notice.
func TestFlowPrivateRound(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	privately(f)
	tm := startFlow(t, f, 100, 30)
	waitFor(t, tm, "2 more ideas from others, private")
	tm.Send(tuitest.KeyMsg("n"))
	tm.Type("Mənim ikinci qapalı ideyam")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the private idea in the hub", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		for _, i := range f.Conn.Srv.Ideas {
			if i.Text == "Mənim ikinci qapalı ideyam" {
				return i.Private
			}
		}
		return false
	})
	f.Conn.Fac(session.Command{Type: session.CmdRevealIdeas})
	waitFor(t, tm, "3 ideas from others are shown now")
	screen := finish(t, f, tm)
	for _, want := range []string{"Рашад: закрытая идея", "Leyla: qapalı ideya", "Mənim ikinci qapalı ideyam"} {
		if !strings.Contains(screen, want) {
			t.Errorf("after the reveal the board lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "private until") {
		t.Errorf("the board still says ideas are private:\n%s", screen)
	}
}

// TestPrivateRoundShowsNoOtherText: whatever the participant presses in a
// private round, no screen shows another participant's private text.
func TestPrivateRoundShowsNoOtherText(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	privately(f)
	m := newApp(f, 120, 40)
	for _, k := range []string{"", "tab", "tab", "tab", "shift+tab", "down", "down", "down", "enter", "esc", "a", "esc", "?"} {
		if k != "" {
			press(m, f.Conn, k)
		}
		s := plain(m)
		for _, secret := range []string{"Рашад: закрытая идея", "Leyla: qapalı ideya", "Tural: secret idea"} {
			if strings.Contains(s, secret) {
				t.Fatalf("after %q the screen shows another's private idea %q:\n%s", k, secret, s)
			}
		}
	}
}

// TestFlowVotesGivenBack: the facilitator lowers the budget below what the
// participant spent; the participant is told, and the budget line shows it.
func TestFlowVotesGivenBack(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseVote) // 3 of 5 votes spent
	tm := startFlow(t, f, 100, 30)
	waitFor(t, tm, "2 of 5 votes left")
	one := 1
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, VoteBudget: &one})
	waitFor(t, tm, "2 of your votes were given back")
	screen := finish(t, f, tm)
	if !strings.Contains(screen, "0 of 1 vote left") {
		t.Errorf("the budget line does not show the new budget:\n%s", screen)
	}
}

// TestParticipantTimeUpSignal: off by default, time running out stays
// quiet; b turns the signal on (и on a Russian layout), and then the bell
// rings and the header flashes once; a new phase leaves no time is up.
func TestParticipantTimeUpSignal(t *testing.T) {
	for _, tc := range []struct {
		name string
		tag  lang.Tag
		key  string
	}{{"b", lang.EN, "b"}, {"и on a Russian layout", lang.RU, "и"}} {
		t.Run(tc.name, func(t *testing.T) {
			f := tuitest.NewFixture(session.PhaseIdeas)
			clock := tuitest.T0.Add(4 * time.Minute)
			m := New(f.Conn, Options{Now: func() time.Time { return clock }, Dark: true, Lang: tc.tag})
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			tuitest.Pump(m, f.Conn)
			m.timeUp()
			clock = tuitest.T0.Add(5*time.Minute + time.Second)
			if cmd := m.timeUp(); cmd != nil || m.alarm.Flashing(clock) {
				t.Fatal("the signal rang while it was off")
			}
			f2 := tuitest.NewFixture(session.PhaseIdeas)
			clock = tuitest.T0.Add(4 * time.Minute)
			m = New(f2.Conn, Options{Now: func() time.Time { return clock }, Dark: true, Lang: tc.tag})
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			tuitest.Pump(m, f2.Conn)
			press(m, f2.Conn, tc.key)
			if !m.alarm.On {
				t.Fatalf("%s does not turn the signal on", tc.key)
			}
			m.timeUp()
			clock = tuitest.T0.Add(5*time.Minute + time.Second)
			if cmd := m.timeUp(); cmd == nil {
				t.Fatal("no bell when time is up with the signal on")
			}
			if s := plain(m); !strings.Contains(s, "⏰ ") {
				t.Fatalf("no flash when time is up:\n%s", s)
			}
			if cmd := m.timeUp(); cmd != nil {
				t.Error("the bell rang twice for one timer")
			}
			f2.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
			tuitest.Pump(m, f2.Conn)
			if s := plain(m); strings.Contains(s, "⏰") || strings.Contains(s, "00:00") {
				t.Errorf("time is up shows in the next phase:\n%s", s)
			}
		})
	}
}

// TestAgendaKeyOnRussianLayout: ф (a on the Russian layout) opens the agenda.
func TestAgendaKeyOnRussianLayout(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseLobby)
	m := newAppIn(f, 100, 30, lang.RU)
	press(m, f.Conn, "ф")
	if !m.agenda.open || !strings.Contains(plain(m), "Каждый обсуждаемый пункт") {
		t.Fatalf("ф does not open the agenda:\n%s", plain(m))
	}
}
