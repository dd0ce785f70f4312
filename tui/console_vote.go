package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// candidateList is the votable items, most votes first, with a cursor;
// the vote, discussion and road map screens share it.
type candidateList struct {
	ids  []string
	list pickList
	cur  string
}

func (l *candidateList) set(ids []string) {
	l.ids = ids
	sel := make([]bool, len(ids))
	want := 0
	for i, id := range ids {
		sel[i] = true
		if id == l.cur {
			want = i
		}
	}
	l.list.setRows(sel, want)
	l.remember()
}

func (l *candidateList) remember() {
	if id := l.selected(); id != "" {
		l.cur = id
	}
}

func (l *candidateList) selected() string {
	if l.list.cursor < 0 || l.list.cursor >= len(l.ids) {
		return ""
	}
	return l.ids[l.list.cursor]
}

// moveKey moves the cursor on up and down and reports whether the key was
// one of them.
func (l *candidateList) moveKey(k *KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.list.move(-1)
	case key.Matches(msg, k.Down):
		l.list.move(1)
	default:
		return false
	}
	l.remember()
	return true
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

func (s *consoleVoteScreen) rebuild(c *Console) { s.c.set(c.st.Candidates()) }

func (s *consoleVoteScreen) key(c *Console, msg tea.KeyPressMsg) tea.Cmd {
	if s.c.moveKey(&c.keys, msg) {
		return nil
	}
	if key.Matches(msg, c.keys.CloseVoting) {
		if c.st.VotingClosed {
			c.send(session.Command{Type: session.CmdOpenVoting})
			c.note("Voting is open again.")
		} else {
			c.send(session.Command{Type: session.CmdCloseVoting})
			c.note("Voting is closed; nobody can change their votes now.")
		}
	}
	return nil
}

func (s *consoleVoteScreen) view(c *Console, w, h int) []string {
	st, tx := &c.styles, c.tx
	if w <= 0 || h <= 0 {
		return nil
	}
	reveal := "Tallies are hidden from participants (r reveals)"
	if c.st.VotesRevealed {
		reveal = "Tallies are shown to everyone (r hides)"
	}
	open := "voting is open (x closes)"
	if c.st.VotingClosed {
		open = "voting is closed (x reopens)"
	}
	spent := 0
	for _, p := range c.st.Participants {
		spent += p.VotesSpent
	}
	out := []string{
		tx.truncate(st.paint.Section(reveal)+st.paint.Meta(" · "+open), w),
		st.paint.Meta(tx.truncate(strconv.Itoa(c.room.voted)+" of "+strconv.Itoa(c.room.participants)+" have voted · "+plural(spent, "vote", "votes")+" cast of "+strconv.Itoa(c.room.participants*c.st.Settings.VoteBudget), w)),
	}
	if len(s.c.ids) == 0 {
		return append(out, "", st.paint.Empty(tx.truncate("Nothing to vote on yet: post ideas in the Ideas phase.", w)))
	}
	top := 1
	for _, id := range s.c.ids {
		top = max(top, c.st.Tally(id))
	}
	barW := max(4, min(24, w/4))
	return append(out, s.c.list.render(tx, w, h-len(out), func(i int, sel bool, w int) []string {
		id := s.c.ids[i]
		n := c.st.Tally(id)
		bar := strings.Repeat("█", n*barW/top)
		if n > 0 && bar == "" {
			bar = "▏"
		}
		right := st.paint.Tally(tx.pad(bar, barW)+" "+tx.pad(strconv.Itoa(n), 3)) + st.paint.Meta(plural(len(c.st.Supporters(id)), "inst.", "inst."))
		cursor, paint := "  ", st.paint.Item
		if sel {
			cursor, paint = "› ", st.paint.Selected
		}
		return []string{tx.line(cursor+st.paint.Group(itemIcon(c.st, id)), oneLine(c.st.ItemTitle(id)), paint, right, w)}
	})...)
}

func (s *consoleVoteScreen) help(c *Console) ([]key.Binding, []key.Binding) {
	k := &c.keys
	return []key.Binding{k.Move, k.Reveal, k.CloseVoting}, []key.Binding{k.Up, k.Down, k.Reveal, k.CloseVoting}
}
