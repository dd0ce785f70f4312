package console

import (
	"roundtable/lang"
	"roundtable/session"
)

// carriedLine says, in the lobby, what the session carried from an
// earlier session of its programme (issue 16): "12 items carried from
// “Day 1”, day 1"; "" when it carried nothing.
func carriedLine(l *lang.Printer, st *session.State) string {
	c := st.Carried()
	switch {
	case c.N == 0:
		return ""
	case c.Day > 0:
		return l.N("programme.console.carried", c.N, "Title", c.Title, "Day", c.Day)
	}
	return l.N("programme.console.carried_no_day", c.N, "Title", c.Title)
}
