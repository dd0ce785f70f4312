package tui

import (
	"fmt"
	"strings"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// PhaseName is the phase as people read it: "Ideas".
func PhaseName(p session.Phase) string {
	switch p {
	case session.PhaseLobby:
		return "Lobby"
	case session.PhaseIdeas:
		return "Ideas"
	case session.PhaseGroup:
		return "Grouping"
	case session.PhaseVote:
		return "Voting"
	case session.PhaseDiscuss:
		return "Discussion"
	case session.PhaseRoadmap:
		return "Road map"
	case session.PhaseClosed:
		return "Closed"
	}
	return string(p)
}

// Clock formats a duration as 04:32 or 1:04:32, rounding up so that it
// reads 00:00 only when the time is up.
func Clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64((d + time.Second - 1) / time.Second)
	h, mnt, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, mnt, sec)
	}
	return fmt.Sprintf("%02d:%02d", mnt, sec)
}

// timerText is the countdown as the header shows it, or "" with no timer.
func timerText(st *Styles, t session.Timer, now time.Time) string {
	if !t.Set() {
		return ""
	}
	left := t.Left(now)
	style := st.Paint.Timer
	if left < time.Minute {
		style = st.Paint.TimerLow
	}
	switch {
	case left <= 0:
		return style("⏱ 00:00 time is up")
	case !t.Running:
		return style("⏸ " + Clock(left) + " paused")
	}
	return style("⏱ " + Clock(left))
}

// connText is the connection state and the number of actions waiting.
func connText(st *Styles, status client.Status, waiting int) string {
	var s string
	switch status {
	case client.Online:
		s = st.Paint.Online("● online")
	case client.Connecting:
		s = st.Paint.Connecting("◌ connecting…")
	case client.Offline:
		s = st.Paint.Offline("○ offline — reconnecting")
	case client.Paused:
		s = st.Paint.Offline("⏸ host paused")
	case client.Ended:
		s = st.Paint.Meta("■ session ended")
	default:
		s = st.Paint.Offline("✕ disconnected")
	}
	if waiting > 0 {
		s += st.Paint.Meta(" · ") + st.Paint.Waiting(Plural(waiting, "action", "actions")+" waiting")
	}
	return s
}

// header is the top of every screen: the session title, the timer and the
// connection on one line; the phase, its instruction and "done" on the
// next; then a rule.
func (m *Participant) header(e *env, w int) []string {
	st := e.styles
	// the connection state matters more than the timer, the timer more
	// than the title
	conn := connText(st, m.Status, m.Waiting)
	right := conn
	if t := timerText(st, m.St.Timer, e.now); t != "" && m.Status != client.Ended {
		right = t + "   " + conn
		if e.tx.Width(right)+12 > w {
			right = conn
		}
	}
	title := st.Paint.Title(e.tx.Truncate(m.St.Settings.Title, max(0, w-e.tx.Width(right)-1)))
	line1 := title + strings.Repeat(" ", max(0, w-e.tx.Width(title)-e.tx.Width(right))) + right
	if e.tx.Width(right) >= w {
		line1 = e.tx.Truncate(right, w)
	}

	instruction := m.St.Phase.Instruction()
	if m.Status == client.Ended {
		instruction = "The session has ended."
	}
	phase := st.Paint.Phase(fmt.Sprintf("%s %d/7", PhaseName(m.St.Phase), m.St.Phase.Index()+1)) +
		st.Paint.Meta(" · ") + st.Paint.Instruction(instruction)
	var done string // nothing once the session has ended
	switch hint := st.Paint.Meta("d when done"); {
	case m.Status == client.Ended:
	case m.done():
		done = st.Paint.Done("✓ done")
	case e.tx.Width(phase)+e.tx.Width(hint)+1 <= w:
		done = hint
	}
	line2 := e.tx.Spread(phase, done, w)
	return []string{line1, line2, st.Paint.Rule(strings.Repeat("─", max(0, w)))}
}
