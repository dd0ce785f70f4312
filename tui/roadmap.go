package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// roadmapScreen is the road map phase: the draft road map live, horizon by
// horizon, with the lead institution of each item; c comments on the
// selected item.
type roadmapScreen struct {
	rows  []roadmapRow
	list  pickList
	selID string
	items int
}

// roadmapRow is a horizon heading, an empty-horizon note, or an item.
type roadmapRow struct {
	heading  string
	note     string
	item     *session.RoadmapItem
	title    string
	comments int
}

func (r *roadmapScreen) rebuild(e *env) {
	r.rows = roadmapRows(e.st, r.rows[:0])
	r.items = 0
	sel := make([]bool, len(r.rows))
	want := r.list.cursor
	for k, row := range r.rows {
		sel[k] = row.item != nil
		if row.item != nil {
			r.items++
			if row.item.Item == r.selID {
				want = k
			}
		}
	}
	r.list.setRows(sel, want)
	r.remember()
}

// roadmapRows lists the horizons and their items in order.
func roadmapRows(st *session.State, rows []roadmapRow) []roadmapRow {
	counts := map[string]int{}
	for _, c := range st.Comments {
		counts[c.Item]++
	}
	for _, h := range st.Settings.Horizons {
		items := st.RoadmapIn(h)
		rows = append(rows, roadmapRow{heading: h + " · " + Plural(len(items), "item", "items")})
		if len(items) == 0 {
			rows = append(rows, roadmapRow{note: "nothing placed here yet"})
		}
		for _, it := range items {
			rows = append(rows, roadmapRow{item: it, title: st.ItemTitle(it.Item), comments: counts[it.Item]})
		}
	}
	return rows
}

func (r *roadmapScreen) remember() {
	if row := r.selected(); row != nil {
		r.selID = row.item.Item
	}
}

func (r *roadmapScreen) selected() *roadmapRow {
	if r.list.cursor < 0 || r.list.cursor >= len(r.rows) {
		return nil
	}
	return &r.rows[r.list.cursor]
}

func (r *roadmapScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.keys
	switch {
	case key.Matches(msg, k.Up):
		r.list.move(-1)
	case key.Matches(msg, k.Down):
		r.list.move(1)
	case key.Matches(msg, k.Comment), key.Matches(msg, k.Open):
		row := r.selected()
		if row == nil {
			e.fail("Nothing is on the road map yet.")
			return nil
		}
		return commentOn(e, row.item.Item)
	}
	r.remember()
	return nil
}

// roadmapTop is the number of lines above the list.
const roadmapTop = 2

func (r *roadmapScreen) follow(e *env, h int) { r.list.follow(h - roadmapTop) }

func (r *roadmapScreen) view(e *env, w, h int) string {
	st := e.styles
	lines := []string{
		e.tx.Spread(st.Paint.Section("Draft road map"), st.Paint.Meta(Plural(r.items, "item", "items")+" placed"), w),
		"",
	}
	lines = append(lines, r.list.render(e.tx, w, h-roadmapTop, func(i int, selected bool, w int) []string {
		return drawRoadmapRow(e, &r.rows[i], selected, w)
	})...)
	return e.tx.Block(lines, w, h)
}

func drawRoadmapRow(e *env, row *roadmapRow, selected bool, w int) []string {
	st := e.styles
	switch {
	case row.heading != "":
		return []string{st.Paint.Section(e.tx.Truncate(row.heading, w))}
	case row.item == nil:
		return []string{st.Paint.Empty(e.tx.Truncate("   "+row.note, w))}
	}
	num := strconv.Itoa(row.item.Order) + ". "
	var right string
	if row.item.Lead != "" {
		right = st.Paint.Meta("lead: " + e.tx.Truncate(row.item.Lead, MetaWidth(w)))
	}
	kind := ""
	if _, ok := e.st.Groups[row.item.Item]; ok {
		kind = "▣ "
	}
	if !selected {
		return []string{e.tx.Line("  "+num+kind, OneLine(row.title), st.Paint.Item, right, w)}
	}
	var lines []string
	for _, l := range e.tx.Indent(row.title, "› "+num+kind, w) {
		lines = append(lines, st.Paint.Selected(e.tx.Pad(l, w)))
	}
	if len(lines) > maxIdeaLines {
		lines = lines[:maxIdeaLines]
	}
	pre := strings.Repeat(" ", 5)
	if row.item.Lead != "" {
		lines = append(lines, e.tx.Indent(row.item.Lead, pre+st.Paint.Meta("Lead: "), w)...)
	}
	if len(row.item.Supporters) > 0 {
		lines = append(lines, e.tx.Indent(strings.Join(row.item.Supporters, ", "), pre+st.Paint.Meta("Supported by: "), w)...)
	}
	lines = append(lines, st.Paint.Meta(e.tx.Truncate(pre+Plural(row.comments, "comment", "comments")+" · c to comment", w)))
	return lines
}

func (r *roadmapScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.keys
	return []key.Binding{k.Comment, k.Move}, []key.Binding{k.Comment, k.Up, k.Down}
}
