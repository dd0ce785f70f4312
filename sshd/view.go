package sshd

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
)

// rejoinNote is what a participant without a key reads once on joining:
// their rejoin code, and the command that brings them back with it.
func rejoinNote(rc, command string) string {
	bold := lipgloss.NewStyle().Bold(true)
	return strings.Join([]string{
		bold.Render("You have joined."),
		"",
		"If you are disconnected, come back as yourself with your rejoin code:",
		"",
		"    " + bold.Render(rc),
		"",
		"by typing:",
		"",
		"    " + command,
		"",
		"Write it down now: it is shown only once.",
	}, "\n")
}

// exitNote is what the terminal shows after the app has ended; stop says
// why when the host stopped it (stopPaused or stopEnded), "" otherwise.
func (a *app) exitNote(stop string) string {
	var b strings.Builder
	if asked, ok := a.ctx.Value(clampedKey{}).(string); ok {
		fmt.Fprintf(&b, "Your terminal asked for %s; Roundtable draws at most %d×%d, in its top-left corner.\r\n",
			strings.Replace(asked, "x", "×", 1), MaxColumns, MaxRows)
	}
	if a.idle {
		fmt.Fprintf(&b, "Closed after %s without input.\r\n", a.srv.cfg.IdleTimeout.Round(time.Second))
	}
	switch stop {
	case stopEnded:
		b.WriteString("The session has ended. Thank you for taking part!\r\n")
		return b.String()
	case stopPaused:
		b.WriteString("The facilitator stopped the host. What you sent is kept.\r\n")
	}
	// How to come back: after leaving, or (paused) once the host runs again.
	comeBack := func(how, command string) {
		if stop == stopPaused {
			fmt.Fprintf(&b, "When the session continues, %s\r\n  %s\r\n", how, command)
			return
		}
		fmt.Fprintf(&b, "You left the session. %s%s\r\n  %s\r\n", strings.ToUpper(how[:1]), how[1:], command)
	}
	joined, d := a.flow.Client() != nil, a.door
	switch rc := d.rejoinCode(); {
	case !joined && stop == stopPaused:
		comeBack("join with:", a.srv.Command(d.host))
	case !joined:
	case d.fingerprint != "":
		comeBack("connect again with the same key to come back as yourself:", a.srv.Command(d.host))
	case rc != "":
		comeBack("come back as yourself with:", d.rejoinCommand(rc))
	}
	return b.String()
}
