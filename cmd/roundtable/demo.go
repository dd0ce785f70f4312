package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"roundtable/internal/demo"
	"roundtable/lang"
	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/session/store"
)

// demoConsole opens the facilitator console on the demo's host, with the
// facilitator token, and returns when the facilitator quits.
type demoConsole func(ctx context.Context, h *server.Host, token string, stdin io.Reader, stdout io.Writer) error

// demoOptions are the flags of `roundtable demo`.
type demoOptions struct {
	participants int
	addr         string
	speed        float64
	keep         bool
	noConsole    bool
	duration     time.Duration
	every        time.Duration
	seed         uint64
	verbose      bool
	// Issue 16: a programme of two sessions (day 1 at breakout tables,
	// day 2 carrying day 1's items), and how many tables.
	programme string
	tables    int
}

func parseDemo(args []string, p *lang.Printer, stderr io.Writer) (demoOptions, error) {
	var o demoOptions
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.participants, "participants", 12, p.S("cli.demo.flag.participants"))
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", p.S("cli.demo.flag.addr"))
	fs.Float64Var(&o.speed, "speed", 1, p.S("cli.demo.flag.speed"))
	fs.BoolVar(&o.keep, "keep", false, p.S("cli.demo.flag.keep"))
	fs.BoolVar(&o.noConsole, "no-console", false, p.S("cli.demo.flag.no_console"))
	fs.DurationVar(&o.duration, "duration", 0, p.S("cli.demo.flag.duration"))
	fs.DurationVar(&o.every, "every", 40*time.Second, p.S("cli.demo.flag.every"))
	fs.Uint64Var(&o.seed, "seed", uint64(time.Now().UnixNano()), p.S("cli.demo.flag.seed"))
	fs.BoolVar(&o.verbose, "v", false, p.S("cli.demo.flag.v"))
	fs.StringVar(&o.programme, "programme", "", p.S("programme.demo.flag.programme"))
	fs.IntVar(&o.tables, "tables", 0, p.S("programme.demo.flag.tables"))
	addLangFlag(fs, p.S("cli.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.demo.usage_line"), p.S("cli.demo.about"))
	if err := parseFlags(fs, p, args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, usageError{p.S("cli.unexpected_argument", "Arg", fs.Arg(0))}
	case o.participants < 1 || o.participants > 5000:
		return o, usageError{p.S("cli.demo.participants_range", "Value", o.participants)}
	case o.speed <= 0:
		return o, usageError{p.S("cli.demo.speed_range", "Value", strconv.FormatFloat(o.speed, 'g', -1, 64))}
	case o.every < 100*time.Millisecond:
		return o, usageError{p.S("cli.demo.every_range", "Value", o.every)}
	case o.programme != "" && !store.ValidProgramme(o.programme):
		return o, usageError{p.S("programme.demo.bad_name", "Value", o.programme)}
	case o.tables < 0 || o.tables == 1 || o.tables > session.MaxTables:
		return o, usageError{p.S("programme.demo.tables_range", "Value", o.tables, "Max", session.MaxTables)}
	}
	if o.programme != "" && o.tables == 0 {
		// a table of five or six, from two to nine tables
		o.tables = min(9, max(2, o.participants/6))
	}
	return o, nil
}

// runDemo is `roundtable demo [--participants 12] [--addr 127.0.0.1:0]
// [--speed 1] [--keep] [--no-console]`: a host on a temporary database,
// simulated participants, and the facilitator console (or, with
// --no-console, a scripted facilitator). open is the console; nil makes
// the demo refuse to run without --no-console.
func runDemo(ctx context.Context, p *lang.Printer, args []string, stdin io.Reader, stdout, stderr io.Writer, open demoConsole) error {
	o, err := parseDemo(args, p, stderr)
	if err != nil {
		return err
	}
	if !o.noConsole && open == nil {
		return usageError{p.S("cli.demo.no_console")}
	}
	dir, err := os.MkdirTemp("", "roundtable-demo-")
	if err != nil {
		return err
	}
	db := filepath.Join(dir, "demo.db")
	logf := func(string, ...any) {}
	var echo io.Writer
	if o.verbose {
		logf = log.New(stderr, "", log.LstdFlags).Printf
		echo = stderr
	}
	logger, err := openHostLog(db+".log", echo)
	if err != nil {
		os.RemoveAll(dir)
		return sayErr{p.S("cli.log.open", "Err", err), err}
	}
	days := []demoDay{{title: "digital.leadership — Rəqəmsal gələcək (demo)", tables: o.tables}}
	if o.programme != "" {
		days = []demoDay{
			{title: o.programme + " — Day 1: Rəqəmsal gələcək (demo)", day: 1, tables: o.tables},
			{title: o.programme + " — Day 2: Yol xəritəsi (demo)", day: 2, carry: true},
		}
	}
	defer func() {
		logger.Close()
		if o.keep {
			export := "roundtable export --db " + db + " --session latest"
			if o.programme != "" {
				export = "roundtable export --db " + db + " --programme " + o.programme + " --format html -o roadmap.html"
			}
			fmt.Fprintf(stdout, "%s\n  %s\n", p.S("cli.demo.kept", "Path", db), export)
			return
		}
		os.RemoveAll(dir)
	}()
	var tokens []string // the bots' resume tokens of the day before
	for k, d := range days {
		if k > 0 {
			fmt.Fprintln(stdout, p.S("programme.demo.next_day", "Day", d.day))
		}
		var err error
		if tokens, err = runDemoDay(ctx, p, o, d, db, logger, logf, tokens, stdin, stdout, open); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
	}
	return nil
}

