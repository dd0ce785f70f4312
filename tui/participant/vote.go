package participant

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// voteScreen is the voting phase: every votable item (groups and visible
// ideas outside groups) under its topic, own votes, the budget left, and
// tallies once the facilitator reveals them.
type voteScreen struct {
	rows components.Picker[voteRow] // the selection is kept across rebuilds
	left int                        // votes left, counting votes on their way
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

// RowKey finds an item's row again after a rebuild; headings have none.
func (r voteRow) RowKey() string { return r.id }

func (v *voteScreen) rebuild(e *env) {
	rows := v.rows.Rows()[:0]
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
		rows = append(rows, voteRow{heading: t.Name + " · " + e.L.N("participant.items", len(items))})
		rows = append(rows, items...)
	}
	spent := 0
	if p := e.st.Participants[e.me]; p != nil {
		spent = p.VotesSpent
	}
	v.left = e.st.Settings.VoteBudget - spent - pendingVotes(e, "")
	v.rows.Set(rows, v.rows.Cursor())
}

func (v *voteScreen) itemRow(e *env, id, title string, g *session.Group) voteRow {
	return voteRow{id: id, title: title, group: g, mine: e.st.VotesBy(id, e.me), pending: pendingVotes(e, id), tally: e.st.Tally(id)}
}

func (v *voteScreen) selected() *voteRow { return v.rows.Selected() }

func (v *voteScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case v.rows.MoveKey(k, msg):
	case key.Matches(msg, k.NextTopic):
		rows := v.rows.Rows()
		for i := v.rows.Cursor() + 1; i < len(rows); i++ {
			if rows[i].id == "" {
				v.rows.Jump(i)
				break
			}
		}
	case key.Matches(msg, k.PrevTopic):
		rows := v.rows.Rows()
		start := v.rows.Cursor()
		for start > 0 && rows[start].id != "" {
			start--
		}
		for i := start - 1; i >= 0; i-- {
			if rows[i].id == "" {
				v.rows.Jump(i)
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
				e.fail(e.L.S("participant.vote.none_to_remove"))
				return nil
			}
			e.send(session.Command{Type: session.CmdVote, Item: r.id, Delta: -1})
		}
	}
	return nil
}

// voteTop is the number of lines above the list: the budget and a rule.
const voteTop = 2

func (v *voteScreen) follow(e *env, h int) { v.rows.Follow(h - voteTop) }

func (v *voteScreen) view(e *env, w, h int) string {
	st := e.Styles
	s := e.st.Settings
	budget := st.Paint.Budget(e.L.N("participant.vote.left", max(0, v.left), "Of", e.L.N("participant.vote.of_budget", s.VoteBudget))) +
		st.Paint.Meta(" · "+e.L.N("participant.vote.cap", s.VoteCap))
	var state string
	switch {
	case e.st.VotingClosed:
		state = st.Paint.Error(e.L.S("participant.vote.closed"))
	case e.st.VotesRevealed:
		state = st.Paint.Tally(e.L.S("participant.vote.revealed"))
	case tui.SeatOf(e.st, e.me) != nil: // issue 16: a table's totals are its members' as they come
		state = st.Paint.Tally(e.L.S("tables_ui.you.table_tallies"))
	default:
		state = st.Paint.Meta(e.L.S("participant.vote.hidden"))
	}
	lines := []string{e.Cells.Spread(budget, state, w), ""}
	if len(v.rows.Rows()) == 0 {
		lines = append(lines, st.Paint.Empty(e.Cells.Truncate(e.L.S("participant.vote.nothing"), w)))
		return e.Cells.Block(lines, w, h)
	}
	lines = append(lines, v.rows.Render(e.Cells, w, h-voteTop, func(i int, selected bool, w int) []string {
		return v.drawRow(e, &v.rows.Rows()[i], selected, w)
	})...)
	return e.Cells.Block(lines, w, h)
}

// dots shows own votes against the cap: ●● confirmed, ◌ on its way, ○ free.
func dots(e *env, mine, pending, cap int) string {
	if cap > 5 {
		s := e.L.N("participant.vote.you", mine)
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
	st := e.Styles
	if r.id == "" {
		return []string{st.Paint.Section(e.Cells.Truncate(r.heading, w))}
	}
	cap := e.st.Settings.VoteCap
	d := st.Paint.Vote(dots(e, r.mine, r.pending, cap)) + " "
	marks := pickMark(e, r.id) + tui.MarkPrefix(e.L, e.st, r.id) // issue 16
	title := marks + tui.OneLine(r.title)
	if r.group != nil {
		title = "▣ " + title + " (" + e.L.N("common.ideas", len(r.group.Ideas)) + ")"
	}
	var right string
	if e.st.VotesRevealed || tui.SeatOf(e.st, e.me) != nil { // issue 16: at a table, its live totals
		right = st.Paint.Tally(e.L.N("participant.votes", r.tally))
	}
	if r.pending != 0 {
		right = st.Paint.Pending("⧗ ") + right
	}
	if !selected {
		return []string{e.Cells.Line("  "+d, title, st.Paint.Item, right, w)}
	}
	first := "› " + d
	var lines []string
	info := st.Paint.Meta(e.L.S("participant.vote.hint", "Votes", e.L.N("participant.votes", r.mine+r.pending),
		"AddKey", e.Keys.VoteAdd.Help().Key, "DelKey", e.Keys.VoteDel.Help().Key))
	lead := "      "
	if r.group != nil || e.Cells.Width(first+title)+e.Cells.Width(right)+1 <= w {
		lines = []string{st.Paint.Selected(e.Cells.Pad(e.Cells.Spread(first+title, right, w), w))}
	} else {
		text := e.Cells.Indent(marks+r.title, first, w)
		if len(text) > maxIdeaLines {
			text = text[:maxIdeaLines]
		}
		for _, l := range text {
			lines = append(lines, st.Paint.Selected(e.Cells.Pad(l, w)))
		}
		if right != "" {
			lead += right + st.Paint.Meta(" · ")
		}
	}
	if r.group != nil {
		for n, id := range r.group.Ideas {
			if n == 5 {
				lines = append(lines, st.Paint.Meta(e.Cells.Truncate("      "+e.L.N("participant.more", len(r.group.Ideas)-5), w)))
				break
			}
			if i := e.st.Ideas[id]; i != nil {
				lines = append(lines, e.Cells.Truncate("      "+st.Paint.Meta("· ")+tui.OneLine(i.Text), w))
			}
		}
	}
	return append(lines, e.Cells.Truncate(lead+info, w))
}

func (v *voteScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	short := []key.Binding{k.VoteAdd, k.VoteDel, k.Move}
	return short, []key.Binding{k.VoteAdd, k.VoteDel, k.Up, k.Down, k.NextTopic, k.PrevTopic}
}
