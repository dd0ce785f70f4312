package console

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
)

// rosterView is the room (w): everyone who joined, at any size, 80×24
// included. It scrolls; / finds people by name or institution (compared by
// lang.ContainsFold); tab shows everyone, those online, those who have not
// posted, voted or said they are done in this phase, or those removed; i
// groups them by institution. On a person: enter renames, x removes (asking
// how their ideas are attributed), r makes read-only or lifts it, a
// re-admits. esc closes (clearing a search first).
type rosterView struct {
	open   bool
	show   rosterShow
	byInst bool
	query  string // what / typed
	typing bool   // / was pressed: keys go to the query
	asking string // the participant whose removal waits for its answer, or ""

	rows   []rosterRow
	cursor int // index into rows of the selected person, or -1
	want   string
	offset int // the first row on screen
	height int // the rows' lines when last drawn

	counts [rosterShows]int // how many each filter shows, before the search
}

// rosterShow is which people the room shows.
type rosterShow int

const (
	showAll rosterShow = iota
	showOnline
	showNotPosted
	showNotVoted
	showNotDone
	showRemoved
	rosterShows
)

// rosterShowIDs are the words of the filters.
var rosterShowIDs = [rosterShows]string{
	"roster.show.all", "roster.show.online", "roster.show.not_posted",
	"roster.show.not_voted", "roster.show.not_done", "roster.show.removed",
}

// rosterRow is an institution's heading (p nil) or a person.
type rosterRow struct {
	heading string
	count   int // the heading's people shown
	p       *session.Participant
	label   string
	ideas   int
	online  bool
	done    bool
}

// rosterKeys are the room's own keys, shown in its footer.
type rosterKeys struct {
	Move, Page, Find, Show, ByInst, Rename, Remove, ReadOnly, Readmit, Close key.Binding
}

func newRosterKeys(l *lang.Printer) rosterKeys {
	b := func(keys []string, k, id string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, l.S(id)))
	}
	return rosterKeys{
		Move:     b([]string{"up", "down", "k", "j"}, "↑/↓", "roster.key.move"),
		Page:     b([]string{"pgup", "pgdown", "home", "end"}, "pgup/pgdn", "roster.key.page"),
		Find:     b([]string{"/"}, "/", "roster.key.find"),
		Show:     b([]string{"tab", "shift+tab"}, "tab", "roster.key.show"),
		ByInst:   b([]string{"i"}, "i", "roster.key.by_institution"),
		Rename:   b([]string{"enter"}, "enter", "roster.key.rename"),
		Remove:   b([]string{"x", "delete"}, "x", "roster.key.remove"),
		ReadOnly: b([]string{"r"}, "r", "roster.key.read_only"),
		Readmit:  b([]string{"a"}, "a", "roster.key.readmit"),
		Close:    b([]string{"esc", "w"}, "esc", "roster.key.close"),
	}
}

// toggle opens or closes the room.
func (r *rosterView) toggle(c *desk, online map[string]bool) {
	r.open = !r.open
	r.typing, r.asking = false, ""
	if r.open {
		r.rebuild(c, online)
	}
}

// selected returns the selected person, or nil.
func (r *rosterView) selected() *rosterRow {
	if r.cursor >= 0 && r.cursor < len(r.rows) && r.rows[r.cursor].p != nil {
		return &r.rows[r.cursor]
	}
	return nil
}

// rebuild lists the people the filter, the search and the grouping show,
// keeping the selection on the same person.
func (r *rosterView) rebuild(c *desk, online map[string]bool) {
	st := c.St
	if sel := r.selected(); sel != nil {
		r.want = sel.p.ID
	}
	labels := c.room.labels
	ideas := map[string]int{}
	for _, i := range st.Ideas {
		ideas[i.Author]++
	}
	r.counts = [rosterShows]int{}
	var people []rosterRow
	for _, p := range st.ParticipantList() {
		row := rosterRow{p: p, label: labels[p.ID], ideas: ideas[p.ID], online: online[p.ID], done: st.Done[st.Phase][p.ID]}
		for s := range rosterShows {
			if s.has(row) {
				r.counts[s]++
			}
		}
		if !r.show.has(row) {
			continue
		}
		if q := strings.TrimSpace(r.query); q != "" && !lang.ContainsFold(row.label, q) && !lang.ContainsFold(p.Institution, q) {
			continue
		}
		people = append(people, row)
	}
	if r.byInst {
		slices.SortStableFunc(people, func(a, b rosterRow) int {
			if c := cmp.Compare(lang.Fold(a.p.Institution), lang.Fold(b.p.Institution)); c != 0 {
				return c
			}
			return cmp.Compare(lang.Fold(a.label), lang.Fold(b.label))
		})
	}
	r.rows = r.rows[:0]
	for k, row := range people {
		if r.byInst && (k == 0 || lang.Fold(people[k-1].p.Institution) != lang.Fold(row.p.Institution)) {
			n := 0
			for _, q := range people[k:] {
				if lang.Fold(q.p.Institution) != lang.Fold(row.p.Institution) {
					break
				}
				n++
			}
			r.rows = append(r.rows, rosterRow{heading: row.p.Institution, count: n})
		}
		r.rows = append(r.rows, row)
	}
	r.cursor = -1
	for k, row := range r.rows {
		if row.p != nil && (r.cursor < 0 || row.p.ID == r.want) {
			r.cursor = k
			if row.p.ID == r.want {
				break
			}
		}
	}
	r.follow()
}

