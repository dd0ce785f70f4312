package participant

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// screenCase is one screen of the app and how to reach it: the phase of
// the fixture, what to change first, the keys to press and the text typed
// after them.
type screenCase struct {
	phase session.Phase
	setup func(f *tuitest.Fixture)
	keys  []string
	text  string // typed after keys
}

// screens are every phase screen and the moments within them that matter;
// the golden and the pseudo-language tests draw each of them.
var screens = map[string]screenCase{
	"lobby": {phase: session.PhaseLobby},
	"lobby_crowd": {
		phase: session.PhaseLobby,
		setup: func(f *tuitest.Fixture) {
			f.Conn.SetCrowd(protocol.Counts{Participants: 1200, Online: 1187, Institutions: 45})
		},
	},
	"ideas": {phase: session.PhaseIdeas},
	"ideas_own_selected": {
		phase: session.PhaseIdeas,
		keys:  []string{"down"},
	},
	"ideas_long_selected": {
		phase: session.PhaseIdeas,
		keys:  []string{"down", "down"},
	},
	"ideas_second_topic": {
		phase: session.PhaseIdeas,
		keys:  []string{"tab"},
	},
	"ideas_compose": {
		phase: session.PhaseIdeas,
		keys:  []string{"n"},
		text:  "Hər qurum üçün açıq məlumat kataloqu 📚 — каталог данных",
	},
	"ideas_offline": {
		phase: session.PhaseIdeas,
		setup: func(f *tuitest.Fixture) { f.Conn.SetOnline(false) },
		keys:  append([]string{"n"}, "Oflayn yazılmış fikir", "enter"),
	},
	"ideas_confirm_delete": {
		phase: session.PhaseIdeas,
		keys:  []string{"down", "x"},
	},
	"group": {phase: session.PhaseGroup},
	"vote":  {phase: session.PhaseVote},
	"vote_hidden_tallies": {
		phase: session.PhaseVote,
		setup: func(f *tuitest.Fixture) { f.Conn.Fac(session.Command{Type: session.CmdHideVotes}) },
		keys:  []string{"down", "down"},
	},
	"discuss": {phase: session.PhaseDiscuss},
	"discuss_no_focus": {
		phase: session.PhaseDiscuss,
		setup: func(f *tuitest.Fixture) { f.Conn.Fac(session.Command{Type: session.CmdFocus, Item: ""}) },
	},
	"roadmap": {phase: session.PhaseRoadmap},
	"closed":  {phase: session.PhaseClosed, keys: []string{"4"}},
	"closed_help": {
		phase: session.PhaseClosed,
		keys:  []string{"4", "?"},
	},
	"closed_thanks": {
		phase: session.PhaseClosed,
		keys:  []string{"5", "enter"},
		text:  "Çox faydalı idi, təşəkkürlər! Спасибо 🙏",
	},
	"done": {phase: session.PhaseIdeas, keys: []string{"d"}},
	"help_confirm_delete": {
		phase: session.PhaseIdeas,
		keys:  []string{"?", "down", "x"},
	},
	"help": {phase: session.PhaseVote, keys: []string{"?"}},
	"outcome": {
		phase: session.PhaseDiscuss,
		setup: moreNotes,
		keys:  []string{"o"},
	},
	"outcome_roadmap": {
		phase: session.PhaseRoadmap,
		setup: moreNotes,
		keys:  []string{"o", "down", "down", "down", "down", "down", "down"},
	},
	"outcome_empty": {phase: session.PhaseIdeas, keys: []string{"o"}},
}

// draw reaches the screen of tc in language tag at w×h and returns the
// app there.
func (tc screenCase) draw(name string, tag lang.Tag, w, h int) (*Participant, *tuitest.Fixture) {
	f := tuitest.NewFixture(tc.phase)
	if tc.setup != nil {
		tc.setup(f)
	}
	m := newAppIn(f, w, h, tag)
	for _, k := range tc.keys {
		if len([]rune(k)) > 1 && tuitest.KeyMsg(k).Text == k {
			typeText(m, k) // a word: type it
			tuitest.Pump(m, f.Conn)
			continue
		}
		press(m, f.Conn, k)
	}
	if tc.text != "" {
		typeText(m, tc.text)
		if name == "closed_thanks" {
			press(m, f.Conn, "enter")
		}
	}
	return m, f
}

// goldenLangs are the languages of the goldens and the prefix of their
// files: English keeps the names it always had.
var goldenLangs = []struct {
	tag    lang.Tag
	prefix string
}{{lang.EN, ""}, {lang.AZ, "az_"}, {lang.RU, "ru_"}}

// TestGolden draws every phase screen (and the moments within them that
// matter) in English, Azerbaijani and Russian at 80×24 and 120×40 and
// compares them with testdata/TestGolden.
// Refresh with: go test ./tui/participant/ -run TestGolden -update
func TestGolden(t *testing.T) {
	for name, tc := range screens {
		for _, gl := range goldenLangs {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s%s_%dx%d", gl.prefix, name, w, h), func(t *testing.T) {
					m, _ := tc.draw(name, gl.tag, w, h)
					out := plain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					checkFooter(t, m, out)
					checkDoneHint(t, m, out)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// checkFooter fails when the footer lacks the keys it must always show: y
// at a question, enter in the text area, else d, ? and q.
func checkFooter(t *testing.T, m *Participant, out string) {
	t.Helper()
	k := m.Keys
	switch {
	case m.Confirm != nil:
		tuitest.CheckFooter(t, out, k.Confirm)
	case m.compose.Open:
		tuitest.CheckFooter(t, out, k.Submit)
	case m.help.ShowAll:
		tuitest.CheckFullHelp(t, out, k.Help, k.Quit)
	case m.Status == client.Ended:
		tuitest.CheckFooter(t, out, k.Help, k.Quit)
	default:
		tuitest.CheckFooter(t, out, k.Done, k.Help, k.Quit)
	}
}

// checkDoneHint fails when the header lacks "d when done" (or "✓ done"),
// which no width may push out.
func checkDoneHint(t *testing.T, m *Participant, out string) {
	t.Helper()
	if m.Status == client.Ended || m.Height < 8 {
		return
	}
	want := m.L.S("participant.header.done_hint")
	if m.done() {
		want = "✓ " + m.L.S("participant.header.done")
	}
	head := strings.Join(strings.SplitN(out, "\n", 6)[:5], "\n")
	if !strings.Contains(head, want) {
		t.Errorf("the header lacks %q:\n%s", want, head)
	}
}

// moreNotes records the notes and decision of a second item, notes on
// several lines and in Russian, and notes without a decision on a third.
func moreNotes(f *tuitest.Fixture) {
	f.Conn.Fac(session.Command{Type: session.CmdNote, Item: f.Ideas["training"], Notes: "Hər nazirlikdə bir rəqəmsal lider.\nРаз в квартал — встреча лидеров.", Decision: "Təlim proqramı 2026-cı ilin sentyabrında başlasın; ASAN xidmət təcrübəsini paylaşsın."})
	f.Conn.Fac(session.Command{Type: session.CmdNote, Item: f.Ideas["registry"], Notes: "Нужна оценка правовых рисков."})
}
