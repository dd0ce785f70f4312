package console

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
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
	if c.placing() && msg.String() != "ctrl+c" {
		// the placement dialog searches what is typed, as typed
		return c.roadmap.placeKey(c.desk(), msg)
	}
	if !c.input.open {
		// a shortcut, not text: т on a Russian layout is n
		msg = tui.LatinKey(msg)
	}
	if cmd, ok := c.Answer(msg); ok {
		return cmd
	}
	if c.input.open {
		switch {
		case key.Matches(msg, k.Back):
			c.input.close()
			c.Note(c.L.S("console.nothing_changed"))
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
	if c.export.open {
		if cmd, ok := c.exportKey(msg); ok {
			return cmd
		}
	}
	if c.Status == client.Ended {
		return c.endedKey(msg)
	}
	// issue 16: the consent panel takes its own keys; ?, q and undo stay
	// the console's (consent.go)
	if c.consenting() && !key.Matches(msg, k.Quit, k.Help, k.Undo) && !c.help.ShowAll {
		c.Notice = ""
		return c.roadmap.consent.key(c.desk(), msg)
	}
	// The room and the comments overlays take their own keys; q and ? stay
	// global, except while the room's search is being typed.
	if c.roster.open && (c.roster.typing || c.roster.asking != "" || !key.Matches(msg, k.Quit, k.Help)) {
		c.Notice = ""
		return c.roster.key(c.desk(), c.Online, msg)
	}
	if c.comments.open && !key.Matches(msg, k.Quit, k.Help) {
		c.Notice = ""
		return c.comments.key(c.desk(), msg)
	}
	// issue 16: the breakout tables overlay (b) takes its own keys (tables.go)
	if cmd, ok := c.tablesKey(msg); ok {
		return cmd
	}
	if key.Matches(msg, k.Quit) {
		c.askQuit()
		return nil
	}
	c.Notice = ""
	// issue 15: the agenda (a) and room settings (,) overlays (overlays.go)
	if cmd, ok := c.overlayKey(msg); ok {
		return cmd
	}
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
	case key.Matches(msg, k.Room):
		c.roster.toggle(c.desk(), c.Online)
		return nil
	case c.screen() != nil && key.Matches(msg, k.Comments):
		c.openComments()
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
	case key.Matches(msg, k.Export):
		c.openExport()
		return nil
	case key.Matches(msg, k.Undo): // issue 15: before the screens
		c.undo()
		return nil
	}
	if s := c.screen(); s != nil {
		return s.key(c.desk(), msg)
	}
	return nil
}

// placing reports whether the road map builder's placement dialog is open
// and takes the keys.
func (c *Console) placing() bool {
	return c.roadmap.place.open && c.St.Phase == session.PhaseRoadmap && c.Status != client.Ended && c.Confirm == nil
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
		c.openExport()
	case key.Matches(msg, k.Help):
		c.help.ShowAll = !c.help.ShowAll
	case c.help.ShowAll && key.Matches(msg, k.Back):
		c.help.ShowAll = false
	case c.preview.key(c.desk(), msg):
	default:
		c.Note(c.L.S("console.ended.nothing_more"))
	}
	return nil
}

func (c *Console) askQuit() {
	p := c.L
	prompt := p.S("console.quit.keeps_host")
	if c.opts.StopsHost {
		prompt = p.S("console.quit.pauses_host")
		if c.St.Phase == session.PhaseClosed {
			prompt = p.S("console.quit.ends_session")
		}
	}
	if c.Waiting > 0 {
		prompt = p.N("console.quit.waiting", c.Waiting, "Question", prompt)
	}
	c.AskQuit(prompt, func() tea.Cmd { return tea.Quit })
}

