package console

import (
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/components"
)

// placement is the road map builder's dialog that places an item (p or
// enter): the horizon from a list, then the lead institution, then the
// supporting institutions (several), each from the institutions present
// and searched by typing. What is typed only filters the list: nothing
// typed is ever sent, only rows picked, so a stray key cannot write a name
// that is no institution's.
type placement struct {
	open    bool
	item    string
	placed  bool // the item is on the road map: the dialog edits its placement
	step    placeStep
	horizon string
	lead    string
	sup     map[string]bool // the supporters ticked
	order   int             // its position, kept while the horizon stays
	was     string          // the horizon it was on
	filter  string          // what was typed to search the list
	rows    components.Picker[placeRow]
}

// placeStep is where the dialog is.
type placeStep int

const (
	stepHorizon placeStep = iota
	stepLead
	stepSupporters
)

// placeRow is one choice of the dialog's list.
type placeRow struct {
	value string // the horizon or institution; "" for "no lead"
	none  bool   // the "no lead institution" row
}

// RowKey finds the row again after the list is filtered.
func (r placeRow) RowKey() string {
	if r.none {
		return "\x00none"
	}
	return r.value
}

// startPlacing opens the dialog on the item of row r.
func (b *roadmapBuilder) startPlacing(c *desk, r rmRow) {
	st := c.St
	if len(st.Settings.Horizons) == 0 {
		c.fail(c.L.S("console.rm.no_horizons"))
		return
	}
	p := placement{open: true, item: r.id, sup: map[string]bool{}}
	if r.placed != nil {
		p.placed, p.horizon, p.lead, p.order, p.was = true, r.placed.Horizon, r.placed.Lead, r.placed.Order, r.placed.Horizon
		for _, s := range r.placed.Supporters {
			p.sup[s] = true
		}
	} else {
		for _, s := range st.Supporters(r.id) { // those who posted or voted for it
			p.sup[s] = true
		}
	}
	b.place = p
	b.place.relist(c)
	b.place.rows.Remember(p.horizon)
	b.place.relist(c)
}

// institutions are the institutions present, and any the placement
// already names, sorted as people read them.
func (p *placement) institutions(c *desk) []string {
	names := c.St.Institutions()
	for _, n := range append([]string{p.lead}, sortedKeys(p.sup)...) {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(lang.Fold(a), lang.Fold(b)) })
	return names
}

