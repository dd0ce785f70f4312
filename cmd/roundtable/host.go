package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"

	"roundtable/internal/privfile"
	"roundtable/lang"
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

// setupFlag reports whether name is a host flag that only sets up a new
// session.
func setupFlag(name string) bool {
	switch name {
	case "title", "topics", "votes", "cap", "anonymous", "horizons", "private-ideas", "anon-k":
		return true
	}
	return programmeSetupFlag(name) // issue 16: programme.go
}

// defaultTopics and defaultHorizons are the names a new session gets
// when the facilitator gives none, in p's language; nil in English, where
// the session's own defaults are these.
func defaultTopics(p *lang.Printer) []string {
	if p.Tag() == lang.EN {
		return nil
	}
	return []string{p.S("cli.default.topic.development"), p.S("cli.default.topic.coordination"),
		p.S("cli.default.topic.integration"), p.S("cli.default.topic.miscellaneous")}
}

func defaultHorizons(p *lang.Printer) []string {
	if p.Tag() == lang.EN {
		return nil
	}
	return []string{p.S("cli.default.horizon.now"), p.S("cli.default.horizon.next"), p.S("cli.default.horizon.later")}
}

// listOr is a comma-separated list given on the command line, or def when
// none was given.
func listOr(given string, def []string) []string {
	if l := splitList(given); l != nil {
		return l
	}
	return def
}

