package console

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// consoleScreen is the part of the console that belongs to one phase.
type consoleScreen interface {
	rebuild(c *desk)                          // the replica or the size changed
	key(c *desk, msg tea.KeyPressMsg) tea.Cmd // a key no one else took
	view(c *desk, w, h int) []string          // draw into w×h
	help(c *desk) (short []key.Binding, full []key.Binding)
}

// handleKey routes a key: to a question waiting for "y", to the open text
// field, to the preview, to the keys of every phase, or to the screen of
// the phase.
func (c *Console) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	if cmd, ok := c.Answer(msg); ok {
		return cmd
	}
	if c.input.open {
		switch {
		case key.Matches(msg, k.Back):
			c.input.close()
			c.Note("Nothing changed.")
			return nil
		case key.Matches(msg, k.Submit):
			submit, text := c.input.submit, c.input.ta.Value()
			c.input.close()
			c.Notice = ""
			if submit == nil {
				return nil
			}
			return submit(text)
		case key.Matches(msg, k.Complete):
			c.input.complete()
			return nil
		}
		c.input.choice = -1
		return c.input.update(msg)
	}
	if c.Status == client.Ended {
		return c.endedKey(msg)
	}
	if key.Matches(msg, k.Quit) {
		c.askQuit()
		return nil
	}
	c.Notice = ""
	if c.preview.open || c.St.Phase == session.PhaseClosed { // closed shows the preview always
		if c.preview.key(c.desk(), msg) {
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.Help):
		c.help.ShowAll = !c.help.ShowAll
		return nil
	case c.help.ShowAll && key.Matches(msg, k.Back):
		c.help.ShowAll = false
		return nil
	case key.Matches(msg, k.NextPhase):
		c.askPhase(c.St.Phase.Next())
		return nil
	case key.Matches(msg, k.PrevPhase):
		c.askPhase(c.St.Phase.Prev())
		return nil
	case key.Matches(msg, k.Timer):
		return c.openTimer()
	case key.Matches(msg, k.Reveal):
		c.toggleReveal()
		return nil
	case key.Matches(msg, k.Preview):
		c.preview.open = !c.preview.open
		return nil
	case c.opts.CoFacilitator != "" && key.Matches(msg, k.CoFacilitator):
		c.showCoFac = !c.showCoFac
		if c.showCoFac {
			return tea.SetClipboard(c.opts.CoFacilitator)
		}
		return nil
	case c.showCoFac && key.Matches(msg, k.Back):
		c.showCoFac = false
		return nil
	case c.exportPhase() && key.Matches(msg, k.Export):
		return c.export()
	}
	if s := c.screen(); s != nil {
		return s.key(c.desk(), msg)
	}
	return nil
}

// exportPhase reports whether e exports in this phase: the road map and
// closed phases (elsewhere e edits ideas).
func (c *Console) exportPhase() bool {
	return c.St.Phase == session.PhaseRoadmap || c.St.Phase == session.PhaseClosed
}

// endedKey handles a key once the session has ended: nothing can be sent,
// so only scrolling the final road map, exporting it, help and quitting
// (at once: there is no host left to stop) remain.
func (c *Console) endedKey(msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Export):
		return c.export()
	case key.Matches(msg, k.Help):
		c.help.ShowAll = !c.help.ShowAll
	case c.help.ShowAll && key.Matches(msg, k.Back):
		c.help.ShowAll = false
	case c.preview.key(c.desk(), msg):
	default:
		c.Note("The session has ended: nothing more can change. Press e to write the road map here, or q to quit.")
	}
	return nil
}

func (c *Console) askQuit() {
	prompt := "Quit the console? The host keeps running."
	if c.opts.StopsHost {
		prompt = "Quit and stop the host? Everyone is told the host is paused; the session is saved and continues when you restart it."
		if c.St.Phase == session.PhaseClosed {
			prompt = "Quit and stop the host? The session ends: everyone's screen says so and shows the final road map."
		}
	}
	if c.Waiting > 0 {
		prompt = tui.Plural(c.Waiting, "action is", "actions are") + " still waiting to be sent. " + prompt
	}
	c.Ask(prompt, func() tea.Cmd { return tea.Quit })
}

