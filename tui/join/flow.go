package join

import (
	"context"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/participant"
)

// Config is what a front door hands the flow.
type Config struct {
	// Context ends the dials: the command's, the SSH session's.
	Context context.Context
	// Given is what the participant gave before the flow: the command line
	// (Given.Lang is --lang as typed), or the SSH user name when it is
	// shaped like a code.
	Given Answers
	// Getenv reads the participant's locale (LC_ALL, LC_MESSAGES, LANG):
	// os.Getenv for `roundtable join`, the variables an SSH client sent.
	// Nil reads none.
	Getenv func(string) string
	// Default is the language of a participant who named none: no --lang,
	// no choice kept by the Store, no locale. It is the hook for the
	// session's own language (host --lang), which the door passes here once
	// it knows it (the hub's welcome is to carry it, issue 14); empty is
	// English.
	Default lang.Tag
	// AskHost: the participant types the hub's address (`roundtable join`).
	// Otherwise the door knows where the hub is.
	AskHost bool
	// Ask: a person is at the terminal to answer forms. Without one, the
	// flow ends at the first thing it would ask, with Err saying why.
	Ask bool
	// CodeHint is the line under the code field; a default says what a
	// join code looks like, in the participant's language. RejoinCodes
	// says that the door takes rejoin codes too, in that default.
	CodeHint    string
	RejoinCodes bool
	// Store remembers answers and resume tokens; Gate, when set, checks a
	// typed code before the hub sees it.
	Store Store
	Gate  Gate
	// Dial connects to the hub as the participant who answered a, with
	// a saved resume token when resume is set. It runs in a command, bounded
	// by client.DialTimeout.
	Dial func(ctx context.Context, a Answers, resume string) (*client.Client, error)
	// DialEarlier (issue 16, earlier.go) is Dial without a resume token of
	// this session but with the resume tokens of earlier sessions that the
	// Store keeps (an EarlierStore): the hub of a session of the same
	// programme joins the participant one of them names as themself. Nil:
	// the door sends none.
	DialEarlier func(ctx context.Context, a Answers, earlier []string) (*client.Client, error)
}

// stage is where the participant is on the way in.
type stage int

const (
	stageAsk    stage = iota // a form
	stageDial                // dialling the hub
	stageNote                // a note to read once (a rejoin code); the app keeps up behind it
	stageRetry               // a problem no answer fixes: enter dials again
	stageClosed              // the door is closed: enter leaves
	stageDone                // nobody can answer: the flow has ended with Err
	stageApp                 // the participant app
)

// Model is the join flow, then the participant app it hands over to.
type Model struct {
	cfg   Config
	a     Answers
	stage stage
	page  page
	form  *huh.Form
	first tea.Cmd // what Init starts
	retry tea.Cmd // the last dial, which enter repeats in stageRetry
	// problem is why the flow is asking again, retrying or closed; note
	// what stageNote shows.
	problem words
	note    string
	err     error
	// l speaks a.Lang; langNote says once that --lang or the locale named
	// a language Roundtable does not speak; asked is whether a form showed
	// it.
	l             *lang.Printer
	langKey       key.Binding
	langNote      string
	sessionLang   bool // no language named yet: the session's, once welcomed
	asked         bool
	width, height int
	facts         []tea.Msg // what the terminal reported before the app started
	app           *participant.Participant

	mu     sync.Mutex // guards client and closed: dials finish on other goroutines
	client *client.Client
	closed bool
}

// Messages of the flow's own commands.
type (
	joinedMsg struct {
		c    *client.Client
		conn tui.Conn // the app's connection: c, or a test's fake
		note string   // what the store wants the participant to read first
	}
	failedMsg struct {
		err     error
		resumed bool // the dial used a saved resume token
		probe   bool // issue 16: earlier tokens without a name (earlier.go)
	}
	askMsg struct {
		page    page
		problem words
	}
)