func runHost(ctx context.Context, p *lang.Printer, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(stderr)
	topicsEN, horizonsEN := strings.Join(session.DefaultTopics(), ","), strings.Join(session.DefaultSettings().Horizons, ",")
	if t := defaultTopics(p); t != nil {
		topicsEN, horizonsEN = strings.Join(t, ","), strings.Join(defaultHorizons(p), ",")
	}
	addr := fs.String("addr", ":7777", p.S("cli.host.flag.addr"))
	db := fs.String("db", "roundtable.db", p.S("cli.host.flag.db"))
	title := fs.String("title", "", p.S("cli.host.flag.title"))
	topics := fs.String("topics", "", p.S("cli.host.flag.topics", "Default", topicsEN))
	code := fs.String("code", "", p.S("cli.host.flag.code"))
	newSession := fs.Bool("new", false, p.S("cli.host.flag.new"))
	votes := fs.Int("votes", 5, p.S("cli.host.flag.votes"))
	capPer := fs.Int("cap", 3, p.S("cli.host.flag.cap"))
	anonymous := fs.Bool("anonymous", true, p.S("cli.host.flag.anonymous"))
	horizons := fs.String("horizons", "", p.S("cli.host.flag.horizons", "Default", horizonsEN))
	privateIdeas := fs.Bool("private-ideas", false, p.S("agenda.host.flag.private_ideas"))            // issue 15
	anonK := fs.Int("anon-k", session.DefaultAnonK, p.S("anon.flag.anon_k", "Max", session.MaxAnonK)) // issue 15
	sessionID := fs.String("session", "", p.S("cli.host.flag.session"))
	tok := addTokenFlags(fs, p, p.S("cli.host.flag.token"))
	origins := fs.String("allow-origin", "", p.S("cli.host.flag.allow_origin"))
	headless := fs.Bool("headless", false, p.S("cli.host.flag.headless"))
	quiet := fs.Bool("quiet", false, p.S("cli.host.flag.quiet"))
	logPath := fs.String("log", "", p.S("cli.host.flag.log"))
	tlsCert := fs.String("tls-cert", "", p.S("cli.host.flag.tls_cert"))
	tlsKey := fs.String("tls-key", "", p.S("cli.host.flag.tls_key"))
	sshOpts := addSSHFlags(fs, p)
	retain := addRetainFlag(fs, p)
	agendaFile := addAgendaFlag(fs, p) // fills the set-up flags above from a file; see agenda.go
	// issue 16: programme.go
	programme := addProgrammeFlags(fs, p)
	addLangFlag(fs, p.S("cli.host.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.host.usage_line"), p.S("cli.host.about"))
	if err := parseFlags(fs, p, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{p.S("cli.unexpected_argument", "Arg", fs.Arg(0))}
	}
	if *newSession && *sessionID != "" {
		return usageError{p.S("cli.host.new_and_session")}
	}
	progCfg, err := programme.config(p, fs, agendaFile) // issue 16
	if err != nil {
		return err
	}
	token, source, err := hostToken(p, tok, *db)
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
		return sayErr{p.S("cli.log.open", "Err", err), err}
	}
	defer logger.Close()

	// Every port is open before anything is written: a host that cannot
	// serve leaves the database as it was.
	sshL, err := listenSSH(p, sshOpts, *db)
	if err != nil {
		return err
	}
	cfg := server.HostConfig{
		Addr: *addr, DB: *db, Session: *sessionID, Code: *code, New: *newSession, FacilitatorHash: server.HashToken(token),
		Title: *title, Topics: listOr(*topics, defaultTopics(p)), Votes: *votes, Cap: *capPer,
		Anonymous: anonymous, Horizons: listOr(*horizons, defaultHorizons(p)), Lang: sessionLang(p.Tag()), AnonK: *anonK,
		AllowedOrigins: splitList(*origins), Logger: logger.Logger,
		TLSCert: *tlsCert, TLSKey: *tlsKey,
		Agenda: agendaFile.Agenda.plan(), PrivateIdeas: *privateIdeas, // issue 15
		Programme: progCfg, // issue 16
	}
	h, err := server.StartHost(ctx, cfg)
	if err != nil {
		if sshL != nil {
			sshL.Close()
		}
		logger.File.Error("host not started", "err", err)
		var open *server.OpenSessionError
		if errors.As(err, &open) {
			return openSessionRefusal(p, open, resumeCommand(fs, open.Latest.Code))
		}
		if said := purgedProblem(p, err); said != nil {
			return said
		}
		return err
	}
	// The session is this process's while it runs: roundtable purge and
	// other hosts' retention leave it alone, and a second host on it stops.
	lock, err := lockSession(*db, h.SessionID)
	if err != nil {
		logger.File.Error("host not started", "err", err)
		h.Close()
		if sshL != nil {
			sshL.Close()
		}
		var held *heldError
		if errors.As(err, &held) {
			return sayErr{p.S("data.host.held", "ID", held.ID, "PID", held.PID, "Path", held.Path), err}
		}
		return err
	}
	defer lock.release()
	if source == tokenMade {
		if err := privfile.Write(savedTokenPath(*db), []byte(token+"\n")); err != nil {
			fmt.Fprintf(stderr, "roundtable host: %s\n", p.S("cli.host.token_not_kept", "Err", err))
		}
	}
	sshSrv, err := startSSH(sshOpts, h, *db, logger.Logger, sshL, p.Tag())
	if err != nil {
		h.Close()
		return err
	}
	if sshSrv != nil {
		defer sshSrv.Close()
	}
	start := hostStart{
		notes:       programme.withNotes(p, h, startNotes(p, h, fs, *logPath, source, *db)), // issue 16
		resume:      resumeCommand(fs, h.Code) + tokenReminder(p, source),
		beforeClose: startRetention(ctx, h, *db, retain.d, logger.Logger),
		db:          *db,
		log:         logger.File,
	}
	if retain.d > 0 {
		start.notes = append(start.notes, hostNote{text: p.S("data.retain.note", "Retain", retain.String())})
	}
	if !*headless {
		// The console takes the whole screen (and gives it back on quit):
		// these lines are what the terminal shows after it.
		printNotes(p, stdout, start)
		err := hostConsole(ctx, p, h, token, start, sshSrv, stdout)
		logger.Info("host stopped", "session", h.SessionID, "err", err)
		return err
	}
	printJoin(p, stdout, h, token, sshSrv)
	printNotes(p, stdout, start)
	fmt.Fprintln(stdout, p.S("cli.host.listening", "URL", h.URL()))
	fmt.Fprintln(stdout, p.S("cli.host.ctrl_c"))
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, p.S("cli.host.stopping"))
		start.beforeClose()
		err := h.Close()
		stopSSH(sshSrv, h)
		logger.Info("host stopped", "session", h.SessionID, "err", err)
		return err
	case <-h.Done():
		start.beforeClose()
		h.Close()
		if err := h.Err(); err != nil {
			logger.Error("host stopped", "session", h.SessionID, "err", err)
			return hostStopped(p, err, start.resume)
		}
		return nil
	}
}

