package participant

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// boardScreen is the ideas phase: topics as tabs, the ideas of the current
// topic as a list, own ideas marked, and a text area to post or edit.
type boardScreen struct {
	topic  int                         // index of the current topic
	sel    map[string]string           // topic id -> selected row key, kept across tabs
	counts []int                       // ideas per topic this participant sees
	yours  int                         // own ideas under the current topic
	rows   components.Picker[boardRow] // rows of the current topic
	hidden int                         // others' private ideas under the current topic (issue 15): counted, not shown
}

// boardRow is one idea, or one on its way to the hub.
type boardRow struct {
	key     string        // idea id, or "pending:N"
	idea    *session.Idea // nil while it is on its way
	text    string        // the text to show (an edit on its way wins)
	own     bool
	waiting string // "sending", "saving", "deleting" or ""
}

// RowKey finds the row again after a rebuild.
func (r boardRow) RowKey() string { return r.key }

func (b *boardScreen) currentTopic(e *env) (session.Topic, bool) {
	if len(e.st.Topics) == 0 {
		return session.Topic{}, false
	}
	b.topic = components.TopicIndex(b.topic, len(e.st.Topics))
	return e.st.Topics[b.topic], true
}

func (b *boardScreen) rebuild(e *env) {
	if b.sel == nil {
		b.sel = map[string]string{}
	}
	b.counts = make([]int, len(e.st.Topics))
	rows := b.rows.Rows()[:0]
	b.yours = 0
	t, ok := b.currentTopic(e)
	if !ok {
		b.rows.Set(rows, 0)
		return
	}
	pos := make(map[string]int, len(e.st.Topics))
	for i, tp := range e.st.Topics {
		pos[tp.ID] = i
	}
	for _, i := range e.st.IdeaList() {
		if !visible(e, i) {
			continue
		}
		topic := e.st.IdeaTopic(i) // a grouped idea is where its group is
		if k, ok := pos[topic]; ok {
			b.counts[k]++
		}
		if topic != t.ID {
			continue
		}
		r := boardRow{key: i.ID, idea: i, text: i.Text, own: e.me != "" && i.Author == e.me}
		if r.own {
			b.yours++
		}
		if text, ok := pendingEdit(e, i.ID); ok {
			r.text, r.waiting = text, waitSaving
		}
		if pendingDelete(e, i.ID) {
			r.waiting = waitDeleting
		}
		rows = append(rows, r)
	}
	// issue 15: others' private ideas count on the tabs, unseen
	b.hidden = privateCount(e, t.ID)
	for _, i := range e.st.Ideas {
		if k, ok := pos[i.Topic]; ok && i.Private && i.Author != e.me {
			b.counts[k]++
		}
	}
	for n, text := range pendingIdeas(e, t.ID) {
		rows = append(rows, boardRow{key: "pending:" + strconv.Itoa(n), text: text, own: true, waiting: waitSending})
		b.counts[b.topic]++
		b.yours++
	}
	b.rows.Remember(b.sel[t.ID])
	b.rows.Set(rows, b.rows.Cursor())
	b.remember(e)
}

// remember notes the selected row of the current topic.
func (b *boardScreen) remember(e *env) {
	t, ok := b.currentTopic(e)
	if !ok {
		return
	}
	if r := b.selected(); r != nil {
		b.sel[t.ID] = r.key
	}
}

func (b *boardScreen) selected() *boardRow { return b.rows.Selected() }

func (b *boardScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case key.Matches(msg, k.NextTopic), key.Matches(msg, k.PrevTopic):
		if n := len(e.st.Topics); n > 0 {
			d := 1
			if key.Matches(msg, k.PrevTopic) {
				d = -1
			}
			b.topic = components.TopicIndex(b.topic+d, n)
			b.rows.Reset()
			b.rebuild(e)
		}
	case key.Matches(msg, k.Up):
		b.rows.Move(-1)
		b.remember(e)
	case key.Matches(msg, k.Down):
		b.rows.Move(1)
		b.remember(e)
	case key.Matches(msg, k.New):
		return b.newIdea(e)
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Open):
		open := key.Matches(msg, k.Open)
		r := b.selected()
		if r == nil {
			if open {
				return b.newIdea(e)
			}
			return nil
		}
		if why := cannotChange(e, r, false); why != "" {
			if open {
				e.note(e.L.S("participant.board.post_own"))
			} else {
				e.fail(why)
			}
			return nil
		}
		return e.compose(composeTarget{kind: composeEdit, item: r.idea.ID}, r.text, session.MaxIdeaLen)
	case key.Matches(msg, k.Delete):
		r := b.selected()
		if r == nil {
			return nil
		}
		if why := cannotChange(e, r, true); why != "" {
			e.fail(why)
			return nil
		}
		e.ask(e.L.S("participant.board.confirm_delete", "Idea", e.Cells.Truncate(tui.OneLine(r.text), 30)),
			session.Command{Type: session.CmdDeleteIdea, Item: r.idea.ID})
	}
	return nil
}

func (b *boardScreen) newIdea(e *env) tea.Cmd {
	t, ok := b.currentTopic(e)
	if !ok {
		e.fail(e.L.S("participant.board.no_topics"))
		return nil
	}
	return e.compose(composeTarget{kind: composeIdea, topic: t.ID}, "", session.MaxIdeaLen)
}

