package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"roundtable/server/client"
	"roundtable/session"
)

// Options configure a participant app.
type Options struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Dark selects the styles used until the terminal reports its
	// background colour.
	Dark bool
}

// Participant is the Bubble Tea model of the participant app (`roundtable
// join`). It routes size messages to every screen, keys to the screen of the
// current phase (or to the open text area), and network news from its Conn
// to its replica. Models share nothing, so many can run in one process.
type Participant struct {
	conn   Conn
	now    func() time.Time
	styles Styles
	keys   KeyMap
	help   help.Model
	width  int
	height int
	tx     cells // how the terminal counts cells

	me       string
	st       *session.State
	connView // status, waiting, online: read from the connection on each change
	news     errNews
	pending  map[string]session.Command // sent, not yet acknowledged, by op id
	order    []string                   // op ids of pending, in the order sent

	notice    string
	noticeErr bool
	confirm   *confirmation
	quitAsked bool

	compose composer
	lobby   lobbyScreen
	board   boardScreen
	groups  groupScreen
	vote    voteScreen
	discuss discussScreen
	roadmap roadmapScreen
	closing closedScreen
	ended   endedScreen // once the session has ended, whatever the phase
}

// confirmation is a command waiting for the participant's "y".
type confirmation struct {
	prompt string
	cmd    session.Command
}

// screen is the part of the app that belongs to one phase.
type screen interface {
	rebuild(e *env)                          // the replica changed
	key(e *env, msg tea.KeyPressMsg) tea.Cmd // a key no one else took
	follow(e *env, h int)                    // keep the selection on screen in h lines
	view(e *env, w, h int) string            // draw into w×h
	help(e *env) (short []key.Binding, full []key.Binding)
}

// Messages from commands.
type (
	changeMsg struct{}              // the Conn has news to drain
	closedMsg struct{}              // the Conn closed for good
	tickMsg   struct{ t time.Time } // a second passed: redraw the timer
)

// NewParticipant returns the participant app for a connection.
func NewParticipant(conn Conn, opts Options) *Participant {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := &Participant{
		conn:    conn,
		now:     now,
		styles:  DefaultStyles(opts.Dark),
		keys:    DefaultKeyMap(),
		help:    help.New(),
		pending: map[string]session.Command{},
	}
	m.help.Styles = m.styles.Help
	m.compose = newComposer(&m.styles)
	m.me, _ = conn.Me()
	m.st = conn.State()
	m.readConn(m.conn)
	m.rebuild()
	return m
}

// Init starts listening to the connection and the clock, and asks the
// terminal for its background colour.
func (m *Participant) Init() tea.Cmd {
	return tea.Batch(waitChange(m.conn.Changes()), tick(), tea.RequestBackgroundColor)
}

// waitChange waits for the connection's next news; the model issues it
// again after every message, so exactly one waits at a time.
func waitChange(ch <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return closedMsg{}
		}
		return changeMsg{}
	}
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg{t} })
}

// Update handles one message; it never blocks.
func (m *Participant) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(0, msg.Width), max(0, msg.Height)
		m.help.SetWidth(m.width)
		m.compose.setWidth(&m.styles, m.width)
		m.rebuild()
		m.follow()
		return m, nil
	case tea.ModeReportMsg:
		// the renderer counts graphemes once the terminal reports Unicode
		// core support; measure as it does
		if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
			m.tx = cells{ansi.GraphemeWidth}
			m.rebuild()
			m.follow()
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.setStyles(DefaultStyles(msg.IsDark()))
		m.rebuild()
		return m, nil
	case changeMsg:
		m.apply(m.news.drain(m.conn))
		return m, waitChange(m.conn.Changes())
	case closedMsg:
		m.readConn(m.conn)
		if m.status != client.Ended {
			m.status = client.Closed
			m.fail("The connection to the session has closed. Press q to quit.")
		}
		return m, nil
	case tickMsg:
		return m, tick()
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	if m.compose.open {
		return m, m.compose.update(msg) // paste, cursor and other text area messages
	}
	return m, nil
}

func (m *Participant) setStyles(st Styles) {
	m.styles = st
	m.help.Styles = st.Help
	m.compose.setStyles(&m.styles)
}