// New returns the flow for cfg, having decided where it starts: a dial when
// nothing needs asking (or a saved place is known before any answer), the
// door's check of a code already given, or a form.
func New(cfg Config) *Model {
	m := &Model{cfg: cfg}
	given, last := cfg.Given.tidy(), cfg.Store.Last()
	m.a = given.Fill(last).tidy()
	var t lang.Tag
	t, m.langNote = chooseLang(given.Lang, last.Lang, cfg.Getenv, cfg.Default)
	m.setLang(t)
	m.sessionLang = !named(given.Lang, last.Lang, cfg.Getenv)
	known := cfg.Store.Find(given) // a door may know its participant before any answer
	switch {
	case given.Complete() || !cfg.Ask && m.a.Complete(): // nothing to ask, or nobody to ask
		m.first = m.dial(cfg.Store.Find(m.a))
	case known != "":
		m.first = m.dial(known)
	case cfg.Gate != nil && given.Code != "":
		m.first = m.takeCode()
	case m.probeGiven(given): // issue 16: earlier.go
		m.first = m.probe()
	default:
		m.first = m.ask(pageCode, nil)
	}
	return m
}

// chooseLang picks the participant's language: --lang when it names one
// Roundtable speaks, else the one they chose last time at this door (on
// the form or with the language key), else their locale's, else the
// session's default. An unknown --lang or locale is never an error: the
// note (in the language chosen) says so once.
func chooseLang(given, kept lang.Tag, getenv func(string) string, def lang.Tag) (lang.Tag, string) {
	if t, ok := lang.Parse(string(kept)); ok {
		return lang.Choose(string(given), nil, t)
	}
	return lang.Choose(string(given), getenv, def)
}

// named reports whether the participant named a language: --lang, the one
// kept from last time, or their locale's. One who did not reads the
// session's, once the welcome says which (joined).
func named(given, kept lang.Tag, getenv func(string) string) bool {
	if _, ok := lang.Parse(string(given)); ok {
		return true
	}
	if _, ok := lang.Parse(string(kept)); ok {
		return true
	}
	if getenv == nil {
		return false
	}
	_, ok := lang.FromEnv(getenv)
	return ok
}

// setLang makes the flow speak t.
func (m *Model) setLang(t lang.Tag) {
	m.a.Lang = t
	m.l = lang.New(t)
	m.langKey = tui.DefaultKeyMap(m.l).Lang
}

// Init starts the first form or dial.
func (m *Model) Init() tea.Cmd { return m.first }

// takeCode acts on the door's verdict on the code typed or given.
func (m *Model) takeCode() tea.Cmd {
	v := m.cfg.Gate(m.a.Code)
	switch {
	case v.Closed != "":
		m.stage, m.problem = stageClosed, verbatim(v.Closed)
		return nil
	case v.Resume != "":
		return m.dial(v.Resume)
	case v.Wrong:
		a := m.a
		return m.ask(pageCode, func(l *lang.Printer) string { return wrongCode(l, a) })
	}
	if len(m.earlier(m.a)) > 0 { // issue 16: earlier.go
		return m.probe()
	}
	return m.ask(pageWho, nil)
}

// dial joins the hub in a command, and remembers how the participant comes
// back once it has. The client is tracked so that Close closes it even when
// it arrives after the flow has ended.
func (m *Model) dial(resume string) tea.Cmd {
	var earlier []string
	if resume == "" {
		earlier = m.earlier(m.a) // issue 16: earlier.go
	}
	return m.dialWith(resume, earlier, false)
}

