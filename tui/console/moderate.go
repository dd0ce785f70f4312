package console

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// moderateScreen is the ideas and group phases of the console: topics as
// tabs; each topic's groups with their ideas, then its ungrouped ideas,
// hidden ones included. Ideas can be marked (space) and merged (m).
type moderateScreen struct {
	topic  int
	rows   components.Picker[modRow] // the selection is kept across rebuilds
	marked map[string]bool           // idea or group ids, across topics
	counts []int                     // visible ideas per topic
}

// modRow is a group, one of its ideas, or an ungrouped idea.
type modRow struct {
	id     string
	group  *session.Group
	idea   *session.Idea
	member bool // an idea inside a group
}

// RowKey finds the row again after a rebuild.
func (r modRow) RowKey() string { return r.id }

func (s *moderateScreen) rebuild(c *desk) {
	if s.marked == nil {
		s.marked = map[string]bool{}
	}
	st := c.St
	for id := range s.marked { // forget marks on what is gone or grouped
		if i := st.Ideas[id]; (i == nil || i.Group != "" || i.Hidden) && st.Groups[id] == nil {
			delete(s.marked, id)
		}
	}
	s.counts = make([]int, len(st.Topics))
	for _, i := range st.Ideas {
		if k := st.TopicIndex(st.IdeaTopic(i)); k >= 0 && !i.Hidden { // a grouped idea counts where its group is
			s.counts[k]++
		}
	}
	rows := s.rows.Rows()[:0]
	if len(st.Topics) == 0 {
		s.rows.Set(rows, 0)
		return
	}
	s.topic = components.TopicIndex(s.topic, len(st.Topics))
	t := st.Topics[s.topic].ID
	for _, g := range st.GroupList() {
		if g.Topic != t {
			continue
		}
		rows = append(rows, modRow{id: g.ID, group: g})
		for _, id := range g.Ideas {
			if i := st.Ideas[id]; i != nil {
				rows = append(rows, modRow{id: id, idea: i, member: true})
			}
		}
	}
	for _, i := range st.IdeaList() {
		if i.Topic == t && i.Group == "" {
			rows = append(rows, modRow{id: i.ID, idea: i})
		}
	}
	s.rows.Set(rows, 0)
}

func (s *moderateScreen) selected() (modRow, bool) {
	if r := s.rows.Selected(); r != nil {
		return *r, true
	}
	return modRow{}, false
}

// markedIdeas returns the marked ideas and groups, in creation order.
func (s *moderateScreen) markedItems(st *session.State) (ideas, groups []string) {
	for id := range s.marked {
		if _, ok := st.Groups[id]; ok {
			groups = append(groups, id)
		} else {
			ideas = append(ideas, id)
		}
	}
	session.ByID(ideas)
	session.ByID(groups)
	return ideas, groups
}

func (s *moderateScreen) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	r, ok := s.selected()
	switch {
	case key.Matches(msg, k.NextTopic):
		s.topic++
		s.rows.Remember("")
		s.rebuild(c)
		return nil
	case key.Matches(msg, k.PrevTopic):
		s.topic--
		s.rows.Remember("")
		s.rebuild(c)
		return nil
	case s.rows.MoveKey(k, msg):
		return nil
	case key.Matches(msg, k.Back):
		if len(s.marked) > 0 {
			clear(s.marked)
			c.note(c.L.S("console.marks_cleared"))
		}
		return nil
	case key.Matches(msg, k.Merge):
		return s.merge(c, r, ok)
	}
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Mark):
		s.mark(c, r)
	case key.Matches(msg, k.EditIdea):
		return s.edit(c, r)
	case key.Matches(msg, k.Hide):
		s.hide(c, r)
	case key.Matches(msg, k.MoveTopic):
		return s.move(c, r)
	case key.Matches(msg, k.Split):
		s.split(c, r)
	}
	return nil
}