// apply takes in what changed on the connection.
func (m *Participant) apply(ch client.Update) {
	phase, status := m.st.Phase, m.status
	if len(ch.Events) > 0 || ch.Snapshot {
		m.st = m.conn.State()
	}
	m.readConn(m.conn)
	switch {
	case m.status == client.Ended && status != client.Ended:
		m.sessionEnded()
	case m.status == client.Closed && ch.Err != nil:
		m.fail("Disconnected: " + ch.Err.Error() + ". Press q to quit, then join again.")
	case m.status == client.Paused && status != client.Paused:
		m.note("The facilitator stopped the host. Your work is kept and sent when it is back.")
	case status == client.Online && m.status == client.Offline:
		m.note("Connection lost; reconnecting by itself. Keep working: nothing is lost.")
	case status == client.Paused && m.status == client.Online:
		switch {
		case m.waiting > 0:
			m.note("The host is back; sending what you did meanwhile.")
		case len(ch.Acked) > 0:
			m.note("The host is back; your work has been sent.")
		default:
			m.note("The host is back.")
		}
	case status == client.Offline && m.status == client.Online:
		m.note("Back online.")
	}
	for _, op := range ch.Acked {
		m.forget(op)
	}
	for _, r := range ch.Nacks {
		m.forget(r.Op)
		m.refused(r)
	}
	if m.st.Phase != phase {
		m.phaseChanged()
	}
	m.rebuild()
	m.follow()
}

// sessionEnded closes what was open when the session ended: a question
// waiting for "y", and the text area, whose text can no longer be sent.
func (m *Participant) sessionEnded() {
	m.confirm = nil
	m.quitAsked = false
	m.notice = ""
	m.help.ShowAll = false
	if m.compose.open {
		typed := m.compose.value() != ""
		m.compose.cancel()
		if typed {
			m.fail("The session ended before you sent it: what you were typing could not be sent.")
		}
	}
}

// refused tells the participant why the hub refused a command, and keeps
// any text it carried as a draft so that nothing typed is lost.
func (m *Participant) refused(r client.Nack) {
	msg := r.Message
	if msg == "" {
		msg = "The session refused that (" + r.Code + ")."
	}
	var t composeTarget
	switch r.Command.Type {
	case session.CmdPostIdea:
		t = composeTarget{kind: composeIdea, topic: r.Command.Topic}
	case session.CmdEditIdea:
		t = composeTarget{kind: composeEdit, item: r.Command.Item}
	case session.CmdComment:
		t = composeTarget{kind: composeComment, item: r.Command.Item}
	case session.CmdFeedback:
		t = composeTarget{kind: composeFeedback}
	}
	if t.kind != 0 && strings.TrimSpace(r.Command.Text) != "" {
		if _, ok := m.compose.drafts[t.draftKey()]; !ok {
			m.compose.drafts[t.draftKey()] = r.Command.Text
			msg += " Your text is kept as a draft."
		}
	}
	m.fail(msg)
}

// phaseChanged closes a text area whose text the new phase does not take,
// keeping it as a draft.
func (m *Participant) phaseChanged() {
	m.confirm = nil
	// What was said about the last phase (a refused vote, "Back online.")
	// no longer applies; what is said about the connection does, until it
	// changes again.
	if m.status == client.Online {
		m.notice = ""
	}
	if !m.compose.open {
		return
	}
	ok := true
	switch m.compose.target.kind {
	case composeIdea, composeEdit:
		ok = m.st.Phase == session.PhaseIdeas
	case composeComment:
		ok = m.st.Phase != session.PhaseLobby && m.st.Phase != session.PhaseClosed
	case composeFeedback:
		ok = m.st.Phase == session.PhaseClosed
	}
	if !ok {
		m.compose.cancel()
		m.note("The session moved on to the " + string(m.st.Phase) + " phase; your text is kept as a draft.")
	}
}

func (m *Participant) forget(op string) {
	if _, ok := m.pending[op]; !ok {
		return
	}
	delete(m.pending, op)
	for i, o := range m.order {
		if o == op {
			m.order = append(m.order[:i], m.order[i+1:]...)
			break
		}
	}
}

// send queues a command on the connection and remembers it until the hub
// answers, so that screens can show it as waiting.
func (m *Participant) send(c session.Command) {
	op := m.conn.Send(c)
	if op != "" {
		m.pending[op] = c
		m.order = append(m.order, op)
	}
	m.waiting = m.conn.Pending()
	m.rebuild()
}

func (m *Participant) note(s string) { m.notice, m.noticeErr = s, false }
func (m *Participant) fail(s string) { m.notice, m.noticeErr = s, true }

// offline reports whether commands wait for a reconnect now.
func (m *Participant) offline() bool { return m.status != client.Online }

// screen returns the screen of the current phase, or the end of the
// session once it has ended.
func (m *Participant) screen() screen {
	if m.status == client.Ended {
		return &m.ended
	}
	switch m.st.Phase {
	case session.PhaseIdeas:
		return &m.board
	case session.PhaseGroup:
		return &m.groups
	case session.PhaseVote:
		return &m.vote
	case session.PhaseDiscuss:
		return &m.discuss
	case session.PhaseRoadmap:
		return &m.roadmap
	case session.PhaseClosed:
		return &m.closing
	}
	return &m.lobby
}

func (m *Participant) rebuild() { m.screen().rebuild(m.env()) }

// follow keeps the selection of the current screen on screen.
func (m *Participant) follow() {
	if h := m.layout().body; h > 0 {
		m.screen().follow(m.env(), h)
	}
}
