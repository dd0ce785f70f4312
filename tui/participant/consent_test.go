package participant

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// Consent rounds in the participant's app (issue 16).

func ptr[T any](v T) *T { return &v }

// roundOpen opens a consent round on the infrastructure group and has two
// others answer it.
func roundOpen(f *tuitest.Fixture) {
	c, item := f.Conn, f.Groups["infra"]
	c.Fac(session.Command{Type: session.CmdOpenConsent, Item: item})
	c.By(f.Others["rashad"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(4)})
	c.By(f.Others["tural"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(1), Text: "Pilotun büdcəsi hələ yoxdur 💰"})
}

// revealNow reveals the round while Leyla, who answered, is offline.
func revealNow(f *tuitest.Fixture) {
	c, item := f.Conn, f.Groups["infra"]
	c.By(f.Others["leyla"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(0), Text: "Дублирует портал госуслуг"})
	c.Fac(session.Command{Type: session.CmdRevealConsent, Item: item, Online: []string{f.Me, f.Others["rashad"], f.Others["tural"]}})
	c.Fac(session.Command{Type: session.CmdRecordConsent, Item: item, Outcome: session.ConsentReservations})
}

// consentScreens are the participant's screens of issue 16, each drawn in
// every language at 80×24 and 120×40: then runs after the keys; want is
// text each must show.
var consentScreens = map[string]struct {
	screenCase
	then         func(f *tuitest.Fixture)
	want, az, ru string
}{
	"consent_prompt":   {screenCase: screenCase{phase: session.PhaseRoadmap, setup: roundOpen}, want: "Press 0–5 to answer", az: "Cavab vermək üçün 0–5 basın", ru: "Нажмите 0–5, чтобы ответить"},
	"consent_answered": {screenCase: screenCase{phase: session.PhaseRoadmap, setup: roundOpen, keys: []string{"4"}}, want: "Your answer: 4.", az: "Cavabınız: 4.", ru: "Ваш ответ: 4."},
	"consent_reason": {screenCase: screenCase{phase: session.PhaseRoadmap, setup: roundOpen, keys: []string{"0"}, text: "Büdcə xətti yoxdur; əvvəlcə pilot."},
		want: "Why 0? Say in a few words", az: "Niyə 0?", ru: "Почему 0?"},
	"consent_revealed": {screenCase: screenCase{phase: session.PhaseRoadmap, setup: roundOpen, keys: []string{"4"}}, then: revealNow,
		want: "3 took part · 1 absent · your answer: 4", az: "cavabınız: 4", ru: "ваш ответ: 4"},
}

// drawConsent reaches a consent screen in language tag at w×h.
func drawConsent(t *testing.T, name string, tag lang.Tag, w, h int) (*Participant, *tuitest.Fixture) {
	t.Helper()
	tc := consentScreens[name]
	m, f := tc.draw(name, tag, w, h)
	if tc.then != nil {
		tc.then(f)
		tuitest.Pump(m, f.Conn)
	}
	return m, f
}

