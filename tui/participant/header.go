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
// next (the instruction wraps to a second line where it is long, and
// "done" keeps its place); then a rule.
func (m *Participant) header(e *env, w int) []string {
	st := e.Styles
	// the connection state matters more than the timer, the timer more
	// than the title
	conn := components.ConnText(e.L, st, m.Status, m.Waiting, m.Node)
	right := conn
	if t := components.TimerText(e.L, st, m.St.Timer, e.now); t != "" && m.Status != client.Ended {
		right = t + "   " + conn
		if e.Cells.Width(right)+12 > w {
			right = conn
		}
	}
	// issue 15: what comes next on the agenda, before the timer, where the
	// title keeps at least 12 cells ("d when done" keeps its place below)
	if m.Status != client.Ended {
		if next := m.nextLine(e, "", w-e.Cells.Width(right)-3-12); next != "" {
			right = st.Paint.Meta(next) + "   " + right
		}
	}
	title := st.Paint.Title(e.Cells.Truncate(m.headTitle(), max(0, w-e.Cells.Width(right)-1))) // issue 16: the table while seated
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
	} else if line := m.tableInstruction(); line != "" { // issue 16
		instruction = line
	}
	phase := st.Paint.Phase(fmt.Sprintf("%s %d/7", tui.PhaseName(e.L, m.St.Phase), m.St.Phase.Index()+1)) + st.Paint.Meta(" · ")
	var done string // nothing once the session has ended
	switch {
	case m.Status == client.Ended:
	case m.done():
		done = st.Paint.Done("✓ " + e.L.S("participant.header.done"))
	default:
		done = st.Paint.Meta(e.L.S("participant.header.done_hint"))
	}
	rule := st.Paint.Rule(strings.Repeat("─", max(0, w)))
	tx := e.Cells
	if tx.Width(phase)+tx.Width(instruction)+tx.Width(done)+1 <= w {
		return []string{line1, tx.Spread(phase+st.Paint.Instruction(instruction), done, w), rule}
	}
	// Too long for one line (Azerbaijani and Russian run longer): the
	// instruction wraps under the phase to two lines at most, and "d when
	// done" keeps its place at the right of the last, never dropped.
	lines := tx.Indent(instruction, phase, w)
	if len(lines) == 0 { // no room at all
		return []string{line1, tx.Truncate(phase, w), rule}
	}
	if len(lines) > maxInstructionLines {
		lines = lines[:maxInstructionLines]
		lines[maxInstructionLines-1] = tx.Truncate(lines[maxInstructionLines-1]+" …", w)
	}
	last := len(lines) - 1
	pad := strings.Repeat(" ", tx.Width(phase))
	for i, l := range lines {
		if i > 0 {
			l = strings.TrimPrefix(l, pad)
			lines[i] = pad + st.Paint.Instruction(l)
			continue
		}
		lines[i] = phase + st.Paint.Instruction(strings.TrimPrefix(l, phase))
	}
	if done != "" {
		if tx.Width(lines[last])+tx.Width(done)+1 <= w {
			lines[last] = tx.Spread(lines[last], done, w)
		} else {
			lines = append(lines, tx.Spread("", done, w))
		}
	}
	return append(append([]string{line1}, lines...), rule)
}

// maxInstructionLines is how many lines the phase's instruction may take
// in the header.
const maxInstructionLines = 2
