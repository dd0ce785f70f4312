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
)

// runBench runs `roundtable bench`: the load generator of the bench
// package, against a hub it starts in a child process (this binary with
// --serve-hub), in this process (--in-process), or at --url.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("participants", 1000, "simulated participants (1 to 10000)")
	d := fs.Duration("duration", bench.DefaultDuration, "length of the workshop load")
	url := fs.String("url", "", "benchmark the hub at this address instead of starting one (needs --code and --token)")
	code := fs.String("code", "", "join code of the hub at --url")
	token := fs.String("token", "", "facilitator token of the hub at --url")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	rate := fs.Float64("rate", 0, "commands per second offered by all participants together (default: one per participant every 5 s, at most 100000/participants, at least 5)")
	rounds := fs.Int("rounds", 0, "raw and quiet fan-out rounds (default 100; 40 above 1000 participants)")
	inProcess := fs.Bool("in-process", false, "run the hub in this process (its CPU and memory then include the bots')")
	profile := fs.String("profile", "", "write the hub's CPU profile of the load and a heap profile into this directory")
	quiet := fs.Bool("quiet", false, "do not report progress on stderr")
	ping := fs.Duration("ping", 0, "ping period of the hub it starts (default: the shipped 25s; shorter only for a diagnosis)")
	peer := fs.Bool("peer", false, "side by side with Centrifugo "+bench.CentrifugoVersion+" (built into a cache folder): see --sizes, --peer-rounds, --samples")
	pf := addPeerFlags(fs)
	serveHub := fs.Bool("serve-hub", false, "internal: be the hub process of a bench")
	setUsage(fs, stderr, "roundtable bench [--participants 1000] [--duration 90s] [--url ws://…] [--json] | bench --peer [--sizes 1000,5000,10000] [--peer-rounds 3]",
		`Measures a hub under a workshop's load: N real websocket participants posting, voting and
commenting, with latencies, the hub's CPU and memory, and the raw fan-out baseline in the
same run. The hub runs in a child process unless --in-process or --url is given, with the
settings roundtable host ships (the 25 s ping included; --ping shortens it, for a diagnosis).
--peer instead runs roundtable host and Centrifugo side by side, in alternating rounds.
docs/BENCHMARKS.md has the figures and the commands behind them.`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *ping < 0 {
		return usagef("--ping must be positive, not %v", *ping)
	}
	if *serveHub {
		return bench.ServeHub(ctx, os.Stdin, stdout, *ping)
	}
	if *peer {
		return runPeer(ctx, pf, *asJSON, *quiet, stdout, stderr)
	}
	if *n < 1 {
		return usagef("--participants must be 1 to 10000, not %d", *n)
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
			return fmt.Errorf("finding this program to start the hub process: %w (try --in-process)", err)
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
