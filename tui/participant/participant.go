package participant

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// Options configure a participant app.
type Options struct {
	// Now is the clock; time.Now when nil. Tests fix it.
	Now func() time.Time
	// Dark selects the styles used until the terminal reports its
	// background colour.
	Dark bool
	// Lang is the language the participant reads; English when empty.
	// The language key (F2) switches it while the app runs.
	Lang lang.Tag
	// Signal turns on the bell and flash when time is up (issue 15); off
	// by default, b switches it.
	Signal bool
}

// Participant is the Bubble Tea model of the participant app (`roundtable
// join`). It routes size messages to every screen, keys to the screen of the
// current phase (or to the open text area), and network news from its Conn
// to its replica. Models share nothing, so many can run in one process.
type Participant struct {
	tui.Shell // size, measure, styles, replica, connection, notices
	help      help.Model

	me      string
	pending map[string]session.Command // sent, not yet acknowledged, by op id
	order   []string                   // op ids of pending, in the order sent
	sentIn  map[string]session.Phase   // the phase each pending command was sent in
	// toldWhyClosed: the notice already says why the connection closed
	// for good (removed, or the error), which "closed" must not cover.
	toldWhyClosed bool
	// connNote is the notice last said about the connection: it outlives
	// a change of phase, which clears every other notice.
	connNote string

	quitAsked bool
	acts      actions           // what screens may ask of the app, bound once
	moderated moderation        // what the app last knew of its own moderation (moderated.go)
	labels    map[string]string // participants' names, told apart; kept by rebuild

	compose composer
	lobby   lobbyScreen
	board   boardScreen
	groups  groupScreen
	vote    voteScreen
	discuss discussScreen
	roadmap roadmapScreen
	closing closedScreen
	ended   endedScreen // once the session has ended, whatever the phase

	// issue 15 (agenda.go): the agenda (a), the time-up signal (b)
	agenda  agendaView
	alarm   tui.Alarm
	outcome outcomeView // o: the outcome so far, over any screen

	tables tablesState // issue 16: breakout tables (tables.go)
}

// screen is the part of the app that belongs to one phase.
type screen interface {
	rebuild(e *env)                          // the replica changed
	key(e *env, msg tea.KeyPressMsg) tea.Cmd // a key no one else took
	follow(e *env, h int)                    // keep the selection on screen in h lines
	view(e *env, w, h int) string            // draw into w×h
	help(e *env) (short []key.Binding, full []key.Binding)
}

// New returns the participant app for a connection.
func New(conn tui.Conn, opts Options) *Participant {
	m := &Participant{
		Shell:   tui.NewShell(conn, opts.Now, opts.Dark),
		help:    help.New(),
		pending: map[string]session.Command{},
		alarm:   tui.Alarm{On: opts.Signal},
		sentIn:  map[string]session.Phase{},
	}
	m.help.Styles = m.Styles.Help
	m.acts = m.newActions()
	if opts.Lang != "" {
		m.Shell.SetLang(opts.Lang)
	}
	m.compose = newComposer(m.Styles, m.L)
	m.me, _ = conn.Me()
	m.rebuild()
	m.tablesNews(tui.News{}) // issue 16: a welcome that seats them at a table
	return m
}

// SetLang makes the app speak t, and draws again what it drew in the
// language before.
func (m *Participant) SetLang(t lang.Tag) {
	m.Shell.SetLang(t)
	m.relang()
}

// relang follows a change of language: the text area's placeholder and
// every screen's drawn lines.
func (m *Participant) relang() {
	m.compose.SetLang(m.L)
	if m.compose.Open {
		m.compose.SetTitle(m.composeTitle(m.compose.target))
	}
	m.rebuild()
	m.follow()
}

// Init starts listening to the connection and the clock, and asks the
// terminal for its background colour.
func (m *Participant) Init() tea.Cmd { return m.Shell.Init() }

