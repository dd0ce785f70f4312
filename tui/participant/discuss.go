package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// discussScreen is the discussion phase: the focused item large, its
// comments arriving live, and a text area to add one.
type discussScreen struct {
	focus    string
	comments []*session.Comment
	back     int // comment lines scrolled back from the newest
	cache    drawn
}

func (d *discussScreen) rebuild(e *env) {
	if e.st.Focus != d.focus {
		d.back = 0
	}
	d.focus = e.st.Focus
	d.comments = nil
	if d.focus != "" {
		d.comments = e.st.CommentsOn(d.focus)
	}
	w := e.Width
	if side := discussSide(e, w); side > 0 {
		w -= side + 3 // the outcome beside it
	}
	d.cache = drawn{w: w, tx: e.Cells, lines: d.drawComments(e, w), ok: true}
}

func (d *discussScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case key.Matches(msg, k.Up):
		d.back++
	case key.Matches(msg, k.Down):
		d.back = max(0, d.back-1)
	case key.Matches(msg, k.Comment), key.Matches(msg, k.Open):
		if d.focus == "" || !e.st.IsItem(d.focus) {
			e.fail(e.L.S("participant.discuss.no_item"))
			return nil
		}
		return commentOn(e, d.focus)
	}
	return nil
}

// commentOn opens the text area for a comment on item.
func commentOn(e *env, item string) tea.Cmd {
	return e.compose(composeTarget{kind: composeComment, item: item}, "", session.MaxCommentLen)
}

func (d *discussScreen) follow(e *env, h int) {
	w := e.Width
	if side := discussSide(e, w); side > 0 {
		w -= side + 3
	}
	_, room := d.focusBox(e, w, h)
	d.back = max(0, min(d.back, len(d.commentLines(e, w))-room))
}

// focusBox draws the focused item and returns it with the lines left for
// comments below it.
func (d *discussScreen) focusBox(e *env, w, h int) ([]string, int) {
	st := e.Styles
	inner := w - tui.FrameWidth
	if inner < 4 || h < 4 {
		return nil, max(0, h-1)
	}
	var body []string
	kind := e.L.S("participant.discuss.idea")
	if g := e.st.Groups[d.focus]; g != nil {
		kind = e.L.N("participant.discuss.group_of", len(g.Ideas))
	}
	if t := e.st.Topic(e.st.ItemTopic(d.focus)); t != nil {
		kind += " · " + t.Name
	}
	if from := tui.FromTable(e.L, e.st, d.focus); from != "" { // issue 16
		kind += " · " + from
	}
	if e.st.VotesRevealed {
		kind += " · " + e.L.N("participant.votes", e.st.Tally(d.focus))
	}
	body = append(body, st.Paint.Meta(e.Cells.Truncate(kind, inner)))
	for _, l := range e.Cells.Wrap(e.st.ItemTitle(d.focus), inner) {
		body = append(body, st.Paint.Title(l))
	}
	if g := e.st.Groups[d.focus]; g != nil {
		for n, id := range g.Ideas {
			if n == 4 {
				body = append(body, st.Paint.Meta(e.Cells.Truncate("  "+e.L.N("participant.more", len(g.Ideas)-4), inner)))
				break
			}
			if i := e.st.Ideas[id]; i != nil {
				body = append(body, e.Cells.Truncate("  "+st.Paint.Meta("· ")+tui.OneLine(i.Text), inner))
			}
		}
	}
	if n := e.st.Notes[d.focus]; n != nil && n.Decision != "" {
		body = append(body, e.Cells.Indent(n.Decision, st.Paint.Decided(e.L.S("participant.discuss.decision")), inner)...)
	}
	limit := max(3, h*2/5) - 2 // the border takes two lines
	if len(body) > limit {
		body = body[:limit]
	}
	box := e.Cells.Frame(st.Paint.Frame, body, w)
	return box, max(0, h-len(box)-1)
}

// commentLines returns the comment lines for width w.
func (d *discussScreen) commentLines(e *env, w int) []string {
	if lines, ok := d.cache.get(e.Cells, w); ok {
		return lines
	}
	return d.drawComments(e, w)
}

