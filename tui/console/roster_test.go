package console

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// rosterCases are the room view's screens, on the reference workshop
// filled to 65 people of 45 institutions.
func rosterCases() map[string]consoleCase {
	fill := func(f *tuitest.Fixture) { f.Fill() }
	return map[string]consoleCase{
		"room":            {phase: session.PhaseVote, setup: fill, keys: []string{"w"}, want: "65 participants", az: "65 iştirakçı", ru: "65 участников"},
		"room_search":     {phase: session.PhaseVote, setup: fill, keys: []string{"w", "/", "aynur"}, want: "Find: aynur", az: "Axtarış: aynur", ru: "Поиск: aynur"},
		"room_not_voted":  {phase: session.PhaseVote, setup: fill, keys: []string{"w", "tab", "tab", "tab", "i"}, want: "Showing: not voted", az: "səs verməyənlər", ru: "не голосовали"},
		"room_remove_ask": {phase: session.PhaseVote, setup: fill, keys: []string{"w", "x"}, want: "Remove “Рашад Алиев”", az: "sessiyadan çıxarılsın?", ru: "Удалить «Рашад Алиев»"},
		"room_comments":   {phase: session.PhaseDiscuss, setup: fill, keys: []string{"c"}, want: "3 comments on", az: "3 şərh", ru: "3 комментария"},
		"room_panel":      {phase: session.PhaseIdeas, setup: fill, size: [2]int{120, 40}, want: "w: the room", az: "w: zal", ru: "w — зал"},
	}
}

// TestRosterGolden draws the room view with 65 participants in English,
// Azerbaijani and Russian at 80×24 and 120×40 and compares them with
// testdata/TestRosterGolden. Refresh with:
// go test ./tui/console/ -run TestRosterGolden -update
func TestRosterGolden(t *testing.T) {
	for name, tc := range rosterCases() {
		for _, tag := range lang.All {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[tag]
			sizes := [][2]int{{80, 24}, {120, 40}}
			if tc.size != [2]int{} {
				sizes = [][2]int{tc.size} // the room panel shows beside the phase from 90 columns
			}
			for _, size := range sizes {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s_%s_%dx%d", name, tag, w, h), func(t *testing.T) {
					m, _ := drawCase(t, tc, tag, w, h)
					out := cplain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					if !strings.Contains(out, want) {
						t.Errorf("the screen does not show %q:\n%s", want, out)
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestRosterPseudo draws the room's screens and the notices of its keys in
// the pseudo language: every word the room writes went through the
// catalogue.
func TestRosterPseudo(t *testing.T) {
	fill := func(f *tuitest.Fixture) { f.Fill() }
	cases := rosterCases()
	for name, keys := range map[string][]string{
		"renamed":       {"w", "enter", "ctrl+u", "Aynur Q.", "enter"},
		"removed":       {"w", "x", "h"},
		"kept":          {"w", "x", "n"},
		"read_only":     {"w", "r"},
		"lifted":        {"w", "r", "r"},
		"readmitted":    {"w", "x", "y", "tab", "tab", "tab", "tab", "tab", "a"},
		"not_removed":   {"w", "a"},
		"nobody":        {"w", "/", "zzz"},
		"no_item":       {"esc", "c"},
		"comment_ask":   {"c", "x"},
		"comment_gone":  {"c", "x", "y"},
		"help_in_room":  {"w", "?"},
		"room_of_ideas": {"w", "i"},
	} {
		phase := session.PhaseVote
		if name == "comment_ask" || name == "comment_gone" {
			phase = session.PhaseDiscuss
		}
		cases["notice_"+name] = consoleCase{phase: phase, setup: fill, keys: keys}
	}
	for name, tc := range cases {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				m, f := drawCase(t, tc, lang.Pseudo, size[0], size[1])
				checkPseudo(t, m, f, tc.keys)
			})
		}
	}
}

// TestRosterFlow opens the room of 65 at 80×24, finds the two Aynur
// Quliyeva by typing, makes the first read-only, renames the second and
// removes her, her ideas shown as a removed participant's; then re-admits
// her from the removed.
func TestRosterFlow(t *testing.T) {
	f := consoleFixture(session.PhaseVote)
	ids := f.Fill()
	first, second := ids[0], ids[1]
	tm := startConsoleFlow(t, f, 80, 24)
	tm.Send(tuitest.KeyMsg("w"))
	tm.Send(tuitest.KeyMsg("/"))
	tm.Type("aynur q")
	tm.Send(tuitest.KeyMsg("enter"))
	tm.Send(tuitest.KeyMsg("r"))
	tuitest.Eventually(t, "the first Aynur read-only", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Participants[first].ReadOnly })
	})
	tm.Send(tuitest.KeyMsg("down"))
	tm.Send(tuitest.KeyMsg("enter"))
	tm.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // empty the field
	tm.Type("Aynur Quliyeva-Həsənova")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the second Aynur renamed", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Participants[second].Name == "Aynur Quliyeva-Həsənova" })
	})
	tm.Send(tuitest.KeyMsg("x"))
	tm.Send(tuitest.KeyMsg("h"))
	tuitest.Eventually(t, "the second Aynur removed", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Unnamed(second) })
	})
	if hub(f.Conn, func(st *session.State) bool { return st.Participants[first].Removed }) {
		t.Fatal("the first Aynur was removed too")
	}
	// the removed, searched for again, and re-admitted
	tm.Send(tuitest.KeyMsg("esc")) // clears the search
	for range 5 {
		tm.Send(tuitest.KeyMsg("tab")) // … to the removed
	}
	tm.Send(tuitest.KeyMsg("a"))
	tuitest.Eventually(t, "the second Aynur re-admitted", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return !st.Participants[second].Removed })
	})
	tm.Send(tuitest.KeyMsg("esc")) // closes the room
	screen := finishConsole(t, f, tm)
	if strings.Contains(screen, "Showing:") {
		t.Errorf("the room is still open:\n%s", screen)
	}
	acts := hub(f.Conn, func(st *session.State) []string {
		var out []string
		for _, m := range st.Audit {
			if m.Participant == first || m.Participant == second {
				out = append(out, m.Act)
			}
		}
		return out
	})
	want := []string{session.EvParticipantMadeReadOnly, session.EvParticipantRenamed, session.EvParticipantRemoved, session.EvParticipantReadmitted}
	if strings.Join(acts, " ") != strings.Join(want, " ") {
		t.Errorf("the audit trail holds %v, want %v", acts, want)
	}
}