func (s *moderateScreen) mark(c *desk, r modRow) {
	switch {
	case r.idea != nil && r.member:
		c.fail(c.L.S("console.mark.in_group"))
		return
	case r.idea != nil && r.idea.Hidden:
		c.fail(c.L.S("console.mark.hidden"))
		return
	}
	if s.marked[r.id] {
		delete(s.marked, r.id)
	} else {
		s.marked[r.id] = true
	}
	if len(s.marked) > 0 {
		c.note(c.L.N("console.mark.count", len(s.marked)))
	}
	s.rows.Move(1)
}

func (s *moderateScreen) edit(c *desk, r modRow) tea.Cmd {
	if r.group != nil {
		id := r.id
		return c.openInput(inputSpec{
			title: c.L.S("console.group.rename"), initial: r.group.Name, lines: 1, limit: session.MaxGroupNameLen,
			submit: func(text string) tea.Cmd {
				if strings.TrimSpace(text) == "" || text == r.group.Name {
					c.note(c.L.S("console.nothing_changed"))
					return nil
				}
				c.send(session.Command{Type: session.CmdRenameGroup, Item: id, Name: text})
				c.note(c.L.S("console.group.renamed"))
				return nil
			},
		})
	}
	id, old := r.id, r.idea.Text
	return c.openInput(inputSpec{
		title: c.L.S("console.idea.edit"), hint: c.L.S("console.idea.edit_hint"), initial: old, lines: 4, limit: session.MaxIdeaLen,
		submit: func(text string) tea.Cmd {
			switch {
			case text == old:
				c.note(c.L.S("console.nothing_changed"))
			case strings.TrimSpace(text) == "":
				c.fail(c.L.S("console.idea.empty"))
			default:
				c.send(session.Command{Type: session.CmdEditIdea, Item: id, Text: text})
				c.note(c.L.S("console.idea.changed"))
			}
			return nil
		},
	})
}

func (s *moderateScreen) hide(c *desk, r modRow) {
	switch {
	case r.group != nil:
		c.fail(c.L.S("console.hide.group"))
	case r.member:
		c.fail(c.L.S("console.hide.member"))
	case r.idea.Hidden:
		c.send(session.Command{Type: session.CmdShowIdea, Item: r.id})
		c.note(c.L.S("console.hide.shown"))
	default:
		c.send(session.Command{Type: session.CmdHideIdea, Item: r.id})
		c.note(c.L.S("console.hide.hidden"))
	}
}

func (s *moderateScreen) move(c *desk, r modRow) tea.Cmd {
	if r.idea == nil {
		c.fail(c.L.S("console.move.group"))
		return nil
	}
	if r.member { // it stands under its group's topic (session.State.IdeaTopic)
		c.fail(c.L.S("console.move.member"))
		return nil
	}
	var names []string
	for _, t := range c.St.Topics {
		names = append(names, t.Name)
	}
	next := c.St.Topics[components.TopicIndex(s.topic+1, len(c.St.Topics))].Name
	id := r.id
	return c.openInput(inputSpec{
		title: c.L.S("console.move.title"), hint: c.L.S("console.move.hint", "Last", c.L.Number(len(names))), initial: next, lines: 1, limit: session.MaxTopicLen, choices: names,
		submit: func(text string) tea.Cmd {
			c := c.fresh() // the replica may have changed while typing
			t := findTopic(c.St, text)
			if t == "" {
				c.fail(c.L.S("console.move.no_topic", "Text", quoted(c.Cells, text, 30)))
				return nil
			}
			c.send(session.Command{Type: session.CmdMoveIdea, Item: id, Topic: t})
			c.note(c.L.S("console.move.done", "Topic", c.St.Topic(t).Name))
			return nil
		},
	})
}

