package participant

import (
	"testing"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// Tests of what the walkthrough of issue 15 found on the participant's
// screens.

// TestClosedHelpSpeaksOfTheRating: in the closed phase ←/→ choose the
// rating, and the full help says so, not "previous topic".
func TestClosedHelpSpeaksOfTheRating(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 120, 40)
	press(m, f.Conn, "?")
	out := plain(m)
	tuitest.MustContain(t, out, "one star less", "one star more")
	tuitest.MustNotContain(t, out, "previous topic", "next topic")
	press(m, f.Conn, "?", "right", "right")
	if m.closing.rating != 2 {
		t.Errorf("→ twice chose %d stars, want 2", m.closing.rating)
	}
}