// TestRosterKeysOnOtherLayouts: w typed on a Russian (ц) or Azerbaijani (ü)
// layout opens the room, and its keys (к for r: read-only) work there too.
func TestRosterKeysOnOtherLayouts(t *testing.T) {
	for name, keys := range map[string][2]string{"ru": {"ц", "к"}, "az": {"ü", "k"}} {
		t.Run(name, func(t *testing.T) {
			f := consoleFixture(session.PhaseIdeas)
			m := newConsoleApp(f, 80, 24, t.TempDir())
			cpress(m, f.Conn, keys[0])
			if !m.roster.open {
				t.Fatalf("%s did not open the room:\n%s", keys[0], cplain(m))
			}
			if name == "az" {
				return // r is r on the Azerbaijani layout
			}
			cpress(m, f.Conn, keys[1])
			sel := f.Others["rashad"]
			if !hub(f.Conn, func(st *session.State) bool { return st.Participants[sel].ReadOnly }) {
				t.Fatalf("%s did not make the selected person read-only", keys[1])
			}
		})
	}
}

// TestRosterJumpsToAPerson: typing a name after / narrows the room to it;
// esc brings everyone back with that person still selected and on screen.
func TestRosterJumpsToAPerson(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	ids := f.Fill()
	m := newConsoleApp(f, 80, 24, t.TempDir())
	cpress(m, f.Conn, "w", "/", "ruslan", "esc")
	sel := m.roster.selected()
	if sel == nil || sel.p.ID != ids[len(ids)-1] {
		t.Fatalf("selected %+v, want the last to join, Ruslan Cabbarov", sel)
	}
	out := cplain(m)
	if !strings.Contains(out, "› ● Ruslan Cabbarov") && !strings.Contains(out, "› ○ Ruslan Cabbarov") {
		t.Fatalf("Ruslan is not selected on screen:\n%s", out)
	}
	if !strings.Contains(out, "Showing: everyone — 65 of 65") || !strings.Contains(out, "more above") {
		t.Fatalf("the room does not show everyone again, scrolled to him:\n%s", out)
	}
}