// has reports whether filter s shows row.
func (s rosterShow) has(row rosterRow) bool {
	p := row.p
	switch s {
	case showAll:
		return true
	case showRemoved:
		return p.Removed
	}
	if p.Removed {
		return false
	}
	switch s {
	case showOnline:
		return row.online
	case showNotPosted:
		return row.ideas == 0
	case showNotVoted:
		return p.VotesSpent == 0
	case showNotDone:
		return !row.done
	}
	return false
}

// move steps the selection by d people, stopping at the ends.
func (r *rosterView) move(d int) {
	if r.cursor < 0 {
		return
	}
	step := 1
	if d < 0 {
		step, d = -1, -d
	}
	for ; d > 0; d-- {
		next := -1
		for k := r.cursor + step; k >= 0 && k < len(r.rows); k += step {
			if r.rows[k].p != nil {
				next = k
				break
			}
		}
		if next < 0 {
			break
		}
		r.cursor = next
	}
	if r.cursor >= 0 {
		r.want = r.rows[r.cursor].p.ID
	}
	r.follow()
}

// follow scrolls so that the selection is on screen (window keeps it
// clear of the "…N more" lines when the room is drawn).
func (r *rosterView) follow() {
	h := max(1, r.height)
	switch {
	case r.cursor < 0:
		r.offset = 0
	case r.cursor < r.offset:
		r.offset = r.cursor
		if r.offset > 0 && r.rows[r.offset-1].p == nil {
			r.offset-- // the heading of the first person on screen
		}
	case r.cursor >= r.offset+h:
		r.offset = r.cursor - h + 1
	}
}

// key handles a key while the room is open; online is who the replica
// says is connected.
func (r *rosterView) key(c *desk, online map[string]bool, msg tea.KeyPressMsg) tea.Cmd {
	k := newRosterKeys(c.L)
	if r.typing {
		return r.typeKey(c, online, msg)
	}
	if r.asking != "" {
		r.answerRemoval(c, msg)
		return nil
	}
	msg = tui.LatinKey(msg)
	switch {
	case key.Matches(msg, c.Keys.Up):
		r.move(-1)
	case key.Matches(msg, c.Keys.Down):
		r.move(1)
	case msg.String() == "pgup":
		r.move(-max(1, r.height-1))
	case msg.String() == "pgdown":
		r.move(max(1, r.height-1))
	case msg.String() == "home":
		r.move(-len(r.rows))
	case msg.String() == "end":
		r.move(len(r.rows))
	case key.Matches(msg, k.Find):
		r.typing = true
	case msg.String() == "tab":
		r.show = (r.show + 1) % rosterShows
		r.rebuild(c, online)
	case msg.String() == "shift+tab":
		r.show = (r.show + rosterShows - 1) % rosterShows
		r.rebuild(c, online)
	case key.Matches(msg, k.ByInst):
		r.byInst = !r.byInst
		r.rebuild(c, online)
	case msg.String() == "esc" && r.query != "":
		r.query = ""
		r.rebuild(c, online)
	case key.Matches(msg, k.Close):
		r.open = false
	case key.Matches(msg, k.Rename):
		return r.rename(c)
	case key.Matches(msg, k.Remove):
		r.remove(c)
	case key.Matches(msg, k.ReadOnly):
		r.readOnly(c)
	case key.Matches(msg, k.Readmit):
		r.readmit(c)
	}
	return nil
}

// typeKey takes a key of the search: text narrows the list at once,
// enter keeps the search, esc clears it and stays on the person found
// (a jump).
func (r *rosterView) typeKey(c *desk, online map[string]bool, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		r.typing = false
		return nil
	case "esc":
		r.typing = false
		r.query = ""
	case "backspace":
		rs := []rune(r.query)
		if len(rs) > 0 {
			r.query = string(rs[:len(rs)-1])
		}
	case "up", "down":
		if msg.String() == "up" {
			r.move(-1)
		} else {
			r.move(1)
		}
		return nil
	default:
		if msg.Text == "" || len([]rune(r.query)) >= 40 {
			return nil
		}
		r.query += msg.Text
	}
	r.rebuild(c, online)
	return nil
}

