package sshd

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// maxEnv bounds the environment variables a session may send.
const maxEnv = 32

// sessionChannel serves a "session" channel with requests the app has no
// use for refused before the SSH library sees them: agent and X11
// forwarding, and environment variables beyond maxEnv.
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{nc}, ctx)
}

type filteredChannel struct{ gossh.NewChannel }

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
			}
			out <- r
		}
	}()
	return ch, out, nil
}
