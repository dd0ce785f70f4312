package wall

import (
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// TestWallSaysTheWholeInstruction: at 80 columns, beside the timer, the
// phase's instruction wraps rather than lose its end ("Watch the themes
// …"), in every language; and a column heading keeps "+N more" whole.
func TestWallSaysTheWholeInstruction(t *testing.T) {
	for _, tag := range lang.All {
		for _, p := range session.Phases() {
			f := tuitest.NewFixture(p)
			m := newTestWallIn(f, 80, 24, tuitest.FixedNow, tag)
			out := wallPlain(m)
			top := strings.Split(out, "\n")[:6]
			var words []string
			for _, l := range top {
				if i := strings.Index(l, "  █"); i >= 0 { // the block digits
					l = l[:i]
				}
				words = append(words, strings.Fields(l)...)
			}
			want := strings.Join(strings.Fields(tui.PhaseInstruction(m.L, p)), " ")
			if !strings.Contains(strings.Join(words, " "), want) {
				t.Errorf("%s %s: the wall does not say %q whole:\n%s", tag, p, want, strings.Join(top, "\n"))
			}
			if p == session.PhaseIdeas {
				tuitest.MustContain(t, out, m.L.N("wall.columns.more", 1))
			}
		}
	}
}
