package console

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// candidateList is the votable items, most votes first, with a cursor;
// the vote and discussion screens share it.
type candidateList struct {
	ids  []string
	pick components.Picker[candidate]
}

// candidate is a row of a candidateList: an item's id.
type candidate string

// RowKey finds the item again after a rebuild.
func (c candidate) RowKey() string { return string(c) }

func (l *candidateList) set(ids []string) {
	l.ids = ids
	rows := make([]candidate, len(ids))
	for i, id := range ids {
		rows[i] = candidate(id)
	}
	l.pick.Set(rows, 0)
}

func (l *candidateList) selected() string {
	if id := l.pick.Selected(); id != nil {
		return string(*id)
	}
	return ""
}

// moveKey moves the cursor on up and down and reports whether the key was
// one of them.
func (l *candidateList) moveKey(k *tui.KeyMap, msg tea.KeyPressMsg) bool {
	return l.pick.MoveKey(k, msg)
}

// itemIcon marks a group or an idea.
func itemIcon(st *session.State, id string) string {
	if _, ok := st.Groups[id]; ok {
		return "▣ "
	}
	return "• "
}

// consoleVoteScreen is the vote phase: every candidate with its tally as a
// bar, which the facilitator always sees, revealed or not.
type consoleVoteScreen struct{ c candidateList }

func (s *consoleVoteScreen) rebuild(c *desk) { s.c.set(c.St.Candidates()) }

func (s *consoleVoteScreen) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	if s.c.moveKey(c.Keys, msg) {
		return nil
	}
	if key.Matches(msg, c.Keys.CloseVoting) {
		if c.St.VotingClosed {
			c.send(session.Command{Type: session.CmdOpenVoting})
			c.note(c.L.S("console.vote.reopened"))
		} else {
			c.send(session.Command{Type: session.CmdCloseVoting})
			c.note(c.L.S("console.vote.closed_now"))
		}
	}
	return nil
}

func (s *consoleVoteScreen) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if w <= 0 || h <= 0 {
		return nil
	}
	reveal := l.S("console.vote.tallies_hidden")
	if c.St.VotesRevealed {
		reveal = l.S("console.vote.tallies_shown")
	}
	open := l.S("console.vote.is_open")
	if c.St.VotingClosed {
		open = l.S("console.vote.is_closed")
	}
	spent := 0
	for _, p := range c.St.Participants {
		spent += p.VotesSpent
	}
	out := []string{
		tx.Truncate(st.Paint.Section(reveal)+st.Paint.Meta(" · "+open), w),
		st.Paint.Meta(tx.Truncate(l.N("console.side.voted", c.room.voted, "All", l.Number(c.room.participants))+" · "+
			l.N("console.vote.cast", spent, "Max", l.Number(c.room.participants*c.St.Settings.VoteBudget)), w)),
	}
	if len(s.c.ids) == 0 {
		return append(out, "", st.Paint.Empty(tx.Truncate(l.S("console.vote.empty", "Phase", tui.PhaseName(l, session.PhaseIdeas)), w)))
	}
	top := 1
	for _, id := range s.c.ids {
		top = max(top, c.St.Tally(id))
	}
	barW := max(4, min(24, w/4))
	return append(out, s.c.pick.Render(tx, w, h-len(out), func(i int, sel bool, w int) []string {
		id := s.c.ids[i]
		n := c.St.Tally(id)
		bar := strings.Repeat("█", n*barW/top)
		if n > 0 && bar == "" {
			bar = "▏"
		}
		right := st.Paint.Tally(tx.Pad(bar, barW)+" "+tx.Pad(l.Number(n), 3)) + st.Paint.Meta(l.N("console.inst_short", len(c.St.Supporters(id))))
		cursor, paint := "  ", st.Paint.Item
		if sel {
			cursor, paint = "› ", st.Paint.Selected
		}
		return []string{tx.Line(cursor+st.Paint.Group(itemIcon(c.St, id)+tui.MarkPrefix(c.L, c.St, id)), tui.OneLine(c.St.ItemTitle(id)), paint, right, w)}
	})...)
}

func (s *consoleVoteScreen) help(c *desk) ([]key.Binding, []key.Binding) {
	k := c.Keys
	return []key.Binding{k.Move, k.CloseVoting, k.Reveal}, []key.Binding{k.Up, k.Down, k.CloseVoting, k.Reveal}
}
