package console

import (
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// desk is what the console's screens get from the console: the shared
// Common, the replica, the connection's status and the room at a glance,
// and the console's actions. It never holds the console itself.
type desk struct {
	tui.Common
	St     *session.State
	Status client.Status
	room   roomStats
	deskActions
}

// deskActions are what a screen can ask of the console.
type deskActions struct {
	send func(session.Command)
	note func(string)
	fail func(string)
	// ask waits for "y" before running an action.
	ask func(prompt string, run func() tea.Cmd)
	// openInput opens the text field, as wide as the console is then.
	openInput func(inputSpec) tea.Cmd
	// fresh is the desk as it is when called: for an action that runs
	// later than the key that prepared it, such as a field's submit.
	fresh func() *desk
}

// newDeskActions binds the console's actions once, for every desk.
func (c *Console) newDeskActions() deskActions {
	return deskActions{
		send:      c.send,
		note:      c.Note,
		fail:      c.Fail,
		ask:       c.Ask,
		openInput: func(s inputSpec) tea.Cmd { return c.input.start(s, c.Width) },
		fresh:     c.desk,
	}
}

// desk returns what the screens get now.
func (c *Console) desk() *desk {
	// issue 16: the screens show the plenary's board (tables.go)
	return &desk{Common: c.Common, St: c.tables.plenaryOf(c.St), Status: c.Status, room: c.room, deskActions: c.acts}
}