// hostStopped is the error of a host that stopped by itself: why, and
// the command that continues the session.
func hostStopped(p *lang.Printer, err error, resume string) error {
	return sayErr{p.S("cli.host.stopped", "Err", err, "Resume", resume), err}
}

// listenSSH opens the SSH port when --ssh is given, so that a port in use
// stops the host before anything is written; nil otherwise.
func listenSSH(p *lang.Printer, f sshFlags, db string) (net.Listener, error) {
	if *f.addr == "" {
		return nil, nil
	}
	if err := sshd.CheckFiles(sshHostKeyPath(db), sshStorePath(db)); err != nil {
		return nil, fmt.Errorf("SSH: %w", err)
	}
	l, err := net.Listen("tcp", *f.addr)
	if err != nil {
		return nil, sayErr{p.S("cli.host.ssh_listen", "Addr", *f.addr, "Err", err), err}
	}
	return l, nil
}

// hostStart is what a host says when it starts, besides how to join.
type hostStart struct {
	notes  []hostNote // which session and why, settings ignored, files made private, the log
	resume string     // the command that starts this host again on this session
	// beforeClose stops what runs beside the host (its retention) and
	// waits for it; called before the host closes its store.
	beforeClose func()
	db          string       // the database file: the console's export dialog offers its folder
	log         *slog.Logger // the host's log file, for what goes wrong beside the console
}

// hostNote is one line of what a host says when it starts.
type hostNote struct {
	text string
	// terminalOnly: where a file is (the log, the token), for the
	// terminal after the console, not for the console's first notice.
	terminalOnly bool
}

// startNotes says which session the host serves and why, which set-up
// flags were ignored, which database files were made private, where the
// log and the facilitator token are.
func startNotes(p *lang.Printer, h *server.Host, fs *flag.FlagSet, logPath string, source tokenSource, db string) []hostNote {
	var notes []hostNote
	say := func(text string) { notes = append(notes, hostNote{text: text}) }
	switch h.Start {
	case server.StartContinued:
		say(p.S("cli.host.note.continuing", "ID", h.SessionID, "Title", h.Title, "Phase", h.Phase, "Code", h.Code))
		say(p.S("cli.host.note.continuing_hint"))
	case server.StartReopened:
		say(p.S("cli.host.note.reopened", "ID", h.SessionID, "Title", h.Title, "Phase", h.Phase))
	case server.StartNewAfterClosed:
		say(p.S("cli.host.note.new_after_closed", "ID", h.SessionID, "Title", h.Title,
			"PreviousID", h.Previous.ID, "PreviousTitle", h.Previous.Title, "PreviousCode", h.Previous.Code))
	default:
		say(p.S("cli.host.note.new", "ID", h.SessionID, "Title", h.Title))
	}
	if h.Reopened {
		var ignored []string
		fs.Visit(func(f *flag.Flag) {
			if setupFlag(f.Name) {
				ignored = append(ignored, "--"+f.Name)
			}
		})
		if len(ignored) > 0 {
			flags := strings.Join(ignored, ", ")
			if a := fs.Lookup("agenda"); a != nil && a.Value.String() != "" {
				say(p.S("agenda.host.ignored", "Flags", flags, "ID", h.SessionID))
			} else {
				say(p.S("cli.host.note.ignored", "Flags", flags, "ID", h.SessionID))
			}
		} else if plannedTimes(fs) {
			say(p.S("agenda.host.ignored_times", "ID", h.SessionID))
		}
	}
	for _, c := range h.Store.Tightened() {
		if c.Err != nil {
			say(p.S("cli.host.note.not_private", "Path", c.Path, "Was", c.Was, "Err", c.Err))
			continue
		}
		say(p.S("cli.host.note.made_private", "Path", c.Path, "Was", c.Was, "Now", c.Now))
	}
	notes = append(notes, hostNote{text: p.S("cli.host.note.log", "Path", logPath), terminalOnly: true})
	if source == tokenSaved || source == tokenMade {
		notes = append(notes, hostNote{text: p.S("cli.host.note.token_kept", "Path", savedTokenPath(db)), terminalOnly: true})
	}
	return notes
}

