package tui

import (
	"bytes"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// newApp returns a participant app on the fixture's connection, sized w×h,
// with the fixed clock and the news so far taken in.
func newApp(f *fixture, w, h int) *Participant {
	m := NewParticipant(f.conn, Options{Now: fixedNow, Dark: true})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	pump(m, f.conn)
	return m
}

// pump delivers the connection's news to a model (participant app,
// console or wall), as the waiting command would.
func pump(m tea.Model, f *fakeConn) {
	for {
		select {
		case _, ok := <-f.ch:
			if !ok {
				m.Update(ClosedMsg{})
				return
			}
			m.Update(ChangeMsg{})
		default:
			return
		}
	}
}

// keyMsg builds a key press from a name as bubbletea spells it.
func keyMsg(name string) tea.KeyPressMsg {
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
	}
	r := []rune(name)
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// press sends named keys and takes in the news after each.
func press(m *Participant, f *fakeConn, keys ...string) {
	for _, k := range keys {
		m.Update(keyMsg(k))
		pump(m, f)
	}
}

// typeText types text one character at a time.
func typeText(m *Participant, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// plain renders the model's view with the colour profile forced to NoTTY,
// so the text alone remains.
func plain(m *Participant) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	if _, err := w.WriteString(m.View().Content); err != nil {
		panic(err)
	}
	return b.String()
}

// checkFits fails when a screen is not exactly h lines of at most w cells.
func checkFits(t *testing.T, tx Cells, screen string, w, h int) {
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
