package sshd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/participant"
)

// stage is where an SSH participant is on the way into the session.
type stage int

const (
	stageCode    stage = iota // asking for the join code
	stageWho                  // asking for name and institution
	stageJoining              // dialling the hub
	stageRejoin               // showing the rejoin code of a new participant without a key
	stageProblem              // the hub could not be reached: enter tries again
	stageBlocked              // too many wrong codes from this address
	stageApp                  // the participant app
)

// app is the Bubble Tea model of one SSH session: it asks for the join
// code and who the participant is, joins the hub, and then hands every
// message to the participant app.
type app struct {
	srv         *Server
	ctx         context.Context // ends with the SSH session
	remote      net.Addr        // the SSH client's address, which the hub sees too
	addr        string          // its host part, for the failure limit
	host        string          // the address the client reached, for commands shown
	fingerprint string          // the client's public key fingerprint; "" without a key

	stage   stage
	form    *huh.Form
	answers tui.JoinAnswers
	problem string
	retry   tea.Cmd // what enter does in stageProblem
	width   int
	height  int
	facts   []tea.Msg // what the terminal reported before the participant app started
	part    *participant.Participant
	me      string // the participant id once joined
	rejoin  string // the rejoin code, for a participant without a key
	idle    bool   // closed for want of input
	last    time.Time

	mu     sync.Mutex // guards client and closed: dials finish on other goroutines
	client *client.Client
	closed bool
}

// Messages of the app's own commands.
type (
	joinedMsg struct {
		c       *client.Client
		resumed bool // came back with a saved resume token
	}
	joinFailedMsg struct {
		err     error
		resumed bool
		rejoin  string // the rejoin code used, if any
	}
	idleCheckMsg struct{}
)

func newApp(s *Server, ctx context.Context, remote net.Addr, host, fingerprint, user string) *app {
	a := &app{srv: s, ctx: ctx, remote: remote, addr: addrKey(remote), host: host, fingerprint: fingerprint, last: s.cfg.Now()}
	a.start(user)
	return a
}

// start decides the first stage from the key and the user name.
func (a *app) start(user string) {
	code := a.srv.cfg.Code
	if a.fingerprint != "" {
		if tok := a.srv.store.keyToken(a.fingerprint, code); tok != "" {
			a.stage = stageJoining
			a.retry = a.dial(client.Config{Code: code, Resume: tok}, true, "")
			return
		}
	}
	if !codeShaped(user) {
		a.askCode("")
		return
	}
	a.takeCode(protocol.NormalizeCode(user))
}

// takeCode acts on a typed join code or rejoin code.
func (a *app) takeCode(c string) {
	now := a.srv.cfg.Now()
	if a.srv.limiter.Blocked(a.addr, now) {
		a.stage = stageBlocked
		return
	}
	if e, ok := a.srv.store.rejoin(c); ok && e.Code == a.srv.cfg.Code {
		a.rejoin = c
		a.stage = stageJoining
		a.retry = a.dial(client.Config{Code: e.Code, Resume: e.Token}, true, c)
		return
	}
	if c == a.srv.cfg.Code {
		a.answers.Code = c
		a.askWho("")
		return
	}
	a.srv.cfg.Logger.Info("ssh: wrong join code", "addr", a.addr)
	if a.srv.limiter.Fail(a.addr, now) {
		a.srv.cfg.Logger.Warn("ssh: address blocked after too many wrong codes", "addr", a.addr,
			"failures", a.srv.cfg.MaxFailures, "window", a.srv.cfg.FailWindow)
		a.stage = stageBlocked
		return
	}
	a.askCode(fmt.Sprintf("The join code %q was not accepted. Check the code the facilitator shows and type it again.", c))
}

// Init starts the form (or the first dial) and the idle check.
func (a *app) Init() tea.Cmd {
	cmds := []tea.Cmd{a.idleCheck()}
	switch {
	case a.stage == stageJoining:
		cmds = append(cmds, a.retry)
	case a.form != nil:
		cmds = append(cmds, a.form.Init())
	}
	return tea.Batch(cmds...)
}

