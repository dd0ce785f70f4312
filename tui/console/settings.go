package console

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/session"
)

// settingsOverlay is the console's room settings (,): the topics (rename,
// remove an empty one, add one), the vote budget and cap, private
// brainstorming, and in an anonymous session k of anonymity, changed
// mid-session by the protocol's own commands. A
// budget or cap below the votes already given asks first, and the hub
// gives the excess back to the voters.
type settingsOverlay struct {
	open bool
	row  int
}

// settingKind is what a row of the room settings changes.
type settingKind int

const (
	settingTopic settingKind = iota
	settingAddTopic
	settingBudget
	settingCap
	settingPrivate
	settingAnonK // issue 15: k of institution-aware anonymity (session/anon.go)
)

// settingRow is one row of the room settings.
type settingRow struct {
	kind  settingKind
	topic session.Topic // settingTopic
}

// settingRows are the rows now: each topic, adding one, then the votes,
// private brainstorming, and k of anonymity when the session is anonymous
// (k names nobody in a session that names everyone).
func settingRows(st *session.State) []settingRow {
	var out []settingRow
	for _, t := range st.Topics {
		out = append(out, settingRow{kind: settingTopic, topic: t})
	}
	out = append(out, settingRow{kind: settingAddTopic}, settingRow{kind: settingBudget}, settingRow{kind: settingCap}, settingRow{kind: settingPrivate})
	if st.Settings.Anonymous {
		out = append(out, settingRow{kind: settingAnonK})
	}
	return out
}

func (s *settingsOverlay) show() { s.open, s.row = true, 0 }

func (s *settingsOverlay) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	rows := settingRows(c.St)
	s.row = max(0, min(s.row, len(rows)-1))
	r := rows[s.row]
	switch {
	case key.Matches(msg, k.Back):
		s.open = false
	case key.Matches(msg, k.Up):
		s.row = max(0, s.row-1)
	case key.Matches(msg, k.Down):
		s.row = min(len(rows)-1, s.row+1)
	case key.Matches(msg, k.Delete):
		if r.kind != settingTopic {
			c.note(c.L.S("agenda.settings.remove_topics_only"))
			return nil
		}
		c.ask(c.L.S("agenda.settings.confirm_remove", "Topic", quoted(c.Cells, r.topic.Name, 40)), func() tea.Cmd {
			c.send(session.Command{Type: session.CmdRemoveTopic, Topic: r.topic.ID})
			return nil
		})
	case key.Matches(msg, k.Toggle) && r.kind == settingPrivate:
		s.togglePrivate(c)
	case key.Matches(msg, k.Open):
		return s.edit(c, r)
	}
	return nil
}

// edit opens the field of a row.
func (s *settingsOverlay) edit(c *desk, r settingRow) tea.Cmd {
	l, st := c.L, c.St.Settings
	switch r.kind {
	case settingTopic:
		return c.openInput(inputSpec{
			title: l.S("agenda.settings.rename_title", "Topic", quoted(c.Cells, r.topic.Name, 40)), initial: r.topic.Name, lines: 1, limit: session.MaxTopicLen,
			submit: func(text string) tea.Cmd {
				c := c.fresh()
				if text = strings.TrimSpace(text); text == "" || text == r.topic.Name {
					c.note(l.S("console.nothing_changed"))
					return nil
				}
				c.send(session.Command{Type: session.CmdRenameTopic, Topic: r.topic.ID, Name: text})
				c.note(l.S("agenda.settings.renamed", "Topic", text))
				return nil
			},
		})
	case settingAddTopic:
		return c.openInput(inputSpec{
			title: l.S("agenda.settings.add_title"), lines: 1, limit: session.MaxTopicLen,
			submit: func(text string) tea.Cmd {
				c := c.fresh()
				if text = strings.TrimSpace(text); text == "" {
					c.note(l.S("console.nothing_changed"))
					return nil
				}
				c.send(session.Command{Type: session.CmdAddTopic, Name: text})
				c.note(l.S("agenda.settings.added", "Topic", text))
				return nil
			},
		})
	case settingBudget, settingCap:
		title, initial := l.S("agenda.settings.budget_title"), st.VoteBudget
		if r.kind == settingCap {
			title, initial = l.S("agenda.settings.cap_title"), st.VoteCap
		}
		return c.openInput(inputSpec{
			title: title, hint: l.S("agenda.settings.votes_hint"), initial: strconv.Itoa(initial), lines: 1, limit: 3,
			submit: func(text string) tea.Cmd {
				c := c.fresh()
				n, err := strconv.Atoi(strings.TrimSpace(text))
				if err != nil || n < 0 || n > 100 || r.kind == settingCap && n < 1 {
					c.fail(l.S("agenda.settings.not_a_number", "Text", strings.TrimSpace(text)))
					return nil
				}
				s.setVotes(c, r.kind, n)
				return nil
			},
		})
	case settingPrivate:
		s.togglePrivate(c)
	case settingAnonK:
		return s.editAnonK(c)
	}
	return nil
}

