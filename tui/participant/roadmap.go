package participant

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// roadmapScreen is the road map phase: the draft road map live, horizon by
// horizon, with the lead institution of each item; c comments on the
// selected item.
type roadmapScreen struct {
	rows  components.Picker[roadmapRow] // the selection is kept across rebuilds
	items int
	mine  consentMemory // issue 16: the participant's own consent answers (consent.go)
}

// roadmapRow is a horizon heading, an empty-horizon note, or an item.
type roadmapRow struct {
	heading  string
	note     string
	item     *session.RoadmapItem
	title    string
	comments int
}

// RowKey finds an item's row again after a rebuild; headings and notes
// have none.
func (r roadmapRow) RowKey() string {
	if r.item == nil {
		return ""
	}
	return r.item.Item
}

func (r *roadmapScreen) rebuild(e *env) {
	rows := roadmapRows(e, r.rows.Rows()[:0])
	r.items = 0
	for _, row := range rows {
		if row.item != nil {
			r.items++
		}
	}
	r.rows.Set(rows, r.rows.Cursor())
	if r.mine == nil { // issue 16
		r.mine = consentMemory{}
	}
	r.mine.note(e)
}

// roadmapRows lists the horizons and their items in order.
func roadmapRows(e *env, rows []roadmapRow) []roadmapRow {
	st := e.st
	counts := map[string]int{}
	for _, c := range st.Comments {
		counts[c.Item]++
	}
	for _, h := range st.Settings.Horizons {
		items := st.RoadmapIn(h)
		rows = append(rows, roadmapRow{heading: h + " · " + e.L.N("participant.items", len(items))})
		if len(items) == 0 {
			rows = append(rows, roadmapRow{note: e.L.S("participant.roadmap.nothing_here")})
		}
		for _, it := range items {
			rows = append(rows, roadmapRow{item: it, title: tui.MarkPrefix(e.L, st, it.Item) + st.ItemTitle(it.Item), comments: counts[it.Item]}) // issue 16: T3
		}
	}
	return rows
}

func (r *roadmapScreen) selected() *roadmapRow { return r.rows.Selected() }

func (r *roadmapScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case r.rows.MoveKey(k, msg):
	case key.Matches(msg, k.ConsentAnswer): // issue 16
		return answerConsent(e, msg)
	case key.Matches(msg, k.Comment), key.Matches(msg, k.Open):
		row := r.selected()
		if row == nil {
			e.fail(e.L.S("participant.roadmap.empty"))
			return nil
		}
		return commentOn(e, row.item.Item)
	}
	return nil
}

// roadmapTop is the number of lines above the list.
const roadmapTop = 2

func (r *roadmapScreen) follow(e *env, h int) {
	r.rows.Follow(h - roadmapTop - len(r.consentBox(e, e.Width))) // issue 16: the consent round above
}

func (r *roadmapScreen) view(e *env, w, h int) string {
	st := e.Styles
	box := r.consentBox(e, w) // issue 16: a consent round, open or revealed last
	lines := append(box,
		e.Cells.Spread(st.Paint.Section(e.L.S("participant.roadmap.draft")), st.Paint.Meta(e.L.N("participant.roadmap.placed", r.items)), w),
		"",
	)
	lines = append(lines, r.rows.Render(e.Cells, w, h-roadmapTop-len(box), func(i int, selected bool, w int) []string {
		return drawRoadmapRow(e, &r.rows.Rows()[i], selected, w)
	})...)
	return e.Cells.Block(lines, w, h)
}

func drawRoadmapRow(e *env, row *roadmapRow, selected bool, w int) []string {
	st := e.Styles
	switch {
	case row.heading != "":
		return []string{st.Paint.Section(e.Cells.Truncate(row.heading, w))}
	case row.item == nil:
		return []string{st.Paint.Empty(e.Cells.Truncate("   "+row.note, w))}
	}
	num := strconv.Itoa(row.item.Order) + ". "
	var right string
	if row.item.Lead != "" {
		right = st.Paint.Meta(e.L.S("participant.roadmap.lead_short", "Lead", e.Cells.Truncate(row.item.Lead, tui.MetaWidth(w))))
	}
	kind := ""
	if _, ok := e.st.Groups[row.item.Item]; ok {
		kind = "▣ "
	}
	if !selected {
		return []string{e.Cells.Line("  "+num+kind, tui.OneLine(row.title), st.Paint.Item, right, w)}
	}
	var lines []string
	for _, l := range e.Cells.Indent(row.title, "› "+num+kind, w) {
		lines = append(lines, st.Paint.Selected(e.Cells.Pad(l, w)))
	}
	if len(lines) > maxIdeaLines {
		lines = lines[:maxIdeaLines]
	}
	pre := strings.Repeat(" ", 5)
	if row.item.Lead != "" {
		lines = append(lines, e.Cells.Indent(row.item.Lead, pre+st.Paint.Meta(e.L.S("participant.roadmap.lead")), w)...)
	}
	if len(row.item.Supporters) > 0 {
		lines = append(lines, e.Cells.Indent(strings.Join(row.item.Supporters, ", "), pre+st.Paint.Meta(e.L.S("participant.roadmap.supporters")), w)...)
	}
	if n := e.st.Notes[row.item.Item]; n != nil && n.Decision != "" { // the outcome of its discussion
		for _, l := range e.Cells.Indent(n.Decision, pre+e.L.S("outcome.decision"), w) {
			lines = append(lines, st.Paint.Decided(l))
		}
	}
	lines = append(lines, st.Paint.Meta(e.Cells.Truncate(pre+e.L.N("participant.roadmap.comments", row.comments)+" · "+e.L.S("participant.comment_hint"), w)))
	return lines
}

func (r *roadmapScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	if e.st.OpenConsent() != nil { // issue 16
		return []key.Binding{k.ConsentAnswer, k.Comment, k.Outcome, k.Move}, []key.Binding{k.ConsentAnswer, k.Comment, k.Up, k.Down}
	}
	return []key.Binding{k.Comment, k.Outcome, k.Move}, []key.Binding{k.Comment, k.Up, k.Down}
}
