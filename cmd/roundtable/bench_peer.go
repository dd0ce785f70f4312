package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"roundtable/internal/bench"
	"roundtable/lang"
)

// peerFlags are the flags of `roundtable bench --peer`.
type peerFlags struct {
	sizes      *string
	rounds     *int
	samples    *int
	centrifugo *string
}

func addPeerFlags(fs *flag.FlagSet, p *lang.Printer) peerFlags {
	return peerFlags{
		sizes:      fs.String("sizes", "1000,5000,10000", p.S("cli.bench.flag.sizes")),
		rounds:     fs.Int("peer-rounds", 3, p.S("cli.bench.flag.peer_rounds")),
		samples:    fs.Int("samples", 30, p.S("cli.bench.flag.samples")),
		centrifugo: fs.String("centrifugo", "", p.S("cli.bench.flag.centrifugo", "Version", bench.CentrifugoVersion)),
	}
}

// runPeer runs `roundtable bench --peer`: this binary as `roundtable host`
// and Centrifugo, built once into the cache folder, side by side.
func runPeer(ctx context.Context, p *lang.Printer, f peerFlags, asJSON, quiet bool, stdout, stderr io.Writer) error {
	sizes, err := bench.ParseSizes(*f.sizes)
	if err != nil {
		return usagef("--sizes: %v", err)
	}
	if *f.rounds < 1 || *f.samples < 1 {
		return usageError{p.S("cli.bench.peer_rounds")}
	}
	logf := func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	if quiet {
		logf = func(string, ...any) {}
	}
	self, err := os.Executable()
	if err != nil {
		return sayErr{p.S("cli.bench.no_self_host", "Err", err), err}
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
