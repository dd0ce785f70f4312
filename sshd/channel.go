package sshd

import (
	"net"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// maxEnv bounds the environment variables a session may send.
const maxEnv = 32

// sessionChannel serves a "session" channel with its requests filtered
// before the SSH library sees them: agent and X11 forwarding and
// environment variables beyond maxEnv are refused, and terminal sizes are
// cut down to MaxColumns×MaxRows.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{NewChannel: nc, srv: s, ctx: ctx, remote: conn.RemoteAddr()}, ctx)
}

type filteredChannel struct {
	gossh.NewChannel
	srv    *Server
	ctx    ssh.Context
	remote net.Addr
}

// Accept accepts the channel and filters its requests.
func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		env := 0
		for r := range reqs {
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req":
				r.Reply(false, nil)
				continue
			case "env":
				if env++; env > maxEnv {
					r.Reply(false, nil)
					continue
				}
			case "pty-req", "window-change":
				f.clamp(r)
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// clamp cuts the terminal size in a pty or window change request down to
// MaxColumns×MaxRows, and notes it in the log and for the participant.
func (f filteredChannel) clamp(r *gossh.Request) {
	p, asked, used, ok := clampSize(r.Type, r.Payload)
	if !ok {
		return // malformed or within bounds: the library decides
	}
	r.Payload = p
	if asked == used {
		return // only the pixel sizes were cut
	}
	f.srv.cfg.Logger.Info("ssh: terminal size clamped", "addr", addrKey(f.remote), "request", r.Type,
		"asked", asked, "used", used)
	f.ctx.SetValue(clampedKey{}, asked)
}
