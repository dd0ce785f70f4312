package console

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// The consent panel (issue 16): g in the Road map screen opens it on the
// selected item. It runs the item's consent rounds: o opens a round (or
// runs it again), the panel counts the answers as they come ("12 of 40
// answered"), r reveals the distribution and the reasons given for a 0 or
// 1, 1 2 3 record the outcome (agreed, with reservations, not agreed),
// enter edits the item's text (an idea's text, a group's name) before a
// new round, x takes it off the road map. Its own keys, shown in its
// footer; esc closes it; ?, q and u stay the console's.

// consentPanel is the panel's state: which item, and how far its lines are
// scrolled.
type consentPanel struct {
	open   bool
	item   string
	offset int
}

// consenting reports whether the consent panel is open and takes the keys.
func (c *Console) consenting() bool {
	return c.roadmap.consent.open && c.St.Phase == session.PhaseRoadmap && c.Status != client.Ended && c.Confirm == nil
}

// openConsent opens the panel on the selected item of the road map.
func (b *roadmapBuilder) openConsent(c *desk) {
	r, ok := b.selected()
	if !ok {
		return
	}
	if r.placed == nil && c.St.Consent[r.id] == nil {
		c.fail(c.L.S("consent.console.place_first"))
		return
	}
	b.consent = consentPanel{open: true, item: r.id}
}

// key handles a key of the open panel.
func (p *consentPanel) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k, l := c.Keys, c.L
	con := c.St.Consent[p.item]
	switch {
	case key.Matches(msg, k.Back):
		p.open = false
	case key.Matches(msg, k.Up):
		p.offset = max(0, p.offset-1)
	case key.Matches(msg, k.Down):
		p.offset++
	case msg.String() == "o":
		cmd := session.Command{Type: session.CmdOpenConsent, Item: p.item}
		if tryConsent(c, cmd) {
			c.send(cmd)
			p.offset = 0
			c.note(l.S("consent.console.opened"))
		}
	case msg.String() == "r":
		cmd := session.Command{Type: session.CmdRevealConsent, Item: p.item}
		if !tryConsent(c, cmd) {
			return nil
		}
		c.ask(l.N("consent.console.confirm_reveal", con.Answers), func() tea.Cmd {
			c.send(cmd)
			c.note(l.S("consent.console.revealed"))
			return nil
		})
	case msg.String() == "1", msg.String() == "2", msg.String() == "3":
		outcome := session.ConsentOutcomes()[msg.String()[0]-'1']
		cmd := session.Command{Type: session.CmdRecordConsent, Item: p.item, Outcome: outcome}
		if tryConsent(c, cmd) {
			c.send(cmd)
			if outcome == session.ConsentNotAgreed {
				c.note(l.S("consent.console.recorded_not_agreed"))
			} else {
				c.note(l.S("consent.console.recorded", "Outcome", outcomeName(c, outcome)))
			}
		}
	case key.Matches(msg, k.EditIdea):
		return p.edit(c)
	case key.Matches(msg, k.Unplace):
		if c.St.Roadmap[p.item] == nil {
			c.fail(l.S("console.rm.not_placed"))
			return nil
		}
		c.ask(l.S("consent.console.confirm_drop", "Item", quoted(c.Cells, c.St.ItemTitle(p.item), 40)), func() tea.Cmd {
			c.send(session.Command{Type: session.CmdUnplace, Item: p.item})
			c.note(l.S("consent.console.dropped"))
			return nil
		})
	default:
		c.note(l.S("consent.console.keys"))
	}
	return nil
}

// tryConsent decides cmd against the console's copy, which holds what the
// hub holds, and says the refusal at once rather than sending it.
func tryConsent(c *desk, cmd session.Command) bool {
	if _, err := session.Decide(c.St, facilitator, cmd, c.Now()); err != nil {
		if e := session.AsError(err); e != nil {
			c.fail(tui.Refusal(c.L, e.Code, e.Key, e.Args, e.Message))
		}
		return false
	}
	return true
}

