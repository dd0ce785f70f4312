package console

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// The console's parts of issue 15: the agenda (a) and room settings (,)
// overlays, revealing a private round's ideas (r), the time-up signal.

// overlayKey routes a key to the open overlay, or opens one; it reports
// whether it took the key. Help (?) and quitting stay with the console.
func (c *Console) overlayKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	if key.Matches(msg, k.Help) || c.help.ShowAll {
		return nil, false
	}
	switch {
	case c.agenda.open:
		return c.agenda.key(c.desk(), msg), true
	case c.settings.open:
		return c.settings.key(c.desk(), msg), true
	case key.Matches(msg, k.Agenda):
		c.settings.open, c.preview.open, c.showCoFac = false, false, false
		c.agenda.show(c.desk())
		return nil, true
	case key.Matches(msg, k.Settings):
		c.agenda.open, c.preview.open, c.showCoFac = false, false, false
		c.settings.show()
		return nil, true
	}
	return nil, false
}

// overlayView draws the open overlay into w×h; ok is false when none is open.
func (c *Console) overlayView(w, h int) ([]string, bool) {
	switch {
	case c.agenda.open:
		return c.agenda.view(c.desk(), w, h), true
	case c.settings.open:
		return c.settings.view(c.desk(), w, h), true
	}
	return nil, false
}

// overlayHelp is the footer of the open overlay; ok is false when none is open.
func (c *Console) overlayHelp() (components.HelpKeys, bool) {
	var short, full []key.Binding
	switch {
	case c.agenda.open:
		short, full = c.agenda.help(c.desk())
	case c.settings.open:
		short, full = c.settings.help(c.desk())
	default:
		return components.HelpKeys{}, false
	}
	k := c.Keys
	global := []key.Binding{k.Help, k.Quit}
	return components.HelpKeys{Short: append(append([]key.Binding{}, short...), global...), Full: [][]key.Binding{full, global}}, true
}

// revealIdeas asks before revealing every private idea of the round.
func (c *Console) revealIdeas() {
	l := c.L
	c.Ask(l.N("agenda.console.confirm_reveal", privateCount(c.St)), func() tea.Cmd {
		c.send(session.Command{Type: session.CmdRevealIdeas})
		c.Note(l.S("agenda.console.revealed"))
		return nil
	})
}

// privateFact is the header's word on a private round, or "".
func (c *Console) privateFact() string {
	if !c.St.Concealed {
		return ""
	}
	return c.L.N("agenda.console.private_fact", privateCount(c.St))
}

// flashLine is the header's first line while time is up flashes.
func (c *Console) flashLine(w int) string {
	return c.Styles.Paint.Selected(c.Cells.Pad(" ⏰ "+c.L.S("agenda.flash", "Phase", tui.PhaseName(c.L, c.St.Phase)), w))
}

// afterNews follows what a batch of news did: time up is no longer said in
// a new phase, and votes given back are counted.
func (c *Console) afterNews(ch tui.News) {
	if c.St.Phase != ch.Phase {
		c.alarm.Quiet()
		if c.Notice == c.L.S("console.time_up") {
			c.Notice = ""
		}
	}
	if note := refundNote(c.L, ch.Events); note != "" {
		c.Note(note)
	}
}
