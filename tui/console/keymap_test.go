package console

import (
	"testing"

	"roundtable/session"
)

// TestOneMeaningPerKey: each of the console's keys means one thing in
// every phase (COMMON15's key table): enter edits, s splits, l locks or
// unlocks voting, x takes off (removes), and u undoes. A key
// typed on the Russian layout (ы s, д l, ч x) does the same.
func TestOneMeaningPerKey(t *testing.T) {
	tests := map[string]struct {
		phase session.Phase
		keys  []string
		sent  string // the command type the keys send, or ""
		ask   bool   // the keys leave a question waiting for y
		field bool   // the keys open the text field
	}{
		"s splits a group":        {phase: session.PhaseGroup, keys: []string{"s"}, ask: true},
		"ы is s":                  {phase: session.PhaseGroup, keys: []string{"ы"}, ask: true},
		"s takes an idea out":     {phase: session.PhaseGroup, keys: []string{"down", "s"}, sent: session.CmdUngroupIdea},
		"x does not split":        {phase: session.PhaseGroup, keys: []string{"down", "x"}},
		"enter renames a group":   {phase: session.PhaseGroup, keys: []string{"enter"}, field: true},
		"enter edits an idea":     {phase: session.PhaseIdeas, keys: []string{"enter"}, field: true},
		"l closes voting":         {phase: session.PhaseVote, keys: []string{"l"}, sent: session.CmdCloseVoting},
		"д is l":                  {phase: session.PhaseVote, keys: []string{"д"}, sent: session.CmdCloseVoting},
		"x does not close voting": {phase: session.PhaseVote, keys: []string{"x"}},
		"x takes an item off":     {phase: session.PhaseRoadmap, keys: []string{"x"}, sent: session.CmdUnplace},
		"ч is x":                  {phase: session.PhaseRoadmap, keys: []string{"ч"}, sent: session.CmdUnplace},
		"u undoes in Road map":    {phase: session.PhaseRoadmap, keys: []string{"u"}, sent: session.CmdUndo},
		"u undoes in Grouping":    {phase: session.PhaseGroup, keys: []string{"u"}, sent: session.CmdUndo},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := consoleFixture(tc.phase)
			m := newConsoleApp(f, 100, 30, t.TempDir())
			before := len(f.Conn.Sent)
			cpress(m, f.Conn, tc.keys...)
			var sent []string
			for _, c := range f.Conn.Sent[before:] {
				sent = append(sent, c.Type)
			}
			switch {
			case tc.sent == "" && len(sent) > 0:
				t.Errorf("%v sent %v, want nothing", tc.keys, sent)
			case tc.sent != "" && (len(sent) != 1 || sent[0] != tc.sent):
				t.Errorf("%v sent %v, want %s", tc.keys, sent, tc.sent)
			}
			if got := m.Confirm != nil; got != tc.ask {
				t.Errorf("%v: a question waits: %v, want %v", tc.keys, got, tc.ask)
			}
			if m.input.open != tc.field {
				t.Errorf("%v: the field is open: %v, want %v", tc.keys, m.input.open, tc.field)
			}
		})
	}
}
