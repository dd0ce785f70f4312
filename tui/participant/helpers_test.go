package participant

import (
	"bytes"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"roundtable/lang"
	"roundtable/tui/internal/tuitest"
)

// newApp returns a participant app on the fixture's connection, sized w×h,
// with the fixed clock and the news so far taken in.
func newApp(f *tuitest.Fixture, w, h int) *Participant { return newAppIn(f, w, h, lang.EN) }

// newAppIn is newApp in the language tag.
func newAppIn(f *tuitest.Fixture, w, h int, tag lang.Tag) *Participant {
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Lang: tag})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	tuitest.Pump(m, f.Conn)
	return m
}

// press sends named keys and takes in the news after each.
func press(m *Participant, f *tuitest.FakeConn, keys ...string) {
	for _, k := range keys {
		m.Update(tuitest.KeyMsg(k))
		tuitest.Pump(m, f)
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