// sortedKeys returns the ticked names of m, sorted.
func sortedKeys(m map[string]bool) []string {
	var out []string
	for k, on := range m {
		if on {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// relist fills the list of the step with the choices the filter matches.
func (p *placement) relist(c *desk) {
	var names []string
	switch p.step {
	case stepHorizon:
		names = c.St.Settings.Horizons
	case stepLead:
		names = p.institutions(c)
	case stepSupporters:
		names = slices.DeleteFunc(p.institutions(c), func(n string) bool { return n == p.lead })
	}
	var rows []placeRow
	if p.step == stepLead && p.filter == "" {
		rows = append(rows, placeRow{none: true})
	}
	for _, n := range filterNames(names, p.filter) {
		rows = append(rows, placeRow{value: n})
	}
	p.rows.Set(rows, 0)
}

// filterNames returns the names that match what was typed, compared by
// lang.Fold ("iqt" finds "İqtisadiyyat Nazirliyi"): those that begin so
// first, then those that contain it, each in their order.
func filterNames(names []string, typed string) []string {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return names
	}
	var first, then []string
	for _, n := range names {
		switch {
		case lang.HasPrefixFold(n, typed):
			first = append(first, n)
		case lang.ContainsFold(n, typed):
			then = append(then, n)
		}
	}
	return append(first, then...)
}

// key handles a key of the open dialog, as typed (never through
// tui.LatinKey: letters search).
func (b *roadmapBuilder) placeKey(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	p, l := &b.place, c.L
	switch msg.String() {
	case "up":
		p.rows.Move(-1)
	case "down":
		p.rows.Move(1)
	case "pgup":
		p.rows.Move(-10)
	case "pgdown":
		p.rows.Move(10)
	case "esc":
		switch {
		case p.filter != "":
			p.filter = ""
		case p.step == stepHorizon:
			p.open = false
			c.note(l.S("console.nothing_changed"))
			return nil
		default:
			p.step--
			p.rows.Remember(map[placeStep]string{stepHorizon: p.horizon, stepLead: p.lead}[p.step])
		}
		p.relist(c)
	case "backspace":
		if p.filter != "" {
			_, n := utf8.DecodeLastRuneInString(p.filter)
			p.filter = p.filter[:len(p.filter)-n]
			p.relist(c)
		}
	case "ctrl+u":
		p.filter = ""
		p.relist(c)
	case "space":
		if p.step == stepSupporters {
			if r := p.rows.Selected(); r != nil {
				p.sup[r.value] = !p.sup[r.value]
			}
			return nil
		}
		p.typed(c, " ")
	case "enter":
		return b.pick(c)
	default:
		if t := msg.Key().Text; t != "" && msg.Key().Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			p.typed(c, t)
		}
	}
	return nil
}

// typed adds text to the search.
func (p *placement) typed(c *desk, text string) {
	if utf8.RuneCountInString(p.filter) >= session.MaxInstitutionLen {
		return
	}
	p.filter += text
	p.relist(c)
}

// pick takes the row under the cursor and goes on: the horizon, the lead,
// then the supporters' enter places the item.
func (b *roadmapBuilder) pick(c *desk) tea.Cmd {
	p, l := &b.place, c.L
	r := p.rows.Selected()
	if r == nil && p.step != stepSupporters {
		c.fail(l.S("console.place.no_match", "Text", quoted(c.Cells, p.filter, 30)))
		return nil
	}
	switch p.step {
	case stepHorizon:
		p.horizon = r.value
		p.rows.Remember(p.lead)
		if p.lead == "" {
			p.rows.Remember("\x00none")
		}
	case stepLead:
		p.lead = r.value
		delete(p.sup, p.lead)
		p.rows.Remember("")
	case stepSupporters:
		var sup []string
		for _, n := range p.institutions(c) {
			if p.sup[n] && n != p.lead {
				sup = append(sup, n)
			}
		}
		order := 0
		if p.placed && p.was == p.horizon {
			order = p.order
		}
		c.send(session.Command{Type: session.CmdPlace, Item: p.item, Horizon: p.horizon, Lead: p.lead, Supporters: sup, Order: order})
		c.note(l.S("console.rm.placed", "Horizon", p.horizon))
		p.open = false
		return nil
	}
	p.step++
	p.filter = ""
	p.relist(c)
	return nil
}

// placeView draws the dialog w cells wide and h lines high.
func (b *roadmapBuilder) placeView(c *desk, w, h int) []string {
	p, st, tx, l := &b.place, c.Styles, c.Cells, c.L
	title := quoted(tx, c.St.ItemTitle(p.item), max(10, w/2))
	head := l.S("console.place.title", "Title", title)
	if p.placed {
		head = l.S("console.place.edit_title", "Title", title)
	}
	out := []string{st.Paint.Section(tx.Truncate(head, w))}
	steps := []string{l.S("console.place.step.horizon"), l.S("console.place.step.lead"), l.S("console.place.step.supporters")}
	out = append(out, st.Paint.Meta(tx.Truncate(l.S("console.place.step", "N", l.Number(int(p.step)+1), "Step", steps[p.step]), w)))
	if p.step > stepHorizon {
		so := l.S("console.place.so_far.horizon", "Horizon", p.horizon)
		if p.step > stepLead {
			lead := p.lead
			if lead == "" {
				lead = l.S("console.place.no_lead")
			}
			so += " · " + l.S("console.place.so_far.lead", "Lead", lead)
		}
		for _, line := range tx.Wrap(so, w) {
			out = append(out, st.Paint.Item(line))
		}
	}
	search := l.S("console.place.search")
	if p.filter != "" {
		search = l.S("console.place.searching", "Text", p.filter)
	}
	right := ""
	if p.step == stepSupporters {
		right = l.N("console.place.ticked", len(sortedKeys(p.sup)))
	}
	out = append(out, tx.Spread(st.Paint.Meta(tx.Truncate(search, w))+st.Paint.Selected("▏"), st.Paint.Meta(right), w))
	if len(p.rows.Rows()) == 0 {
		return append(out, "", st.Paint.Empty(tx.Truncate(l.S("console.place.none_match"), w)))
	}
	backing := map[string]bool{}
	for _, s := range c.St.Supporters(p.item) {
		backing[s] = true
	}
	people := map[string]int{}
	for _, pt := range c.St.Participants {
		people[pt.Institution]++
	}
	list := b.place.rows.Render(tx, w, h-len(out), func(i int, sel bool, w int) []string {
		r := p.rows.Rows()[i]
		cursor, paint := "  ", st.Paint.Item
		if sel {
			cursor, paint = "› ", st.Paint.Selected
		}
		box := ""
		if p.step == stepSupporters {
			box = "[ ] "
			if p.sup[r.value] {
				box = "[x] "
			}
		}
		text, meta := r.value, ""
		switch {
		case r.none:
			text = l.S("console.place.no_lead")
		case p.step == stepHorizon:
			meta = l.N("console.place.items", len(c.St.RoadmapIn(r.value)))
		default:
			meta = l.N("console.place.people", people[r.value])
			if backing[r.value] {
				meta += " · " + l.S("console.place.backs")
			}
		}
		return []string{tx.Line(cursor+box, text, paint, st.Paint.Meta(meta), w)}
	})
	return append(out, list...)
}

// placeHelp is the footer of the open dialog.
func (b *roadmapBuilder) placeHelp(c *desk) []key.Binding {
	l := c.L
	bind := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	move := bind("↑/↓", l.S("console.place.key.move"))
	back := bind("esc", l.S("console.place.key.back"))
	if b.place.step == stepSupporters {
		return []key.Binding{move, bind(c.Keys.Mark.Help().Key, l.S("console.place.key.tick")), bind("enter", l.S("console.place.key.place")), back}
	}
	return []key.Binding{move, bind("enter", l.S("console.place.key.pick")), back}
}