// dialWith is dial with a saved resume token or earlier sessions' tokens
// (issue 16); probe: the answers' name and institution are not sent, so
// that a hub that knows none of the tokens refuses (earlier.go).
func (m *Model) dialWith(resume string, earlier []string, probe bool) tea.Cmd {
	ctx, cfg, a := m.cfg.Context, m.cfg, m.a
	if ctx == nil {
		ctx = context.Background()
	}
	m.stage = stageDial
	m.retry = func() tea.Msg {
		dctx, cancel := context.WithTimeout(ctx, client.DialTimeout)
		defer cancel()
		var c *client.Client
		var err error
		switch {
		case len(earlier) > 0 && probe:
			sent := a
			sent.Name, sent.Institution = "", ""
			c, err = cfg.DialEarlier(dctx, sent, earlier)
		case len(earlier) > 0:
			c, err = cfg.DialEarlier(dctx, a, earlier)
		default:
			c, err = cfg.Dial(dctx, a, resume)
		}
		if err != nil {
			return failedMsg{err: err, resumed: resume != "", probe: probe}
		}
		if !m.track(c) {
			c.Close()
			return nil
		}
		return joinedMsg{c: c, note: cfg.Store.Keep(a, c.ResumeToken())}
	}
	return m.retry
}

// failed says why joining failed and asks again where an answer helps.
func (m *Model) failed(msg failedMsg) tea.Cmd {
	code := session.ErrorCode(msg.err)
	if msg.probe && code == session.EINVALID {
		// issue 16: the hub knows none of the earlier tokens (and says so
		// only by wanting a name): ask who the participant is, as before
		return m.ask(pageWho, nil)
	}
	if e := session.AsError(msg.err); e.Key == "errors.hub.removed" {
		// Removed by the facilitator: not a place the hub forgot, so no
		// joining afresh behind their back. The token is kept: it works
		// again if the facilitator re-admits them.
		err, a := msg.err, m.a
		m.stage, m.problem = stageClosed, func(l *lang.Printer) string { return Problem(l, err, a) }
		return nil
	}
	if msg.resumed && code == session.EFORBIDDEN {
		// the saved place belongs to a session the hub no longer knows
		st, a := m.cfg.Store, m.a
		forget := func() tea.Msg { st.Forget(a); return nil }
		if m.a.knowsWho() {
			return tea.Sequence(forget, m.dial(""))
		}
		return tea.Sequence(forget, func() tea.Msg { return askMsg{pageWho, say("join.problem.not_found")} })
	}
	err, a := msg.err, m.a
	problem := func(l *lang.Printer) string { return Problem(l, err, a) }
	switch {
	case code == session.EFORBIDDEN:
		return m.ask(pageCode, problem)
	case code == session.EINVALID:
		return m.ask(pageWho, problem)
	case m.cfg.AskHost || !m.cfg.Ask:
		return m.ask(pageAll, problem) // the address may be what is wrong
	}
	m.stage, m.problem = stageRetry, problem
	return nil
}

// joined starts the app, behind the store's note when it has one.
func (m *Model) joined(msg joinedMsg) tea.Cmd {
	m.stage = stageApp
	if msg.note != "" {
		m.stage, m.note = stageNote, msg.note
	}
	conn := msg.conn
	if conn == nil {
		conn = msg.c
	}
	if t, ok := lang.Parse(conn.State().Settings.Lang); ok && m.sessionLang && t != m.a.Lang {
		m.setLang(t) // named none: the session's language
	}
	m.app = participant.New(conn, participant.Options{Dark: true, Lang: m.a.Lang})
	if m.langNote != "" && !m.asked {
		m.app.Note(m.langNote) // no form said it
	}
	cmds := []tea.Cmd{m.app.Init()}
	for _, f := range append(m.facts, tea.WindowSizeMsg{Width: m.width, Height: m.height}) {
		_, cmd := m.app.Update(f)
		cmds = append(cmds, cmd)
	}
	m.facts = nil
	return tea.Batch(cmds...)
}

