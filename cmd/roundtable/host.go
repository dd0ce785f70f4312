package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"roundtable/server"
	"roundtable/session"
	"roundtable/sshd"
)

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runHost(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":7777", "address to listen on")
	db := fs.String("db", "roundtable.db", "database file (created if missing)")
	title := fs.String("title", "", "session title (new sessions)")
	topics := fs.String("topics", "", `comma-separated topics (default "Development,Coordination,Integration,Other")`)
	code := fs.String("code", "", "join code; an existing session with this code is reopened")
	votes := fs.Int("votes", 5, "vote budget per participant (new sessions)")
	capPer := fs.Int("cap", 3, "most votes one participant may give one item (new sessions)")
	anonymous := fs.Bool("anonymous", true, "hide authors from other participants (new sessions)")
	horizons := fs.String("horizons", "", `comma-separated road map horizons (default "Now,Next,Later")`)
	sessionID := fs.String("session", "", `reopen this session: an id from "roundtable sessions", or "latest"`)
	token := fs.String("token", "", "facilitator token to use (default: a new one at every start)")
	origins := fs.String("allow-origin", "", "comma-separated browser origins allowed to open websockets")
	headless := fs.Bool("headless", false, "run only the hub and print the join instructions")
	quiet := fs.Bool("quiet", false, "do not log connections and faults to stderr")
	tlsCert := fs.String("tls-cert", "", "PEM certificate file: serve wss:// (needs --tls-key)")
	tlsKey := fs.String("tls-key", "", "PEM private key file of --tls-cert")
	sshOpts := addSSHFlags(fs)
	agendaFile := addAgendaFlag(fs) // fills the set-up flags above from a file; see agenda.go
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if *quiet || !*headless { // the console owns the terminal
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := server.HostConfig{
		Addr: *addr, DB: *db, Session: *sessionID, Code: *code, FacilitatorToken: *token,
		Title: *title, Topics: splitList(*topics), Votes: *votes, Cap: *capPer,
		Anonymous: anonymous, Horizons: splitList(*horizons),
		AllowedOrigins: splitList(*origins), Logger: logger,
		TLSCert: *tlsCert, TLSKey: *tlsKey,
	}
	h, err := server.StartHost(ctx, cfg)
	if err != nil {
		return err
	}
	sshSrv, err := startSSH(sshOpts, h, *db, logger)
	if err != nil {
		h.Close()
		return err
	}
	if sshSrv != nil {
		defer sshSrv.Close()
	}
	if !*headless {
		var timers map[session.Phase]time.Duration
		if agendaFile.Agenda != nil {
			timers = agendaFile.Agenda.Timers
		}
		return hostConsole(ctx, h, *db, sshSrv, timers, stdout)
	}
	printJoin(stdout, h, *db, sshSrv)
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, "Stopping: finishing commits and closing connections…")
		return h.Close()
	case <-h.Done():
		h.Close()
		if err := h.Err(); err != nil {
			return fmt.Errorf("the host stopped: %w (restart it on the same database to continue)", err)
		}
		return nil
	}
}

func printJoin(w io.Writer, h *server.Host, db string, ssh *sshd.Server) {
	state := "new session"
	if h.Reopened {
		state = "reopened"
	}
	fmt.Fprintf(w, "Roundtable — %q (session %s, %s)\n\n", h.Title, h.SessionID, state)
	fmt.Fprintf(w, "  Join code:  %s\n\n", h.Code)
	fmt.Fprintln(w, "  Participants type one of:")
	for _, a := range h.JoinAddrs() {
		if h.Fingerprint != "" {
			fmt.Fprintf(w, "    roundtable join wss://%s --code %s --fingerprint %s\n", a, h.Code, h.Fingerprint)
			continue
		}
		fmt.Fprintf(w, "    roundtable join %s --code %s\n", a, h.Code)
	}
	if h.Fingerprint != "" {
		fmt.Fprintf(w, "\n  TLS certificate SHA-256 fingerprint (participants check or pin it):\n    %s\n", h.Fingerprint)
	}
	printSSHJoin(w, ssh)
	fmt.Fprintf(w, "\n  Facilitator token (keep it private): %s\n\n", h.FacilitatorToken)
	fmt.Fprintf(w, "Listening: %s\n", h.URL())
	fmt.Fprintf(w, "Press Ctrl+C to stop. To continue this session later: roundtable host --db %s --code %s\n", db, h.Code)
}
