package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"roundtable/server/client"
	"roundtable/session"
)

// JoinInfo is what the console's join panel shows: how participants reach
// the session.
type JoinInfo struct {
	Code        string   // the join code
	Addrs       []string // host:port addresses participants type
	Fingerprint string   // TLS certificate fingerprint, or "" (then the hub speaks plain ws://)
	// SSH are the commands that join over SSH (`ssh -p 2222 CODE@HOST`),
	// and SSHFingerprint the host key's fingerprint; empty without --ssh.
	SSH            []string
	SSHFingerprint string
}

// ConsoleOptions configure a facilitator console.
type ConsoleOptions struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Dark selects the styles used until the terminal reports its
	// background colour.
	Dark bool
	// Join is shown in the join panel.
	Join JoinInfo
	// ExportDir is where `e` writes the road map; "" is the current
	// directory.
	ExportDir string
	// StopsHost says that quitting the console stops the host, so the
	// question before quitting says so.
	StopsHost bool
	// Timers are the agenda's planned minutes per phase: moving forward
	// into a phase with one starts its timer.
	Timers map[session.Phase]time.Duration
	// CoFacilitator is the command that opens this console elsewhere,
	// token included; ctrl+t shows it (never on screen otherwise, since the
	// console is often projected). "" hides the key.
	CoFacilitator string
	// Notice is shown in the notice line until the first key: e.g. which
	// session the host continues.
	Notice string
}

// Console is the Bubble Tea model of the facilitator console: the whole
// room at a glance, phase and timer control, moderation, discussion notes
// and the road map builder. It is a client of the hub like any other: it
// acts only by sending commands on its Conn.
type Console struct {
	conn   Conn
	now    func() time.Time
	opts   ConsoleOptions
	styles Styles
	keys   KeyMap
	help   help.Model
	width  int
	height int
	tx     cells

	st       *session.State
	connView // status, waiting, online: read from the connection on each change
	news     errNews
	room     roomStats

	notice    string
	noticeErr bool
	confirm   *consoleConfirm
	input     consoleInput
	rangFor   time.Time // the end time of the timer the bell rang for
	bigCode   []string  // the join code in block letters

	moderate moderateScreen
	vote     consoleVoteScreen
	discuss  consoleDiscussScreen
	roadmap  roadmapBuilder
	preview  previewPane
	// showCoFac shows the co-facilitator command (ctrl+t) in the main pane.
	showCoFac bool
}

// consoleConfirm is an action waiting for the facilitator's "y".
type consoleConfirm struct {
	prompt string
	run    func() tea.Cmd
}

// Messages of the console's commands.
type (
	exportedMsg struct {
		paths []string
		err   error
	}
)

// NewConsole returns the facilitator console for a connection.
func NewConsole(conn Conn, opts ConsoleOptions) *Console {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &Console{
		conn:   conn,
		now:    now,
		opts:   opts,
		styles: DefaultStyles(opts.Dark),
		keys:   DefaultKeyMap(),
		help:   help.New(),
	}
	c.help.Styles = c.styles.Help
	c.input = newConsoleInput(&c.styles)
	c.bigCode = bigText(opts.Join.Code)
	c.notice = opts.Notice
	c.st = conn.State()
	c.readConn(c.conn)
	c.rebuild()
	return c
}

// Init starts listening to the connection and the clock, and asks the
// terminal for its background colour.
func (c *Console) Init() tea.Cmd {
	return tea.Batch(waitChange(c.conn.Changes()), tick(), tea.RequestBackgroundColor)
}

// Update handles one message; it never blocks.
func (c *Console) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		c.width, c.height = max(0, msg.Width), max(0, msg.Height)
		c.help.SetWidth(c.width)
		c.input.setWidth(c.width)
		c.rebuild()
		return c, nil
	case tea.ModeReportMsg:
		if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
			c.tx = cells{ansi.GraphemeWidth}
			c.rebuild()
		}
		return c, nil
	case tea.BackgroundColorMsg:
		c.styles = DefaultStyles(msg.IsDark())
		c.help.Styles = c.styles.Help
		c.input.setStyles(&c.styles)
		c.preview.invalidate()
		return c, nil
	case changeMsg:
		c.apply(c.news.drain(c.conn))
		return c, tea.Batch(waitChange(c.conn.Changes()), c.timeUp())
	case closedMsg:
		c.readConn(c.conn)
		if c.status != client.Ended {
			c.status = client.Closed
			c.fail("The connection to the hub has closed. Press q to quit.")
		}
		return c, nil
	case tickMsg:
		return c, tea.Batch(tick(), c.timeUp())
	case exportedMsg:
		if msg.err != nil {
			c.fail("Export failed: " + msg.err.Error())
		} else {
			c.note("Road map written: " + exportSummary(msg.paths))
		}
		return c, nil
	case tea.KeyPressMsg:
		return c, c.handleKey(msg)
	}
	if c.input.open {
		return c, c.input.update(msg) // paste and other text area messages
	}
	return c, nil
}

