package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"roundtable/internal/memconn"
	"roundtable/lang"
	"roundtable/server"
	"roundtable/sshd"
)

// sshFlags are the host's flags for serving the participant app over SSH.
type sshFlags struct {
	addr        *string
	maxSessions *int
	perAddr     *int
	idle        *time.Duration
}

func addSSHFlags(fs *flag.FlagSet, p *lang.Printer) sshFlags {
	return sshFlags{
		addr:        fs.String("ssh", "", p.S("cli.ssh.flag.ssh")),
		maxSessions: fs.Int("ssh-max-sessions", 200, p.S("cli.ssh.flag.max_sessions")),
		perAddr:     fs.Int("ssh-max-per-addr", 0, p.S("cli.ssh.flag.max_per_addr")),
		idle:        fs.Duration("ssh-idle", 30*time.Minute, p.S("cli.ssh.flag.idle")),
	}
}

// startSSH starts the SSH server beside the hub h when --ssh is given; it
// returns nil otherwise. The host key and the participants' saved places
// live beside the database db. l is the SSH port, opened before the host
// started (listenSSH). t is the session's language, for participants whose
// terminal names none.
func startSSH(f sshFlags, h *server.Host, db string, logger *slog.Logger, l net.Listener, t lang.Tag) (*sshd.Server, error) {
	if *f.addr == "" {
		return nil, nil
	}
	// The participant apps reach the hub in this process, each as its SSH
	// client: the hub's limits per address then count SSH participants
	// at their own addresses, not all at 127.0.0.1 with every local process.
	local := memconn.Listen("ssh-participants")
	h.ServeLocal(local)
	s, err := sshd.Start(sshd.Config{
		Addr:               *f.addr,
		Listener:           l,
		Dial:               local.Dial,
		Code:               h.Code,
		Lang:               t,
		HostKeyPath:        sshHostKeyPath(db),
		StorePath:          sshStorePath(db),
		MaxSessions:        *f.maxSessions,
		MaxSessionsPerAddr: *f.perAddr,
		IdleTimeout:        *f.idle,
		Logger:             logger,
	})
	if err != nil {
		local.Close()
	}
	return s, err
}

// sshHostKeyPath is where the SSH host key of a database's host is kept.
func sshHostKeyPath(db string) string { return db + ".ssh_host_ed25519_key" }

// sshStorePath is where the SSH participants' saved places are kept.
func sshStorePath(db string) string { return db + ".ssh-participants.json" }

// sshStopGrace is how long the SSH participants' apps get to close and
// tell their terminals why, once the hub has stopped.
const sshStopGrace = 3 * time.Second

// stopSSH ends the SSH sessions of a host that has stopped (nil: none),
// telling each participant whether the session has ended or the host is
// only paused.
func stopSSH(s *sshd.Server, h *server.Host) {
	if s == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), sshStopGrace)
	defer cancel()
	s.Shutdown(ctx, h.Room.Ended())
}

// sshJoinLines are the commands participants type to join over SSH, one
// per address of this machine.
func sshJoinLines(s *sshd.Server) []string {
	var out []string
	for _, a := range server.Addrs(s.Addr()) {
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			continue
		}
		out = append(out, s.Command(host))
	}
	return out
}

// printSSHJoin prints how to join over SSH and the host key fingerprint
// participants can check.
func printSSHJoin(p *lang.Printer, w io.Writer, s *sshd.Server) {
	if s == nil {
		return
	}
	fmt.Fprintf(w, "\n  %s\n", p.S("cli.host.banner.ssh"))
	for _, l := range sshJoinLines(s) {
		fmt.Fprintf(w, "    %s\n", l)
	}
	fmt.Fprintf(w, "  %s\n", p.S("cli.host.banner.ssh_fingerprint", "Fingerprint", s.Fingerprint()))
}
