package wall

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// privateSecrets are the texts the participants post in a private round.
var privateSecrets = []string{"Рашад: закрытая идея", "Leyla: qapalı ideya", "Tural: secret idea"}

// privateWall is the ideas phase in a private round: three private ideas,
// two under the first topic.
func privateWall() wallScreen {
	return wallScreen{phase: session.PhaseIdeas, setup: func(f *tuitest.Fixture) {
		on := true
		f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: &on})
		t := f.Conn.Srv.Topics
		f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: t[0].ID, Text: privateSecrets[0]})
		f.Conn.By(f.Others["leyla"], session.Command{Type: session.CmdPostIdea, Topic: t[0].ID, Text: privateSecrets[1]})
		f.Conn.By(f.Others["tural"], session.Command{Type: session.CmdPostIdea, Topic: t[1].ID, Text: privateSecrets[2]})
	}}
}

// TestWallPrivateRound: during a private round the wall shows how many
// ideas each topic has, never a private text; it draws in every language
// at 80×24 and 120×40 (goldens), and after the reveal the texts appear.
// Refresh with: go test ./tui/wall/ -run TestWallPrivateRound -update
func TestWallPrivateRound(t *testing.T) {
	sc := privateWall()
	want := map[lang.Tag]string{lang.EN: "2 private ideas", lang.AZ: "2 qapalı ideya", lang.RU: "2 закрытые идеи"}
	for _, tag := range lang.All {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s_%dx%d", tag, w, h), func(t *testing.T) {
				m, _, out := sc.draw(w, h, tag)
				tuitest.CheckFits(t, m.Cells, out, w, h)
				for _, s := range privateSecrets {
					if strings.Contains(out, s) {
						t.Errorf("the wall shows the private idea %q:\n%s", s, out)
					}
				}
				if w == 120 && !strings.Contains(out, want[tag]) {
					t.Errorf("the wall does not show %q:\n%s", want[tag], out)
				}
				golden.RequireEqual(t, out)
			})
		}
	}
	t.Run("revealed", func(t *testing.T) {
		m, f, _ := sc.draw(160, 45, lang.EN)
		f.Conn.Fac(session.Command{Type: session.CmdRevealIdeas})
		tuitest.Pump(m, f.Conn)
		out := wallPlain(m)
		for _, s := range privateSecrets {
			if !strings.Contains(out, s) {
				t.Errorf("after the reveal the wall lacks %q:\n%s", s, out)
			}
		}
		if strings.Contains(out, "private ideas") {
			t.Errorf("after the reveal the wall still counts private ideas:\n%s", out)
		}
	})
}
