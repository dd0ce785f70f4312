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
	"roundtable/lang"
)

// runSoak runs `roundtable soak`: the shipped binary as a host with its
// default settings, and a room of participants through bursts of activity
// and quiet spells longer than the ping period (bench.Soak). It fails when
// a connection dropped, a command was lost or a replica diverged.
func runSoak(ctx context.Context, p *lang.Printer, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("participants", bench.DefaultSoakParticipants, p.S("cli.soak.flag.participants"))
	d := fs.Duration("duration", bench.DefaultSoakDuration, p.S("cli.soak.flag.duration"))
	quiet := fs.Duration("quiet", bench.DefaultSoakQuiet, p.S("cli.soak.flag.quiet"))
	burst := fs.Duration("burst", bench.DefaultSoakBurst, p.S("cli.soak.flag.burst"))
	asJSON := fs.Bool("json", false, p.S("cli.flag.json"))
	hostBin := fs.String("host-bin", "", p.S("cli.soak.flag.host_bin"))
	keep := fs.Bool("keep", false, p.S("cli.soak.flag.keep"))
	oneAddr := fs.Bool("one-address", false, p.S("cli.soak.flag.one_address"))
	seed := fs.Uint64("seed", 0, p.S("cli.soak.flag.seed"))
	addLangFlag(fs, p.S("cli.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.soak.usage_line"), p.S("cli.soak.about"))
	if err := parseFlags(fs, p, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{p.S("cli.unexpected_argument", "Arg", fs.Arg(0))}
	}
	if *n < 1 || *n > 1000 {
		return usageError{p.S("cli.soak.participants_range", "Value", *n)}
	}
	if *hostBin == "" {
		self, err := os.Executable()
		if err != nil {
			return sayErr{p.S("cli.soak.no_self", "Err", err), err}
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
		return errors.New(p.S("cli.soak.failed", "Failures", strings.Join(res.Failures, "; ")))
	}
	return nil
}
