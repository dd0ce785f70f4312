package tui

import (
	"strconv"
	"strings"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// wallTopLines is the height of the wall's top: title, three rows of
// phase and timer, and a rule.
const wallTopLines = 5

func (m *Wall) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < 30 || h < 12 {
		return m.tx.block([]string{
			m.styles.paint.Title(m.tx.truncate(m.st.Settings.Title, w)),
			m.tx.truncate(strings.ToUpper(phaseName(m.st.Phase)), w),
			m.tx.truncate(clockOrNone(m.st.Timer, m.now()), w),
			m.tx.truncate("Please make this window larger.", w),
		}, w, h)
	}
	lines := make([]string, 0, h)
	lines = append(lines, m.top(w)...)
	body := h - wallTopLines - 1
	lines = append(lines, m.tx.clip(m.body(w, body), w, body)...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, m.footer(w))
	return joinLines(lines)
}

func clockOrNone(t session.Timer, now time.Time) string {
	if !t.Set() {
		return ""
	}
	return clock(t.Left(now))
}

// top is the title and connection, the phase with its instruction beside
// the timer in block digits, and a rule.
func (m *Wall) top(w int) []string {
	st, tx := &m.styles, m.tx
	line1 := tx.spread(st.paint.Title(tx.truncate(m.st.Settings.Title, w)), connText(st, m.status, 0), w)

	var digits [3]string
	dw := 0
	t := m.st.Timer
	now := m.now()
	if t.Set() && m.status != client.Ended {
		left := t.Left(now)
		digits = bigDigits(clock(left), w >= 140)
		paint := m.ws.digits
		if left < time.Minute {
			paint = m.ws.digitsLow
		}
		dw = tx.width(digits[0])
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
	p := m.st.Phase
	name := m.ws.phase(strings.ToUpper(phaseName(p))) + st.paint.Meta("  phase "+strconv.Itoa(p.Index()+1)+" of 7")
	instruction := st.paint.Instruction(tx.truncate(p.Instruction(), lw))
	switch m.status {
	case client.Ended:
		instruction = m.ws.focus(tx.truncate("The session has ended. Thank you!", lw))
	case client.Paused:
		instruction = st.paint.Offline(tx.truncate("The facilitator stopped the host; the session goes on when it is back.", lw))
	}
	left := [3]string{
		tx.truncate(name, lw),
		instruction,
		tx.truncate(m.status3(now), lw),
	}
	out := []string{line1}
	for i := range left {
		if dw > 0 {
			out = append(out, tx.pad(left[i], lw)+"  "+digits[i])
		} else {
			out = append(out, left[i])
		}
	}
	return append(out, st.paint.Rule(strings.Repeat("─", w)))
}

// status3 is the third line of the top: the timer's state when it needs
// saying, then what the room has done in this phase.
func (m *Wall) status3(now time.Time) string {
	st, b := &m.styles, &m.board
	var parts []string
	if t := m.st.Timer; t.Set() {
		switch {
		case t.Left(now) <= 0:
			parts = append(parts, st.paint.TimerLow("⏰ TIME IS UP"))
		case !t.Running:
			parts = append(parts, st.paint.Waiting("⏸ timer paused"))
		}
	}
	var facts []string
	switch m.st.Phase {
	case session.PhaseLobby:
		facts = append(facts, plural(b.people, "participant", "participants"), plural(len(b.institutions), "institution", "institutions"))
	case session.PhaseIdeas:
		facts = append(facts, plural(b.ideas, "idea", "ideas"))
	case session.PhaseGroup:
		facts = append(facts, plural(b.groups, "group", "groups"), plural(b.ideas, "idea", "ideas"))
	case session.PhaseVote:
		if m.st.VotesRevealed {
			facts = append(facts, plural(b.totalVotes, "vote", "votes"))
		} else {
			facts = append(facts, "votes hidden")
		}
		if m.st.VotingClosed {
			facts = append(facts, "voting closed")
		}
	case session.PhaseRoadmap, session.PhaseClosed:
		facts = append(facts, plural(len(m.st.Roadmap), "item", "items")+" on the road map")
	}
	if m.st.Phase != session.PhaseLobby && b.people > 0 {
		facts = append(facts, strconv.Itoa(b.done)+" of "+strconv.Itoa(b.people)+" done")
	}
	if len(facts) > 0 {
		parts = append(parts, st.paint.Meta(strings.Join(facts, " · ")))
	}
	return strings.Join(parts, st.paint.Meta("   "))
}

// footer is the join command and the one key the wall has.
func (m *Wall) footer(w int) string {
	st := &m.styles
	right := st.paint.Meta("read-only · q quit")
	left := ""
	if m.join != "" {
		left = st.paint.Meta("Join: ") + st.paint.Item(m.join)
	}
	return m.tx.spread(left, right, w)
}

// body draws the part of the wall that belongs to the phase.
func (m *Wall) body(w, h int) []string {
	if h <= 0 {
		return nil
	}
	switch m.st.Phase {
	case session.PhaseLobby:
		return m.lobby(w, h)
	case session.PhaseIdeas, session.PhaseGroup:
		return m.columns(m.board.topics, "No ideas yet.", w, h)
	case session.PhaseVote:
		return m.votes(w, h)
	case session.PhaseDiscuss:
		return m.focused(w, h)
	case session.PhaseRoadmap:
		return m.columns(m.board.horizons, "Nothing placed yet.", w, h)
	case session.PhaseClosed:
		head := []string{"", m.ws.focus(m.tx.truncate("Thank you! This is the draft road map.", w)), ""}
		if m.status == client.Ended {
			head[1] = m.ws.focus(m.tx.truncate("The final road map", w))
		}
		return append(head, m.columns(m.board.horizons, "—", w, h-len(head))...)
	}
	return nil
}
