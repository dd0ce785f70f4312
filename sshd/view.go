package sshd

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"roundtable/lang"
)

// rejoinNote is what a participant without a key reads once on joining:
// their rejoin code, and the command that brings them back with it.
func rejoinNote(p *lang.Printer, rc, command string) string {
	bold := lipgloss.NewStyle().Bold(true)
	return strings.Join([]string{
		bold.Render(p.S("sshd.rejoin.joined")),
		"",
		p.S("sshd.rejoin.code"),
		"",
		"    " + bold.Render(rc),
		"",
		p.S("sshd.rejoin.by_typing"),
		"",
		"    " + command,
		"",
		p.S("sshd.rejoin.write_down"),
	}, "\n")
}

// exitNote is what the terminal shows after the app has ended; stop says
// why when the host stopped it (stopPaused or stopEnded), "" otherwise.
func (a *app) exitNote(stop string) string {
	var b strings.Builder
	p := a.door.p
	line := func(s string) { b.WriteString(s + "\r\n") }
	if asked, ok := a.ctx.Value(clampedKey{}).(string); ok {
		line(p.S("sshd.exit.clamped", "Asked", strings.Replace(asked, "x", "×", 1),
			"Max", strconv.Itoa(MaxColumns)+"×"+strconv.Itoa(MaxRows)))
	}
	if a.idle {
		line(idleNote(p, a.srv.cfg.IdleTimeout))
	}
	switch stop {
	case stopEnded:
		line(p.S("sshd.exit.ended"))
		return b.String()
	case stopPaused:
		line(p.S("sshd.exit.paused"))
	}
	// How to come back: after leaving, or (paused) once the host runs again.
	d := a.door
	rc := d.rejoinCode()
	if how := comeBack(p, stop == stopPaused, a.flow.Client() != nil, d.fingerprint != "", rc != ""); how != "" {
		command := a.srv.Command(d.host)
		if rc != "" && d.fingerprint == "" {
			command = d.rejoinCommand(rc)
		}
		line(how)
		line("  " + command)
	}
	return b.String()
}

// comeBack says how a participant comes back, before the command that
// does it: after leaving, or (paused) once the host runs again; "" when
// there is nothing to say (they left before joining, or joined without a
// key and were given no rejoin code).
func comeBack(p *lang.Printer, paused, joined, key, rejoin bool) string {
	switch {
	case !joined && paused:
		return p.S("sshd.exit.paused_join")
	case !joined:
	case key && paused:
		return p.S("sshd.exit.paused_key")
	case key:
		return p.S("sshd.exit.left_key")
	case rejoin && paused:
		return p.S("sshd.exit.paused_rejoin")
	case rejoin:
		return p.S("sshd.exit.left_rejoin")
	}
	return ""
}

// idleNote says that a session was closed for want of input after d: in
// minutes, or in seconds when d is under a minute.
func idleNote(p *lang.Printer, d time.Duration) string {
	if d < time.Minute {
		return p.N("sshd.exit.idle_seconds", int(d.Round(time.Second)/time.Second))
	}
	return p.N("sshd.exit.idle_minutes", int(d.Round(time.Minute)/time.Minute))
}
