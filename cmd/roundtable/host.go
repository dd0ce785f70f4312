package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"time"

	"roundtable/internal/privfile"
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

const hostAbout = `Runs a workshop from this machine: the hub participants join (roundtable join, or ssh
with --ssh), and the facilitator console in this terminal (or, with --headless, only the
hub and its join instructions).

Which session: running the same command again continues the latest session in --db while
it is open (same join code; participants' apps reconnect by themselves), and says so.
--new starts a new session; --code CODE or --session ID reopens that one. When the latest
session is closed, a new one starts. --title, --topics, --votes, --cap, --anonymous,
--horizons (and those of --agenda) set up a new session only.

Files beside the database DB, all readable by you only: DB.log (the hub's log, JSON lines,
rotated at 16 MiB), DB.facilitator-token (the facilitator token, kept across restarts so
a co-facilitator's console keeps working; delete it for a new one), and with --ssh the
SSH host key and participants.`

// setupFlag reports whether name is a host flag that only sets up a new
// session.
func setupFlag(name string) bool {
	switch name {
	case "title", "topics", "votes", "cap", "anonymous", "horizons":
		return true
	}
	return false
}

func runHost(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":7777", "address to listen on")
	db := fs.String("db", "roundtable.db", "database file (created if missing, readable by you only)")
	title := fs.String("title", "", "session title (new sessions)")
	topics := fs.String("topics", "", `comma-separated topics (new sessions; default "Development,Coordination,Integration,Other")`)
	code := fs.String("code", "", "join code: reopens the session with this code, or names a new session's code")
	newSession := fs.Bool("new", false, "start a new session even when the latest one is still open")
	votes := fs.Int("votes", 5, "vote budget per participant (new sessions)")
	capPer := fs.Int("cap", 3, "most votes one participant may give one item (new sessions)")
	anonymous := fs.Bool("anonymous", true, "hide authors from other participants (new sessions)")
	horizons := fs.String("horizons", "", `comma-separated road map horizons (new sessions; default "Now,Next,Later")`)
	sessionID := fs.String("session", "", `reopen this session: an id from "roundtable sessions", or "latest"`)
	tok := addTokenFlags(fs, "facilitator token to use (default: the one kept in DB.facilitator-token)")
	origins := fs.String("allow-origin", "", "comma-separated browser origins allowed to open websockets")
	headless := fs.Bool("headless", false, "run only the hub and print the join instructions")
	quiet := fs.Bool("quiet", false, "with --headless: do not echo the log to stderr (DB.log still has it)")
	logPath := fs.String("log", "", "log file (default DB.log)")
	tlsCert := fs.String("tls-cert", "", "PEM certificate file: serve wss:// (needs --tls-key)")
	tlsKey := fs.String("tls-key", "", "PEM private key file of --tls-cert")
	sshOpts := addSSHFlags(fs)
	agendaFile := addAgendaFlag(fs) // fills the set-up flags above from a file; see agenda.go
	setUsage(fs, stderr, "roundtable host [--addr :7777] [--db roundtable.db] [--ssh :2222] [--new] [flags]", hostAbout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *newSession && *sessionID != "" {
		return usagef("--new starts a new session and --session reopens one: give one of them")
	}
	token, source, err := hostToken(tok, *db)
	if err != nil {
		return err
	}
	if *logPath == "" {
		*logPath = *db + ".log"
	}
	var echo io.Writer
	if *headless && !*quiet { // otherwise the console owns the terminal
		echo = stderr
	}
	logger, err := openHostLog(*logPath, echo)
	if err != nil {
		return err
	}
	defer logger.Close()

	// Every port is open before anything is written: a host that cannot
	// serve leaves the database as it was.
	sshL, err := listenSSH(sshOpts, *db)
	if err != nil {
		return err
	}
	cfg := server.HostConfig{
		Addr: *addr, DB: *db, Session: *sessionID, Code: *code, New: *newSession, FacilitatorHash: server.HashToken(token),
		Title: *title, Topics: splitList(*topics), Votes: *votes, Cap: *capPer,
		Anonymous: anonymous, Horizons: splitList(*horizons),
		AllowedOrigins: splitList(*origins), Logger: logger.Logger,
		TLSCert: *tlsCert, TLSKey: *tlsKey,
	}
	h, err := server.StartHost(ctx, cfg)
	if err != nil {
		if sshL != nil {
			sshL.Close()
		}
		logger.File.Error("host not started", "err", err)
		var open *server.OpenSessionError
		if errors.As(err, &open) {
			return openSessionRefusal(open, resumeCommand(fs, open.Latest.Code))
		}
		return err
	}
	if source == tokenMade {
		if err := privfile.Write(savedTokenPath(*db), []byte(token+"\n")); err != nil {
			fmt.Fprintf(stderr, "roundtable host: the facilitator token is not kept for the next start: %v\n", err)
		}
	}
	sshSrv, err := startSSH(sshOpts, h, *db, logger.Logger, sshL)
	if err != nil {
		h.Close()
		return err
	}
	if sshSrv != nil {
		defer sshSrv.Close()
	}
	start := hostStart{
		notes:  startNotes(h, fs, *logPath, source, *db),
		resume: resumeCommand(fs, h.Code) + tokenReminder(source),
	}
	if !*headless {
		var timers map[session.Phase]time.Duration
		if agendaFile.Agenda != nil {
			timers = agendaFile.Agenda.Timers
		}
		// The console takes the whole screen (and gives it back on quit):
		// these lines are what the terminal shows after it.
		printNotes(stdout, start)
		err := hostConsole(ctx, h, token, start, sshSrv, timers, stdout)
		logger.Info("host stopped", "session", h.SessionID, "err", err)
		return err
	}
	printJoin(stdout, h, token, sshSrv)
	printNotes(stdout, start)
	fmt.Fprintf(stdout, "Listening: %s\n", h.URL())
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, "Stopping: finishing commits and closing connections…")
		err := h.Close()
		stopSSH(sshSrv, h)
		logger.Info("host stopped", "session", h.SessionID, "err", err)
		return err
	case <-h.Done():
		h.Close()
		if err := h.Err(); err != nil {
			logger.Error("host stopped", "session", h.SessionID, "err", err)
			return fmt.Errorf("the host stopped: %w (to continue: %s)", err, start.resume)
		}
		return nil
	}
}

