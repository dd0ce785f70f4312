package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// tableGroupScreen is Grouping for a table's rapporteur: per topic, the
// table's groups with their ideas, then its ideas not grouped yet, with a
// selection. space marks an idea (or a group), m merges the marked ideas
// into the marked group, or into a new one whose name the text area asks
// for; p picks the selected item for the plenary.
type tableGroupScreen struct {
	topic  int
	rows   components.Picker[tableGroupRow]
	marked map[string]bool
	counts []int
	naming []string // the ideas whose new group's name is being typed
}

// tableGroupRow is a group, one of its ideas, or an idea not grouped.
type tableGroupRow struct {
	id     string
	group  *session.Group
	idea   *session.Idea
	member bool
}

// RowKey finds the row again after a rebuild.
func (r tableGroupRow) RowKey() string { return r.id }

// selectedID is the selected group or idea not grouped: what p picks.
func (g *tableGroupScreen) selectedID() string {
	r := g.rows.Selected()
	if r == nil || r.member {
		return ""
	}
	return r.id
}

func (g *tableGroupScreen) rebuild(e *env) {
	if g.marked == nil {
		g.marked = map[string]bool{}
	}
	st := e.st
	for id := range g.marked {
		if i := st.Ideas[id]; (i == nil || i.Group != "") && st.Groups[id] == nil {
			delete(g.marked, id)
		}
	}
	g.counts = make([]int, len(st.Topics))
	for _, i := range st.Ideas {
		if k := st.TopicIndex(st.IdeaTopic(i)); k >= 0 && visible(e, i) {
			g.counts[k]++
		}
	}
	rows := g.rows.Rows()[:0]
	if len(st.Topics) == 0 {
		g.rows.Set(rows, 0)
		return
	}
	g.topic = components.TopicIndex(g.topic, len(st.Topics))
	t := st.Topics[g.topic].ID
	for _, gr := range st.GroupList() {
		if gr.Topic != t {
			continue
		}
		rows = append(rows, tableGroupRow{id: gr.ID, group: gr})
		for _, id := range gr.Ideas {
			if i := st.Ideas[id]; i != nil {
				rows = append(rows, tableGroupRow{id: id, idea: i, member: true})
			}
		}
	}
	for _, i := range st.IdeaList() {
		if i.Topic == t && i.Group == "" && !i.Hidden {
			rows = append(rows, tableGroupRow{id: i.ID, idea: i})
		}
	}
	g.rows.Set(rows, 0)
}

func (g *tableGroupScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case key.Matches(msg, k.NextTopic), key.Matches(msg, k.PrevTopic):
		d := 1
		if key.Matches(msg, k.PrevTopic) {
			d = -1
		}
		g.topic = components.TopicIndex(g.topic+d, len(e.st.Topics))
		g.rows.Remember("")
		g.rebuild(e)
	case g.rows.MoveKey(k, msg):
	case key.Matches(msg, k.Back):
		if len(g.marked) > 0 {
			clear(g.marked)
			e.note(e.L.S("tables_ui.group.marks_cleared"))
		}
	case key.Matches(msg, k.Mark):
		g.mark(e)
	case key.Matches(msg, k.Merge):
		return g.merge(e)
	}
	return nil
}

func (g *tableGroupScreen) mark(e *env) {
	r := g.rows.Selected()
	if r == nil {
		return
	}
	if r.member {
		e.fail(e.L.S("tables_ui.group.in_group"))
		return
	}
	if g.marked[r.id] {
		delete(g.marked, r.id)
	} else {
		g.marked[r.id] = true
	}
	if len(g.marked) > 0 {
		e.note(e.L.N("tables_ui.group.marked", len(g.marked)))
	}
	g.rows.Move(1)
}