// TestConsentGolden draws the participant's consent screens and compares
// them with testdata/TestConsentGolden. Refresh with:
// go test ./tui/participant/ -run TestConsentGolden -update
func TestConsentGolden(t *testing.T) {
	for name, tc := range consentScreens {
		for _, gl := range goldenLangs {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[gl.tag]
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s%s_%dx%d", gl.prefix, name, w, h), func(t *testing.T) {
					m, _ := drawConsent(t, name, gl.tag, w, h)
					out := plain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					checkFooter(t, m, out)
					if !strings.Contains(out, want) {
						t.Errorf("the screen does not show %q:\n%s", want, out)
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestConsentPseudo draws the same screens in the pseudo language.
func TestConsentPseudo(t *testing.T) {
	for name, tc := range consentScreens {
		t.Run(name, func(t *testing.T) {
			m, f := drawConsent(t, name, lang.Pseudo, 120, 40)
			f.Conn.Mu.Lock()
			data := tuitest.Cut(tuitest.StateWords(f.Conn.Srv))
			f.Conn.Mu.Unlock()
			data = append(append(append(data, tuitest.Keycaps...), tc.keys...), tuitest.Cut([]string{tc.text})...)
			if out := plain(m); len(lang.Escaped(out, data...)) > 0 {
				t.Errorf("English on the screen: %q\n%s", lang.Escaped(out, data...), out)
			}
		})
	}
}

// TestConsentKeys: 0–5 answer an open round; a 0 or 1 asks for the reason
// first, and esc then sends nothing; the digits are the same keys on a
// Russian layout; without a round they send nothing.
func TestConsentKeys(t *testing.T) {
	tests := map[string]struct {
		setup func(f *tuitest.Fixture)
		keys  []string
		text  string
		level *int   // the answer sent, nil for none
		says  string // in the notice
	}{
		"3 answers":                 {setup: roundOpen, keys: []string{"3"}, level: ptr(3), says: "Answered 3"},
		"5 answers":                 {setup: roundOpen, keys: []string{"5"}, level: ptr(5)},
		"0 asks for a reason":       {setup: roundOpen, keys: []string{"0"}},
		"0 then esc sends nothing":  {setup: roundOpen, keys: []string{"0", "esc"}, says: "Nothing sent"},
		"1 with a reason answers":   {setup: roundOpen, keys: []string{"1"}, text: "Not before the pilot", level: ptr(1)},
		"1 without a reason":        {setup: roundOpen, keys: []string{"1", "enter"}, says: "A 1 needs a reason"},
		"no round: nothing is sent": {keys: []string{"4"}, says: "No consent round is open now"},
		"read-only: nothing is sent": {setup: func(f *tuitest.Fixture) {
			roundOpen(f)
			f.Conn.Fac(session.Command{Type: session.CmdMakeReadOnly, Participant: f.Me})
		}, keys: []string{"4"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := tuitest.NewFixture(session.PhaseRoadmap)
			if tc.setup != nil {
				tc.setup(f)
			}
			m := newAppIn(f, 100, 30, lang.EN)
			before := len(f.Conn.SentOf(session.CmdConsent))
			press(m, f.Conn, tc.keys...)
			if tc.text != "" {
				typeText(m, tc.text)
				press(m, f.Conn, "enter")
			}
			sent := f.Conn.SentOf(session.CmdConsent)[before:]
			switch {
			case tc.level == nil && len(sent) > 0:
				t.Errorf("sent %+v, want nothing", sent)
			case tc.level != nil && (len(sent) != 1 || sent[0].Level == nil || *sent[0].Level != *tc.level):
				t.Errorf("sent %+v, want one answer %d", sent, *tc.level)
			case tc.text != "" && sent[0].Text != tc.text:
				t.Errorf("the reason sent is %q", sent[0].Text)
			}
			if !strings.Contains(m.Notice, tc.says) {
				t.Errorf("the notice says %q, want %q", m.Notice, tc.says)
			}
		})
	}
}

// TestConsentFlow: a participant answers 2, changes it to 0 with a reason,
// the facilitator reveals, and the participant sees the distribution and
// their own answer beside it.
func TestConsentFlow(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseRoadmap)
	roundOpen(f)
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(f.Conn.Close)
	wait := func(texts ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, text := range texts {
				if !strings.Contains(string(b), text) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(5*time.Second))
	}
	item := f.Groups["infra"]
	wait("Press 0–5 to answer")
	tm.Send(tuitest.KeyMsg("2"))
	wait("Your answer: 2.")
	tm.Send(tuitest.KeyMsg("0"))
	wait("Why 0?")
	tm.Type("Needs a budget line")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the changed answer", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		a, ok := f.Conn.Srv.Consent[item].Given[f.Me]
		return ok && a.Level == 0 && a.Reason == "Needs a budget line"
	})
	f.Conn.Fac(session.Command{Type: session.CmdRevealConsent, Item: item})
	wait("your answer: 0", "0 — Needs a budget line")
	tm.Send(tuitest.KeyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	f.Conn.Mu.Lock()
	defer f.Conn.Mu.Unlock()
	if r := f.Conn.Srv.Consent[item].Result; r == nil || r.TookPart != 3 || r.Distribution[0] != 1 {
		t.Fatalf("result %+v", r)
	}
}
