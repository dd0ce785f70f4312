package tuitest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// Pump delivers the connection's news to a model (participant app,
// console or wall), as the waiting command would.
func Pump(m tea.Model, f *FakeConn) {
	for {
		select {
		case _, ok := <-f.ch:
			if !ok {
				m.Update(tui.ClosedMsg{})
				return
			}
			m.Update(tui.ChangeMsg{})
		default:
			return
		}
	}
}

// KeyMsg builds a key press from a name as bubbletea spells it.
func KeyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "alt+enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "delete":
		return tea.KeyPressMsg{Code: tea.KeyDelete}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+t":
		return tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}
	case "ctrl+l":
		return tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}
	case "f2":
		return tea.KeyPressMsg{Code: tea.KeyF2}
	}
	r := []rune(name)
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// CheckFits fails when a screen is not exactly h lines of at most w cells.
func CheckFits(t *testing.T, tx tui.Cells, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := tx.Width(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

func MustContain(t *testing.T, screen string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(screen, w) {
			t.Errorf("the screen lacks %q:\n%s", w, screen)
		}
	}
}

func MustNotContain(t *testing.T, screen string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(screen, w) {
			t.Errorf("the screen shows %q:\n%s", w, screen)
		}
	}
}

func CountIdeas(f *FakeConn, text string) int {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	n := 0
	for _, i := range f.Srv.Ideas {
		if i.Text == text {
			n++
		}
	}
	return n
}

// Eventually waits until cond holds. cond must only read what is safe to
// read while the program runs (the fake connection is).
func Eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// BoardFixture is a session in the ideas phase with n ideas spread over
// the topics, a tenth of them the participant's own.
func BoardFixture(n int) *Fixture {
	f := NewFixture(session.PhaseIdeas)
	c := f.Conn
	texts := []string{
		"Dövlət qurumları arasında məlumat mübadiləsi üçün vahid standart 📊",
		"Единый реестр государственных услуг с открытым API и понятной документацией",
		"Rəqəmsal bacarıqlar üzrə təlimlər hər nazirlikdə 🎓",
		"Пилотный проект электронного документооборота в трёх ведомствах ✍️",
	}
	for i := 0; i < n; i++ {
		cmd := session.Command{Type: session.CmdPostIdea, Topic: c.Srv.Topics[i%len(c.Srv.Topics)].ID, Text: fmt.Sprintf("%s #%d", texts[i%len(texts)], i)}
		if i%10 == 0 {
			c.Send(cmd)
			continue
		}
		c.By(f.Others["rashad"], cmd)
	}
	return f
}

// StopMoment is a way a host stops, as the apps see it: the phase the
// session is in, the status the client reports, and what happened before.
type StopMoment struct {
	Phase  session.Phase
	Status client.Status
	Before func(f *Fixture)
}

// StopMoments are the moments TestEndedAndPausedGolden draws: the session
// ended (closed phase, feedback given) and the host paused (open session).
func StopMoments() map[string]StopMoment {
	return map[string]StopMoment{
		"ended": {Phase: session.PhaseClosed, Status: client.Ended, Before: func(f *Fixture) {
			f.Conn.By(f.Me, session.Command{Type: session.CmdFeedback, Rating: 4, Text: "Faydalı idi"})
		}},
		"paused": {Phase: session.PhaseIdeas, Status: client.Paused},
	}
}

// Keycaps are the words of key names as keyboards print them, which stay
// as they are in every language: a pseudo-language test passes them to
// lang.Escaped with its own data.
var Keycaps = []string{"enter", "esc", "tab", "shift", "alt", "ctrl", "F", "k", "j", "n", "d", "q", "y", "c", "x", "e", "u"}

// StateWords are the texts of a session state that the test put there
// (title, topics, people, institutions, ideas, groups, comments, notes,
// the road map and its horizons): for lang.Escaped, which must not take
// them for text that escaped the catalogue.
func StateWords(st *session.State) []string {
	out := []string{st.ID, st.Settings.Title}
	out = append(out, st.Settings.Horizons...)
	for _, t := range st.Topics {
		out = append(out, t.Name)
	}
	for _, p := range st.Participants {
		out = append(out, p.Name, p.Institution)
	}
	for _, i := range st.Ideas {
		out = append(out, i.Text, i.Institution)
		if o := i.Origin; o != nil { // issue 16: where a carried idea came from
			out = append(out, o.Title, o.Table, o.Placed)
		}
	}
	for _, g := range st.Groups {
		out = append(out, g.Name)
	}
	for _, c := range st.Comments {
		out = append(out, c.Text, c.Institution)
	}
	for _, n := range st.Notes {
		out = append(out, n.Notes, n.Decision)
	}
	for _, r := range st.Roadmap {
		out = append(out, r.Horizon, r.Lead)
		out = append(out, r.Supporters...)
	}
	for _, f := range st.Feedback {
		out = append(out, f.Text)
	}
	for _, c := range st.Consent { // issue 16: the reasons of consent rounds
		for _, a := range c.Given {
			out = append(out, a.Reason)
		}
		for _, r := range append(append([]session.ConsentResult{}, c.History...), resultOrNone(c.Result)...) {
			for _, why := range r.Reasons {
				out = append(out, why.Text, why.Institution)
			}
		}
	}
	out = append(out, st.Broadcast) // issue 16: the message to every table
	return out
}

// resultOrNone is a consent round's result as a list of none or one.
func resultOrNone(r *session.ConsentResult) []session.ConsentResult {
	if r == nil {
		return nil
	}
	return []session.ConsentResult{*r}
}

// Cut adds to texts every beginning of their words, as a screen shows a
// text cut to fit ("onla…" of "onlar"): for lang.Escaped, which compares
// whole words.
func Cut(texts []string) []string {
	out := append([]string{}, texts...)
	for _, s := range texts {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
			for i := 1; i < len(w); i++ {
				out = append(out, w[:i])
			}
		}
	}
	return out
}

// MustQuitOn presses key on m and fails unless the app quits at once (its
// command yields tea.QuitMsg), saying what in the failure.
func MustQuitOn(t *testing.T, m tea.Model, key, what string) {
	t.Helper()
	_, cmd := m.Update(KeyMsg(key))
	if cmd == nil {
		t.Fatalf("%s: no command", what)
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatalf("%s: it did not quit", what)
	}
}

// CheckFooter fails when the bottom line of a screen lacks one of the keys
// with its help ("? help", "q quit"): the footer may give up any other
// key where the line is short, never these.
func CheckFooter(t *testing.T, screen string, keys ...key.Binding) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	last := lines[len(lines)-1]
	for _, k := range keys {
		if want := k.Help().Key + " " + k.Help().Desc; !strings.Contains(last, want) {
			t.Errorf("the footer %q lacks %q", last, want)
		}
	}
}

// CheckFullHelp fails when the full help on a screen lacks one of the keys
// with its help, spaced as the help's columns align them ("?  help").
func CheckFullHelp(t *testing.T, screen string, keys ...key.Binding) {
	t.Helper()
	for _, k := range keys {
		re := regexp.MustCompile(regexp.QuoteMeta(k.Help().Key) + ` +` + regexp.QuoteMeta(k.Help().Desc))
		if !re.MatchString(screen) {
			t.Errorf("the full help lacks %q:\n%s", k.Help().Key+" "+k.Help().Desc, screen)
		}
	}
}