// drawComments draws every comment on the focused item, oldest first, with
// the ones on their way at the end.
func (d *discussScreen) drawComments(e *env, w int) []string {
	st := e.Styles
	var lines []string
	for _, c := range d.comments {
		badge := st.Paint.Meta("• ")
		if e.me != "" && c.Author == e.me {
			badge = st.Paint.Own("★ ")
		}
		lines = append(lines, e.Cells.Indent(c.Text, badge, w)...)
		lines = append(lines, st.Paint.Meta(e.Cells.Truncate("   — "+author(e, c.Author, c.Institution, c.InstitutionMasked), w)))
	}
	for _, text := range pendingComments(e, d.focus) {
		lines = append(lines, e.Cells.Indent(text, st.Paint.Own("★ "), w)...)
		lines = append(lines, st.Paint.Pending(e.Cells.Truncate("   ⧗ "+e.L.S("participant.waiting.sending"), w)))
	}
	return lines
}

// discussSide is the width of the outcome beside the discussion (the
// decisions so far), or 0 where the screen is too narrow for both or
// nothing is decided yet.
func discussSide(e *env, w int) int {
	if w < 110 || !anyDecision(e.st) {
		return 0
	}
	return min(48, w*35/100)
}

// anyDecision reports whether an item has a decision.
func anyDecision(st *session.State) bool {
	for id, n := range st.Notes {
		if n.Decision != "" && st.IsItem(id) {
			return true
		}
	}
	return false
}

func (d *discussScreen) view(e *env, w, h int) string {
	side := discussSide(e, w)
	if side == 0 {
		return d.viewMain(e, w, h)
	}
	mainW := w - side - 3
	left := tui.SplitLines(d.viewMain(e, mainW, h))
	right := outcomeSide(e, side, h)
	bar := e.Styles.Paint.Rule(" │ ")
	out := make([]string, h)
	for i := range out {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = e.Cells.Pad(l, mainW) + bar + r
	}
	return e.Cells.Block(out, w, h)
}

// viewMain draws the discussion itself w cells wide.
func (d *discussScreen) viewMain(e *env, w, h int) string {
	st := e.Styles
	if d.focus == "" || !e.st.IsItem(d.focus) {
		lines := e.Cells.Indent(e.L.S("participant.discuss.waiting"), "", w)
		if c := e.st.Candidates(); len(c) > 0 {
			lines = append(lines, "", st.Paint.Section(e.L.S("participant.discuss.candidates")))
			for _, id := range c {
				if len(lines) >= h {
					break
				}
				lines = append(lines, e.Cells.Line("  "+st.Paint.Meta("• "+tui.MarkPrefix(e.L, e.st, id)), tui.OneLine(e.st.ItemTitle(id)), st.Paint.Item, "", w))
			}
		}
		return e.Cells.Block(lines, w, h)
	}
	box, room := d.focusBox(e, w, h)
	lines := append([]string{}, box...)
	all := d.commentLines(e, w)
	heading := st.Paint.Section(e.L.N("participant.discuss.comments", len(d.comments)))
	lines = append(lines, e.Cells.Spread(heading, st.Paint.Meta(e.L.S("participant.comment_hint")), w))
	if len(all) == 0 {
		lines = append(lines, st.Paint.Empty(e.Cells.Truncate(e.L.S("participant.discuss.no_comments"), w)))
		return e.Cells.Block(lines, w, h)
	}
	back := max(0, min(d.back, len(all)-room))
	end := len(all) - back
	start := max(0, end-room)
	if start > 0 && room > 1 {
		start++
		lines = append(lines, st.Paint.Meta(e.Cells.Truncate("  ↑ "+e.L.N("participant.discuss.above", start), w)))
	}
	lines = append(lines, all[start:end]...)
	return e.Cells.Block(lines, w, h)
}

func (d *discussScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	return []key.Binding{k.Comment, k.Outcome, k.Move}, []key.Binding{k.Comment, k.Up, k.Down}
}
