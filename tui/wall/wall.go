package wall

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/tui"
)

// Options configure the wall.
type Options struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Dark selects the styles used until the terminal reports its
	// background colour.
	Dark bool
	// Join is the command participants type to join, shown in the lobby
	// and at the foot of the wall; empty to show none.
	Join string
	// Lang is the language the wall speaks to the room; English when
	// empty or not one Roundtable speaks.
	Lang lang.Tag
}

// Wall is the Bubble Tea model of `roundtable wall`: a read-only view for a
// projector, drawn large. It shows the phase and its instruction, the
// timer in block digits, and what the phase is about: who is here, the
// board by topic, the vote results as bars, the focused item with its
// comments, or the draft road map by horizon. It sends no commands; its
// connection is an observer's, so authors in anonymous sessions and
// individual votes never reach it.
type Wall struct {
	tui.Shell // size, measure, styles, replica, connection
	ws        wallStyles
	join      string
	board     wallBoard // the replica sorted for drawing; rebuilt on change
}

// New returns the wall for an observer's connection.
func New(conn tui.Conn, opts Options) *Wall {
	m := &Wall{Shell: tui.NewShell(conn, opts.Now, opts.Dark), join: opts.Join}
	if opts.Lang != "" {
		m.SetLang(opts.Lang)
	}
	m.ws = newWallStyles(m.Styles)
	m.board = newWallBoard(tui.Board(m.St, ""), m.Crowd, m.L) // issue 16: the plenary's board
	return m
}

// Init starts listening to the connection and the clock, and asks the
// terminal for its background colour.
func (m *Wall) Init() tea.Cmd { return m.Shell.Init() }

// Update handles one message; it never blocks.
func (m *Wall) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	ev, news, cmd := m.Shell.Update(msg)
	switch ev {
	case tui.Restyled:
		m.ws = newWallStyles(m.Styles)
	case tui.Changed:
		if len(news.Events) > 0 || news.Snapshot || news.Presence {
			m.board = newWallBoard(tui.Board(m.St, ""), m.Crowd, m.L) // Presence: a crowd's counts may have changed; issue 16: the plenary's board
		}
	case tui.Unhandled:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			// The wall has no text field: every key is a shortcut, on
			// any layout (й is q on a Russian one).
			switch tui.LatinKey(msg).String() {
			case "q", "ctrl+c", "esc":
				return m, tea.Quit
			}
		}
	}
	return m, cmd
}

// View draws the wall.
func (m *Wall) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.L.S("wall.window_title", "Title", m.St.Settings.Title)
	return v
}
