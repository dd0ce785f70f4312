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
		v.rows = append(v.rows, voteRow{heading: t.Name + " · " + Plural(len(items), "item", "items")})
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
	budget := st.Paint.Budget(strconv.Itoa(max(0, v.left))+" of "+Plural(s.VoteBudget, "vote", "votes")+" left") +
		st.Paint.Meta(" · at most "+strconv.Itoa(s.VoteCap)+" on one item")
	var state string
	switch {
	case e.st.VotingClosed:
		state = st.Paint.Error("voting is closed")
	case e.st.VotesRevealed:
		state = st.Paint.Tally("tallies revealed")
	default:
		state = st.Paint.Meta("tallies hidden until revealed")
	}
	lines := []string{e.tx.Spread(budget, state, w), ""}
	if len(v.rows) == 0 {
		lines = append(lines, st.Paint.Empty(e.tx.Truncate("There is nothing to vote on yet.", w)))
		return e.tx.Block(lines, w, h)
	}
	lines = append(lines, v.list.render(e.tx, w, h-voteTop, func(i int, selected bool, w int) []string {
		return v.drawRow(e, &v.rows[i], selected, w)
	})...)
	return e.tx.Block(lines, w, h)
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
		return []string{st.Paint.Section(e.tx.Truncate(r.heading, w))}
	}
	cap := e.st.Settings.VoteCap
	d := st.Paint.Vote(dots(r.mine, r.pending, cap)) + " "
	title := OneLine(r.title)
	if r.group != nil {
		title = "▣ " + title + " (" + Plural(len(r.group.Ideas), "idea", "ideas") + ")"
	}
	var right string
	if e.st.VotesRevealed {
		right = st.Paint.Tally(Plural(r.tally, "vote", "votes"))
	}
	if r.pending != 0 {
		right = st.Paint.Pending("⧗ ") + right
	}
	if !selected {
		return []string{e.tx.Line("  "+d, title, st.Paint.Item, right, w)}
	}
	first := "› " + d
	var lines []string
	info := st.Paint.Meta("yours: " + Plural(r.mine+r.pending, "vote", "votes") + " · space/+ add · - remove")
	lead := "      "
	if r.group != nil || e.tx.Width(first+title)+e.tx.Width(right)+1 <= w {
		lines = []string{st.Paint.Selected(e.tx.Pad(e.tx.Spread(first+title, right, w), w))}
	} else {
		text := e.tx.Indent(r.title, first, w)
		if len(text) > maxIdeaLines {
			text = text[:maxIdeaLines]
		}
		for _, l := range text {
			lines = append(lines, st.Paint.Selected(e.tx.Pad(l, w)))
		}
		if right != "" {
			lead += right + st.Paint.Meta(" · ")
		}
	}
	if r.group != nil {
		for n, id := range r.group.Ideas {
			if n == 5 {
				lines = append(lines, st.Paint.Meta(e.tx.Truncate("      … and "+strconv.Itoa(len(r.group.Ideas)-5)+" more", w)))
				break
			}
			if i := e.st.Ideas[id]; i != nil {
				lines = append(lines, e.tx.Truncate("      "+st.Paint.Meta("· ")+OneLine(i.Text), w))
			}
		}
	}
	return append(lines, e.tx.Truncate(lead+info, w))
}

func (v *voteScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.keys
	short := []key.Binding{k.VoteAdd, k.VoteDel, k.Move}
	return short, []key.Binding{k.VoteAdd, k.VoteDel, k.Up, k.Down, k.NextTopic, k.PrevTopic}
}
