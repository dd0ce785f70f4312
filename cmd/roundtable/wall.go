package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/tui/wall"
)

// wallOptions are the command line of `roundtable wall`.
type wallOptions struct {
	host, code, show string
	trust            trustFlags
}

func parseWall(args []string, p *lang.Printer, stderr io.Writer) (wallOptions, error) {
	var o wallOptions
	fs := flag.NewFlagSet("wall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.code, "code", "", p.S("cli.wall.flag.code"))
	fs.StringVar(&o.show, "show", "", p.S("cli.wall.flag.show"))
	o.trust = addTrustFlags(fs, p)
	addLangFlag(fs, p.S("cli.wall.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.wall.usage_line"), p.S("cli.wall.about"))
	if err := parseFlags(fs, p, args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		o.host = fs.Arg(0)
		if err := parseFlags(fs, p, fs.Args()[1:]); err != nil {
			return o, err
		}
		if fs.NArg() > 0 {
			return o, usageError{p.S("cli.unexpected_argument_address", "Arg", fs.Arg(0))}
		}
	}
	switch {
	case o.host == "":
		return o, usageError{p.S("cli.wall.no_address")}
	case strings.TrimSpace(o.code) == "":
		return o, usageError{p.S("cli.wall.no_code", "Host", o.host)}
	}
	if _, err := hubAddrs(p, o.host); err != nil {
		return o, err
	}
	if o.show == "" {
		o.show = o.host
	}
	return o, o.trust.check()
}

// runWall is `roundtable wall HOST:PORT --code CODE`: it joins as an
// observer and shows the session large, for a projector. The address may
// be the nodes of a cluster separated by commas (issue 17).
func runWall(ctx context.Context, p *lang.Printer, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, err := parseWall(args, p, stderr)
	if err != nil {
		return err
	}
	urls, err := hubAddrs(p, o.host)
	if err != nil {
		return err
	}
	dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	cfg := client.Config{URLs: urls, Code: o.code, Observer: true}
	o.trust.apply(&cfg)
	c, err := client.Dial(dctx, cfg)
	cancel()
	if err != nil {
		return sayErr{p.S("cli.wall.joining", "Host", o.host, "Err", err), err}
	}
	defer c.Close()
	join := "roundtable join " + o.show + " --code " + strings.ToUpper(strings.TrimSpace(o.code))
	m := wall.New(c, wall.Options{Dark: true, Join: join, Lang: p.Tag()})
	prog := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	_, err = prog.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
