package console

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

// fullAgenda plans the reference workshop: 5 minutes of registration, 15
// of ideas, 10 of grouping, 30 of discussion, 2 min 30 s per item.
func fullAgenda(f *tuitest.Fixture) {
	a := session.Agenda{Phases: map[session.Phase]time.Duration{
		session.PhaseLobby: 5 * time.Minute, session.PhaseIdeas: 15 * time.Minute, session.PhaseGroup: 10 * time.Minute,
		session.PhaseDiscuss: 30 * time.Minute, session.PhaseRoadmap: 80 * time.Minute,
	}, Item: 150 * time.Second}
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, Agenda: &a})
}

// privateRound turns private brainstorming on in the fixture's ideas
// phase, and two participants post private ideas.
func privateRound(f *tuitest.Fixture) {
	on := true
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: &on})
	topics := f.Conn.Srv.Topics
	f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: topics[0].ID, Text: "Закрытая идея Рашада"})
	f.Conn.By(f.Others["leyla"], session.Command{Type: session.CmdPostIdea, Topic: topics[1].ID, Text: "Leylanın qapalı ideyası"})
}

// agendaCases are the console's screens of issue 15: the agenda overlay,
// the room settings, a private round. Each is drawn in every language at
// 80×24 and 120×40.
func agendaCases() map[string]consoleCase {
	toBudget := []string{",", "down", "down", "down", "down", "down"}
	return map[string]consoleCase{
		"agenda":          {phase: session.PhaseIdeas, setup: fullAgenda, keys: []string{"a"}, want: "Agenda · 2 h 20 min planned", az: "Gündəlik · cəmi 2 saat 20 dəq", ru: "Повестка · всего 2 ч 20 мин"},
		"agenda_empty":    {phase: session.PhaseLobby, keys: []string{"a"}, want: "Each discussed item", az: "Müzakirə olunan hər bənd", ru: "Каждый обсуждаемый пункт"},
		"agenda_edit":     {phase: session.PhaseIdeas, setup: fullAgenda, keys: []string{"a", "down", "enter"}, want: "Time for Grouping", az: "Qruplaşdırma mərhələsi üçün vaxt", ru: "Время на этап «Группировка»"},
		"settings":        {phase: session.PhaseIdeas, keys: []string{","}, want: "Private brainstorming", az: "Qapalı beyin həmləsi", ru: "Закрытый мозговой штурм"},
		"settings_budget": {phase: session.PhaseVote, keys: append(toBudget, "enter"), want: "Votes per participant", az: "Hər iştirakçının səsi", ru: "Голосов у каждого участника"},
		"settings_refund": {phase: session.PhaseVote, keys: append(toBudget, "enter", "ctrl+u", "1", "enter"), want: "4 votes go back to 3 participants", az: "4 səs 3 iştirakçıya qaytarılacaq", ru: "4 голоса вернутся 3 участникам"},
		"ideas_private":   {phase: session.PhaseIdeas, setup: privateRound, want: "private: 2 ideas, r reveals", az: "qapalı: 2 ideya, r açır", ru: "закрыто: 2 идеи, r — открыть"},
		"reveal_confirm":  {phase: session.PhaseIdeas, setup: privateRound, keys: []string{"r"}, want: "Reveal all 2 private ideas to everyone? y to reveal", az: "2 qapalı ideyanın hamısı açılsın", ru: "Открыть все 2 закрытые идеи"},
	}
}

// TestAgendaGolden draws the console's screens of issue 15 in English,
// Azerbaijani and Russian at 80×24 and 120×40 and compares them with
// testdata/TestAgendaGolden. Refresh with:
// go test ./tui/console/ -run TestAgendaGolden -update
func TestAgendaGolden(t *testing.T) {
	for name, tc := range agendaCases() {
		for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[tag]
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s_%s_%dx%d", name, tag, w, h), func(t *testing.T) {
					m, _ := drawCase(t, tc, tag, w, h)
					out := cplain(m)
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

// TestAgendaPseudo draws the same screens in the pseudo language: every
// word they show went through the catalogue.
func TestAgendaPseudo(t *testing.T) {
	for name, tc := range agendaCases() {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				m, f := drawCase(t, tc, lang.Pseudo, size[0], size[1])
				checkPseudo(t, m, f, tc.keys)
			})
		}
	}
}
