package tui

import (
	"fmt"
	"strings"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// phaseName is the phase as people read it: "Ideas".
func phaseName(p session.Phase) string {
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

// clock formats a duration as 04:32 or 1:04:32, rounding up so that it
// reads 00:00 only when the time is up.
func clock(d time.Duration) string {
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
	style := st.paint.Timer
	if left < time.Minute {
		style = st.paint.TimerLow
	}
	switch {
	case left <= 0:
		return style("⏱ 00:00 time is up")
	case !t.Running:
		return style("⏸ " + clock(left) + " paused")
	}
	return style("⏱ " + clock(left))
}

// connText is the connection state and the number of actions waiting.
func connText(st *Styles, status client.Status, waiting int) string {
	var s string
	switch status {
	case client.Online:
		s = st.paint.Online("● online")
	case client.Connecting:
		s = st.paint.Connecting("◌ connecting…")
	case client.Offline:
		s = st.paint.Offline("○ offline — reconnecting")
	case client.Paused:
		s = st.paint.Offline("⏸ host paused")
	case client.Ended:
		s = st.paint.Meta("■ session ended")
	default:
		s = st.paint.Offline("✕ disconnected")
	}
	if waiting > 0 {
		s += st.paint.Meta(" · ") + st.paint.Waiting(plural(waiting, "action", "actions")+" waiting")
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
	conn := connText(st, m.status, m.waiting)
	right := conn
	if t := timerText(st, m.st.Timer, e.now); t != "" && m.status != client.Ended {
		right = t + "   " + conn
		if e.tx.width(right)+12 > w {
			right = conn
		}
	}
	title := st.paint.Title(e.tx.truncate(m.st.Settings.Title, max(0, w-e.tx.width(right)-1)))
	line1 := title + strings.Repeat(" ", max(0, w-e.tx.width(title)-e.tx.width(right))) + right
	if e.tx.width(right) >= w {
		line1 = e.tx.truncate(right, w)
	}

	instruction := m.st.Phase.Instruction()
	if m.status == client.Ended {
		instruction = "The session has ended."
	}
	phase := st.paint.Phase(fmt.Sprintf("%s %d/7", phaseName(m.st.Phase), m.st.Phase.Index()+1)) +
		st.paint.Meta(" · ") + st.paint.Instruction(instruction)
	var done string // nothing once the session has ended
	switch hint := st.paint.Meta("d when done"); {
	case m.status == client.Ended:
	case m.done():
		done = st.paint.Done("✓ done")
	case e.tx.width(phase)+e.tx.width(hint)+1 <= w:
		done = hint
	}
	line2 := e.tx.spread(phase, done, w)
	return []string{line1, line2, st.paint.Rule(strings.Repeat("─", max(0, w)))}
}
