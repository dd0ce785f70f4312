package join

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// plainView is the flow's screen as text, colours dropped.
func plainView(m *Model) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	if _, err := w.WriteString(m.View().Content); err != nil {
		panic(err)
	}
	return b.String()
}

// doorsNote is what a door asks a participant to read once (a rejoin
// code); closedDoor what a door closed to them says. Both are the door's
// words, not the flow's.
const (
	doorsNote  = "Your rejoin code is ABCD2345."
	closedDoor = "Too many attempts to join from this computer."
)

// joinScreens are the screens of the way in, each reached in language tag
// on a terminal w×h.
var joinScreens = map[string]func(tag lang.Tag, w, h int) *Model{
	"form": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, AskHost: true, Given: Answers{Lang: tag}}, w, h)
	},
	"form_code": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, Given: Answers{Lang: tag}, Gate: func(string) Verdict { return Verdict{} }}, w, h)
	},
	"form_who": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, Given: Answers{Code: "K7Q2M", Lang: tag}, Gate: func(string) Verdict { return Verdict{} }}, w, h)
	},
	"form_wrong_code": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, AskHost: true, Given: Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: tag},
			Dial: refusing(new([]dialCall), forbidden("Wrong code."))}, w, h)
	},
	"form_unreachable": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, AskHost: true, Given: Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: tag},
			Dial: refusing(new([]dialCall), fmt.Errorf("dial: %w", client.ErrUnreachable))}, w, h)
	},
	"dialling": func(tag lang.Tag, w, h int) *Model {
		m := New(Config{Ask: true, AskHost: true, Store: &fakeStore{}, Given: Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: tag}})
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		return m
	},
	"retry": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, Given: Answers{Code: "ABCD2345", Lang: tag},
			Gate: func(string) Verdict { return Verdict{Resume: "tok"} },
			Dial: refusing(new([]dialCall), fmt.Errorf("dial: %w", client.ErrUnreachable))}, w, h)
	},
	"closed": func(tag lang.Tag, w, h int) *Model {
		return started(Config{Ask: true, Given: Answers{Code: "X1Y2", Lang: tag},
			Gate: func(string) Verdict { return Verdict{Closed: closedDoor} }}, w, h)
	},
	"note": func(tag lang.Tag, w, h int) *Model {
		m := New(Config{Ask: true, Store: &fakeStore{}, Given: Answers{Code: "K7Q2M", Lang: tag}})
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		m.Update(joinedMsg{conn: tuitest.NewFixture(session.PhaseLobby).Conn, note: doorsNote})
		return m
	},
}

// started is the flow of cfg (with a store that remembers nothing, unless
// cfg has one) on a w×h terminal, run to its first stop.
func started(cfg Config, w, h int) *Model {
	if cfg.Store == nil {
		cfg.Store = &fakeStore{}
	}
	if cfg.Dial == nil {
		cfg.Dial = refusing(new([]dialCall), fmt.Errorf("no dial expected"))
	}
	m := New(cfg)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	settle(m, m.Init())
	return m
}

