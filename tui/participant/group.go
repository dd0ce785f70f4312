package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// groupScreen is the grouping phase: per topic, the groups forming live
// with their ideas, then the ideas not grouped yet.
type groupScreen struct {
	pager
	topic  int
	counts []int // groups and loose ideas per topic
	groups int   // groups under the current topic
	loose  int   // ideas not grouped under the current topic
	rows   []groupRow
}

type groupRowKind int

const (
	rowGroup   groupRowKind = iota + 1 // a group's name
	rowMember                          // an idea inside a group
	rowHeading                         // "Not grouped yet"
	rowIdea                            // an idea outside any group
	rowBlank
)

// groupRow is one line of the grouping screen, drawn only when visible.
type groupRow struct {
	kind   groupRowKind
	text   string
	meta   string
	own    bool
	hidden bool
}

func (g *groupScreen) rebuild(e *env) {
	g.counts = make([]int, len(e.st.Topics))
	g.rows = g.rows[:0]
	g.groups, g.loose = 0, 0
	if len(e.st.Topics) == 0 {
		return
	}
	g.topic = components.TopicIndex(g.topic, len(e.st.Topics))
	cur := e.st.Topics[g.topic].ID
	pos := make(map[string]int, len(e.st.Topics))
	for i, t := range e.st.Topics {
		pos[t.ID] = i
	}
	for _, gr := range e.st.GroupList() {
		if k, ok := pos[gr.Topic]; ok {
			g.counts[k]++
		}
		if gr.Topic != cur {
			continue
		}
		g.groups++
		if len(g.rows) > 0 {
			g.rows = append(g.rows, groupRow{kind: rowBlank})
		}
		g.rows = append(g.rows, groupRow{kind: rowGroup, text: tui.MarkPrefix(e.L, e.st, gr.ID) + gr.Name, meta: e.L.N("common.ideas", len(gr.Ideas))})
		for _, id := range gr.Ideas {
			if i := e.st.Ideas[id]; i != nil {
				g.rows = append(g.rows, g.ideaRow(e, rowMember, i))
			}
		}
	}
	var loose []groupRow
	for _, i := range e.st.IdeaList() {
		if i.Group != "" || !visible(e, i) {
			continue
		}
		if k, ok := pos[i.Topic]; ok {
			g.counts[k]++
		}
		if i.Topic == cur {
			loose = append(loose, g.ideaRow(e, rowIdea, i))
		}
	}
	g.loose = len(loose)
	if len(loose) > 0 {
		if len(g.rows) > 0 {
			g.rows = append(g.rows, groupRow{kind: rowBlank})
		}
		g.rows = append(g.rows, groupRow{kind: rowHeading, text: e.L.S("participant.group.not_grouped"), meta: e.L.N("common.ideas", len(loose))})
		g.rows = append(g.rows, loose...)
	}
}

func (g *groupScreen) ideaRow(e *env, kind groupRowKind, i *session.Idea) groupRow {
	r := groupRow{kind: kind, text: i.Text, own: e.me != "" && i.Author == e.me, hidden: i.Hidden}
	if kind == rowIdea { // issue 16: T3, a promoted idea's table
		r.text = tui.MarkPrefix(e.L, e.st, i.ID) + i.Text
	}
	switch {
	case i.Hidden:
		r.meta = e.L.S("participant.hidden")
	case r.own:
		r.meta = e.L.S("participant.yours")
	default:
		r.meta = author(e, i.Author, i.Institution, i.InstitutionMasked)
	}
	return r
}

func (g *groupScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case key.Matches(msg, k.NextTopic), key.Matches(msg, k.PrevTopic):
		d := 1
		if key.Matches(msg, k.PrevTopic) {
			d = -1
		}
		g.topic = components.TopicIndex(g.topic+d, len(e.st.Topics))
		g.offset = 0
		g.rebuild(e)
	case key.Matches(msg, k.Up):
		g.offset = max(0, g.offset-1)
	case key.Matches(msg, k.Down):
		g.offset++
	}
	return nil
}

func (g *groupScreen) follow(e *env, h int) { g.offset = g.clamped(len(g.rows), h-boardTop) }

func (g *groupScreen) view(e *env, w, h int) string {
	st := e.Styles
	if len(e.st.Topics) == 0 {
		return st.Paint.Empty(e.Cells.Truncate(e.L.S("participant.no_topics"), w))
	}
	t := e.st.Topics[components.TopicIndex(g.topic, len(e.st.Topics))]
	lines := []string{
		components.Tabs(e.Common, e.st.Topics, g.topic, g.counts, w),
		st.Paint.Meta(e.Cells.Truncate(t.Name+" · "+e.L.N("participant.group.groups", g.groups)+" · "+e.L.N("participant.group.loose", g.loose), w)),
	}
	if len(g.rows) == 0 {
		lines = append(lines, "", st.Paint.Empty(e.Cells.Truncate(e.L.S("participant.group.no_ideas", "Topic", t.Name), w)))
		return e.Cells.Block(lines, w, h)
	}
	off := g.clamped(len(g.rows), h-boardTop)
	for i := off; i < len(g.rows) && len(lines) < h; i++ {
		lines = append(lines, g.drawRow(e, &g.rows[i], w))
	}
	return e.Cells.Block(lines, w, h)
}

func (g *groupScreen) drawRow(e *env, r *groupRow, w int) string {
	st := e.Styles
	metaStyle := st.Paint.Meta
	if r.own {
		metaStyle = st.Paint.Own
	}
	switch r.kind {
	case rowGroup:
		return e.Cells.Line(st.Paint.Group("▣ "), tui.OneLine(r.text), st.Paint.Group, st.Paint.Meta(r.meta), w)
	case rowHeading:
		return e.Cells.Spread(st.Paint.Section(r.text), st.Paint.Meta(r.meta), w)
	case rowMember:
		return e.Cells.Line("   "+st.Paint.Meta("· "), tui.OneLine(r.text), st.Paint.Item, metaStyle(e.Cells.Truncate(r.meta, tui.MetaWidth(w))), w)
	case rowIdea:
		badge := st.Paint.Meta("• ")
		switch {
		case r.hidden:
			badge = st.Paint.Hidden("⊘ ")
		case r.own:
			badge = st.Paint.Own("★ ")
		}
		return e.Cells.Line(" "+badge, tui.OneLine(r.text), st.Paint.Item, metaStyle(e.Cells.Truncate(r.meta, tui.MetaWidth(w))), w)
	}
	return ""
}

func (g *groupScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	return []key.Binding{k.Topic, k.Move}, []key.Binding{k.NextTopic, k.PrevTopic, k.Up, k.Down}
}
