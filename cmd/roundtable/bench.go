package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"roundtable/internal/bench"
	"roundtable/lang"
)

// runBench runs `roundtable bench`: the load generator of the bench
// package, against a hub it starts in a child process (this binary with
// --serve-hub), in this process (--in-process), or at --url.
func runBench(ctx context.Context, p *lang.Printer, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("participants", 1000, p.S("cli.bench.flag.participants"))
	d := fs.Duration("duration", bench.DefaultDuration, p.S("cli.bench.flag.duration"))
	url := fs.String("url", "", p.S("cli.bench.flag.url"))
	code := fs.String("code", "", p.S("cli.bench.flag.code"))
	token := fs.String("token", "", p.S("cli.bench.flag.token"))
	asJSON := fs.Bool("json", false, p.S("cli.flag.json"))
	rate := fs.Float64("rate", 0, p.S("cli.bench.flag.rate"))
	rounds := fs.Int("rounds", 0, p.S("cli.bench.flag.rounds"))
	inProcess := fs.Bool("in-process", false, p.S("cli.bench.flag.in_process"))
	profile := fs.String("profile", "", p.S("cli.bench.flag.profile"))
	quiet := fs.Bool("quiet", false, p.S("cli.bench.flag.quiet"))
	ping := fs.Duration("ping", 0, p.S("cli.bench.flag.ping"))
	peer := fs.Bool("peer", false, p.S("cli.bench.flag.peer", "Version", bench.CentrifugoVersion))
	pf := addPeerFlags(fs, p)
	serveHub := fs.Bool("serve-hub", false, "internal: be the hub process of a bench") // for the bench itself, never a person
	addLangFlag(fs, p.S("cli.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.bench.usage_line"), p.S("cli.bench.about"))
	if err := parseFlags(fs, p, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{p.S("cli.unexpected_argument", "Arg", fs.Arg(0))}
	}
	if *ping < 0 {
		return usageError{p.S("cli.bench.ping_negative", "Value", *ping)}
	}
	if *serveHub {
		return bench.ServeHub(ctx, os.Stdin, stdout, *ping)
	}
	if *peer {
		return runPeer(ctx, p, pf, *asJSON, *quiet, stdout, stderr)
	}
	if *n < 1 {
		return usageError{p.S("cli.bench.participants_range", "Value", *n)}
	}
	cfg := bench.Config{
		Participants: *n, Duration: *d, URL: *url, Code: *code, Token: *token,
		Rate: *rate, Rounds: *rounds, ProfileDir: *profile, PingPeriod: *ping,
	}
	if !*quiet {
		cfg.Logf = func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	}
	if *url == "" && !*inProcess {
		self, err := os.Executable()
		if err != nil {
			return sayErr{p.S("cli.bench.no_self", "Err", err), err}
		}
		cfg.HubCommand = func() *exec.Cmd { return exec.Command(self, hubArgs(*ping)...) }
	}
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	bench.WriteText(stdout, res)
	return nil
}

// hubArgs are the arguments of the bench's hub process: the shipped
// settings unless a ping period is asked for.
func hubArgs(ping time.Duration) []string {
	args := []string{"bench", "--serve-hub"}
	if ping > 0 {
		args = append(args, "--ping", ping.String())
	}
	return args
}