// askPhase asks before moving to phase p, saying plainly who is not done.
func (c *Console) askPhase(p session.Phase) {
	if p == c.St.Phase {
		if c.St.Phase == session.PhaseClosed {
			c.Note("This is the last phase.")
		} else {
			c.Note("This is the first phase.")
		}
		return
	}
	verb := "Move on to"
	if p.Index() < c.St.Phase.Index() {
		verb = "Go back to"
	}
	prompt := verb + " " + tui.PhaseName(p) + "?"
	r := c.room
	if r.participants > 0 && c.St.Phase != session.PhaseLobby && p.Index() > c.St.Phase.Index() {
		if left := r.participants - r.done; left > 0 {
			prompt += " " + tui.Plural(left, "participant is", "participants are") + " not done with " + tui.PhaseName(c.St.Phase) + "."
		} else {
			prompt += " Everyone is done."
		}
	}
	if t := c.St.Timer; t.Running && t.Left(c.Now()) > 0 {
		prompt += " The timer has " + tui.Clock(t.Left(c.Now())) + " left."
	}
	c.Ask(prompt, func() tea.Cmd {
		forward := p.Index() > c.St.Phase.Index()
		c.send(session.Command{Type: session.CmdSetPhase, Phase: p})
		c.Note("Moving to " + tui.PhaseName(p) + ".")
		if d := c.opts.Timers[p]; forward && d > 0 {
			c.send(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: int(d / time.Second)})
			c.Note("Moving to " + tui.PhaseName(p) + "; the agenda's timer of " + tui.Clock(d) + " is running.")
		}
		return nil
	})
}

func (c *Console) toggleReveal() {
	if c.St.VotesRevealed {
		c.send(session.Command{Type: session.CmdHideVotes})
		c.Note("Tallies are hidden from participants again.")
		return
	}
	c.send(session.Command{Type: session.CmdRevealVotes})
	c.Note("Tallies are now shown to everyone.")
}

// openTimer opens the timer field.
func (c *Console) openTimer() tea.Cmd {
	hint := "minutes to start · +1 or +5 to add · p pause/resume · s stop"
	return c.input.start(inputSpec{
		title: "Timer",
		hint:  hint,
		lines: 1,
		limit: 12,
		submit: func(text string) tea.Cmd {
			cmd, msg, err := timerCommand(c.St.Timer, c.Now(), text)
			if err != "" {
				c.Fail(err)
				return nil
			}
			if cmd.Type != "" {
				c.send(cmd)
				c.Note(msg)
			}
			return nil
		},
	}, c.Width)
}

// timerCommand turns what the facilitator typed in the timer field into a
// command: "5" starts five minutes, "2:30" two and a half, "+1" adds a
// minute, "-1" takes one away, "p" pauses or resumes, "s" stops. It
// returns the command, what to tell the facilitator, or an error text.
func timerCommand(t session.Timer, now time.Time, text string) (session.Command, string, string) {
	s := strings.ToLower(strings.TrimSpace(text))
	tc := func(action string, secs int) session.Command {
		return session.Command{Type: session.CmdTimer, Action: action, Seconds: secs}
	}
	switch s {
	case "":
		return session.Command{}, "", ""
	case "p", "pause", "resume":
		switch {
		case t.Running && t.Left(now) > 0:
			return tc(session.TimerPause, 0), "Timer paused.", ""
		case !t.Running && t.Remaining > 0:
			return tc(session.TimerResume, 0), "Timer running again.", ""
		}
		return session.Command{}, "", "There is no timer to pause or resume; type minutes to start one."
	case "s", "stop", "0":
		if !t.Set() {
			return session.Command{}, "", "There is no timer to stop."
		}
		return tc(session.TimerStop, 0), "Timer stopped.", ""
	}
	sign := 0
	if s[0] == '+' || s[0] == '-' {
		sign = 1
		if s[0] == '-' {
			sign = -1
		}
		s = strings.TrimSpace(s[1:])
	}
	secs, ok := parseMinutes(s)
	if !ok || secs <= 0 {
		return session.Command{}, "", fmt.Sprintf("%q is not a time. Type minutes (5, 2:30), +1 to add a minute, p to pause, s to stop.", strings.TrimSpace(text))
	}
	if sign != 0 {
		if !t.Set() {
			return session.Command{}, "", "There is no timer to extend; type minutes to start one."
		}
		word := "Added "
		if sign < 0 {
			word = "Took away "
		}
		return tc(session.TimerExtend, sign*secs), word + tui.Clock(time.Duration(secs)*time.Second) + ".", ""
	}
	if time.Duration(secs)*time.Second > session.MaxTimer {
		return session.Command{}, "", "A timer runs at most 4 hours."
	}
	return tc(session.TimerStart, secs), "Timer set to " + tui.Clock(time.Duration(secs)*time.Second) + "; everyone sees it.", ""
}

// parseMinutes reads "5", "1.5" or "2:30" as seconds.
func parseMinutes(s string) (int, bool) {
	if m, sec, ok := strings.Cut(s, ":"); ok {
		mi, err1 := strconv.Atoi(m)
		si, err2 := strconv.Atoi(sec)
		if err1 != nil || err2 != nil || mi < 0 || si < 0 || si >= 60 {
			return 0, false
		}
		return mi*60 + si, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e5 {
		return 0, false
	}
	return int(f*60 + 0.5), true
}
