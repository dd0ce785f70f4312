package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"roundtable/internal/bench"
)

// runSoak runs `roundtable soak`: the shipped binary as a host with its
// default settings, and a room of participants through bursts of activity
// and quiet spells longer than the ping period (bench.Soak). It fails when
// a connection dropped, a command was lost or a replica diverged.
func runSoak(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("participants", bench.DefaultSoakParticipants, "participants on the reconnecting client (1 to 1000)")
	d := fs.Duration("duration", bench.DefaultSoakDuration, "bursts and quiet spells together")
	quiet := fs.Duration("quiet", bench.DefaultSoakQuiet, "the typical quiet spell; they vary from 3/4 to 7/4 of it")
	burst := fs.Duration("burst", bench.DefaultSoakBurst, "each burst of activity")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	hostBin := fs.String("host-bin", "", "the roundtable binary to run as the host (default: this one)")
	keep := fs.Bool("keep", false, "keep the host's database, output and log")
	oneAddr := fs.Bool("one-address", false, "dial every participant from 127.0.0.1 (a room behind one NAT address) instead of one loopback address each")
	seed := fs.Uint64("seed", 0, "seed of the participants' choices (default: from the clock)")
	setUsage(fs, stderr, "roundtable soak [--participants 65] [--duration 10m] [--quiet 40s] [--burst 20s] [--json] [--host-bin PATH] [--keep] [--one-address] [--seed N]", `
Runs the shipped host (roundtable host --headless, default settings, on 127.0.0.1 and a
temporary database) and a room of participants through bursts of activity and quiet spells
longer than the ping period, then checks that no connection dropped, every command was
answered and every replica converged; exits 1 if not. Progress goes to stderr, the report
to stdout. docs/RELIABILITY.md, "Soak", explains it and gives the figures.`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *n < 1 || *n > 1000 {
		return usagef("--participants must be 1 to 1000, not %d", *n)
	}
	if *hostBin == "" {
		self, err := os.Executable()
		if err != nil {
			return fmt.Errorf("finding this program to run as the host: %w (give --host-bin)", err)
		}
		*hostBin = self
	}
	cfg := bench.SoakConfig{HostBin: *hostBin, Participants: *n, Duration: *d, Quiet: *quiet, Burst: *burst, Keep: *keep, Seed: *seed, OneAddress: *oneAddr,
		Logf: func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }}
	res, err := bench.Soak(ctx, cfg)
	if res != nil && res.HostCommand != "" { // the host started: say what the soak saw
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(res); err != nil {
				return err
			}
		} else {
			bench.WriteSoakText(stdout, res)
		}
	}
	if err != nil {
		return err
	}
	if !res.Passed() {
		return errors.New("the soak failed: " + strings.Join(res.Failures, "; "))
	}
	return nil
}
