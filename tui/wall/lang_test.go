package wall

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// cutWords are the beginnings of the words in data: what is left of a
// word that a narrow column cut ("Nazirli…").
func cutWords(data []string) []string {
	var out []string
	for _, d := range data {
		for _, w := range strings.FieldsFunc(d, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
			for i := 1; i < len(w); i++ {
				out = append(out, w[:i])
			}
		}
	}
	return out
}

// TestWallPseudo draws every screen of the wall in the pseudo language:
// every word of English left on it is text that bypassed the catalogue.
func TestWallPseudo(t *testing.T) {
	check := func(t *testing.T, st *session.State, screen string) {
		t.Helper()
		data := append(tuitest.StateWords(st), wallJoin)
		data = append(data, cutWords(data)...)
		if esc := lang.Escaped(screen, data...); len(esc) > 0 {
			t.Errorf("English on the pseudo screen: %q\n%s", esc, screen)
		}
		if !strings.Contains(screen, "~") {
			t.Errorf("no pseudo text at all:\n%s", screen)
		}
	}
	screens := wallScreens()
	screens["consent_open"], screens["consent_revealed"] = consentWall(false), consentWall(true) // issue 16
	for name, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {160, 45}} {
			t.Run(goldenName(name, lang.Pseudo, size[0], size[1]), func(t *testing.T) {
				_, f, out := sc.draw(size[0], size[1], lang.Pseudo)
				check(t, f.Conn.Srv, out)
			})
		}
	}
	for moment, mo := range tuitest.StopMoments() {
		t.Run(moment, func(t *testing.T) {
			m, out := drawStopped(mo, 100, 30, lang.Pseudo)
			check(t, m.St, out)
		})
	}
	t.Run("too_small", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseIdeas)
		m := newTestWallIn(f, 40, 8, tuitest.FixedNow, lang.Pseudo)
		check(t, f.Conn.Srv, wallPlain(m))
	})
	t.Run("window_title", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseIdeas)
		m := newTestWallIn(f, 100, 30, tuitest.FixedNow, lang.Pseudo)
		check(t, f.Conn.Srv, m.View().WindowTitle)
	})
}

// TestWallQuitsOnACyrillicLayout: q typed on a Russian layout (й, the key
// where q is) quits the wall, as q does; a letter elsewhere does not.
func TestWallQuitsOnACyrillicLayout(t *testing.T) {
	for _, tag := range lang.All {
		f := tuitest.NewFixture(session.PhaseIdeas)
		m := newTestWallIn(f, 100, 30, tuitest.FixedNow, tag)
		tuitest.MustQuitOn(t, m, "й", "й on a "+string(tag)+" wall")
		if _, cmd := m.Update(tuitest.KeyMsg("ф")); cmd != nil {
			if _, ok := cmd().(tea.QuitMsg); ok {
				t.Errorf("ф (a) quits the %s wall", tag)
			}
		}
	}
}

// TestWallSpeaksItsLanguage: the wall's own words and its counts follow
// Options.Lang, with each language's plural forms and digit grouping.
func TestWallSpeaksItsLanguage(t *testing.T) {
	tests := map[lang.Tag][]string{
		lang.EN: {"phase 2 of 7", "8 ideas", "0 of 5 done", "Join:"},
		lang.AZ: {"mərhələ 2/7", "8 ideya", "hazırdır: 5 nəfərdən 0", "Qoşulmaq üçün:"},
		lang.RU: {"этап 2 из 7", "8 идей", "готовы: 0 из 5", "Подключение:"},
	}
	for tag, want := range tests {
		t.Run(string(tag), func(t *testing.T) {
			f := tuitest.NewFixture(session.PhaseIdeas)
			m := newTestWallIn(f, 120, 40, tuitest.FixedNow, tag)
			tuitest.MustContain(t, wallPlain(m), want...)
		})
	}
	f := tuitest.NewFixture(session.PhaseLobby)
	f.Conn.SetCrowd(protocol.Counts{Participants: 1200, Online: 1187, Institutions: 45})
	for tag, want := range map[lang.Tag]string{
		lang.EN: "Here now: 1,200 participants from 45 institutions",
		lang.AZ: "Hazırda burada: 45 qurumdan 1.200 iştirakçı",
		lang.RU: "Сейчас здесь: 1\u00a0200 участников из 45 ведомств",
	} {
		m := newTestWallIn(f, 120, 40, tuitest.FixedNow, tag)
		tuitest.MustContain(t, wallPlain(m), want)
	}
	for n, want := range map[int]string{1: "1 участник ", 3: "3 участника ", 21: "21 участник ", 11: "11 участников "} {
		f := tuitest.NewFixture(session.PhaseLobby)
		f.Conn.SetCrowd(protocol.Counts{Participants: n, Online: n, Institutions: 1})
		m := newTestWallIn(f, 120, 40, tuitest.FixedNow, lang.RU)
		tuitest.MustContain(t, wallPlain(m), want+"из 1 ведомства")
	}
}