// rename opens the field that renames the selected person.
func (r *rosterView) rename(c *desk) tea.Cmd {
	row := r.selected()
	if row == nil {
		return nil
	}
	id, old := row.p.ID, row.p.Name
	return c.openInput(inputSpec{
		title: c.L.S("roster.rename.title", "Name", quoted(c.Cells, row.label, 40)), hint: c.L.S("roster.rename.hint"),
		initial: old, lines: 1, limit: session.MaxNameLen,
		submit: func(text string) tea.Cmd {
			switch {
			case strings.TrimSpace(text) == "" || strings.TrimSpace(text) == old:
				c.note(c.L.S("console.nothing_changed"))
			default:
				c.send(session.Command{Type: session.CmdRenameParticipant, Participant: id, Name: text})
				c.note(c.L.S("roster.rename.done", "Name", quoted(c.Cells, strings.TrimSpace(text), 40)))
			}
			return nil
		},
	})
}

// remove asks how to remove the selected person: keeping their name on
// their ideas (y) or showing them as a removed participant's (h).
func (r *rosterView) remove(c *desk) {
	row := r.selected()
	switch {
	case row == nil:
	case row.p.Removed:
		c.fail(c.L.S("roster.remove.already", "Name", quoted(c.Cells, row.label, 40)))
	default:
		r.asking = row.p.ID
	}
}

// answerRemoval takes the answer to the removal question: y removes and
// keeps the name, h removes and hides it, any other key keeps them.
func (r *rosterView) answerRemoval(c *desk, msg tea.KeyPressMsg) {
	id := r.asking
	r.asking = ""
	p := c.St.Participants[id]
	if p == nil {
		return
	}
	name := quoted(c.Cells, c.room.labels[id], 40)
	attr := ""
	switch tui.LatinKey(msg).String() {
	case "y", "Y":
		attr = session.AttributionKeep
	case "h", "H":
		attr = session.AttributionRemoved
	default:
		c.note(c.L.S("roster.remove.kept", "Name", name))
		return
	}
	c.send(session.Command{Type: session.CmdRemoveParticipant, Participant: id, Attribution: attr})
	c.note(c.L.S("roster.remove.done", "Name", name))
}

// readOnly makes the selected person read-only, or lifts it.
func (r *rosterView) readOnly(c *desk) {
	row := r.selected()
	if row == nil {
		return
	}
	name := quoted(c.Cells, row.label, 40)
	if row.p.ReadOnly {
		c.send(session.Command{Type: session.CmdLiftReadOnly, Participant: row.p.ID})
		c.note(c.L.S("roster.read_only.lifted", "Name", name))
		return
	}
	c.send(session.Command{Type: session.CmdMakeReadOnly, Participant: row.p.ID})
	c.note(c.L.S("roster.read_only.made", "Name", name))
}

// readmit lets a removed person back.
func (r *rosterView) readmit(c *desk) {
	row := r.selected()
	if row == nil {
		return
	}
	name := quoted(c.Cells, row.label, 40)
	if !row.p.Removed {
		c.fail(c.L.S("roster.readmit.not_removed", "Name", name))
		return
	}
	c.send(session.Command{Type: session.CmdReadmitParticipant, Participant: row.p.ID})
	c.note(c.L.S("roster.readmit.done", "Name", name))
}

// help returns the room's keys for the footer.
func (r *rosterView) help(c *desk) ([]key.Binding, []key.Binding) {
	k := newRosterKeys(c.L)
	if r.asking != "" {
		b := []key.Binding{
			key.NewBinding(key.WithKeys("y"), key.WithHelp("y", c.L.S("roster.key.remove_keep"))),
			key.NewBinding(key.WithKeys("h"), key.WithHelp("h", c.L.S("roster.key.remove_hide"))),
			c.Keys.Keep,
		}
		return b, b
	}
	if r.typing {
		b := []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.L.S("roster.key.keep_search"))),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.L.S("roster.key.clear_search"))),
		}
		return b, b
	}
	short := []key.Binding{k.Find, k.Show, k.Rename, k.Remove, k.ReadOnly, k.Close}
	full := []key.Binding{k.Move, k.Page, k.Find, k.Show, k.ByInst, k.Rename, k.Remove, k.ReadOnly, k.Readmit, k.Close}
	return short, full
}
