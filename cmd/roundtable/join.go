package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/tui/join"
)

// runJoin is `roundtable join [HOST:PORT | ws://HOST:PORT] [--code CODE]
// [--name NAME] [--org INSTITUTION]`, the address possibly the nodes of a
// cluster separated by commas (issue 17): it asks for what is missing,
// connects, and runs the participant app. chosen is --lang as typed ("" when
// absent): the join flow prefers it, then the language kept from last
// time, then the environment's, then the session's, and notes an unknown one.
func runJoin(ctx context.Context, p *lang.Printer, chosen lang.Tag, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	given, trust, err := parseJoin(args, p, stderr)
	if err != nil {
		return err
	}
	j := &joiner{
		p:           p,
		lang:        chosen,
		trust:       trust,
		dial:        client.Dial,
		program:     runFlow,
		interactive: isTerminal(stdin) && isTerminal(stdout),
		stdin:       stdin,
		stdout:      stdout,
		stderr:      stderr,
		now:         time.Now,
	}
	if j.configPath, err = joinConfigPath(); err != nil {
		fmt.Fprintf(stderr, "roundtable join: %s\n", p.S("cli.join.cannot_remember", "Err", err))
	}
	return j.run(ctx, given)
}

// parseJoin reads the command line; flags may come before or after the
// address.
func parseJoin(args []string, p *lang.Printer, stderr io.Writer) (join.Answers, trustFlags, error) {
	var a join.Answers
	fs := flag.NewFlagSet("join", flag.ContinueOnError)
	trust := addTrustFlags(fs, p)
	fs.SetOutput(stderr)
	fs.StringVar(&a.Code, "code", "", p.S("cli.join.flag.code"))
	fs.StringVar(&a.Name, "name", "", p.S("cli.join.flag.name"))
	fs.StringVar(&a.Institution, "org", "", p.S("cli.join.flag.org"))
	addLangFlag(fs, p.S("cli.join.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.join.usage_line"), p.S("cli.join.about"))
	if err := parseFlags(fs, p, args); err != nil {
		return a, trust, err
	}
	if fs.NArg() > 0 {
		a.Host = fs.Arg(0)
		if err := parseFlags(fs, p, fs.Args()[1:]); err != nil {
			return a, trust, err
		}
		if fs.NArg() > 0 {
			return a, trust, usageError{p.S("cli.unexpected_argument_address", "Arg", fs.Arg(0))}
		}
	}
	// --lang as typed: the join flow prefers it, and notes one it does not know.
	a.Lang = lang.Tag(fs.Lookup("lang").Value.String())
	if a.Host != "" {
		if _, err := hubAddrs(p, a.Host); err != nil {
			return a, trust, err
		}
	}
	return a, trust, trust.check()
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// joiner is `roundtable join` with its outside world swappable for tests.
type joiner struct {
	p           *lang.Printer // what the command says
	lang        lang.Tag      // --lang as typed, "" when absent (the flow decides; see runJoin)
	trust       trustFlags    // how to trust a wss:// host
	dial        func(context.Context, client.Config) (*client.Client, error)
	program     func(ctx context.Context, m tea.Model, in io.Reader, out io.Writer) error // runs the join flow
	interactive bool                                                                      // a person is at a terminal to answer the form
	configPath  string
	stdin       io.Reader
	stdout      io.Writer
	stderr      io.Writer
	now         func() time.Time
}

// run runs the join flow (asking, connecting, asking again with the reason
// when that fails, then the participant app) until the participant quits,
// and says how to come back.
func (j *joiner) run(ctx context.Context, given join.Answers) error {
	store := openJoinFile(j.configPath, j.stderr, j.now)
	if !j.interactive && !given.Fill(store.Last()).Complete() {
		return usageError{j.p.S("cli.join.not_interactive")}
	}
	if given.Lang == "" {
		given.Lang = j.lang
	}
	flow := join.New(join.Config{
		Context: ctx,
		Given:   given,
		Getenv:  os.Getenv,
		AskHost: true,
		Ask:     j.interactive,
		Store:   store,
		Dial:    j.connect,
		// issue 16: the tokens of earlier sessions at the same hub (joinstore.go)
		DialEarlier: j.connectEarlier,
	})
	err := j.program(ctx, flow, j.stdin, j.stdout)
	flow.Close()
	if ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return err
	}
	if err := flow.Err(); err != nil {
		return err
	}
	c := flow.Client()
	switch {
	case c == nil: // gave up before joining
	case c.Status() == client.Ended:
		fmt.Fprintln(j.stdout, j.p.S("cli.join.ended"))
	default:
		fmt.Fprintln(j.stdout, j.p.S("cli.join.left"))
	}
	return nil
}

// connect dials the hub at the address the participant gave (or, given
// several separated by commas, the first of those nodes that answers),
// trusting a wss:// host as the flags say; resume, when set, comes back as
// the same participant.
func (j *joiner) connect(ctx context.Context, a join.Answers, resume string) (*client.Client, error) {
	urls, err := client.SplitURLs(a.Host)
	if err != nil {
		return nil, err
	}
	cfg := client.Config{URLs: urls, Code: a.Code, Name: a.Name, Institution: a.Institution, Resume: resume}
	if j.trust.ca != nil {
		j.trust.apply(&cfg)
	}
	return j.dial(ctx, cfg)
}

// connectEarlier is connect with the resume tokens of earlier sessions at
// this hub instead of one of this session (issue 16).
func (j *joiner) connectEarlier(ctx context.Context, a join.Answers, earlier []string) (*client.Client, error) {
	urls, err := client.SplitURLs(a.Host)
	if err != nil {
		return nil, err
	}
	cfg := client.Config{URLs: urls, Code: a.Code, Name: a.Name, Institution: a.Institution, Earlier: earlier}
	if j.trust.ca != nil {
		j.trust.apply(&cfg)
	}
	return j.dial(ctx, cfg)
}

// runFlow runs the join flow's program until the participant quits or ctx
// ends.
func runFlow(ctx context.Context, m tea.Model, stdin io.Reader, stdout io.Writer) error {
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
