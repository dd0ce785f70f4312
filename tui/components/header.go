package components

import (
	"time"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// TimerText is the countdown as the header shows it, in the language of
// l, or "" with no timer.
func TimerText(l *lang.Printer, st *tui.Styles, t session.Timer, now time.Time) string {
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
		return style("⏱ 00:00 " + l.S("tui.timer.up"))
	case !t.Running:
		return style("⏸ " + tui.Clock(left) + " " + l.S("tui.timer.paused"))
	}
	return style("⏱ " + tui.Clock(left))
}

// ConnText is the connection state and the number of actions waiting, in
// the language of l; node, when not "" (a session on several nodes: see
// tui.ConnView), is named while the app is away, as the node it is trying.
func ConnText(l *lang.Printer, st *tui.Styles, status client.Status, waiting int, node string) string {
	var s string
	switch status {
	case client.Online:
		s = st.Paint.Online("● " + l.S("common.online"))
	case client.Connecting:
		s = st.Paint.Connecting("◌ " + l.S("tui.conn.connecting"))
	case client.Offline:
		s = st.Paint.Offline("○ " + l.S("common.offline"))
	case client.Paused:
		s = st.Paint.Offline("⏸ " + l.S("tui.conn.paused"))
	case client.Ended:
		s = st.Paint.Meta("■ " + l.S("tui.conn.ended"))
	default:
		s = st.Paint.Offline("✕ " + l.S("tui.conn.disconnected"))
	}
	if node != "" && (status == client.Connecting || status == client.Offline || status == client.Paused) {
		s += st.Paint.Meta(" · " + l.S("tui.conn.trying", "Node", node))
	}
	if waiting > 0 {
		s += st.Paint.Meta(" · ") + st.Paint.Waiting(l.N("tui.conn.waiting", waiting))
	}
	return s
}
