package wall

import (
	"strings"
	"time"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

func (m *Wall) render() string {
	w, h := m.Width, m.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < 30 || h < 12 {
		return m.Cells.Block([]string{
			m.Styles.Paint.Title(m.Cells.Truncate(m.St.Settings.Title, w)),
			m.Cells.Truncate(m.L.Upper(tui.PhaseName(m.L, m.St.Phase)), w),
			m.Cells.Truncate(clockOrNone(m.St.Timer, m.Now()), w),
			m.Cells.Truncate(m.L.S("wall.too_small"), w),
		}, w, h)
	}
	lines := make([]string, 0, h)
	lines = append(lines, m.top(w)...)
	body := h - len(lines) - 1
	lines = append(lines, m.Cells.Clip(m.body(w, body), w, body)...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, m.footer(w))
	return tui.JoinLines(lines)
}

func clockOrNone(t session.Timer, now time.Time) string {
	if !t.Set() {
		return ""
	}
	return tui.Clock(t.Left(now))
}

// top is the title and connection, the phase with its instruction beside
// the timer in block digits, and a rule.
func (m *Wall) top(w int) []string {
	st, tx := m.Styles, m.Cells
	line1 := tx.Spread(st.Paint.Title(tx.Truncate(m.St.Settings.Title, w)), components.ConnText(m.L, st, m.Status, 0, m.Node), w)

	var digits [3]string
	dw := 0
	t := m.St.Timer
	now := m.Now()
	if t.Set() && m.Status != client.Ended {
		left := t.Left(now)
		digits = components.BigDigits(tui.Clock(left), w >= 140)
		paint := m.ws.digits
		if left < time.Minute {
			paint = m.ws.digitsLow
		}
		dw = tx.Width(digits[0])
		if dw+30 > w {
			dw = 0
		} else {
			for i := range digits {
				digits[i] = paint(digits[i])
			}
		}
	}
	lw := w
	if dw > 0 {
		lw = w - dw - 2
	}
	p := m.St.Phase
	name := m.ws.phase(m.L.Upper(tui.PhaseName(m.L, p))) + st.Paint.Meta("  "+m.L.S("wall.phase_of",
		"Phase", m.L.Number(p.Index()+1), "Phases", m.L.Number(len(session.Phases()))))
	text, paint := tui.PhaseInstruction(m.L, p), st.Paint.Instruction
	switch m.Status {
	case client.Ended:
		text, paint = m.L.S("wall.ended"), m.ws.focus
	case client.Paused:
		text, paint = m.L.S("wall.paused"), st.Paint.Offline
	}
	// the instruction wraps to a second line rather than lose its end
	// (Azerbaijani and Russian run longer; at 80 columns English too)
	instruction := tx.Wrap(text, lw)
	if len(instruction) > 2 {
		instruction = instruction[:2]
		instruction[1] = tx.Truncate(instruction[1]+" …", lw)
	}
	left := []string{tx.Truncate(name, lw)}
	for _, l := range instruction {
		left = append(left, paint(l))
	}
	left = append(left, tx.Truncate(m.status3(now), lw))
	out := []string{line1}
	for i := range left {
		digit := ""
		if i < len(digits) {
			digit = digits[i]
		}
		if dw > 0 && digit != "" {
			out = append(out, tx.Pad(left[i], lw)+"  "+digit)
		} else {
			out = append(out, left[i])
		}
	}
	return append(out, st.Paint.Rule(strings.Repeat("─", w)))
}

// status3 is the third line of the top: the timer's state when it needs
// saying, then what the room has done in this phase.
func (m *Wall) status3(now time.Time) string {
	st, b, l := m.Styles, &m.board, m.L
	var parts []string
	if t := m.St.Timer; t.Set() {
		switch {
		case t.Left(now) <= 0:
			parts = append(parts, st.Paint.TimerLow("⏰ "+l.S("wall.timer.up")))
		case !t.Running:
			parts = append(parts, st.Paint.Waiting("⏸ "+l.S("wall.timer.paused")))
		}
	}
	var facts []string
	switch m.St.Phase {
	case session.PhaseLobby:
		facts = append(facts, l.N("wall.fact.participants", b.people), l.N("wall.fact.institutions", b.insts))
	case session.PhaseIdeas:
		facts = append(facts, l.N("common.ideas", b.ideas))
	case session.PhaseGroup:
		facts = append(facts, l.N("wall.fact.groups", b.groups), l.N("common.ideas", b.ideas))
	case session.PhaseVote:
		if m.St.VotesRevealed {
			facts = append(facts, l.N("wall.fact.votes", b.totalVotes))
		} else {
			facts = append(facts, l.S("wall.fact.votes_hidden"))
		}
		if m.St.VotingClosed {
			facts = append(facts, l.S("wall.fact.voting_closed"))
		}
	case session.PhaseRoadmap, session.PhaseClosed:
		facts = append(facts, l.N("wall.fact.on_roadmap", len(m.St.Roadmap)))
	}
	if f := m.tablesFact(); f != "" { // issue 16
		facts = append(facts, f)
	}
	if m.St.Phase != session.PhaseLobby && b.people > 0 {
		facts = append(facts, l.S("wall.fact.done", "Done", l.Number(b.done), "People", l.Number(b.people)))
	}
	if len(facts) > 0 {
		parts = append(parts, st.Paint.Meta(strings.Join(facts, " · ")))
	}
	return strings.Join(parts, st.Paint.Meta("   "))
}

// footer is the join command and the one key the wall has.
func (m *Wall) footer(w int) string {
	st := m.Styles
	tx := m.Cells
	right := st.Paint.Meta(m.L.S("wall.footer.keys"))
	if m.join == "" {
		return tx.Spread("", right, w)
	}
	// The command is what the room needs whole: the keys give way to
	// it, then its label.
	label := st.Paint.Meta(m.L.S("wall.footer.join") + " ")
	cmd := st.Paint.Item(m.join)
	quit := st.Paint.Meta(m.L.S("wall.footer.quit"))
	switch join := tx.Width(m.join); {
	case tx.Width(label)+join+1+tx.Width(right) <= w:
		return tx.Spread(label+cmd, right, w)
	case tx.Width(label)+join+1+tx.Width(quit) <= w:
		return tx.Spread(label+cmd, quit, w)
	case tx.Width(label)+join <= w:
		return label + cmd
	}
	return st.Paint.Item(tx.Truncate(m.join, w))
}

// body draws the part of the wall that belongs to the phase.
func (m *Wall) body(w, h int) []string {
	if h <= 0 {
		return nil
	}
	if m.St.TablesOpen { // issue 16: the tables at work (tables.go)
		return m.tablesBody(w, h)
	}
	switch m.St.Phase {
	case session.PhaseLobby:
		return m.lobby(w, h)
	case session.PhaseIdeas, session.PhaseGroup:
		return m.columns(m.board.topics, m.L.S("wall.empty.ideas"), w, h)
	case session.PhaseVote:
		return m.votes(w, h)
	case session.PhaseDiscuss:
		return m.focused(w, h)
	case session.PhaseRoadmap:
		top := m.consent(w, h-3) // issue 16: a consent round, open or revealed last (consent.go)
		return append(top, m.columns(m.board.horizons, m.L.S("wall.empty.roadmap"), w, h-len(top))...)
	case session.PhaseClosed:
		head := []string{"", m.ws.focus(m.Cells.Truncate(m.L.S("wall.closed.draft"), w)), ""}
		if m.Status == client.Ended {
			head[1] = m.ws.focus(m.Cells.Truncate(m.L.S("wall.closed.final"), w))
		}
		return append(head, m.columns(m.board.horizons, "—", w, h-len(head))...)
	}
	return nil
}