// TestJoinGolden draws every screen of the way in, in English,
// Azerbaijani and Russian, at 80×24 and 120×40.
// Refresh with: go test ./tui/join/ -run TestJoinGolden -update
func TestJoinGolden(t *testing.T) {
	langs := []struct {
		tag    lang.Tag
		prefix string
	}{{lang.EN, ""}, {lang.AZ, "az_"}, {lang.RU, "ru_"}}
	for name, reach := range joinScreens {
		for _, l := range langs {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s%s_%dx%d", l.prefix, name, w, h), func(t *testing.T) {
					m := reach(l.tag, w, h)
					out := plainView(m)
					checkFits(t, out, w, h)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// checkFits fails when a screen is taller than h lines or a line wider
// than w cells.
func checkFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) > h {
		t.Errorf("the screen has %d lines, more than %d", len(lines), h)
	}
	tx := tui.Cells{}
	for i, l := range lines {
		if n := tx.Width(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

// TestJoinPseudoLeavesNoEnglish draws every screen of the way in, and the
// checks of the form's fields, in the pseudo language: any English word
// left that is not the test's data, a door's own words or a key's name
// bypassed the catalogue.
func TestJoinPseudoLeavesNoEnglish(t *testing.T) {
	data := tuitest.Cut([]string{"English", "Aysel", "İRİA", "K7Q2M", doorsNote, closedDoor, client.ErrUnreachable.Error(), "dial"})
	data = append(data, tuitest.Keycaps...)
	fixture := tuitest.NewFixture(session.PhaseLobby)
	fixture.Conn.Mu.Lock()
	data = append(data, tuitest.Cut(tuitest.StateWords(fixture.Conn.Srv))...)
	fixture.Conn.Mu.Unlock()
	for name, reach := range joinScreens {
		t.Run(name, func(t *testing.T) {
			out := plainView(reach(lang.Pseudo, 120, 40))
			if esc := lang.Escaped(out, data...); len(esc) > 0 {
				t.Errorf("English on the screen: %q\n%s", esc, out)
			}
		})
	}
	l := lang.New(lang.Pseudo)
	checks := []error{validHost(l)(""), validHost(l)("ftp://x"), validHost(l)("1.2.3.4:5,,6.7.8.9:5"), validHost(l)("1.2.3.4:5,%%")}
	for _, text := range []string{"", strings.Repeat("x", 300)} {
		checks = append(checks,
			checkText(l.S("join.check.code_empty"), l.N("join.check.code_long", maxCodeLen), maxCodeLen)(text),
			checkText(l.S("join.check.name_empty"), l.N("join.check.name_long", session.MaxNameLen), session.MaxNameLen)(text),
			checkText(l.S("join.check.institution_empty"), l.N("join.check.institution_long", session.MaxInstitutionLen), session.MaxInstitutionLen)(text))
	}
	// nobody at the terminal to answer: the flow ends saying why
	checks = append(checks, New(Config{Store: &fakeStore{}, Given: Answers{Lang: lang.Pseudo}}).Err())
	for _, err := range checks {
		if err == nil {
			t.Fatal("a check passed what it should refuse")
		}
		if esc := lang.Escaped(err.Error()); len(esc) > 0 {
			t.Errorf("English in a check: %q: %s", esc, err)
		}
	}
}

// TestJoinChoosesTheLanguage: --lang, else the language chosen last time
// at this door, else the locale, else the session's default; an unknown
// one is noted, never an error.
func TestJoinChoosesTheLanguage(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "LANG" {
				return v
			}
			return ""
		}
	}
	tests := map[string]struct {
		given, kept lang.Tag
		getenv      func(string) string
		def         lang.Tag
		want        lang.Tag
		note        string
	}{
		"--lang wins":             {given: "ru", kept: "az", getenv: env("en_US.UTF-8"), want: lang.RU},
		"the kept choice":         {kept: "az", getenv: env("ru_RU.UTF-8"), want: lang.AZ},
		"the locale":              {getenv: env("ru_RU.UTF-8"), def: lang.AZ, want: lang.RU},
		"the session's default":   {getenv: env("C"), def: lang.AZ, want: lang.AZ},
		"English at last":         {want: lang.EN},
		"an unknown --lang noted": {given: "fr", kept: "az", want: lang.AZ, note: "“fr”"},
		"an unknown locale noted": {getenv: env("de_DE.UTF-8"), def: lang.RU, want: lang.RU, note: "LANG"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m := New(Config{Ask: true, Given: Answers{Lang: tc.given}, Store: &fakeStore{last: Answers{Lang: tc.kept}},
				Getenv: tc.getenv, Default: tc.def, Dial: refusing(new([]dialCall), fmt.Errorf("no"))})
			if m.a.Lang != tc.want || m.l.Tag() != tc.want {
				t.Errorf("language %s (printer %s), want %s", m.a.Lang, m.l.Tag(), tc.want)
			}
			if tc.note == "" && m.langNote != "" || !strings.Contains(m.langNote, tc.note) {
				t.Errorf("note %q, want one with %q", m.langNote, tc.note)
			}
		})
	}
}

// TestJoinFormSwitchesLanguage: moving the language field, or F2 on any
// field, makes the form anew in that language with the answers typed so
// far, and the language goes with the answers to the hub's door.
func TestJoinFormSwitchesLanguage(t *testing.T) {
	var calls []dialCall
	m := started(Config{Ask: true, AskHost: true, Dial: refusing(&calls, fmt.Errorf("boom"))}, 100, 30)
	m.a.Name = "Aysel"
	tuitest.MustContain(t, plainView(m), "Join a Roundtable session", "English", "┃ Address of the session", "F2 language")
	m.Update(tuitest.KeyMsg("f2")) // on the address field, where the cursor starts
	tuitest.MustContain(t, plainView(m), "Roundtable sessiyasına qoşulma", "Azərbaycanca", "> Aysel", "┃ Sessiyanın ünvanı", "F2 dil")
	m.form.PrevField()                            // up to the language field, first on the form
	m.Update(tea.KeyPressMsg{Code: tea.KeyRight}) // the next language
	tuitest.MustContain(t, plainView(m), "Подключение к сессии Roundtable", "┃ ← Русский →", "> Aysel", "F2 язык")
	if m.a.Lang != lang.RU {
		t.Fatalf("the answers hold %s", m.a.Lang)
	}
	m.a = Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: m.a.Lang}
	settle(m, m.submitted())
	if len(calls) != 1 || calls[0].a.Lang != lang.RU {
		t.Fatalf("dials %+v, want one with the language chosen", calls)
	}
	tuitest.MustContain(t, plainView(m), "Не удалось подключиться", "boom")
}