// apply takes in what changed on the connection.
func (c *Console) apply(ch client.Update) {
	phase, status := c.st.Phase, c.status
	if len(ch.Events) > 0 || ch.Snapshot {
		c.st = c.conn.State()
	}
	c.readConn(c.conn)
	switch {
	case c.status == client.Ended && status != client.Ended:
		c.confirm = nil
		c.input.close()
		c.showCoFac = false
		c.note("The session has ended. Press e to write the road map here, or q to quit.")
	case c.status == client.Closed && ch.Err != nil:
		c.fail("Disconnected: " + ch.Err.Error() + ". Press q to quit.")
	case c.status == client.Paused && status != client.Paused:
		c.fail("The host was stopped; the session is kept. Restart it on the same database: this console reconnects.")
	case status == client.Paused && c.status == client.Online:
		c.note("The host is back.")
	case status == client.Online && c.status == client.Offline:
		c.fail("The connection to the hub dropped; it is coming back by itself.")
	case status == client.Offline && c.status == client.Online:
		c.note("Back online.")
	}
	for _, r := range ch.Nacks {
		msg := r.Message
		if msg == "" {
			msg = "The hub refused that (" + r.Code + ")."
		}
		c.fail(msg)
	}
	if c.st.Phase != phase {
		c.confirm = nil
		c.preview.open = false
	}
	c.rebuild()
}

// send queues a command on the connection.
func (c *Console) send(cmd session.Command) {
	c.conn.Send(cmd)
	c.waiting = c.conn.Pending()
}

func (c *Console) note(s string) { c.notice, c.noticeErr = s, false }
func (c *Console) fail(s string) { c.notice, c.noticeErr = s, true }

// ask waits for "y" before running an action.
func (c *Console) ask(prompt string, run func() tea.Cmd) {
	c.confirm = &consoleConfirm{prompt: prompt, run: run}
}

// timeUp rings the bell once when the timer runs out, and says so.
func (c *Console) timeUp() tea.Cmd {
	t := c.st.Timer
	if !t.Running || t.EndsAt.IsZero() || t.Left(c.now()) > 0 || c.rangFor.Equal(t.EndsAt) {
		return nil
	}
	c.rangFor = t.EndsAt
	c.fail("Time is up. Press t to set the timer again, or > to move on.")
	return tea.Raw("\a")
}

// screen returns the console screen of the current phase, or nil in the
// lobby and closed phases, which draw the join panel and the preview.
func (c *Console) screen() consoleScreen {
	switch c.st.Phase {
	case session.PhaseIdeas, session.PhaseGroup:
		return &c.moderate
	case session.PhaseVote:
		return &c.vote
	case session.PhaseDiscuss:
		return &c.discuss
	case session.PhaseRoadmap:
		return &c.roadmap
	}
	return nil
}

// rebuild recomputes what the screens show from the replica.
func (c *Console) rebuild() {
	c.room = countRoom(c.st, c.online)
	if s := c.screen(); s != nil {
		s.rebuild(c)
	}
	c.preview.invalidate()
}

// env returns the participant screens' environment for the helpers the
// console shares with them (tabs, quotes).
func (c *Console) env() *env {
	return &env{st: c.st, me: session.FacilitatorID, styles: &c.styles, keys: &c.keys, now: c.now(), online: c.online, tx: c.tx}
}

// exportSummary names exported files briefly: the first in full, the
// others by their extension ("/dir/roadmap-s1-2026-03-10.md, .json, .csv").
func exportSummary(paths []string) string {
	out := ""
	for i, p := range paths {
		switch {
		case i == 0:
			out = p
		case strings.LastIndex(p, ".") >= 0:
			out += ", " + p[strings.LastIndex(p, "."):]
		default:
			out += ", " + p
		}
	}
	return out
}
