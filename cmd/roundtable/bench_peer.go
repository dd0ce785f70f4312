package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"roundtable/internal/bench"
)

// peerFlags are the flags of `roundtable bench --peer`.
type peerFlags struct {
	sizes      *string
	rounds     *int
	samples    *int
	centrifugo *string
}

func addPeerFlags(fs *flag.FlagSet) peerFlags {
	return peerFlags{
		sizes:      fs.String("sizes", "1000,5000,10000", "with --peer: subscribers per round, comma-separated"),
		rounds:     fs.Int("peer-rounds", 3, "with --peer: rounds of each server per size (alternating)"),
		samples:    fs.Int("samples", 30, "with --peer: measured publications per round"),
		centrifugo: fs.String("centrifugo", "", "with --peer: a Centrifugo binary to use instead of building "+bench.CentrifugoVersion),
	}
}

// runPeer runs `roundtable bench --peer`: this binary as `roundtable host`
// and Centrifugo, built once into the cache folder, side by side.
func runPeer(ctx context.Context, f peerFlags, asJSON, quiet bool, stdout, stderr io.Writer) error {
	sizes, err := bench.ParseSizes(*f.sizes)
	if err != nil {
		return usagef("--sizes: %v", err)
	}
	if *f.rounds < 1 || *f.samples < 1 {
		return usagef("--peer-rounds and --samples must be at least 1")
	}
	logf := func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	if quiet {
		logf = func(string, ...any) {}
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to run as the host: %w", err)
	}
	cf := *f.centrifugo
	if cf == "" {
		dir, err := bench.CentrifugoDir()
		if err != nil {
			return err
		}
		if cf, err = bench.BuildCentrifugo(ctx, dir, logf); err != nil {
			return err
		}
	}
	res, err := bench.RunPeer(ctx, bench.PeerConfig{HostBin: self, CentrifugoBin: cf, Sizes: sizes, Rounds: *f.rounds, Samples: *f.samples, Logf: logf})
	if res == nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if e := enc.Encode(res); e != nil {
			return e
		}
	} else {
		bench.WritePeerText(stdout, res)
	}
	return err
}