// TestJoinLanguageKeyInTheAppIsKept: the language key in the app switches
// the app and is kept with the join answers, for the next time.
func TestJoinLanguageKeyInTheAppIsKept(t *testing.T) {
	store := &fakeStore{}
	given := Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA"}
	m := New(Config{Ask: true, AskHost: true, Store: store, Given: given})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	f := tuitest.NewFixture(session.PhaseLobby)
	m.Update(joinedMsg{conn: f.Conn})
	tuitest.Pump(m, f.Conn)
	tuitest.MustContain(t, plainView(m), "Lobby 1/7", "F2 language")
	_, cmd := m.Update(tuitest.KeyMsg("f2"))
	settle(m, cmd)
	tuitest.MustContain(t, plainView(m), "Qeydiyyat 1/7", "Azərbaycanca")
	if len(store.kept) != 1 || store.kept[0].Lang != lang.AZ || store.kept[0].Name != "Aysel" {
		t.Fatalf("the store kept %+v, want the answers with az", store.kept)
	}
	_, cmd = m.Update(tea.KeyPressMsg{Code: 'д', Mod: tea.ModCtrl}) // ctrl+l on a Russian layout
	settle(m, cmd)
	tuitest.MustContain(t, plainView(m), "Регистрация 1/7")
	if n := len(store.kept); n != 2 || store.kept[1].Lang != lang.RU {
		t.Fatalf("the store kept %+v, want ru last", store.kept)
	}
	next := New(Config{Ask: true, AskHost: true, Store: &fakeStore{last: store.kept[1]}})
	if next.a.Lang != lang.RU {
		t.Errorf("the next join speaks %s, want the language kept", next.a.Lang)
	}
}

// TestJoinScreensTakeKeysOnAnyLayout: between the form and the app, й
// (q on a Russian layout) leaves and F2 switches the language.
func TestJoinScreensTakeKeysOnAnyLayout(t *testing.T) {
	m := joinScreens["retry"](lang.RU, 80, 24)
	m.Update(tuitest.KeyMsg("f2"))
	tuitest.MustContain(t, plainView(m), "Could not join", "Press enter to try again")
	tuitest.MustQuitOn(t, m, "й", "й at the retry screen")
}

// TestJoinSpeaksTheSessionsLanguage: a participant who named no language
// (no --lang, none kept, no locale) reads the session's once welcomed; one
// who named one keeps theirs.
func TestJoinSpeaksTheSessionsLanguage(t *testing.T) {
	given := Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA"}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	cases := map[string]struct {
		cfg  Config
		want string
	}{
		"named none":       {Config{Given: given, Getenv: env()}, "Qeydiyyat 1/7"},
		"locale ru":        {Config{Given: given, Getenv: env("LANG", "ru_RU.UTF-8")}, "Регистрация 1/7"},
		"--lang en":        {Config{Given: Answers{Host: given.Host, Code: given.Code, Name: given.Name, Institution: given.Institution, Lang: lang.EN}, Getenv: env()}, "Lobby 1/7"},
		"kept ru":          {Config{Given: given, Getenv: env(), Store: &fakeStore{last: Answers{Lang: lang.RU}}}, "Регистрация 1/7"},
		"locale C, no one": {Config{Given: given, Getenv: env("LANG", "C")}, "Qeydiyyat 1/7"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			tc.cfg.Ask, tc.cfg.AskHost = true, true
			if tc.cfg.Store == nil {
				tc.cfg.Store = &fakeStore{}
			}
			m := New(tc.cfg)
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			f := tuitest.NewFixture(session.PhaseLobby)
			f.Conn.Mu.Lock()
			f.Conn.Rep.Settings.Lang = "az"
			f.Conn.Mu.Unlock()
			m.Update(joinedMsg{conn: f.Conn})
			tuitest.Pump(m, f.Conn)
			tuitest.MustContain(t, plainView(m), tc.want)
		})
	}
}

// TestJoinCodeTypedOnAnotherLayout: a join code typed with the Russian or
// Azerbaijani layout active is read as the keys it was typed on.
func TestJoinCodeTypedOnAnotherLayout(t *testing.T) {
	for typed, want := range map[string]string{
		"л7й2ь":  "K7Q2M", // k7q2m on ЙЦУКЕН
		"Л7Й-2Ь": "K7Q2M",
		"bakü26": "BAKW26", // ü is on W on the Azerbaijani layout
		"K7Q2M":  "K7Q2M",
		"ж7":     "Ж7", // ; is no letter: left for the hub to refuse
	} {
		if got := (Answers{Code: typed}).tidy().Code; got != want {
			t.Errorf("code typed %q reads %q; want %q", typed, got, want)
		}
	}
}