// findTopic returns the id of the topic numbered or named by text, or "":
// the name compared by lang.Fold ("inkişaf" is "İnkişaf"), whole or, when
// only one topic begins so, its beginning ("друг" is "Другое").
func findTopic(st *session.State, text string) string {
	text = strings.TrimSpace(text)
	if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(st.Topics) {
		return st.Topics[n-1].ID
	}
	names := make([]string, len(st.Topics))
	for i, t := range st.Topics {
		names[i] = t.Name
	}
	if i := matchName(names, text); i >= 0 {
		return st.Topics[i].ID
	}
	return ""
}

// matchName returns the index of the name text stands for, or -1: the one
// equal to it by lang.Fold, else the only one beginning with it.
func matchName(names []string, text string) int {
	if strings.TrimSpace(text) == "" {
		return -1
	}
	key := lang.Fold(strings.TrimSpace(text))
	found := -1
	for i, n := range names {
		if lang.Fold(n) == key {
			return i
		}
		if lang.HasPrefixFold(n, key) {
			if found >= 0 {
				found = -2 // more than one begins so: not a match
			} else if found == -1 {
				found = i
			}
		}
	}
	return max(found, -1)
}

func (s *moderateScreen) split(c *desk, r modRow) {
	switch {
	case r.group != nil:
		id, name := r.id, r.group.Name
		c.ask(c.L.S("console.split.ask", "Name", quoted(c.Cells, name, 40)), func() tea.Cmd {
			c.send(session.Command{Type: session.CmdDissolveGroup, Item: id})
			c.note(c.L.S("console.split.done"))
			return nil
		})
	case r.member:
		c.send(session.Command{Type: session.CmdUngroupIdea, Item: r.id})
		c.note(c.L.S("console.split.taken_out"))
	default:
		c.fail(c.L.S("console.split.not_grouped"))
	}
}

// merge groups the marked ideas: into the one marked group (or the group
// under the cursor) when there is one, otherwise into a new group whose
// name the facilitator types. With a single idea marked, the idea under
// the cursor joins it (space on one idea, m on another merges the two);
// with more marked, the marks alone are the selection, so the row that
// the last space moved the cursor onto is not swept in.
func (s *moderateScreen) merge(c *desk, r modRow, ok bool) tea.Cmd {
	ideas, groups := s.markedItems(c.St)
	if ok && r.idea != nil && !r.member && !r.idea.Hidden && !s.marked[r.id] && len(ideas) == 1 && len(groups) == 0 {
		ideas = append(ideas, r.id)
		session.ByID(ideas)
	}
	if len(groups) == 0 && ok && r.group != nil && len(ideas) > 0 {
		groups = []string{r.id}
	}
	switch {
	case len(groups) > 1:
		c.fail(c.L.S("console.merge.one_group"))
		return nil
	case len(ideas) == 0:
		c.fail(c.L.S("console.merge.nothing_marked"))
		return nil
	case len(groups) == 1:
		g := groups[0]
		c.send(session.Command{Type: session.CmdGroupIdeas, Group: g, Ideas: ideas})
		c.note(c.L.N("console.merge.added", len(ideas), "Group", quoted(c.Cells, c.St.ItemTitle(g), 40)))
		clear(s.marked)
		return nil
	}
	return c.openInput(inputSpec{
		title: c.L.N("console.merge.name", len(ideas)), hint: c.L.S("console.merge.name_hint"),
		lines: 1, limit: session.MaxGroupNameLen,
		submit: func(text string) tea.Cmd {
			c.send(session.Command{Type: session.CmdGroupIdeas, Name: strings.TrimSpace(text), Ideas: ideas})
			c.note(c.L.N("console.merge.made", len(ideas)))
			clear(s.marked)
			return nil
		},
	})
}

