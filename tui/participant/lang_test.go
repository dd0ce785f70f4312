package participant

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestPseudoLeavesNoEnglish draws every screen in the pseudo language:
// any English word left on it, other than the test's own data and the
// names of keys, bypassed the catalogue.
func TestPseudoLeavesNoEnglish(t *testing.T) {
	check := func(t *testing.T, m *Participant, f *tuitest.Fixture, extra ...string) {
		t.Helper()
		f.Conn.Mu.Lock()
		data := tuitest.Cut(append(tuitest.StateWords(f.Conn.Srv), extra...))
		f.Conn.Mu.Unlock()
		data = append(data, tuitest.Keycaps...)
		data = append(data, "English") // the language switch names each language in itself
		out := plain(m)
		if esc := lang.Escaped(out, data...); len(esc) > 0 {
			t.Errorf("English on the screen: %q\n%s", esc, out)
		}
	}
	for name, tc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(name, func(t *testing.T) {
				m, f := tc.draw(name, lang.Pseudo, size[0], size[1])
				check(t, m, f, append(tc.keys, tc.text)...)
			})
		}
	}
	for moment, mo := range tuitest.StopMoments() {
		t.Run(moment, func(t *testing.T) {
			f := tuitest.NewFixture(mo.Phase)
			if mo.Before != nil {
				mo.Before(f)
			}
			m := newAppIn(f, 120, 40, lang.Pseudo)
			f.Conn.SetStatus(mo.Status)
			tuitest.Pump(m, f.Conn)
			check(t, m, f)
		})
	}
	t.Run("notices", func(t *testing.T) {
		// what a participant reads in the notice line and the composer's
		// title along the way
		f := tuitest.NewFixture(session.PhaseIdeas)
		m := newAppIn(f, 120, 40, lang.Pseudo)
		steps := [][]string{
			{"n"}, {"enter"}, {"esc"}, {"n"}, {"x"}, {"esc"}, // empty idea, a draft kept
			{"d"}, {"d"}, {"e"}, {"x"}, {"q"},
		}
		for _, keys := range steps {
			press(m, f.Conn, keys...)
			check(t, m, f, "x")
		}
		f.Conn.SetOnline(false)
		tuitest.Pump(m, f.Conn)
		check(t, m, f)
		f.Conn.SetOnline(true)
		tuitest.Pump(m, f.Conn)
		check(t, m, f)
		m.Update(tea.WindowSizeMsg{Width: 30, Height: 6}) // too small for a screen
		check(t, m, f)
	})
}

// TestLanguageKeySwitches: F2 (or ctrl+l, on any layout) switches the
// screen from English to Azerbaijani to Russian and back, says which
// language it is now, and leaves what was being typed in the text box.
func TestLanguageKeySwitches(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	tuitest.MustContain(t, plain(m), "Ideas 2/7", "n new idea", "F2 language")
	press(m, f.Conn, "n")
	typeText(m, "Açıq portal")
	steps := []struct {
		key  tea.KeyPressMsg
		tag  lang.Tag
		want []string
	}{
		{tuitest.KeyMsg("f2"), lang.AZ, []string{"İdeyalar 2/7", "Azərbaycanca", "İnkişaf üzrə yeni ideya", "Açıq portal", "F2 dil"}},
		{tuitest.KeyMsg("ctrl+l"), lang.RU, []string{"Идеи 2/7", "Русский", "Новая идея по направлению «İnkişaf»", "Açıq portal", "F2 язык"}},
		{tea.KeyPressMsg{Code: 'д', Mod: tea.ModCtrl}, lang.EN, []string{"Ideas 2/7", "English", "New idea under İnkişaf", "Açıq portal"}},
	}
	for _, s := range steps {
		m.Update(s.key)
		if got := m.L.Tag(); got != s.tag {
			t.Fatalf("after %s the app speaks %s, want %s", s.key, got, s.tag)
		}
		tuitest.MustContain(t, plain(m), s.want...)
	}
	if !m.compose.Open || m.compose.Value() != "Açıq portal" {
		t.Errorf("switching language closed the text box or lost its text: open %v, %q", m.compose.Open, m.compose.Value())
	}
	press(m, f.Conn, "esc")
	m.SetLang(lang.RU)
	tuitest.MustContain(t, plain(m), "Идеи 2/7", "n новая идея")
}

// TestCyrillicShortcuts: on a Russian layout the key where n is types т;
// it posts a new idea like n, while in the text box т is a letter.
func TestCyrillicShortcuts(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newAppIn(f, 100, 30, lang.RU)
	press(m, f.Conn, "т")
	if !m.compose.Open {
		t.Fatalf("т did not open the text box for a new idea:\n%s", plain(m))
	}
	typeText(m, "тест")
	if got := m.compose.Value(); got != "тест" {
		t.Fatalf("the text box holds %q, want the letters typed", got)
	}
	press(m, f.Conn, "enter")
	if n := tuitest.CountIdeas(f.Conn, "тест"); n != 1 {
		t.Fatalf("the idea was posted %d times", n)
	}
	press(m, f.Conn, "в") // d: done
	if !m.done() {
		t.Errorf("в (d on a Russian layout) did not mark done")
	}
}