// listenSSH opens the SSH port when --ssh is given, so that a port in use
// stops the host before anything is written; nil otherwise.
func listenSSH(f sshFlags, db string) (net.Listener, error) {
	if *f.addr == "" {
		return nil, nil
	}
	if err := sshd.CheckFiles(sshHostKeyPath(db), sshStorePath(db)); err != nil {
		return nil, fmt.Errorf("SSH: %w", err)
	}
	l, err := net.Listen("tcp", *f.addr)
	if err != nil {
		return nil, fmt.Errorf("listening for SSH on %s: %w", *f.addr, err)
	}
	return l, nil
}

// hostStart is what a host says when it starts, besides how to join.
type hostStart struct {
	notes  []string // which session and why, settings ignored, files made private, the log
	resume string   // the command that starts this host again on this session
}

// startNotes says which session the host serves and why, which set-up
// flags were ignored, which database files were made private, where the
// log and the facilitator token are.
func startNotes(h *server.Host, fs *flag.FlagSet, logPath string, source tokenSource, db string) []string {
	var notes []string
	switch h.Start {
	case server.StartContinued:
		notes = append(notes, fmt.Sprintf("Continuing session %s %q, still open in the %s phase: same join code %s, participants reconnect by themselves.",
			h.SessionID, h.Title, h.Phase, h.Code),
			"(--new starts another session instead; --code CODE reopens an earlier one.)")
	case server.StartReopened:
		notes = append(notes, fmt.Sprintf("Reopened session %s %q, in the %s phase.", h.SessionID, h.Title, h.Phase))
	case server.StartNewAfterClosed:
		notes = append(notes, fmt.Sprintf("New session %s %q: the latest one, %s %q, is closed (reopen it with --code %s).",
			h.SessionID, h.Title, h.Previous.ID, h.Previous.Title, h.Previous.Code))
	default:
		notes = append(notes, fmt.Sprintf("New session %s %q.", h.SessionID, h.Title))
	}
	if h.Reopened {
		var ignored []string
		fs.Visit(func(f *flag.Flag) {
			if setupFlag(f.Name) {
				ignored = append(ignored, "--"+f.Name)
			}
		})
		if len(ignored) > 0 {
			from := ""
			if a := fs.Lookup("agenda"); a != nil && a.Value.String() != "" {
				from = " (given, or from --agenda, whose timers still apply)"
			}
			notes = append(notes, fmt.Sprintf("Ignored %s%s: set-up for a new session only; session %s keeps its own.", strings.Join(ignored, ", "), from, h.SessionID))
		}
	}
	for _, c := range h.Store.Tightened() {
		if c.Err != nil {
			notes = append(notes, fmt.Sprintf("Warning: %s is readable by other users (%v) and could not be made private: %v", c.Path, c.Was, c.Err))
			continue
		}
		notes = append(notes, fmt.Sprintf("Made %s readable by you only (it was %v, now %v): it holds names, feedback and votes.", c.Path, c.Was, c.Now))
	}
	notes = append(notes, fmt.Sprintf("Log: %s (JSON lines)", logPath))
	if source == tokenSaved || source == tokenMade {
		notes = append(notes, fmt.Sprintf("Facilitator token: kept in %s for the next start (delete the file for a new one).", savedTokenPath(db)))
	}
	return notes
}