// editAnonK asks for a new k: how many of an institution's people must be
// present for an idea or comment posted from now on to name it.
func (s *settingsOverlay) editAnonK(c *desk) tea.Cmd {
	l := c.L
	most := l.Number(session.MaxAnonK)
	return c.openInput(inputSpec{
		title: l.S("agenda.settings.anon_k_title"), hint: l.S("agenda.settings.anon_k_hint", "Max", most),
		initial: strconv.Itoa(c.St.Settings.K()), lines: 1, limit: 2,
		submit: func(text string) tea.Cmd {
			c := c.fresh()
			n, err := strconv.Atoi(strings.TrimSpace(text))
			if err != nil || n < 1 || n > session.MaxAnonK {
				c.fail(l.S("agenda.settings.anon_k_invalid", "Text", strings.TrimSpace(text), "Max", most))
				return nil
			}
			if n == c.St.Settings.K() {
				c.note(l.S("console.nothing_changed"))
				return nil
			}
			c.send(session.Command{Type: session.CmdUpdateSettings, AnonK: &n})
			c.note(l.N("agenda.settings.anon_k_set", n))
			return nil
		},
	})
}

// setVotes sends a new budget or cap, asking first when votes already
// given would go back to their voters.
func (s *settingsOverlay) setVotes(c *desk, kind settingKind, n int) {
	l := c.L
	cmd := session.Command{Type: session.CmdUpdateSettings}
	budget, cap := c.St.Settings.VoteBudget, c.St.Settings.VoteCap
	if kind == settingBudget {
		cmd.VoteBudget, budget = &n, n
	} else {
		cmd.VoteCap, cap = &n, n
	}
	if budget == c.St.Settings.VoteBudget && cap == c.St.Settings.VoteCap {
		c.note(l.S("console.nothing_changed"))
		return
	}
	done := l.S("agenda.settings.votes_set", "Budget", l.Number(budget), "Cap", l.Number(cap))
	voters, votes := overBy(c.St, budget, cap)
	if votes == 0 {
		c.send(cmd)
		c.note(done)
		return
	}
	c.ask(l.N("agenda.settings.confirm_refund", votes, "Voters", l.N("agenda.settings.voters", voters)), func() tea.Cmd {
		c.send(cmd)
		c.note(done)
		return nil
	})
}

// overBy counts the voters over a budget or cap and the votes they would
// get back.
func overBy(st *session.State, budget, cap int) (voters, votes int) {
	for _, p := range st.ParticipantList() {
		spent, back := 0, 0
		for _, v := range st.Votes {
			n := v[p.ID]
			if n > cap {
				back += n - cap
				n = cap
			}
			spent += n
		}
		if spent > budget {
			back += spent - budget
		}
		if back > 0 {
			voters++
			votes += back
		}
	}
	return voters, votes
}

// togglePrivate turns private brainstorming on or off; off in a private
// round reveals every private idea, so it asks first.
func (s *settingsOverlay) togglePrivate(c *desk) {
	l := c.L
	on := !c.St.Settings.PrivateIdeas
	cmd := session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: &on}
	if !on && c.St.Concealed {
		c.ask(l.N("agenda.settings.confirm_private_off", privateCount(c.St)), func() tea.Cmd {
			c.send(cmd)
			c.note(l.S("agenda.settings.private_off"))
			return nil
		})
		return
	}
	c.send(cmd)
	if on {
		c.note(l.S("agenda.settings.private_on"))
		return
	}
	c.note(l.S("agenda.settings.private_off"))
}

// privateCount is how many ideas are private now.
func privateCount(st *session.State) int {
	n := 0
	for _, i := range st.Ideas {
		if i.Private {
			n++
		}
	}
	return n
}