// edit opens the text field on the item's text: an idea's text or a
// group's name, for a new round after "not agreed".
func (p *consentPanel) edit(c *desk) tea.Cmd {
	l, item := c.L, p.item
	_, group := c.St.Groups[item]
	spec := inputSpec{
		title:   l.S("consent.console.edit_idea"),
		initial: c.St.ItemTitle(item),
		lines:   3,
		limit:   session.MaxIdeaLen,
		submit: func(text string) tea.Cmd {
			d := c.fresh()
			if strings.TrimSpace(text) == "" || text == d.St.ItemTitle(item) {
				d.note(d.L.S("console.nothing_changed"))
				return nil
			}
			cmd := session.Command{Type: session.CmdEditIdea, Item: item, Text: text}
			if group {
				cmd = session.Command{Type: session.CmdRenameGroup, Item: item, Name: text}
			}
			d.send(cmd)
			d.note(d.L.S("consent.console.edited"))
			return nil
		},
	}
	if group {
		spec.title, spec.lines, spec.limit = l.S("consent.console.edit_group"), 1, session.MaxGroupNameLen
	}
	return c.openInput(spec)
}

// outcomeName says an outcome: "Agreed with reservations".
func outcomeName(c *desk, outcome string) string {
	switch outcome {
	case session.ConsentAgreed:
		return c.L.S("consent.outcome.agreed")
	case session.ConsentReservations:
		return c.L.S("consent.outcome.reservations")
	case session.ConsentNotAgreed:
		return c.L.S("consent.outcome.not_agreed")
	}
	return c.L.S("consent.outcome.none")
}

// consentMark is an item's consent in a list: ✓ agreed, ✓* with
// reservations, ✗ not agreed, ◔ a round open, "" none.
func consentMark(st *session.State, id string) string {
	c := st.Consent[id]
	switch {
	case c == nil:
		return ""
	case c.Open:
		return "◔"
	case c.Outcome == session.ConsentAgreed:
		return "✓"
	case c.Outcome == session.ConsentReservations:
		return "✓*"
	case c.Outcome == session.ConsentNotAgreed:
		return "✗"
	}
	return "?"
}

// view draws the panel into w×h.
func (p *consentPanel) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	con := c.St.Consent[p.item]
	title := l.S("consent.console.title", "Item", tui.OneLine(c.St.ItemTitle(p.item)))
	right := ""
	if con != nil {
		right = st.Paint.Meta(l.S("consent.console.round", "Round", l.Number(con.Round)))
	}
	head := []string{tx.Spread(st.Paint.Section(tx.Truncate(title, max(0, w-tx.Width(right)-1))), right, w)}
	if c.St.Roadmap[p.item] == nil {
		head = append(head, st.Paint.Error(tx.Truncate(l.S("consent.console.not_placed"), w)))
	}
	var body []string
	switch {
	case con == nil:
		body = append(body, tx.Wrap(l.S("consent.console.none"), w)...)
	case con.Open:
		of := max(c.room.online, con.Answers)
		body = append(body, st.Paint.Title(tx.Truncate(l.N("consent.console.answered", con.Answers, "Of", l.Number(of)), w)))
		body = append(body, st.Paint.Tally(progressBar(con.Answers, of, min(40, w))))
		body = append(body, "")
		body = append(body, wrapMeta(c, l.S("consent.console.waiting"), w)...)
	case con.Result != nil:
		body = append(body, resultLines(c, *con.Result, con.Outcome, w)...)
		if con.Outcome == "" {
			body = append(body, "")
			for _, line := range tx.Wrap(l.S("consent.console.record_now"), w) {
				body = append(body, st.Paint.Instruction(line))
			}
		}
	}
	if con != nil && len(con.History) > 0 {
		body = append(body, "", st.Paint.Section(tx.Truncate(l.S("consent.console.earlier"), w)))
		for k := len(con.History) - 1; k >= 0; k-- {
			h := con.History[k]
			line := l.S("consent.console.earlier_round", "Round", l.Number(h.Round), "Outcome", outcomeName(c, h.Outcome),
				"Answers", levels(c, h.Distribution))
			body = append(body, wrapMeta(c, line, w)...)
			for _, why := range h.Reasons {
				body = append(body, reasonLines(c, why, w, "   ")...)
			}
		}
	}
	room := max(1, h-len(head))
	p.offset = min(p.offset, max(0, len(body)-room))
	if p.offset > 0 {
		body = body[p.offset:]
	}
	if len(body) > room {
		body = append(body[:room-1], st.Paint.Meta(tx.Truncate(l.N("consent.console.more", len(body)-room+1), w)))
	}
	return append(head, body...)
}

