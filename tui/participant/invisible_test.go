package participant

import (
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// TestInvisibleCharactersNeverReachTheScreen posts ideas full of invisible
// characters (bidi marks, zero-width spaces, separators, tags, a BOM, a
// soft hyphen) and checks that the board shows their visible text, within
// the width, with nothing invisible left that a terminal could count
// differently.
func TestInvisibleCharactersNeverReachTheScreen(t *testing.T) {
	posts := map[string]string{
		"a\u200fb\u200ec\u061cd Şəffaflıq":                     "abcd Şəffaflıq",
		"Open\u200bdata\u2060 por\u00adtal\ufeff":              "Opendata portal",
		"Реестр\u2028данных\u2029граждан":                      "Реестр данных граждан", // the board folds lines
		"Tag\U000e0041\U000e0042s \u3164gone \u202eevil\u202c": "Tags gone evil",
	}
	for name, tx := range screenMeasures {
		t.Run(name, func(t *testing.T) {
			f := tuitest.NewFixture(session.PhaseIdeas)
			topic := f.Conn.Srv.Topics[3].ID // Digər: one idea so far
			for in := range posts {
				f.Conn.By(f.Others["leyla"], session.Command{Type: session.CmdPostIdea, Topic: topic, Text: in})
			}
			m := newApp(f, 100, 30)
			m.Cells = tx
			m.rebuild()
			press(m, f.Conn, "tab", "tab", "tab")
			out := plain(m)
			tuitest.CheckFits(t, tx, out, 100, 30)
			for _, want := range posts {
				if !strings.Contains(strings.ReplaceAll(out, " ⏎ ", " "), want) {
					t.Errorf("the board lacks %q:\n%s", want, out)
				}
			}
			for _, r := range out {
				if r != '\n' && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || r == '\u2028' || r == '\u2029') {
					t.Errorf("the screen keeps %U", r)
				}
			}
		})
	}
}

// TestComposerDoesNotCutAnEmojiSequence: the text area pads its lines by
// its own measure, which counts "👩‍💻" as one wide character; where the
// terminal measures by code point the line then looks too long and was cut
// with "…" although all of its text fits.
func TestComposerDoesNotCutAnEmojiSequence(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 80, 24)
	press(m, f.Conn, "n")
	typeText(m, "Portal 👩\u200d💻 və 👨\u200d👩\u200d👧 üçün")
	out := plain(m)
	tuitest.CheckFits(t, m.Cells, out, 80, 24)
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Portal") {
			if strings.Contains(l, "…") || !strings.Contains(l, "üçün") || !strings.HasSuffix(strings.TrimRight(l, " "), "│") {
				t.Errorf("the composer line is cut: %q", l)
			}
			return
		}
	}
	t.Errorf("the composer does not show the text:\n%s", out)
}

// screenMeasures are the two ways a terminal counts cells.
var screenMeasures = map[string]tui.Cells{"wcwidth": tui.NewCells(ansi.WcWidth), "grapheme": tui.NewCells(ansi.GraphemeWidth)}