func (a *app) idleCheck() tea.Cmd {
	return tea.Tick(a.srv.cfg.idleCheck, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

// Update routes a message to the stage that takes it.
func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
		a.last = a.srv.cfg.Now()
	case idleCheckMsg:
		if a.srv.cfg.Now().Sub(a.last) >= a.srv.cfg.IdleTimeout {
			a.idle = true
			return a, tea.Quit
		}
		return a, a.idleCheck()
	case tea.WindowSizeMsg:
		a.width, a.height = max(0, msg.Width), max(0, msg.Height)
		var cmds []tea.Cmd
		if a.form != nil {
			cmds = append(cmds, a.updateForm(msg))
		}
		if a.part != nil {
			_, cmd := a.part.Update(msg)
			cmds = append(cmds, cmd)
		}
		return a, tea.Batch(cmds...)
	case tea.ModeReportMsg, tea.BackgroundColorMsg, tea.ColorProfileMsg:
		if a.part == nil {
			a.facts = append(a.facts, msg)
		}
	case hostStoppedMsg:
		return a, tea.Quit
	case joinedMsg:
		return a, a.joined(msg)
	case joinFailedMsg:
		return a, a.joinFailed(msg)
	}

	switch a.stage {
	case stageApp:
		_, cmd := a.part.Update(msg)
		return a, cmd
	case stageCode, stageWho:
		return a, a.updateForm(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return a, a.key(k)
	}
	if a.part != nil { // stageRejoin: the app keeps up with the session behind
		_, cmd := a.part.Update(msg)
		return a, cmd
	}
	return a, nil
}

// key handles a key on the screens between the forms and the app.
func (a *app) key(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "ctrl+c", "q", "esc":
		if a.stage == stageRejoin && k.String() != "ctrl+c" {
			break
		}
		return tea.Quit
	case "enter":
		switch a.stage {
		case stageRejoin:
			a.stage = stageApp
		case stageProblem:
			a.stage = stageJoining
			return a.retry
		case stageBlocked:
			return tea.Quit
		}
	}
	return nil
}

func (a *app) updateForm(msg tea.Msg) tea.Cmd {
	m, cmd := a.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		a.form = f
	}
	switch a.form.State {
	case huh.StateCompleted:
		done := a.form
		a.form = nil
		return tea.Batch(cmd, a.submitted(done))
	case huh.StateAborted:
		return tea.Quit
	}
	return cmd
}

// submitted acts on a completed form.
func (a *app) submitted(*huh.Form) tea.Cmd {
	a.answers.Name = strings.TrimSpace(a.answers.Name)
	a.answers.Institution = strings.TrimSpace(a.answers.Institution)
	switch a.stage {
	case stageCode:
		a.takeCode(protocol.NormalizeCode(a.answers.Code))
		switch {
		case a.stage == stageJoining:
			return a.retry
		case a.form != nil:
			return a.formStart()
		}
	case stageWho:
		a.stage = stageJoining
		a.retry = a.dial(client.Config{Code: a.answers.Code, Name: a.answers.Name, Institution: a.answers.Institution}, false, "")
		return a.retry
	}
	return nil
}

// dial joins the hub in a command; the client is tracked so that it is
// closed with the SSH session even when the answer comes too late.
func (a *app) dial(cfg client.Config, resumed bool, rejoin string) tea.Cmd {
	cfg.URL = a.srv.cfg.HubURL
	cfg.Fingerprint = a.srv.cfg.HubFingerprint
	if dial := a.srv.cfg.Dial; dial != nil {
		// In process, as the SSH client: the hub counts this participant
		// at the client's address. The hop needs no TLS.
		cfg.Fingerprint = ""
		remote := a.remote
		cfg.Dialer = &websocket.Dialer{
			HandshakeTimeout: 10 * time.Second,
			NetDialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				return dial(ctx, remote)
			},
		}
	}
	ctx := a.ctx
	return func() tea.Msg {
		dctx, cancel := context.WithTimeout(ctx, client.DialTimeout)
		defer cancel()
		c, err := client.Dial(dctx, cfg)
		if err != nil {
			return joinFailedMsg{err: err, resumed: resumed, rejoin: rejoin}
		}
		if !a.track(c) {
			c.Close()
			return nil
		}
		return joinedMsg{c: c, resumed: resumed}
	}
}

func (a *app) track(c *client.Client) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	if a.client != nil {
		a.client.Close()
	}
	a.client = c
	return true
}

// close closes the hub connection, if any, once the SSH session is over.
func (a *app) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	if a.client != nil {
		a.client.Close()
	}
}