func (s *moderateScreen) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if w <= 0 || h <= 0 {
		return nil
	}
	out := []string{components.Tabs(c.Common, c.St.Topics, s.topic, s.counts, w)}
	groups, ideas, hidden := 0, 0, 0
	for _, r := range s.rows.Rows() {
		switch {
		case r.group != nil:
			groups++
		case r.idea.Hidden:
			hidden++
		default:
			ideas++
		}
	}
	sum := l.N("console.mod.ideas", ideas) + " · " + l.N("console.mod.groups", groups)
	if hidden > 0 {
		sum += " · " + l.N("console.mod.hidden", hidden)
	}
	if n := len(s.marked); n > 0 {
		sum += " · " + l.N("console.mod.marked", n)
	}
	out = append(out, st.Paint.Meta(tx.Truncate(sum, w)))
	if len(s.rows.Rows()) == 0 {
		return append(out, "", st.Paint.Empty(tx.Truncate(l.S("console.mod.empty"), w)))
	}
	return append(out, s.rows.Render(tx, w, h-len(out), func(i int, sel bool, w int) []string {
		return s.drawRow(c, s.rows.Rows()[i], sel, w)
	})...)
}

func (s *moderateScreen) drawRow(c *desk, r modRow, sel bool, w int) []string {
	st, tx := c.Styles, c.Cells
	cursor := "  "
	if sel {
		cursor = "› "
	}
	mark := "  "
	if s.marked[r.id] {
		mark = st.Paint.Vote("◆ ")
	}
	paint := st.Paint.Item
	if sel {
		paint = st.Paint.Selected
	}
	if r.group != nil {
		right := st.Paint.Meta(c.L.N("console.mod.ideas", len(r.group.Ideas)))
		if n := c.St.Tally(r.id); n > 0 {
			right += st.Paint.Tally(" " + c.L.N("console.votes", n))
		}
		gp := st.Paint.Group
		if sel {
			gp = st.Paint.Selected
		}
		return []string{tx.Line(cursor+mark+st.Paint.Group("▣ "+tui.MarkPrefix(c.L, c.St, r.id)), r.group.Name, gp, right, w)}
	}
	i := r.idea
	lead := "• "
	if r.member {
		lead = "  └ "
	}
	room := tui.MetaWidth(w)
	if sel {
		room = w - 6
	}
	right := st.Paint.Meta(tx.Truncate(ideaAuthor(c.L, c.St, c.room.labels, i), room))
	if i.Hidden {
		paint = st.Paint.Hidden
		right = st.Paint.Hidden(c.L.S("console.mod.hidden_label"))
	}
	prefix := cursor + mark + lead
	if !r.member { // issue 16: T3, a promoted item's table
		prefix += st.Paint.Meta(tui.MarkPrefix(c.L, c.St, r.id))
	}
	if !sel {
		return []string{tx.Line(prefix, tui.OneLine(i.Text), paint, right, w)}
	}
	lines := tx.Indent(i.Text, prefix, w)
	if len(lines) > 4 {
		lines = append(lines[:3], tx.Truncate(lines[3], w-1)+"…")
	}
	for k := range lines {
		lines[k] = paint(lines[k])
	}
	lines = append(lines, strings.Repeat(" ", tx.Width(prefix))+right)
	return lines
}

// ideaAuthor names who posted an idea, as the facilitator sees it.
func ideaAuthor(l *lang.Printer, st *session.State, labels map[string]string, i *session.Idea) string {
	if i.Author == session.FacilitatorID {
		return l.S("console.facilitator")
	}
	if st.Unnamed(i.Author) {
		return l.S("roster.removed_participant")
	}
	if p := st.Participants[i.Author]; p != nil {
		if p.Institution != "" {
			return labels[p.ID] + " · " + p.Institution
		}
		return labels[p.ID]
	}
	return i.Institution
}

func (s *moderateScreen) help(c *desk) ([]key.Binding, []key.Binding) {
	k := c.Keys
	short := []key.Binding{k.Move, k.Mark, k.Merge, k.EditIdea, k.Hide}
	full := []key.Binding{k.Up, k.Down, k.NextTopic, k.PrevTopic, k.Mark, k.Merge, k.EditIdea, k.Hide, k.MoveTopic, k.Split, k.Back}
	return short, full
}
