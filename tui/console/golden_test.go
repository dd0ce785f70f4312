package console

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestConsoleGolden draws every console screen at 100×30 and 160×45 and
// compares them with testdata/TestConsoleGolden. Refresh with:
// go test ./tui/console/ -run TestConsoleGolden -update
func TestConsoleGolden(t *testing.T) {
	tests := map[string]struct {
		phase session.Phase
		setup func(f *tuitest.Fixture)
		keys  []string
		want  string // text the screen must show, whatever the golden says
	}{
		"lobby":      {phase: session.PhaseLobby, want: "roundtable join 192.168.1.20:7777 --code C0N50L"},
		"ideas":      {phase: session.PhaseIdeas, want: "Bu fikir gizlədiləcək"},
		"ideas_edit": {phase: session.PhaseIdeas, keys: []string{"down", "e"}, want: "Edit the idea"},
		"group_marked": {
			phase: session.PhaseGroup,
			keys:  []string{"tab", "tab", "space", "space"},
			want:  "2 marked (m to merge)",
		},
		"vote_revealed": {phase: session.PhaseVote, want: "Tallies are shown to everyone"},
		"discuss_notes": {
			phase: session.PhaseDiscuss,
			setup: func(f *tuitest.Fixture) {
				f.Conn.Fac(session.Command{Type: session.CmdNote, Item: f.Groups["infra"], Notes: "İki nazirlikdə pilot; данные — через API 🔗", Decision: "Pilot 2026-cı ilin ikinci rübündə başlasın."})
			},
			want: "Decision: Pilot 2026",
		},
		"roadmap":       {phase: session.PhaseRoadmap, want: "Not yet placed"},
		"preview":       {phase: session.PhaseRoadmap, keys: []string{"v"}, want: "Draft road map preview"},
		"closed":        {phase: session.PhaseClosed, want: "Session closed"},
		"phase_confirm": {phase: session.PhaseIdeas, keys: []string{">"}, want: "3 participants are not done with Ideas"},
		"timer":         {phase: session.PhaseVote, keys: []string{"t"}, want: "+1 or +5 to add"},
	}
	for name, tc := range tests {
		for _, size := range [][2]int{{100, 30}, {160, 45}} {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) {
				f := consoleFixture(tc.phase)
				if tc.setup != nil {
					tc.setup(f)
				}
				m := newConsoleApp(f, w, h, t.TempDir())
				cpress(m, f.Conn, tc.keys...)
				out := cplain(m)
				tuitest.CheckFits(t, m.Cells, out, w, h)
				if !strings.Contains(out, tc.want) {
					t.Errorf("the screen does not show %q:\n%s", tc.want, out)
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

// TestConsoleTinySizes draws every phase at sizes down to nothing without
// a panic and within the screen.
func TestConsoleTinySizes(t *testing.T) {
	for _, p := range session.Phases() {
		f := consoleFixture(p)
		m := newConsoleApp(f, 100, 30, t.TempDir())
		for _, size := range [][2]int{{0, 0}, {1, 1}, {20, 5}, {45, 12}, {60, 14}, {89, 20}, {90, 20}} {
			m.Update(windowSize(size[0], size[1]))
			out := cplain(m)
			if size[0] == 0 {
				if out != "" {
					t.Errorf("%s at 0×0 draws %q", p, out)
				}
				continue
			}
			tuitest.CheckFits(t, m.Cells, out, size[0], size[1])
		}
	}
}
