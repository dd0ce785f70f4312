package sshd

import (
	"context"
	"net"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gorilla/websocket"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/tui/join"
)

// app is the Bubble Tea model of one SSH session: the join flow (which
// asks, joins the hub and runs the participant app) inside what only SSH
// needs: closing a session without input, and ending when the host stops.
type app struct {
	srv  *Server
	ctx  context.Context // ends with the SSH session
	door *door
	flow *join.Model
	idle bool // closed for want of input
	last time.Time
}

// idleCheckMsg asks the app whether it has gone without input too long.
type idleCheckMsg struct{}

// newApp is the app of one SSH session, speaking t.
func newApp(s *Server, ctx context.Context, remote net.Addr, host, fingerprint, user string, t lang.Tag, getenv func(string) string) *app {
	d := &door{srv: s, remote: remote, addr: addrKey(remote), host: host, fingerprint: fingerprint, p: lang.New(t)}
	given := join.Answers{}
	if codeShaped(user) {
		given.Code = user
	}
	flow := join.New(join.Config{
		Context:  ctx,
		Given:    given,
		Ask:      true,
		CodeHint: d.p.S("sshd.code_hint"),
		Default:  t,      // the client's LANG, else the host's --lang
		Getenv:   getenv, // a client that sent a locale named its language
		Store:    d,
		Gate:     d.gate,
		Dial:     d.dial,
		// issue 16: the key's tokens of the programme's other sessions (store.go)
		DialEarlier: d.dialEarlier,
	})
	return &app{srv: s, ctx: ctx, door: d, flow: flow, last: s.cfg.Now()}
}

// Init starts the flow and the idle check.
func (a *app) Init() tea.Cmd { return tea.Batch(a.idleCheck(), a.flow.Init()) }

func (a *app) idleCheck() tea.Cmd {
	return tea.Tick(a.srv.cfg.idleCheck, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

// Update notes input, ends an idle session or one whose host is stopping,
// and hands everything else to the flow.
func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
		a.last = a.srv.cfg.Now()
	case idleCheckMsg:
		if a.srv.cfg.Now().Sub(a.last) >= a.srv.cfg.IdleTimeout {
			a.idle = true
			return a, tea.Quit
		}
		return a, a.idleCheck()
	case hostStoppedMsg:
		return a, tea.Quit
	}
	_, cmd := a.flow.Update(msg)
	return a, cmd
}

// View draws the flow.
func (a *app) View() tea.View { return a.flow.View() }

// close closes the hub connection, if any, once the SSH session is over.
func (a *app) close() { a.flow.Close() }

// dial connects to the hub as the participant: in process when the server
// has Config.Dial, as the SSH client, so that the hub counts this
// participant at the client's address (the hop needs no TLS).
func (d *door) dial(ctx context.Context, a join.Answers, resume string) (*client.Client, error) {
	return d.dialWith(ctx, a, resume, nil)
}

// dialEarlier is dial with the resume tokens of other sessions kept for
// the client's key instead of one of this session (issue 16).
func (d *door) dialEarlier(ctx context.Context, a join.Answers, earlier []string) (*client.Client, error) {
	return d.dialWith(ctx, a, "", earlier)
}

// dialWith is dial with a resume token or earlier sessions' tokens.
func (d *door) dialWith(ctx context.Context, a join.Answers, resume string, earlier []string) (*client.Client, error) {
	cfg := client.Config{
		URL: d.srv.cfg.HubURL, Fingerprint: d.srv.cfg.HubFingerprint,
		Code: d.srv.cfg.Code, Name: a.Name, Institution: a.Institution, Resume: resume, Earlier: earlier,
	}
	if dial := d.srv.cfg.Dial; dial != nil {
		cfg.Fingerprint = ""
		remote := d.remote
		cfg.Dialer = &websocket.Dialer{
			HandshakeTimeout: 10 * time.Second,
			NetDialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				return dial(ctx, remote)
			},
		}
	}
	return client.Dial(ctx, cfg)
}