// Update handles one message; it never blocks.
func (m *Participant) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	ev, news, cmd := m.Shell.Update(msg)
	switch ev {
	case tui.Resized:
		m.help.SetWidth(m.Width)
		m.compose.SetWidth(m.Width)
		m.rebuild()
		m.follow()
	case tui.Remeasured:
		m.rebuild()
		m.follow()
	case tui.Restyled:
		m.help.Styles = m.Styles.Help
		m.compose.SetStyles(m.Styles)
		m.rebuild()
	case tui.Changed:
		m.apply(news)
		return m, tea.Batch(cmd, m.timeUp())
	case tui.Ticked:
		return m, tea.Batch(cmd, m.timeUp())
	case tui.LangChanged:
		m.relang()
	case tui.Closed:
		if m.Status != client.Ended && !m.removed() && !m.toldWhyClosed { // the notice says why already
			m.Fail(m.L.S("participant.notice.closed"))
		}
	case tui.Unhandled:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			return m, m.handleKey(msg)
		}
		if m.compose.Open {
			return m, m.compose.Update(msg) // paste, cursor and other text area messages
		}
	}
	return m, cmd
}

// apply takes in what changed on the connection.
func (m *Participant) apply(ch tui.News) {
	phase, status := ch.Phase, ch.Status
	switch {
	case m.Status == client.Ended && status != client.Ended:
		m.sessionEnded()
	case m.Status == client.Closed && ch.Err != nil && (m.removed() || refusedAs(ch.Err, "errors.hub.removed")):
		// not "join again": they cannot, until the facilitator re-admits them
		m.Fail(m.L.S("roster.you.removed"))
		m.toldWhyClosed = true
	case m.Status == client.Closed && ch.Err != nil:
		m.toldWhyClosed = true
		m.Fail(m.L.S("participant.notice.disconnected", "Err", strings.TrimSuffix(tui.ErrorText(m.L, ch.Err), ".")))
	case m.Status == client.Paused && status != client.Paused:
		m.Note(m.L.S("participant.notice.host_stopped"))
	case status == client.Online && m.Status == client.Offline:
		m.Note(m.L.S("participant.notice.reconnecting"))
	case status == client.Paused && m.Status == client.Online:
		switch {
		case m.Waiting > 0:
			m.Note(m.L.S("participant.notice.host_back_sending"))
		case len(ch.Acked) > 0:
			m.Note(m.L.S("participant.notice.host_back_sent"))
		default:
			m.Note(m.L.S("participant.notice.host_back"))
		}
	case status == client.Offline && m.Status == client.Online:
		m.Note(m.L.S("participant.notice.back_online"))
	}
	if m.Status != status {
		m.connNote = m.Notice
	}
	for _, op := range ch.Acked {
		m.forget(op)
	}
	for _, r := range ch.Nacks {
		stale := m.sentBefore(r.Op)
		m.forget(r.Op)
		m.refused(r, stale)
	}
	if m.St.Phase != phase {
		m.phaseChanged()
	}
	m.afterNews(ch)  // issue 15
	m.tablesNews(ch) // issue 16
	// issue 16: own consent answers (consent.go)
	m.roadmap.remember(m.me, ch.Events)
	m.rebuild()
	m.follow()
	m.moderationNews()
}

// sessionEnded closes what was open when the session ended: a question
// waiting for "y", and the text area, whose text can no longer be sent.
func (m *Participant) sessionEnded() {
	m.Confirm = nil
	m.quitAsked = false
	m.Notice = ""
	m.help.ShowAll = false
	if m.compose.Open {
		typed := m.compose.Value() != ""
		m.compose.Cancel()
		if typed {
			m.Fail(m.L.S("participant.notice.ended_unsent"))
		}
	}
}

// sentBefore reports whether the command of op was sent in a phase before
// the current one.
func (m *Participant) sentBefore(op string) bool {
	p, ok := m.sentIn[op]
	return ok && p != m.St.Phase
}