// merge groups the marked ideas: into the marked group (or the selected
// one) when there is one, else into a new group named in the text area.
// With one idea marked, the selected idea joins it.
func (g *tableGroupScreen) merge(e *env) tea.Cmd {
	var ideas, groups []string
	for id := range g.marked {
		if e.st.Groups[id] != nil {
			groups = append(groups, id)
		} else {
			ideas = append(ideas, id)
		}
	}
	session.ByID(ideas)
	r := g.rows.Selected()
	if r != nil && r.idea != nil && !r.member && !g.marked[r.id] && len(ideas) == 1 && len(groups) == 0 {
		ideas = append(ideas, r.id)
		session.ByID(ideas)
	}
	if len(groups) == 0 && r != nil && r.group != nil && len(ideas) > 0 {
		groups = []string{r.id}
	}
	switch {
	case len(groups) > 1:
		e.fail(e.L.S("tables_ui.group.one_group"))
		return nil
	case len(ideas) == 0:
		e.fail(e.L.S("tables_ui.group.nothing_marked"))
		return nil
	case len(groups) == 1:
		e.send(session.Command{Type: session.CmdGroupIdeas, Group: groups[0], Ideas: ideas})
		e.note(e.L.N("tables_ui.group.added", len(ideas)))
		clear(g.marked)
		return nil
	}
	g.naming = ideas
	return e.compose(composeTarget{kind: composeGroupName}, "", session.MaxGroupNameLen)
}

// tableGroupTop is the number of lines above the list.
const tableGroupTop = 2

func (g *tableGroupScreen) follow(e *env, h int) { g.rows.Follow(h - tableGroupTop) }

func (g *tableGroupScreen) view(e *env, w, h int) string {
	st, tx, l := e.Styles, e.Cells, e.L
	if len(e.st.Topics) == 0 {
		return st.Paint.Empty(tx.Truncate(l.S("participant.no_topics"), w))
	}
	t := e.st.Topics[components.TopicIndex(g.topic, len(e.st.Topics))]
	groups, loose := 0, 0
	for _, r := range g.rows.Rows() {
		switch {
		case r.group != nil:
			groups++
		case !r.member:
			loose++
		}
	}
	sum := t.Name + " · " + l.N("participant.group.groups", groups) + " · " + l.N("participant.group.loose", loose)
	if n := len(g.marked); n > 0 {
		sum += " · " + l.N("tables_ui.group.marked", n)
	}
	lines := []string{components.Tabs(e.Common, e.st.Topics, g.topic, g.counts, w), st.Paint.Meta(tx.Truncate(sum, w))}
	if len(g.rows.Rows()) == 0 {
		lines = append(lines, "", st.Paint.Empty(tx.Truncate(l.S("participant.group.no_ideas", "Topic", t.Name), w)))
		return tx.Block(lines, w, h)
	}
	lines = append(lines, g.rows.Render(tx, w, h-tableGroupTop, func(i int, sel bool, w int) []string {
		return []string{g.drawRow(e, g.rows.Rows()[i], sel, w)}
	})...)
	return tx.Block(lines, w, h)
}

func (g *tableGroupScreen) drawRow(e *env, r tableGroupRow, sel bool, w int) string {
	st, tx, l := e.Styles, e.Cells, e.L
	cursor, paint := "  ", st.Paint.Item
	if sel {
		cursor, paint = "› ", st.Paint.Selected
	}
	mark := "  "
	if g.marked[r.id] {
		mark = st.Paint.Vote("◆ ")
	}
	lead := cursor + mark + st.Paint.Own(pickMark(e, r.id))
	if r.group != nil {
		gp := st.Paint.Group
		if sel {
			gp = st.Paint.Selected
		}
		return tx.Line(lead+st.Paint.Group("▣ "), r.group.Name, gp, st.Paint.Meta(l.N("common.ideas", len(r.group.Ideas))), w)
	}
	meta := author(e, r.idea.Author, r.idea.Institution, r.idea.InstitutionMasked)
	if e.me != "" && r.idea.Author == e.me {
		meta = l.S("participant.yours")
	}
	if r.member {
		return tx.Line(lead+"  "+st.Paint.Meta("└ "), tui.OneLine(r.idea.Text), paint, st.Paint.Meta(tx.Truncate(meta, tui.MetaWidth(w))), w)
	}
	return tx.Line(lead+"• ", tui.OneLine(r.idea.Text), paint, st.Paint.Meta(tx.Truncate(meta, tui.MetaWidth(w))), w)
}

func (g *tableGroupScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	short := []key.Binding{k.Mark, k.Merge, k.Promote, k.Move}
	return short, []key.Binding{k.Up, k.Down, k.NextTopic, k.PrevTopic, k.Mark, k.Merge, k.Promote, k.Back}
}