// view draws the room settings into w×h.
func (s *settingsOverlay) view(c *desk, w, h int) []string {
	sty, tx, l, st := c.Styles, c.Cells, c.L, c.St
	rows := settingRows(st)
	s.row = max(0, min(s.row, len(rows)-1))
	ideas := map[string]int{}
	for _, i := range st.Ideas {
		ideas[i.Topic]++
	}
	head := []string{sty.Paint.Section(tx.Truncate(l.S("agenda.settings.title"), w)), ""}
	var body []string
	var rowOf []int // the row each line of body shows, -1 for a heading or a space
	add := func(row int, lines ...string) {
		for _, line := range lines {
			body, rowOf = append(body, line), append(rowOf, row)
		}
	}
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, tx.Width(s.label(c, r)))
	}
	labelW = max(4, min(labelW+2, w-16))
	for i, r := range rows {
		var value string
		switch r.kind {
		case settingTopic:
			if i == 0 {
				add(-1, sty.Paint.Meta(tx.Truncate(l.S("agenda.settings.topics"), w)))
			}
			value = l.N("common.ideas", ideas[r.topic.ID])
		case settingBudget:
			add(-1, "", sty.Paint.Meta(tx.Truncate(l.S("agenda.settings.votes"), w)))
			value = l.Number(st.Settings.VoteBudget)
		case settingCap:
			value = l.Number(st.Settings.VoteCap)
		case settingPrivate:
			add(-1, "")
			value = l.S("agenda.settings.off")
			if st.Settings.PrivateIdeas {
				value = l.S("agenda.settings.on")
			}
		case settingAnonK:
			add(-1, "", sty.Paint.Meta(tx.Truncate(l.S("agenda.settings.anonymity"), w)))
			value = l.N("agenda.settings.anon_k_value", st.Settings.K())
		}
		line := "  " + tx.Pad(s.label(c, r), labelW) + value
		if i == s.row {
			add(i, sty.Paint.Selected(tx.Pad("› "+line[2:], w)))
			continue
		}
		add(i, tx.Truncate(line, w))
	}
	tail := []string{""}
	for _, line := range tx.Wrap(s.explain(c, rows[s.row]), w) {
		tail = append(tail, sty.Paint.Meta(line))
	}
	more := func(n int) string {
		if n == 0 { // only a heading is left out
			return sty.Paint.Meta("…")
		}
		return sty.Paint.Meta(tx.Truncate(l.N("agenda.settings.more", n), w))
	}
	return fitSettings(head, body, rowOf, tail, s.row, h, more)
}

// fitSettings lays the room settings into h lines: the rows (body) are
// windowed around the selected row, with "…N more" where rows are left
// out, so that the row and what it does (tail) stay on screen; on a
// screen too small for that, the explanation and then the title give way.
func fitSettings(head, body []string, rowOf []int, tail []string, sel, h int, more func(int) string) []string {
	if len(head)+len(body)+len(tail) <= h {
		return append(append(head, body...), tail...)
	}
	if h-len(head)-len(tail) < 3 {
		tail = nil
	}
	if h-len(head)-len(tail) < 1 {
		head = nil
	}
	avail := h - len(head) - len(tail)
	if avail <= 0 {
		return nil
	}
	at := max(0, slices.Index(rowOf, sel))
	hidden := func(from, to int) int {
		n := 0
		for _, r := range rowOf[from:to] {
			if r >= 0 {
				n++
			}
		}
		return n
	}
	n, from := min(avail, len(body)), 0
	for {
		from = max(0, min(at-n/2, len(body)-n))
		top, bottom := from > 0, from+n < len(body)
		if n <= 1 || n+btoi(top)+btoi(bottom) <= avail {
			break
		}
		n--
	}
	out := head
	if from > 0 && len(out)+n < h {
		out = append(out, more(hidden(0, from)))
	}
	out = append(out, body[from:from+n]...)
	if from+n < len(body) && len(out) < h-len(tail) {
		out = append(out, more(hidden(from+n, len(body))))
	}
	return append(out, tail...)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// label is the name of a row.
func (s *settingsOverlay) label(c *desk, r settingRow) string {
	switch r.kind {
	case settingTopic:
		return r.topic.Name
	case settingAddTopic:
		return "+ " + c.L.S("agenda.settings.add")
	case settingBudget:
		return c.L.S("agenda.settings.budget")
	case settingCap:
		return c.L.S("agenda.settings.cap")
	case settingAnonK:
		return c.L.S("agenda.settings.anon_k")
	}
	return c.L.S("agenda.settings.private")
}

// explain says what the selected row does.
func (s *settingsOverlay) explain(c *desk, r settingRow) string {
	l := c.L
	switch r.kind {
	case settingTopic:
		return l.S("agenda.settings.explain_topic")
	case settingAddTopic:
		return l.N("agenda.settings.explain_add", session.MaxTopics)
	case settingBudget, settingCap:
		return l.S("agenda.settings.explain_votes")
	case settingAnonK:
		return l.N("agenda.settings.explain_anon_k", c.St.Settings.K())
	}
	if c.St.Concealed {
		return l.N("agenda.settings.explain_private_now", privateCount(c.St))
	}
	return l.S("agenda.settings.explain_private")
}

func (s *settingsOverlay) help(c *desk) (short, full []key.Binding) {
	k := c.Keys
	change := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.L.S("agenda.settings.key.change")))
	remove := key.NewBinding(key.WithKeys("x"), key.WithHelp("x", c.L.S("agenda.settings.key.remove")))
	closeKey := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.L.S("agenda.key.close")))
	return []key.Binding{change, remove, closeKey}, []key.Binding{k.Up, k.Down, change, remove, closeKey}
}

// refundNote says what the votes given back in a batch of events were: to
// how many voters, how many votes; "" when none.
func refundNote(l *lang.Printer, evs []session.Event) string {
	voters, votes := map[string]bool{}, 0
	for _, e := range evs {
		if e.Type == session.EvVotesRefunded {
			voters[e.Actor] = true
			votes -= e.Delta
		}
	}
	if votes == 0 {
		return ""
	}
	return l.N("agenda.settings.refunded", votes, "Voters", l.N("agenda.settings.voters", len(voters)))
}