// resultLines draws a revealed round: the distribution as bars, who took
// part, the outcome, the reasons.
func resultLines(c *desk, r session.ConsentResult, outcome string, w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	out := []string{st.Paint.Title(tx.Truncate(turnout(c, r), w))}
	top := 0
	for _, n := range r.Distribution {
		top = max(top, n)
	}
	numW := tx.Width(l.Number(top))
	barW := max(5, min(40, w-14-numW))
	for k := session.MaxConsentLevel; k >= 0; k-- {
		n := r.Distribution[k]
		label := l.Number(k)
		switch k {
		case 0:
			label = "✊ " + label
		case session.MaxConsentLevel:
			label = "✋ " + label
		default:
			label = "   " + label
		}
		bar := ""
		if top > 0 {
			bar = strings.Repeat("█", n*barW/top)
			if n > 0 && bar == "" {
				bar = "▏"
			}
		}
		out = append(out, tx.Truncate(tx.Pad(label, 5)+" "+st.Paint.Tally(tx.Pad(bar, barW))+" "+l.Number(n), w))
	}
	if outcome != "" {
		out = append(out, tx.Truncate(st.Paint.Meta(l.S("consent.console.outcome")+" ")+st.Paint.Decided(outcomeName(c, outcome)), w))
	}
	if len(r.Reasons) > 0 {
		out = append(out, "", st.Paint.Section(tx.Truncate(l.N("consent.console.reasons", len(r.Reasons)), w)))
		for _, why := range r.Reasons {
			out = append(out, reasonLines(c, why, w, "")...)
		}
	}
	return out
}

// reasonLines draws one reason, wrapped, with its level and who gave it as
// the session lets the room know.
func reasonLines(c *desk, why session.ConsentReason, w int, pad string) []string {
	st, l := c.Styles, c.L
	by := ""
	switch {
	case why.Author != "":
		by = c.room.labels[why.Author]
		if by == "" {
			by = why.Author
		}
		if why.Institution != "" {
			by += ", " + why.Institution
		}
	case why.InstitutionMasked:
		by = l.S("anon.another_institution")
	default:
		by = why.Institution
	}
	text := tui.OneLine(why.Text)
	if by != "" {
		text += " — " + by
	}
	lines := c.Cells.Indent(text, pad+l.Number(why.Level)+"  ", w)
	for k := range lines {
		lines[k] = st.Paint.Item(lines[k])
	}
	return lines
}

// turnout says who took part: "9 took part · 1 absent".
func turnout(c *desk, r session.ConsentResult) string {
	s := c.L.N("consent.console.took_part", r.TookPart)
	if r.Absent > 0 {
		s += " · " + c.L.N("consent.console.absent", r.Absent)
	}
	return s
}

// levels writes a distribution on one line: "✊0:1 1:0 2:0 3:3 4:5 ✋5:2".
func levels(c *desk, d [6]int) string {
	parts := make([]string, len(d))
	for k, n := range d {
		mark := ""
		switch k {
		case 0:
			mark = "✊"
		case len(d) - 1:
			mark = "✋"
		}
		parts[k] = mark + c.L.Number(k) + ":" + c.L.Number(n)
	}
	return strings.Join(parts, " ")
}

// progressBar draws n of total as a bar w cells wide.
func progressBar(n, total, w int) string {
	if w <= 0 {
		return ""
	}
	filled := 0
	if total > 0 {
		filled = min(w, n*w/total)
	}
	return strings.Repeat("█", filled) + strings.Repeat("░", w-filled)
}

func wrapMeta(c *desk, s string, w int) []string {
	lines := c.Cells.Wrap(s, w)
	for k := range lines {
		lines[k] = c.Styles.Paint.Meta(lines[k])
	}
	return lines
}

// help is the panel's footer: its own keys.
func (p *consentPanel) help(c *desk) ([]key.Binding, []key.Binding) {
	l := c.L
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	open, reveal := b("o", l.S("consent.key.open")), b("r", l.S("consent.key.reveal"))
	if con := c.St.Consent[p.item]; con != nil && !con.Open {
		open = b("o", l.S("consent.key.again"))
	}
	record := b("1/2/3", l.S("consent.key.record"))
	edit := b("enter", l.S("consent.key.edit"))
	drop := b("x", l.S("consent.key.drop"))
	back := b("esc", l.S("consent.key.close"))
	short := []key.Binding{open, back, record, edit, drop}
	switch con := c.St.Consent[p.item]; {
	case con == nil:
		short = []key.Binding{open, back, edit, drop}
	case con.Open:
		short = []key.Binding{reveal, back, edit, drop}
	case con.Result != nil && con.Outcome == "":
		short = []key.Binding{record, back, open, edit, drop}
	}
	full := []key.Binding{open, reveal, record, edit, drop, c.Keys.Up, c.Keys.Down, back}
	return short, full
}