// printNotes prints the start notes and the command that continues the
// session.
func printNotes(w io.Writer, s hostStart) {
	for _, n := range s.notes {
		fmt.Fprintln(w, n)
	}
	fmt.Fprintf(w, "To continue this session later, after a stop or a crash:\n  %s\n", s.resume)
}

// resumeCommand is the command that starts this host again the same way on
// the session with join code code: every flag given except those that only
// set up a new session or choose another one (and never --token's value),
// with --db and --code.
func resumeCommand(fs *flag.FlagSet, code string) string {
	drop := map[string]bool{"code": true, "session": true, "new": true, "token": true, "db": true}
	parts := []string{"roundtable", "host", "--db", shellQuote(fs.Lookup("db").Value.String())}
	fs.Visit(func(f *flag.Flag) {
		if drop[f.Name] || setupFlag(f.Name) {
			return
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if v := f.Value.String(); v == "true" {
				parts = append(parts, "--"+f.Name)
			} else {
				parts = append(parts, "--"+f.Name+"="+v)
			}
			return
		}
		parts = append(parts, "--"+f.Name, shellQuote(f.Value.String()))
	})
	return strings.Join(append(parts, "--code", code), " ")
}

// tokenReminder says how to give the facilitator token again when it was
// given by hand (the resume command never holds it).
func tokenReminder(source tokenSource) string {
	switch source {
	case tokenFlag:
		return "   (and your --token again; $" + tokenEnv + " keeps it out of the process list)"
	case tokenEnvVar:
		return "   (with $" + tokenEnv + " set as now)"
	}
	return ""
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:,@%+=-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// openSessionRefusal explains why a new code was refused beside an open
// session, and the two ways on.
func openSessionRefusal(e *server.OpenSessionError, resume string) error {
	return usagef(`session %s %q (join code %s) is still open, in the %s phase, and no session has the join code %s.
  To continue it:         %s
  To start a new session: add --new (the open one stays in the database; --code %s reopens it)`,
		e.Latest.ID, e.Latest.Title, e.Latest.Code, e.Latest.Phase, e.Code, resume, e.Latest.Code)
}

// printJoin prints how to join: the code, the commands participants type,
// the TLS and SSH fingerprints, the facilitator token.
func printJoin(w io.Writer, h *server.Host, token string, ssh *sshd.Server) {
	state := "new session"
	switch h.Start {
	case server.StartContinued:
		state = "continued"
	case server.StartReopened:
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
	fmt.Fprintf(w, "\n  Facilitator token (keep it private): %s\n\n", token)
}
