package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// voteScreen is the voting phase: every votable item (groups and visible
// ideas outside groups) under its topic, own votes, the budget left, and
// tallies once the facilitator reveals them.
type voteScreen struct {
	rows  []voteRow
	list  pickList
	selID string
	left  int // votes left, counting votes on their way
}

// voteRow is a topic heading (id "") or a votable item.
type voteRow struct {
	id      string
	heading string
	title   string
	group   *session.Group
	mine    int // own votes the hub confirmed
	pending int // own votes on their way (may be negative)
	tally   int
}

func (v *voteScreen) rebuild(e *env) {
	v.rows = v.rows[:0]
	byTopic := map[string][]voteRow{}
	for _, g := range e.st.GroupList() {
		byTopic[g.Topic] = append(byTopic[g.Topic], v.itemRow(e, g.ID, g.Name, g))
	}
	for _, i := range e.st.IdeaList() {
		if i.Hidden || i.Group != "" {
			continue
		}
		byTopic[i.Topic] = append(byTopic[i.Topic], v.itemRow(e, i.ID, i.Text, nil))
	}
	for _, t := range e.st.Topics {
		items := byTopic[t.ID]
		if len(items) == 0 {
			continue
		}
		v.rows = append(v.rows, voteRow{heading: t.Name + " · " + plural(len(items), "item", "items")})
		v.rows = append(v.rows, items...)
	}
	spent := 0
	if p := e.st.Participants[e.me]; p != nil {
		spent = p.VotesSpent
	}
	v.left = e.st.Settings.VoteBudget - spent - pendingVotes(e, "")
	sel := make([]bool, len(v.rows))
	want := v.list.cursor
	for k, r := range v.rows {
		sel[k] = r.id != ""
		if r.id != "" && r.id == v.selID {
			want = k
		}
	}
	v.list.setRows(sel, want)
	v.remember()
}

func (v *voteScreen) itemRow(e *env, id, title string, g *session.Group) voteRow {
	return voteRow{id: id, title: title, group: g, mine: e.st.VotesBy(id, e.me), pending: pendingVotes(e, id), tally: e.st.Tally(id)}
}

func (v *voteScreen) remember() {
	if r := v.selected(); r != nil {
		v.selID = r.id
	}
}

func (v *voteScreen) selected() *voteRow {
	if v.list.cursor < 0 || v.list.cursor >= len(v.rows) {
		return nil
	}
	return &v.rows[v.list.cursor]
}

func (v *voteScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.keys
	switch {
	case key.Matches(msg, k.Up):
		v.list.move(-1)
	case key.Matches(msg, k.Down):
		v.list.move(1)
	case key.Matches(msg, k.NextTopic):
		for i := v.list.cursor + 1; i < len(v.rows); i++ {
			if v.rows[i].id == "" {
				v.list.jump(i)
				break
			}
		}
	case key.Matches(msg, k.PrevTopic):
		start := v.list.cursor
		for start > 0 && v.rows[start].id != "" {
			start--
		}
		for i := start - 1; i >= 0; i-- {
			if v.rows[i].id == "" {
				v.list.jump(i)
				break
			}
		}
	case key.Matches(msg, k.VoteAdd):
		if r := v.selected(); r != nil {
			e.send(session.Command{Type: session.CmdVote, Item: r.id, Delta: 1})
		}
	case key.Matches(msg, k.VoteDel):
		if r := v.selected(); r != nil {
			if r.mine+r.pending <= 0 {
				e.fail("You have no vote on this item to remove.")
				return nil
			}
			e.send(session.Command{Type: session.CmdVote, Item: r.id, Delta: -1})
		}
	}
	v.remember()
	return nil
}

// voteTop is the number of lines above the list: the budget and a rule.
const voteTop = 2

func (v *voteScreen) follow(e *env, h int) { v.list.follow(h - voteTop) }