// Update routes a message to the stage that takes it.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(0, msg.Width), max(0, msg.Height)
		var cmds []tea.Cmd
		if m.form != nil {
			cmds = append(cmds, m.updateForm(formSize(m.width, m.height)))
		}
		if m.app != nil {
			_, cmd := m.app.Update(msg)
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	case tea.ModeReportMsg, tea.BackgroundColorMsg, tea.ColorProfileMsg:
		if m.app == nil {
			m.facts = append(m.facts, msg)
		}
	case joinedMsg:
		return m, m.joined(msg)
	case failedMsg:
		return m, m.failed(msg)
	case askMsg:
		return m, m.ask(msg.page, msg.problem)
	}

	switch m.stage {
	case stageApp:
		_, cmd := m.app.Update(msg)
		if t := m.app.L.Tag(); t != m.a.Lang { // the language key, in the app
			m.setLang(t)
			m.sessionLang = false
			cmd = tea.Batch(cmd, m.keepLang())
		}
		return m, cmd
	case stageAsk:
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(tui.LatinKey(k), m.langKey) {
			m.setLang(tui.NextLang(m.a.Lang))
			m.sessionLang = false
			return m, m.relangForm()
		}
		return m, m.updateForm(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return m, m.key(k)
	}
	if m.app != nil { // stageNote: the app keeps up with the session behind
		_, cmd := m.app.Update(msg)
		return m, cmd
	}
	return m, nil
}

// keepLang remembers a language switched to in the app with the answers
// the participant joined with, in a command: a Store may write a file.
func (m *Model) keepLang() tea.Cmd {
	st, a := m.cfg.Store, m.a
	return func() tea.Msg {
		st.Keep(a, "")
		return nil
	}
}

// key handles a key on the screens between the forms and the app.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(tui.LatinKey(k), m.langKey) {
		m.setLang(tui.NextLang(m.a.Lang))
		m.sessionLang = false
		if m.app != nil { // stageNote: the app behind speaks it too, and the choice is kept
			m.app.SetLang(m.a.Lang)
			return m.keepLang()
		}
		return nil
	}
	switch tui.LatinKey(k).String() {
	case "ctrl+c", "q", "esc":
		if m.stage == stageNote && k.String() != "ctrl+c" {
			break // the note must be read
		}
		return tea.Quit
	case "enter":
		switch m.stage {
		case stageNote:
			m.stage = stageApp
		case stageRetry:
			m.stage = stageDial
			return m.retry
		case stageClosed:
			return tea.Quit
		}
	}
	return nil
}

// View draws the current stage.
func (m *Model) View() tea.View {
	if m.stage == stageApp {
		return m.app.View()
	}
	l := m.l
	var body string
	switch m.stage {
	case stageAsk:
		v := tea.NewView(m.form.View()) // huh lays itself out at the terminal's width
		v.AltScreen = true
		v.WindowTitle = "Roundtable"
		return v
	case stageDial:
		body = l.S("join.dialing")
	case stageNote:
		body = m.note + "\n\n" + l.S("join.continue")
	case stageRetry:
		body = l.S("join.form.could_not") + "\n\n" + m.problem(l) + "\n\n" + l.S("join.retry")
	case stageClosed:
		body = m.problem(l) + " " + l.S("join.leave")
	}
	w := max(m.width-2, 10)
	v := tea.NewView(lipgloss.NewStyle().Margin(1, 1).Width(w).Render(body))
	v.AltScreen = true
	v.WindowTitle = "Roundtable"
	return v
}

func (m *Model) track(c *client.Client) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	if m.client != nil {
		m.client.Close()
	}
	m.client = c
	return true
}

// Close closes the hub connection, if any, and any that a dial still under
// way brings: once the flow's program has ended.
func (m *Model) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	if m.client != nil {
		m.client.Close()
	}
}

// Client returns the connection the participant app ran on; nil when the
// participant never got that far. Call it once the flow's program has
// ended.
func (m *Model) Client() *client.Client {
	if m.app == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.client
}

// Err returns why the flow ended without joining where nobody could be
// asked (Config.Ask unset); nil otherwise, giving up included.
func (m *Model) Err() error { return m.err }
