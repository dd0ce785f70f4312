package participant

import (
	"fmt"
	"strings"

	"roundtable/server/client"
	"roundtable/tui"
	"roundtable/tui/components"
)

// header is the top of every screen: the session title, the timer and the
// connection on one line; the phase, its instruction and "done" on the
// next; then a rule.
func (m *Participant) header(e *env, w int) []string {
	st := e.Styles
	// the connection state matters more than the timer, the timer more
	// than the title
	conn := components.ConnText(e.L, st, m.Status, m.Waiting)
	right := conn
	if t := components.TimerText(e.L, st, m.St.Timer, e.now); t != "" && m.Status != client.Ended {
		right = t + "   " + conn
		if e.Cells.Width(right)+12 > w {
			right = conn
		}
	}
	title := st.Paint.Title(e.Cells.Truncate(m.St.Settings.Title, max(0, w-e.Cells.Width(right)-1)))
	line1 := title + strings.Repeat(" ", max(0, w-e.Cells.Width(title)-e.Cells.Width(right))) + right
	if e.Cells.Width(right) >= w {
		line1 = e.Cells.Truncate(right, w)
	}
	if m.alarm.Flashing(e.now) { // issue 15: time is up
		line1 = m.flashLine(e, w)
	}

	instruction := tui.PhaseInstruction(e.L, m.St.Phase)
	if m.Status == client.Ended {
		instruction = e.L.S("participant.header.ended")
	} else if line := m.moderationLine(); line != "" {
		instruction = line
	}
	phase := st.Paint.Phase(fmt.Sprintf("%s %d/7", tui.PhaseName(e.L, m.St.Phase), m.St.Phase.Index()+1)) +
		st.Paint.Meta(" · ") + st.Paint.Instruction(instruction)
	var done string // nothing once the session has ended
	switch hint := st.Paint.Meta(e.L.S("participant.header.done_hint")); {
	case m.Status == client.Ended:
	case m.done():
		done = st.Paint.Done("✓ " + e.L.S("participant.header.done"))
	case m.nextLine(e, phase, w) != "": // issue 15: the agenda
		done = st.Paint.Meta(m.nextLine(e, phase, w))
	case e.Cells.Width(phase)+e.Cells.Width(hint)+1 <= w:
		done = hint
	}
	line2 := e.Cells.Spread(phase, done, w)
	return []string{line1, line2, st.Paint.Rule(strings.Repeat("─", max(0, w)))}
}
