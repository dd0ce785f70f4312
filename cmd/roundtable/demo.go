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
	"time"

	"roundtable/internal/demo"
	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
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
}

func parseDemo(args []string, stderr io.Writer) (demoOptions, error) {
	var o demoOptions
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.participants, "participants", 12, "how many simulated participants join")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", `address to listen on (":0" lets other machines join)`)
	fs.Float64Var(&o.speed, "speed", 1, "pace of the simulated participants (2 is twice as fast)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary database afterwards, to export the session")
	fs.BoolVar(&o.noConsole, "no-console", false, "no console: a scripted facilitator moves through the phases")
	fs.DurationVar(&o.duration, "duration", 0, "with --no-console: run at least this long (default: one pass through the phases)")
	fs.DurationVar(&o.every, "every", 40*time.Second, "with --no-console: time in each phase")
	fs.Uint64Var(&o.seed, "seed", uint64(time.Now().UnixNano()), "seed of the participants' choices")
	fs.BoolVar(&o.verbose, "v", false, "also log the hub's connections and the refused commands to stderr (the log file beside the database has them)")
	setUsage(fs, stderr, "roundtable demo [--participants 12] [--addr 127.0.0.1:0] [--speed 1] [--keep] [--no-console]", `Tries Roundtable on this machine: a host on a temporary database, simulated participants
(bots posting, voting and commenting in English and Azerbaijani), and the facilitator
console in this terminal. Press > to move through the phases and ? for every key. With
--no-console a scripted facilitator moves through the phases instead. The database and
its log (DB.log) are deleted at the end unless --keep is given.`)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, usagef("unexpected argument %q", fs.Arg(0))
	case o.participants < 1 || o.participants > 5000:
		return o, usagef("--participants must be 1 to 5000, got %d", o.participants)
	case o.speed <= 0:
		return o, usagef("--speed must be above 0, got %g", o.speed)
	case o.every < 100*time.Millisecond:
		return o, usagef("--every must be at least 100ms, got %s", o.every)
	}
	return o, nil
}

// runDemo is `roundtable demo [--participants 12] [--addr 127.0.0.1:0]
// [--speed 1] [--keep] [--no-console]`: a host on a temporary database,
// simulated participants, and the facilitator console (or, with
// --no-console, a scripted facilitator). open is the console; nil makes
// the demo refuse to run without --no-console.
func runDemo(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, open demoConsole) error {
	o, err := parseDemo(args, stderr)
	if err != nil {
		return err
	}
	if !o.noConsole && open == nil {
		return usagef("this build has no facilitator console; run with --no-console")
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
		return err
	}
	token := server.NewToken()
	h, err := server.StartHost(ctx, server.HostConfig{
		Addr: o.addr, DB: db, Title: "digital.leadership — Rəqəmsal gələcək (demo)", Logger: logger.Logger,
		FacilitatorHash: server.HashToken(token),
		// Every bot dials from 127.0.0.1: the per-address limits, meant for
		// strangers, would hold back a demo of more than a hundred.
		AddrLimits: server.AddrLimits{Off: true},
	})
	if err != nil {
		logger.Close()
		os.RemoveAll(dir)
		return err
	}
	defer func() {
		h.Close()
		logger.Close()
		if o.keep {
			fmt.Fprintf(stdout, "The demo session is kept in %s\n  roundtable export --db %s --session latest\n", db, db)
			return
		}
		os.RemoveAll(dir)
	}()
	fmt.Fprintf(stdout, "Roundtable demo: %d simulated participants on %s\n", o.participants, h.URL())
	fmt.Fprintf(stdout, "  Join it yourself:  roundtable join %s --code %s\n", h.JoinAddrs()[0], h.Code)
	if o.keep {
		fmt.Fprintf(stdout, "  Database: %s (kept at the end)\n", db)
	} else {
		fmt.Fprintf(stdout, "  Database: %s (deleted at the end; --keep keeps it)\n", db)
	}
	fmt.Fprintf(stdout, "  Log: %s\n", logger.Path)

	bots, err := demo.Start(ctx, demo.Config{URL: h.URL(), Code: h.Code, Participants: o.participants, Speed: o.speed, Seed: o.seed, Logf: logf})
	if err != nil {
		return err
	}
	defer bots.Stop()
	if !o.noConsole {
		return open(ctx, h, token, stdin, stdout)
	}
	return scriptDemo(ctx, h, token, bots, o, stdout)
}

// scriptDemo moves the demo through its phases without a console, one
// line per phase, and waits until --duration has passed.
func scriptDemo(ctx context.Context, h *server.Host, token string, bots *demo.Bots, o demoOptions, stdout io.Writer) error {
	start := time.Now()
	fac, err := client.Dial(ctx, client.Config{URL: h.URL(), Token: token})
	if err != nil {
		return err
	}
	defer fac.Close()
	line := func(what string) {
		st := fac.State()
		fmt.Fprintf(stdout, "%6s  %-8s  %d online, %d ideas, %d groups  |  bots: %v\n",
			time.Since(start).Round(time.Second), what, len(fac.Online()), len(st.Ideas), len(st.Groups), bots.Stats())
	}
	script := demo.Script{Client: fac, Every: o.every, Report: func(p session.Phase, _ *session.State) { line(string(p)) }}
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
		return fmt.Errorf("the host stopped: %w", err)
	}
	return nil
}

// demoConsoleOpener returns the facilitator console for the demo: quitting
// it ends the demo.
func demoConsoleOpener() demoConsole {
	return func(ctx context.Context, h *server.Host, token string, stdin io.Reader, stdout io.Writer) error {
		return openConsole(ctx, consoleTarget{URL: h.URL(), Token: token, Code: h.Code, JoinAddrs: h.JoinAddrs(), StopsHost: true}, stdin, stdout)
	}
}
