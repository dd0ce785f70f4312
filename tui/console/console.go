package console

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
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

// Options configure a facilitator console.
type Options struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Dark selects the styles used until the terminal reports its
	// background colour.
	Dark bool
	// Join is shown in the join panel.
	Join JoinInfo
	// ExportDir is the folder the export dialog (e) offers first: beside
	// the database for the host's own console, else the current folder;
	// "" is the current folder. The facilitator may type another.
	ExportDir string
	// ExportBesideDB says that ExportDir is the database's folder, so the
	// dialog says so.
	ExportBesideDB bool
	// Exported, when set, is told each time the export dialog has written
	// the road map, with the time it was made (the host's own console marks
	// the session exported in its database, so that `roundtable purge` and
	// `host --retain` know). It runs in a command, never in Update.
	Exported func(at time.Time)
	// StopsHost says that quitting the console stops the host, so the
	// question before quitting says so.
	StopsHost bool
	// CoFacilitator is the command that opens this console elsewhere,
	// token included; ctrl+t shows it (never on screen otherwise, since the
	// console is often projected). "" hides the key.
	CoFacilitator string
	// Notice is shown in the notice line until the first key: e.g. which
	// session the host continues.
	Notice string
	// Lang is the language the facilitator reads (`host --lang`); "" or a
	// language Roundtable does not speak is English.
	Lang lang.Tag
}

// Console is the Bubble Tea model of the facilitator console: the whole
// room at a glance, phase and timer control, moderation, discussion notes
// and the road map builder. It is a client of the hub like any other: it
// acts only by sending commands on its Conn.
type Console struct {
	tui.Shell // size, measure, styles, replica, connection, notices
	opts      Options
	help      help.Model

	room    roomStats
	input   consoleInput
	bigCode []string // the join code in block letters

	moderate moderateScreen
	vote     consoleVoteScreen
	discuss  consoleDiscussScreen
	roadmap  roadmapBuilder
	preview  previewPane
	// The room (w) and the comments on an item (c), overlays with keys of
	// their own (roster.go, comments.go).
	roster   rosterView
	comments commentsView
	export   exportDialog
	// phaseNote is what the console said when it moved the phase, which
	// the change of phase does not clear.
	phaseNote string
	// showCoFac shows the co-facilitator command (ctrl+t) in the main pane.
	showCoFac bool
	acts      deskActions // what screens may ask of the console, bound once

	// issue 15 (overlays.go): the agenda (a), room settings (,), the
	// time-up signal (on for the facilitator)
	agenda   agendaOverlay
	settings settingsOverlay
	alarm    tui.Alarm

	tables tablesOverlay // issue 16: breakout tables (b, tables.go)
}

// New returns the facilitator console for a connection.
func New(conn tui.Conn, opts Options) *Console {
	c := &Console{
		Shell: tui.NewShell(conn, opts.Now, opts.Dark),
		opts:  opts,
		help:  help.New(),
		alarm: tui.Alarm{On: true},
	}
	c.SetLang(opts.Lang)
	c.help.Styles = c.Styles.Help
	c.acts = c.newDeskActions()
	c.input = newConsoleInput(c.Styles, c.L.S("console.input.suggestions"))
	c.bigCode = components.BigText(opts.Join.Code)
	c.Notice = opts.Notice
	c.rebuild()
	return c
}

// Init starts listening to the connection and the clock, and asks the
// terminal for its background colour.
func (c *Console) Init() tea.Cmd { return c.Shell.Init() }

// Update handles one message; it never blocks.
func (c *Console) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	ev, news, cmd := c.Shell.Update(msg)
	switch ev {
	case tui.Resized:
		c.help.SetWidth(c.Width)
		c.input.setWidth(c.Width)
		c.rebuild()
	case tui.Remeasured:
		c.rebuild()
	case tui.Restyled:
		c.help.Styles = c.Styles.Help
		c.input.setStyles(c.Styles)
		c.preview.invalidate()
	case tui.Changed:
		c.apply(news)
		return c, tea.Batch(cmd, c.timeUp())
	case tui.Closed:
		if c.Status != client.Ended {
			c.Fail(c.L.S("console.hub_closed"))
		}
	case tui.Ticked:
		return c, tea.Batch(cmd, c.timeUp())
	case tui.Unhandled:
		switch msg := msg.(type) {
		case exportedMsg:
			c.exported(msg)
			return c, nil
		case tea.KeyPressMsg:
			return c, c.handleKey(msg)
		}
		if c.input.open {
			return c, c.input.update(msg) // paste and other text area messages
		}
	}
	return c, cmd
}

// apply takes in what changed on the connection.
func (c *Console) apply(ch tui.News) {
	phase, status := ch.Phase, ch.Status
	switch {
	case c.Status == client.Ended && status != client.Ended:
		c.Confirm = nil
		c.input.close()
		c.showCoFac = false
		c.Note(c.L.S("console.ended.note"))
	case c.Status == client.Closed && ch.Err != nil:
		c.Fail(c.L.S("console.disconnected", "Err", tui.ErrorText(c.L, ch.Err)))
	case c.Status == client.Paused && status != client.Paused:
		c.Fail(c.L.S("console.host_paused"))
	case status == client.Paused && c.Status == client.Online:
		c.Note(c.L.S("console.host_back"))
	case status == client.Online && c.Status == client.Offline:
		c.Fail(c.L.S("console.dropped"))
	case status == client.Offline && c.Status == client.Online:
		c.Note(c.L.S("console.back_online"))
	}
	for _, r := range ch.Nacks {
		msg := tui.Refusal(c.L, r.Code, r.Key, r.Args, r.Message)
		if r.Key == "" && r.Message == "" {
			msg = c.L.S("console.refused", "Code", r.Code)
		}
		c.Fail(msg)
	}
	if c.St.Phase != phase {
		c.Confirm = nil
		c.preview.open = false
		c.roadmap.place.open = false
		c.roadmap.consent.open = false // issue 16
		// what was said in the phase before ("Voting is closed…") is
		// over; "Moving to …" and news of the connection stay
		if c.Notice != c.phaseNote && c.Status == status && len(ch.Nacks) == 0 {
			c.Notice = ""
		}
	}
	c.afterNews(ch)  // issue 15
	c.tablesNews(ch) // issue 16
	c.rebuild()
}

// send queues a command on the connection.
func (c *Console) send(cmd session.Command) {
	c.Conn.Send(cmd)
	c.Waiting = c.Conn.Pending()
}

// timeUp rings the bell and flashes once when the timer runs out, and
// says so (tui.Alarm).
func (c *Console) timeUp() tea.Cmd {
	up, bell := c.alarm.Check(c.St.Timer, c.Now())
	if up {
		c.Fail(c.L.S("console.time_up"))
	}
	return bell
}

// screen returns the console screen of the current phase, or nil in the
// lobby and closed phases, which draw the join panel and the preview.
func (c *Console) screen() consoleScreen {
	switch c.St.Phase {
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
	c.room = countRoom(c.St, c.Online)
	if s := c.screen(); s != nil {
		s.rebuild(c.desk())
	}
	if c.roster.open {
		c.roster.rebuild(c.desk(), c.Online)
	}
	if c.comments.open {
		c.comments.rebuild(c.desk())
	}
	c.tables.rebuild(c.tablesDesk()) // issue 16
	c.preview.invalidate()
}
