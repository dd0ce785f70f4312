package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/tui/wall"
)

// wallOptions are the command line of `roundtable wall`.
type wallOptions struct {
	host, code, show string
	trust            trustFlags
}

func parseWall(args []string, stderr io.Writer) (wallOptions, error) {
	var o wallOptions
	fs := flag.NewFlagSet("wall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.code, "code", "", "the session's join code")
	fs.StringVar(&o.show, "show", "", `the address to show participants in "roundtable join …" (default: HOST:PORT as given)`)
	o.trust = addTrustFlags(fs)
	setUsage(fs, stderr, "roundtable wall HOST:PORT --code CODE [--show ADDRESS] [--fingerprint SHA256 | --ca FILE]",
		`A read-only view of the session for a projector: the join instructions, the ideas and,
once revealed, the votes. It never shows who wrote what.`)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		o.host = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return o, err
		}
		if fs.NArg() > 0 {
			return o, usagef("unexpected argument %q (give one address)", fs.Arg(0))
		}
	}
	switch {
	case o.host == "":
		return o, usagef("give the host's address: roundtable wall HOST:PORT --code CODE")
	case strings.TrimSpace(o.code) == "":
		return o, usagef("give the join code: roundtable wall %s --code CODE", o.host)
	}
	if o.show == "" {
		o.show = o.host
	}
	return o, o.trust.check()
}

// runWall is `roundtable wall HOST:PORT --code CODE`: it joins as an
// observer and shows the session large, for a projector.
func runWall(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, err := parseWall(args, stderr)
	if err != nil {
		return err
	}
	dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	cfg := client.Config{URL: o.host, Code: o.code, Observer: true}
	o.trust.apply(&cfg)
	c, err := client.Dial(dctx, cfg)
	cancel()
	if err != nil {
		return fmt.Errorf("joining %s: %w", o.host, err)
	}
	defer c.Close()
	join := "roundtable join " + o.show + " --code " + strings.ToUpper(strings.TrimSpace(o.code))
	m := wall.New(c, wall.Options{Dark: true, Join: join})
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
