package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"roundtable/server/client"
	"roundtable/session"
)

// WallOptions configure the wall.
type WallOptions struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Dark selects the styles used until the terminal reports its
	// background colour.
	Dark bool
	// Join is the command participants type to join, shown in the lobby
	// and at the foot of the wall; empty to show none.
	Join string
}

// Wall is the Bubble Tea model of `roundtable wall`: a read-only view for a
// projector, drawn large. It shows the phase and its instruction, the
// timer in block digits, and what the phase is about: who is here, the
// board by topic, the vote results as bars, the focused item with its
// comments, or the draft road map by horizon. It sends no commands; its
// connection is an observer's, so authors in anonymous sessions and
// individual votes never reach it.
type Wall struct {
	conn   Conn
	now    func() time.Time
	styles Styles
	ws     wallStyles
	keys   KeyMap
	join   string
	width  int
	height int
	tx     cells

	st     *session.State
	status client.Status
	online int
	board  wallBoard // the replica sorted for drawing; rebuilt on change
}

// NewWall returns the wall for an observer's connection.
func NewWall(conn Conn, opts WallOptions) *Wall {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := &Wall{conn: conn, now: now, keys: DefaultKeyMap(), join: opts.Join}
	m.setStyles(DefaultStyles(opts.Dark))
	m.st = conn.State()
	m.readConn()
	m.board = newWallBoard(m.st)
	return m
}

func (m *Wall) setStyles(st Styles) {
	m.styles = st
	m.ws = newWallStyles(&m.styles)
}

func (m *Wall) readConn() {
	m.status = m.conn.Status()
	m.online = len(m.conn.Online())
}

// Init starts listening to the connection and the clock.
func (m *Wall) Init() tea.Cmd {
	return tea.Batch(waitChange(m.conn.Changes()), tick(), tea.RequestBackgroundColor)
}

// Update handles one message; it never blocks.
func (m *Wall) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(0, msg.Width), max(0, msg.Height)
	case tea.ModeReportMsg:
		if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
			m.tx = cells{ansi.GraphemeWidth}
		}
	case tea.BackgroundColorMsg:
		m.setStyles(DefaultStyles(msg.IsDark()))
	case changeMsg:
		ch := m.conn.Drain()
		if len(ch.Events) > 0 || ch.Snapshot {
			m.st = m.conn.State()
			m.board = newWallBoard(m.st)
		}
		m.readConn()
		return m, waitChange(m.conn.Changes())
	case closedMsg:
		m.readConn()
		if m.status != client.Ended {
			m.status = client.Closed
		}
	case tickMsg:
		return m, tick()
	case tea.KeyPressMsg:
		if msg.String() == "q" || msg.String() == "ctrl+c" || msg.String() == "esc" {
			return m, tea.Quit
		}
	}
	return m, nil
}

// View draws the wall.
func (m *Wall) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "Roundtable wall — " + m.st.Settings.Title
	return v
}