// demoDay is one session of the demo: the only one, or a day of the
// programme (issue 16).
type demoDay struct {
	title  string
	day    int  // 0: not in a programme
	tables int  // breakout tables on this day (0: none)
	carry  bool // start from the previous day's road map and candidates
}

// runDemoDay hosts one session of the demo on db with its bots (who join
// as the same people as the day before, with its tokens) and its console or
// script, and returns the bots' tokens when it ends.
func runDemoDay(ctx context.Context, p *lang.Printer, o demoOptions, d demoDay, db string, logger *hostLog, logf func(string, ...any), earlier []string, stdin io.Reader, stdout io.Writer, open demoConsole) ([]string, error) {
	token := server.NewToken()
	cfg := server.HostConfig{
		Addr: o.addr, DB: db, Title: d.title, Logger: logger.Logger,
		FacilitatorHash: server.HashToken(token),
		// Every bot dials from 127.0.0.1: the per-address limits, meant for
		// strangers, would hold back a demo of more than a hundred.
		AddrLimits: server.AddrLimits{Off: true},
	}
	if d.day > 0 {
		cfg.Programme = server.ProgrammeConfig{Programme: o.programme, Day: d.day, Carry: d.carry,
			TableLabel: func(pr session.Promotion) string { return p.S("programme.table", "No", pr.No) }}
	}
	h, err := server.StartHost(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// Held like any host's session, so that sessions shows it hosted and
	// purge leaves it alone while the demo runs (--keep).
	lock, _ := lockSession(db, h.SessionID)
	defer func() {
		h.Close()
		lock.release()
	}()
	fmt.Fprintln(stdout, p.N("cli.demo.banner", o.participants, "URL", h.URL()))
	fmt.Fprintf(stdout, "  %s  roundtable join %s --code %s\n", p.S("cli.demo.join_yourself"), h.JoinAddrs()[0], h.Code)
	if o.keep {
		fmt.Fprintf(stdout, "  %s\n", p.S("cli.demo.db_kept", "Path", db))
	} else {
		fmt.Fprintf(stdout, "  %s\n", p.S("cli.demo.db_deleted", "Path", db))
	}
	fmt.Fprintf(stdout, "  %s\n", p.S("cli.demo.log", "Path", logger.Path))

	bots, err := demo.Start(ctx, demo.Config{URL: h.URL(), Code: h.Code, Participants: o.participants, Speed: o.speed, Seed: o.seed, Logf: logf, Earlier: earlier})
	if err != nil {
		return nil, err
	}
	defer bots.Stop()
	if !o.noConsole {
		err = open(ctx, h, token, stdin, stdout)
	} else {
		err = scriptDemo(ctx, p, h, token, bots, o, d, stdout)
	}
	return bots.Tokens(), err
}

// scriptDemo moves the demo through its phases without a console, one
// line per phase, and waits until --duration has passed.
func scriptDemo(ctx context.Context, p *lang.Printer, h *server.Host, token string, bots *demo.Bots, o demoOptions, d demoDay, stdout io.Writer) error {
	start := time.Now()
	fac, err := client.Dial(ctx, client.Config{URL: h.URL(), Token: token})
	if err != nil {
		return err
	}
	defer fac.Close()
	line := func(what string) {
		st := fac.State()
		tables := ""
		if n := len(st.OpenTables()); n > 0 { // issue 16
			tables = ", " + p.N("programme.demo.tables", n)
		}
		fmt.Fprintf(stdout, "%6s  %-8s  %s, %s, %s%s  |  %s %v\n",
			time.Since(start).Round(time.Second), what, p.N("cli.demo.online", len(fac.Online())), p.N("common.ideas", len(st.Ideas)),
			p.N("cli.demo.groups", len(st.Groups)), tables, p.S("cli.demo.bots"), bots.Stats())
	}
	script := demo.Script{Client: fac, Every: o.every, Report: func(p session.Phase, _ *session.State) { line(string(p)) },
		Tables: d.tables, Consent: 5} // issue 16: a consent round on every placed item
	if err := script.Run(ctx); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
	if rest := o.duration - time.Since(start); rest > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(rest):
		case <-h.Done():
		}
	}
	line("end")
	if err := h.Err(); err != nil {
		return sayErr{p.S("cli.demo.host_stopped", "Err", err), err}
	}
	return nil
}

// demoConsoleOpener returns the facilitator console for the demo, speaking
// p's language: quitting it ends the demo.
func demoConsoleOpener(p *lang.Printer) demoConsole {
	return func(ctx context.Context, h *server.Host, token string, stdin io.Reader, stdout io.Writer) error {
		return openConsole(ctx, p, consoleTarget{URL: h.URL(), Token: token, Code: h.Code, JoinAddrs: h.JoinAddrs(), StopsHost: true, Lang: p.Tag()}, stdin, stdout)
	}
}