// printNotes prints the start notes and the command that continues the
// session.
func printNotes(p *lang.Printer, w io.Writer, s hostStart) {
	for _, n := range s.notes {
		fmt.Fprintln(w, n.text)
	}
	fmt.Fprintf(w, "%s\n  %s\n", p.S("cli.host.to_continue"), s.resume)
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
func tokenReminder(p *lang.Printer, source tokenSource) string {
	switch source {
	case tokenFlag:
		return "   " + p.S("cli.host.token_reminder.flag", "Env", "$"+tokenEnv)
	case tokenEnvVar:
		return "   " + p.S("cli.host.token_reminder.env", "Env", "$"+tokenEnv)
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
func openSessionRefusal(p *lang.Printer, e *server.OpenSessionError, resume string) error {
	return usageError{p.S("cli.host.open_session", "ID", e.Latest.ID, "Title", e.Latest.Title, "Code", e.Latest.Code,
		"Phase", e.Latest.Phase, "NewCode", e.Code, "Resume", resume)}
}

// printJoin prints how to join: the code, the commands participants type,
// the TLS and SSH fingerprints, the facilitator token.
func printJoin(p *lang.Printer, w io.Writer, h *server.Host, token string, ssh *sshd.Server) {
	state := p.S("cli.host.banner.new")
	switch h.Start {
	case server.StartContinued:
		state = p.S("cli.host.banner.continued")
	case server.StartReopened:
		state = p.S("cli.host.banner.reopened")
	}
	fmt.Fprintf(w, "%s\n\n", p.S("cli.host.banner.title", "Title", h.Title, "ID", h.SessionID, "State", state))
	fmt.Fprintf(w, "  %s\n\n", p.S("cli.host.banner.code", "Code", h.Code))
	fmt.Fprintf(w, "  %s\n", p.S("cli.host.banner.participants_type"))
	for _, a := range h.JoinAddrs() {
		if h.Fingerprint != "" {
			fmt.Fprintf(w, "    roundtable join wss://%s --code %s --fingerprint %s\n", a, h.Code, h.Fingerprint)
			continue
		}
		fmt.Fprintf(w, "    roundtable join %s --code %s\n", a, h.Code)
	}
	if h.Fingerprint != "" {
		fmt.Fprintf(w, "\n  %s\n    %s\n", p.S("cli.host.banner.tls_fingerprint"), h.Fingerprint)
	}
	printSSHJoin(p, w, ssh)
	fmt.Fprintf(w, "\n  %s\n\n", p.S("cli.host.banner.token", "Token", token))
}

// sessionLang is the language a new session records for its participants:
// the host's own, when it is one the session knows (English is the
// default, and the pseudo language is for tests).
func sessionLang(t lang.Tag) string {
	switch t {
	case lang.AZ, lang.RU:
		return string(t)
	}
	return ""
}