// askPhase asks before moving to phase p, saying plainly who is not done.
func (c *Console) askPhase(p session.Phase) {
	l := c.L
	if p == c.St.Phase {
		if c.St.Phase == session.PhaseClosed {
			c.Note(l.S("console.phase.last"))
		} else {
			c.Note(l.S("console.phase.first"))
		}
		return
	}
	prompt := l.S("console.phase.forward", "Phase", tui.PhaseName(l, p))
	if p.Index() < c.St.Phase.Index() {
		prompt = l.S("console.phase.back", "Phase", tui.PhaseName(l, p))
	}
	r := c.room
	if r.participants > 0 && c.St.Phase != session.PhaseLobby && p.Index() > c.St.Phase.Index() {
		if left := r.participants - r.done; left > 0 {
			prompt += " " + l.N("console.phase.not_done", left, "Phase", tui.PhaseName(l, c.St.Phase))
		} else {
			prompt += " " + l.S("console.phase.all_done")
		}
	}
	if t := c.St.Timer; t.Running && t.Left(c.Now()) > 0 {
		prompt += " " + l.S("console.phase.timer_left", "Clock", tui.Clock(t.Left(c.Now())))
	}
	c.Ask(prompt, func() tea.Cmd {
		forward := p.Index() > c.St.Phase.Index()
		c.send(session.Command{Type: session.CmdSetPhase, Phase: p})
		c.Note(l.S("console.phase.moving", "Phase", tui.PhaseName(l, p)))
		// the hub starts the agenda's time (issue 15): say so
		if d := c.St.Settings.Agenda.Time(p); forward && d > 0 {
			c.Note(l.S("console.phase.moving_timer", "Phase", tui.PhaseName(l, p), "Clock", tui.Clock(d)))
		}
		c.phaseNote = c.Notice
		return nil
	})
}

func (c *Console) toggleReveal() {
	if c.St.Concealed { // issue 15: r in a private round reveals its ideas
		c.revealIdeas()
		return
	}
	if c.St.VotesRevealed {
		c.send(session.Command{Type: session.CmdHideVotes})
		c.Note(c.L.S("console.tallies.hidden_again"))
		return
	}
	c.send(session.Command{Type: session.CmdRevealVotes})
	c.Note(c.L.S("console.tallies.shown_now"))
}

// openTimer opens the timer field.
func (c *Console) openTimer() tea.Cmd {
	return c.input.start(inputSpec{
		title: c.L.S("console.timer.title"),
		hint:  c.L.S("console.timer.hint"),
		lines: 1,
		limit: 12,
		submit: func(text string) tea.Cmd {
			cmd, msg, err := timerCommand(c.L, c.St.Timer, c.Now(), text)
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
// command: "5" starts five minutes, "2:30" two and a half ("1,5" a minute
// and a half, as az and ru write it), "+1" adds a minute, "-1" takes one
// away, "p" pauses or resumes, "s" stops; p and s typed on a Russian or
// Azerbaijani layout (з, ы) count too. It returns the command, what to tell
// the facilitator, or an error text, in l's language.
func timerCommand(l *lang.Printer, t session.Timer, now time.Time, text string) (session.Command, string, string) {
	s := strings.ToLower(strings.TrimSpace(text))
	if rs := []rune(s); len(rs) == 1 {
		if k, ok := lang.KeyOnLatinLayout(rs[0]); ok {
			s = string(k)
		}
	}
	tc := func(action string, secs int) session.Command {
		return session.Command{Type: session.CmdTimer, Action: action, Seconds: secs}
	}
	clock := func(secs int) string { return tui.Clock(time.Duration(secs) * time.Second) }
	switch s {
	case "":
		return session.Command{}, "", ""
	case "p", "pause", "resume":
		switch {
		case t.Running && t.Left(now) > 0:
			return tc(session.TimerPause, 0), l.S("console.timer.paused"), ""
		case !t.Running && t.Remaining > 0:
			return tc(session.TimerResume, 0), l.S("console.timer.resumed"), ""
		}
		return session.Command{}, "", l.S("console.timer.nothing_to_pause")
	case "s", "stop", "0":
		if !t.Set() {
			return session.Command{}, "", l.S("console.timer.nothing_to_stop")
		}
		return tc(session.TimerStop, 0), l.S("console.timer.stopped"), ""
	}
	sign := 0
	if s[0] == '+' || s[0] == '-' {
		sign = 1
		if s[0] == '-' {
			sign = -1
		}
		s = strings.TrimSpace(s[1:])
	}
	secs, ok := parseMinutes(strings.Replace(s, ",", ".", 1))
	if !ok || secs <= 0 {
		return session.Command{}, "", l.S("console.timer.not_a_time", "Text", strings.TrimSpace(text))
	}
	if sign != 0 {
		if !t.Set() {
			return session.Command{}, "", l.S("console.timer.nothing_to_extend")
		}
		if sign < 0 {
			return tc(session.TimerExtend, -secs), l.S("console.timer.took_away", "Clock", clock(secs)), ""
		}
		return tc(session.TimerExtend, secs), l.S("console.timer.added", "Clock", clock(secs)), ""
	}
	if time.Duration(secs)*time.Second > session.MaxTimer {
		return session.Command{}, "", l.N("console.timer.too_long", int(session.MaxTimer/time.Hour))
	}
	return tc(session.TimerStart, secs), l.S("console.timer.set", "Clock", clock(secs)), ""
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