// joined remembers how this participant comes back, and starts the app.
func (a *app) joined(msg joinedMsg) tea.Cmd {
	now := a.srv.cfg.Now()
	code, tok := a.srv.cfg.Code, msg.c.ResumeToken()
	a.me, _ = msg.c.Me()
	a.stage = stageApp
	switch {
	case a.fingerprint != "" && tok != "":
		if err := a.srv.store.saveKey(a.fingerprint, code, tok, now); err != nil {
			a.srv.cfg.Logger.Error("ssh: remembering a participant's key", "err", err)
		}
	case a.rejoin == "" && !msg.resumed && tok != "":
		rc, err := a.srv.store.newRejoin(code, tok, now)
		if err != nil {
			a.srv.cfg.Logger.Error("ssh: remembering a rejoin code", "err", err)
			break
		}
		a.rejoin = rc
		a.stage = stageRejoin
	}
	a.part = participant.New(msg.c, participant.Options{Dark: true})
	cmds := []tea.Cmd{a.part.Init()}
	for _, f := range append(a.facts, tea.WindowSizeMsg{Width: a.width, Height: a.height}) {
		_, cmd := a.part.Update(f)
		cmds = append(cmds, cmd)
	}
	a.facts = nil
	return tea.Batch(cmds...)
}

// joinFailed says why joining failed and asks again where that helps.
func (a *app) joinFailed(msg joinFailedMsg) tea.Cmd {
	code := session.ErrorCode(msg.err)
	if msg.resumed && code == session.EFORBIDDEN {
		// the saved place belongs to a session the hub no longer knows
		if msg.rejoin != "" {
			a.srv.store.forgetRejoin(msg.rejoin)
			a.rejoin = ""
		} else if err := a.srv.store.saveKey(a.fingerprint, a.srv.cfg.Code, "", a.srv.cfg.Now()); err != nil {
			a.srv.cfg.Logger.Error("ssh: forgetting a participant's key", "err", err)
		}
		a.answers.Code = a.srv.cfg.Code
		a.askWho("Your earlier place in this session was not found. Join again with your name and institution.")
		return a.formStart()
	}
	var se *session.Error
	switch {
	case code == session.EFORBIDDEN:
		a.askCode("The join code was not accepted. Check the code the facilitator shows and type it again.")
		return a.formStart()
	case code == session.EINVALID && errors.As(msg.err, &se):
		a.askWho(se.Message)
		return a.formStart()
	case errors.As(msg.err, &se):
		a.problem = se.Message
	default:
		a.problem = fmt.Sprintf("Could not reach the session: %v.", msg.err)
	}
	a.stage = stageProblem
	return nil
}

// exitNote is what the terminal shows after the app has ended; stop says
// why when the host stopped it (stopPaused or stopEnded), "" otherwise.
func (a *app) exitNote(stop string) string {
	var b strings.Builder
	if asked, ok := a.ctx.Value(clampedKey{}).(string); ok {
		fmt.Fprintf(&b, "Your terminal asked for %s; Roundtable draws at most %d×%d, in its top-left corner.\r\n",
			strings.Replace(asked, "x", "×", 1), MaxColumns, MaxRows)
	}
	if a.idle {
		fmt.Fprintf(&b, "Closed after %s without input.\r\n", a.srv.cfg.IdleTimeout.Round(time.Second))
	}
	switch stop {
	case stopEnded:
		b.WriteString("The session has ended. Thank you for taking part!\r\n")
		return b.String()
	case stopPaused:
		b.WriteString("The facilitator stopped the host. What you sent is kept.\r\n")
	}
	// How to come back: after leaving, or (paused) once the host runs again.
	comeBack := func(how, command string) {
		if stop == stopPaused {
			fmt.Fprintf(&b, "When the session continues, %s\r\n  %s\r\n", how, command)
			return
		}
		fmt.Fprintf(&b, "You left the session. %s%s\r\n  %s\r\n", strings.ToUpper(how[:1]), how[1:], command)
	}
	switch {
	case a.me == "" && stop == stopPaused:
		comeBack("join with:", a.srv.Command(a.host))
	case a.me == "":
	case a.fingerprint != "":
		comeBack("connect again with the same key to come back as yourself:", a.srv.Command(a.host))
	case a.rejoin != "":
		comeBack("come back as yourself with:", a.rejoinCommand())
	}
	return b.String()
}

// rejoinCommand is the ssh command that brings a participant without a
// key back as themself.
func (a *app) rejoinCommand() string {
	return strings.Replace(a.srv.Command(a.host), a.srv.cfg.Code+"@", a.rejoin+"@", 1)
}
