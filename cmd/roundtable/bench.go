package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"

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
	serveHub := fs.Bool("serve-hub", false, "internal: be the hub process of a bench")
	setUsage(fs, stderr, "roundtable bench [--participants 1000] [--duration 30s] [--url ws://…] [--json]",
		`Measures a hub under a workshop's load: N real websocket participants posting, voting and
commenting, with latencies, the hub's CPU and memory, and the raw fan-out baseline in the
same run. The hub runs in a child process unless --in-process or --url is given.
docs/BENCHMARKS.md has the figures and the commands behind them.`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *serveHub {
		return bench.ServeHub(ctx, os.Stdin, stdout)
	}
	if *n < 1 {
		return usagef("--participants must be 1 to 10000, not %d", *n)
	}
	cfg := bench.Config{
		Participants: *n, Duration: *d, URL: *url, Code: *code, Token: *token,
		Rate: *rate, Rounds: *rounds, ProfileDir: *profile,
	}
	if !*quiet {
		cfg.Logf = func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	}
	if *url == "" && !*inProcess {
		self, err := os.Executable()
		if err != nil {
			return fmt.Errorf("finding this program to start the hub process: %w (try --in-process)", err)
		}
		cfg.HubCommand = func() *exec.Cmd { return exec.Command(self, "bench", "--serve-hub") }
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