// refused tells the participant why the hub refused a command, and keeps
// any text it carried as a draft so that nothing typed is lost. A refusal
// of a command sent in an earlier phase (a vote still on its way when the
// facilitator moved on) is said only when it kept a draft: its reason
// ("You have used all 5 of your votes") belongs to a phase that is over.
func (m *Participant) refused(r client.Nack, stale bool) {
	// Said in the participant's language from the refusal's key and
	// arguments; an older hub's words as they came.
	msg := tui.Refusal(m.L, r.Code, r.Key, r.Args, r.Message)
	if r.Key == "" && r.Message == "" {
		msg = m.L.S("participant.notice.refused", "Code", r.Code)
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
	case session.CmdConsent: // issue 16
		if r.Command.Level != nil {
			t = composeTarget{kind: composeConsent, item: r.Command.Item, level: *r.Command.Level}
		}
	}
	kept := false
	if t.kind != 0 && strings.TrimSpace(r.Command.Text) != "" {
		if m.compose.KeepDraft(t.draftKey(), r.Command.Text) {
			msg = m.L.S("participant.notice.kept_as_draft", "Message", msg)
			kept = true
		}
	}
	if stale && !kept {
		return
	}
	m.Fail(msg)
}

// phaseChanged closes a text area whose text the new phase does not take,
// keeping it as a draft.
func (m *Participant) phaseChanged() {
	m.Confirm = nil
	// What was said about the last phase (a refused vote, "Marked done")
	// no longer applies; what is said about the connection does, until it
	// changes again.
	if m.Notice != m.connNote || m.Status == client.Online {
		m.Notice = ""
	}
	if !m.compose.Open {
		return
	}
	ok := true
	switch m.compose.target.kind {
	case composeIdea, composeEdit:
		ok = m.St.Phase == session.PhaseIdeas
	case composeComment:
		ok = m.St.Phase != session.PhaseLobby && m.St.Phase != session.PhaseClosed
	case composeFeedback:
		ok = m.St.Phase == session.PhaseClosed
	case composeConsent: // issue 16
		ok = m.St.Phase == session.PhaseRoadmap
	case composeGroupName: // issue 16
		ok = m.St.Phase == session.PhaseGroup
	}
	if !ok {
		m.compose.Cancel()
		m.Note(m.L.S("participant.notice.moved_on", "Phase", tui.PhaseName(m.L, m.St.Phase)))
	}
}

func (m *Participant) forget(op string) {
	if _, ok := m.pending[op]; !ok {
		return
	}
	delete(m.pending, op)
	delete(m.sentIn, op)
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
	if m.barred(c.Type) { // read-only or removed (moderated.go)
		return
	}
	op := m.Conn.Send(c)
	if op != "" {
		m.pending[op] = c
		m.sentIn[op] = m.St.Phase
		m.order = append(m.order, op)
	}
	m.Waiting = m.Conn.Pending()
	m.rebuild()
}

// offline reports whether commands wait for a reconnect now.
func (m *Participant) offline() bool { return m.Status != client.Online }

// screen returns the screen of the current phase, or the end of the
// session once it has ended.
func (m *Participant) screen() screen {
	if m.Status == client.Ended {
		return &m.ended
	}
	if s := m.tablesScreen(); s != nil { // issue 16
		return s
	}
	switch m.St.Phase {
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

func (m *Participant) rebuild() {
	m.labels = m.St.Labels(true)
	e := m.env()
	m.screen().rebuild(e)
	if m.outcome.open {
		m.outcome.rebuild(e)
	}
}

// follow keeps the selection of the current screen on screen.
func (m *Participant) follow() {
	if h := m.layout().body; h > 0 {
		if m.outcome.open {
			m.outcome.follow(m.env(), h)
			return
		}
		m.screen().follow(m.env(), h)
	}
}

// refusedAs reports whether err is a refusal with the catalogue key key.
func refusedAs(err error, key string) bool {
	var e *session.Error
	return errors.As(err, &e) && e.Key == key
}
