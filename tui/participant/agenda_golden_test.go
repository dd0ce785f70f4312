package participant

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// planned gives the fixture's session an agenda: 5 minutes of
// registration, 15 of ideas, 10 of grouping, 30 of discussion, 2 min 30 s
// per discussed item.
func planned(f *tuitest.Fixture) {
	a := session.Agenda{Phases: map[session.Phase]time.Duration{
		session.PhaseLobby: 5 * time.Minute, session.PhaseIdeas: 15 * time.Minute, session.PhaseGroup: 10 * time.Minute,
		session.PhaseDiscuss: 30 * time.Minute,
	}, Item: 150 * time.Second}
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, Agenda: &a})
}

// privately turns private brainstorming on (in the ideas phase a private
// round begins); others post ideas only they and the facilitator read.
func privately(f *tuitest.Fixture) {
	on := true
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: &on})
	if f.Conn.Srv.Phase != session.PhaseIdeas {
		return
	}
	t := f.Conn.Srv.Topics
	f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: t[0].ID, Text: "Рашад: закрытая идея"})
	f.Conn.By(f.Others["leyla"], session.Command{Type: session.CmdPostIdea, Topic: t[0].ID, Text: "Leyla: qapalı ideya"})
	f.Conn.By(f.Others["tural"], session.Command{Type: session.CmdPostIdea, Topic: t[1].ID, Text: "Tural: secret idea"})
	f.Conn.By(f.Me, session.Command{Type: session.CmdPostIdea, Topic: t[0].ID, Text: "Aysel: mənim qapalı ideyam"})
}

// agendaScreens are the participant's screens of issue 15, each drawn in
// every language at 80×24 and 120×40; want is text each must show.
var agendaScreens = map[string]struct {
	screenCase
	want, az, ru string
}{
	"agenda":        {screenCase{phase: session.PhaseIdeas, setup: planned, keys: []string{"a"}}, "now · 04:32 left", "indi · 04:32 qalıb", "сейчас · осталось 04:32"},
	"agenda_lobby":  {screenCase{phase: session.PhaseLobby, setup: func(f *tuitest.Fixture) { planned(f); privately(f) }}, "Time: Lobby 5\u00a0min · Ideas 15\u00a0min", "Vaxt: Qeydiyyat 5\u00a0dəq · İdeyalar 15\u00a0dəq", "Время: Регистрация 5\u00a0мин · Идеи 15\u00a0мин"},
	"ideas_planned": {screenCase{phase: session.PhaseIdeas, setup: planned}, "Grouping, 10 min", "Qruplaşdırma, 10 dəq", "Группировка, 10 мин"},
	"ideas_private": {screenCase{phase: session.PhaseIdeas, setup: privately}, "2 more ideas from others, private", "Başqalarından daha 2 ideya", "Ещё 2 идеи других участников"},
	"ideas_revealed": {screenCase{phase: session.PhaseIdeas, setup: func(f *tuitest.Fixture) {
		privately(f)
		f.Conn.Fac(session.Command{Type: session.CmdRevealIdeas})
	}}, "3 ideas from others are shown now", "başqalarının 3 ideyası indi görünür", "теперь видны 3 идеи других участников"},
	"vote_refunded": {screenCase{phase: session.PhaseVote, setup: func(f *tuitest.Fixture) {
		one := 1
		f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, VoteBudget: &one})
	}}, "2 of your votes were given back", "2 səsiniz sizə qaytarıldı", "вам возвращено 2 голоса"},
}

// TestAgendaGolden draws the participant's screens of issue 15 and
// compares them with testdata/TestAgendaGolden. Refresh with:
// go test ./tui/participant/ -run TestAgendaGolden -update
func TestAgendaGolden(t *testing.T) {
	for name, tc := range agendaScreens {
		for _, gl := range goldenLangs {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[gl.tag]
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s%s_%dx%d", gl.prefix, name, w, h), func(t *testing.T) {
					m, _ := tc.draw(name, gl.tag, w, h)
					out := plain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					if !strings.Contains(out, want) {
						t.Errorf("the screen does not show %q:\n%s", want, out)
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestAgendaPseudo draws the same screens in the pseudo language.
func TestAgendaPseudo(t *testing.T) {
	for name, tc := range agendaScreens {
		t.Run(name, func(t *testing.T) {
			m, f := tc.draw(name, lang.Pseudo, 120, 40)
			f.Conn.Mu.Lock()
			data := tuitest.Cut(tuitest.StateWords(f.Conn.Srv))
			f.Conn.Mu.Unlock()
			data = append(append(data, tuitest.Keycaps...), tc.keys...)
			if out := plain(m); len(lang.Escaped(out, data...)) > 0 {
				t.Errorf("English on the screen: %q\n%s", lang.Escaped(out, data...), out)
			}
		})
	}
}