// cannotChange says why the participant may not edit (or delete) a row,
// or "".
func cannotChange(e *env, r *boardRow, delete bool) string {
	switch {
	case !r.own && delete:
		return e.L.S("participant.board.own_only_delete")
	case !r.own:
		return e.L.S("participant.board.own_only_edit")
	case r.idea == nil:
		return e.L.S("participant.board.on_its_way")
	case r.idea.Hidden:
		return e.L.S("participant.board.hidden")
	case r.waiting == waitDeleting:
		return e.L.S("participant.board.being_deleted")
	}
	return ""
}

// What a row waits for.
const (
	waitSending  = "sending"
	waitSaving   = "saving"
	waitDeleting = "deleting"
)

// waitingText says what a row waits for, in the reader's language.
func waitingText(e *env, w string) string {
	switch w {
	case waitSending:
		return e.L.S("participant.waiting.sending")
	case waitSaving:
		return e.L.S("participant.waiting.saving")
	case waitDeleting:
		return e.L.S("participant.waiting.deleting")
	}
	return w
}

// boardTop is the number of lines above the list: tabs and a summary.
const boardTop = 2

func (b *boardScreen) follow(e *env, h int) { b.rows.Follow(h - b.top()) }

// top is the number of lines above the list: boardTop, and the line
// about others' private ideas when there are some (issue 15).
func (b *boardScreen) top() int {
	if b.hidden > 0 {
		return boardTop + 1
	}
	return boardTop
}

func (b *boardScreen) view(e *env, w, h int) string {
	st := e.Styles
	t, ok := b.currentTopic(e)
	if !ok {
		return st.Paint.Empty(e.Cells.Truncate(e.L.S("participant.no_topics"), w))
	}
	lines := []string{components.Tabs(e.Common, e.st.Topics, b.topic, b.counts, w)}
	n := len(b.rows.Rows())
	summary := t.Name + " · " + e.L.N("common.ideas", n)
	if b.yours > 0 {
		summary += " · " + e.L.N("participant.board.yours", b.yours)
	}
	hint := e.Keys.New.Help()
	lines = append(lines, e.Cells.Spread(st.Paint.Meta(summary), st.Paint.Meta(hint.Key+" "+hint.Desc), w))
	if p := privateLine(e, t.ID, w); p != "" { // issue 15
		lines = append(lines, p)
	}
	if n == 0 {
		lines = append(lines, "", st.Paint.Empty(e.Cells.Truncate(e.L.S("participant.board.no_ideas", "Topic", t.Name), w)))
		return e.Cells.Block(lines, w, h)
	}
	lines = append(lines, b.rows.Render(e.Cells, w, h-b.top(), func(i int, selected bool, w int) []string {
		return b.drawRow(e, &b.rows.Rows()[i], selected, w)
	})...)
	return e.Cells.Block(lines, w, h)
}

// maxIdeaLines is how many lines the selected idea may take.
const maxIdeaLines = 8

func (b *boardScreen) drawRow(e *env, r *boardRow, selected bool, w int) []string {
	st := e.Styles
	badge := st.Paint.Meta("• ")
	if r.own {
		badge = st.Paint.Own("★ ")
	}
	var meta, who string
	switch {
	case r.waiting != "":
		meta = st.Paint.Pending("⧗ " + waitingText(e, r.waiting))
	case r.idea != nil && r.idea.Hidden:
		badge = st.Paint.Hidden("⊘ ")
		meta = st.Paint.Hidden(e.L.S("participant.hidden"))
	case r.own:
		meta = st.Paint.Own(e.L.S("participant.yours"))
	case r.idea != nil:
		who = author(e, r.idea.Author, r.idea.Institution, r.idea.InstitutionMasked)
		meta = st.Paint.Meta(e.Cells.Truncate(who, tui.MetaWidth(w)))
	}
	if r.idea != nil { // issue 16: the rapporteur's pick, a promoted item's table
		badge += st.Paint.Own(pickMark(e, r.idea.ID)) + st.Paint.Meta(tui.MarkPrefix(e.L, e.st, r.idea.ID))
	}
	if !selected {
		return []string{e.Cells.Line("  "+badge, tui.OneLine(r.text), st.Paint.Item, meta, w)}
	}
	text := e.Cells.Indent(r.text, "› "+badge, w)
	if len(text) > maxIdeaLines {
		text = text[:maxIdeaLines]
		text[maxIdeaLines-1] = e.Cells.Truncate(text[maxIdeaLines-1]+" …", w)
	}
	for i := range text {
		text[i] = st.Paint.Selected(e.Cells.Pad(text[i], w))
	}
	info := meta
	if who != "" {
		info = st.Paint.Meta(e.Cells.Truncate(who, max(0, w-30)))
	}
	if r.idea != nil && !r.idea.EditedAt.IsZero() {
		info += st.Paint.Meta(" · " + e.L.S("participant.board.edited"))
	}
	if r.own && cannotChange(e, r, false) == "" {
		info += st.Paint.Meta(" · " + e.L.S("participant.board.edit_keys"))
	}
	return append(text, "    "+info)
}

func (b *boardScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	short := []key.Binding{k.New, k.Topic, k.Move}
	return short, []key.Binding{k.New, k.Edit, k.Delete, k.NextTopic, k.PrevTopic, k.Up, k.Down}
}