func (v *voteScreen) view(e *env, w, h int) string {
	st := e.styles
	s := e.st.Settings
	budget := st.paint.Budget(strconv.Itoa(max(0, v.left))+" of "+plural(s.VoteBudget, "vote", "votes")+" left") +
		st.paint.Meta(" · at most "+strconv.Itoa(s.VoteCap)+" on one item")
	var state string
	switch {
	case e.st.VotingClosed:
		state = st.paint.Error("voting is closed")
	case e.st.VotesRevealed:
		state = st.paint.Tally("tallies revealed")
	default:
		state = st.paint.Meta("tallies hidden until revealed")
	}
	lines := []string{e.tx.spread(budget, state, w), ""}
	if len(v.rows) == 0 {
		lines = append(lines, st.paint.Empty(e.tx.truncate("There is nothing to vote on yet.", w)))
		return e.tx.block(lines, w, h)
	}
	lines = append(lines, v.list.render(e.tx, w, h-voteTop, func(i int, selected bool, w int) []string {
		return v.drawRow(e, &v.rows[i], selected, w)
	})...)
	return e.tx.block(lines, w, h)
}

// dots shows own votes against the cap: ●● confirmed, ◌ on its way, ○ free.
func dots(mine, pending, cap int) string {
	if cap > 5 {
		s := "you " + strconv.Itoa(mine)
		if pending != 0 {
			s += "⧗"
		}
		return s
	}
	all := max(0, min(cap, mine+pending))
	conf := min(all, mine)
	return strings.Repeat("●", conf) + strings.Repeat("◌", all-conf) + strings.Repeat("○", cap-all)
}

func (v *voteScreen) drawRow(e *env, r *voteRow, selected bool, w int) []string {
	st := e.styles
	if r.id == "" {
		return []string{st.paint.Section(e.tx.truncate(r.heading, w))}
	}
	cap := e.st.Settings.VoteCap
	d := st.paint.Vote(dots(r.mine, r.pending, cap)) + " "
	title := oneLine(r.title)
	if r.group != nil {
		title = "▣ " + title + " (" + plural(len(r.group.Ideas), "idea", "ideas") + ")"
	}
	var right string
	if e.st.VotesRevealed {
		right = st.paint.Tally(plural(r.tally, "vote", "votes"))
	}
	if r.pending != 0 {
		right = st.paint.Pending("⧗ ") + right
	}
	if !selected {
		return []string{e.tx.line("  "+d, title, st.paint.Item, right, w)}
	}
	first := "› " + d
	var lines []string
	info := st.paint.Meta("yours: " + plural(r.mine+r.pending, "vote", "votes") + " · space/+ add · - remove")
	lead := "      "
	if r.group != nil || e.tx.width(first+title)+e.tx.width(right)+1 <= w {
		lines = []string{st.paint.Selected(e.tx.pad(e.tx.spread(first+title, right, w), w))}
	} else {
		text := e.tx.indent(r.title, first, w)
		if len(text) > maxIdeaLines {
			text = text[:maxIdeaLines]
		}
		for _, l := range text {
			lines = append(lines, st.paint.Selected(e.tx.pad(l, w)))
		}
		if right != "" {
			lead += right + st.paint.Meta(" · ")
		}
	}
	if r.group != nil {
		for n, id := range r.group.Ideas {
			if n == 5 {
				lines = append(lines, st.paint.Meta(e.tx.truncate("      … and "+strconv.Itoa(len(r.group.Ideas)-5)+" more", w)))
				break
			}
			if i := e.st.Ideas[id]; i != nil {
				lines = append(lines, e.tx.truncate("      "+st.paint.Meta("· ")+oneLine(i.Text), w))
			}
		}
	}
	return append(lines, e.tx.truncate(lead+info, w))
}

func (v *voteScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.keys
	short := []key.Binding{k.VoteAdd, k.VoteDel, k.Move}
	return short, []key.Binding{k.VoteAdd, k.VoteDel, k.Up, k.Down, k.NextTopic, k.PrevTopic}
}
