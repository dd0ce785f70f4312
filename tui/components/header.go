package components

import (
	"time"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// TimerText is the countdown as the header shows it, or "" with no timer.
func TimerText(st *tui.Styles, t session.Timer, now time.Time) string {
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
		return style("⏸ " + tui.Clock(left) + " paused")
	}
	return style("⏱ " + tui.Clock(left))
}

// ConnText is the connection state and the number of actions waiting.
func ConnText(st *tui.Styles, status client.Status, waiting int) string {
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
		s += st.Paint.Meta(" · ") + st.Paint.Waiting(tui.Plural(waiting, "action", "actions")+" waiting")
	}
	return s
}
