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
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/participant"
)

// runJoin is `roundtable join [HOST:PORT | ws://HOST:PORT] [--code CODE]
// [--name NAME] [--org INSTITUTION]`: it asks for what is missing,
// connects, and runs the participant app.
func runJoin(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	given, trust, err := parseJoin(args, stderr)
	if err != nil {
		return err
	}
	j := &joiner{
		trust:       trust,
		dial:        client.Dial,
		ask:         tui.AskJoin,
		app:         runParticipant,
		interactive: isTerminal(stdin) && isTerminal(stdout),
		stdin:       stdin,
		stdout:      stdout,
		stderr:      stderr,
		now:         time.Now,
	}
	if j.configPath, err = tui.JoinConfigPath(); err != nil {
		fmt.Fprintf(stderr, "roundtable join: cannot remember answers (%v)\n", err)
	}
	return j.run(ctx, given)
}

// parseJoin reads the command line; flags may come before or after the
// address.
func parseJoin(args []string, stderr io.Writer) (tui.JoinAnswers, trustFlags, error) {
	var a tui.JoinAnswers
	fs := flag.NewFlagSet("join", flag.ContinueOnError)
	trust := addTrustFlags(fs)
	fs.SetOutput(stderr)
	fs.StringVar(&a.Code, "code", "", "the join code the facilitator shows")
	fs.StringVar(&a.Name, "name", "", "your name")
	fs.StringVar(&a.Institution, "org", "", "the institution you represent")
	setUsage(fs, stderr, "roundtable join [HOST:PORT | ws://HOST:PORT | wss://HOST:PORT] [--code CODE] [--name NAME] [--org INSTITUTION] [--fingerprint SHA256 | --ca FILE]",
		`Joins a workshop as a participant: the app to post ideas, vote, comment and give feedback.
Anything missing is asked for; the last answers are remembered. If the connection drops,
the app reconnects by itself and sends what you did meanwhile.`)
	if err := fs.Parse(args); err != nil {
		return a, trust, err
	}
	if fs.NArg() > 0 {
		a.Host = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return a, trust, err
		}
		if fs.NArg() > 0 {
			return a, trust, usagef("unexpected argument %q (give one address)", fs.Arg(0))
		}
	}
	return a, trust, trust.check()
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// joiner is the join flow with its outside world swappable for tests.
type joiner struct {
	trust       trustFlags // how to trust a wss:// host
	dial        func(context.Context, client.Config) (*client.Client, error)
	ask         func(context.Context, tui.JoinAnswers, string, io.Reader, io.Writer) (tui.JoinAnswers, error)
	app         func(context.Context, *client.Client, io.Reader, io.Writer) error
	interactive bool // a person is at a terminal to answer the form
	configPath  string
	stdin       io.Reader
	stdout      io.Writer
	stderr      io.Writer
	now         func() time.Time
}

// run asks, connects (asking again with the reason when that fails), and
// runs the app until the participant quits.
func (j *joiner) run(ctx context.Context, given tui.JoinAnswers) error {
	cfg := j.load()
	a := given
	fill := func(s *string, last string) {
		if *s == "" {
			*s = last
		}
	}
	fill(&a.Host, cfg.Last.Host)
	fill(&a.Code, cfg.Last.Code)
	fill(&a.Name, cfg.Last.Name)
	fill(&a.Institution, cfg.Last.Institution)
	ask := !given.Complete()
	problem := ""
	for {
		if ask || problem != "" {
			if !j.interactive {
				if problem != "" {
					return errors.New(problem)
				}
				if !a.Complete() {
					return usagef("give the address, --code, --name and --org, or run in a terminal to be asked")
				}
			} else {
				var err error
				a, err = j.ask(ctx, a, problem, j.stdin, j.stdout)
				if errors.Is(err, huh.ErrUserAborted) || ctx.Err() != nil {
					return nil
				}
				if err != nil {
					return err
				}
			}
		}
		c, err := j.connect(ctx, &cfg, a)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			problem = tui.JoinProblem(err, a)
			continue
		}
		err = j.app(ctx, c, j.stdin, j.stdout)
		c.Close()
		if err != nil && ctx.Err() == nil {
			return err
		}
		if c.Status() == client.Ended {
			fmt.Fprintln(j.stdout, "The session has ended. Thank you for taking part!")
			return nil
		}
		fmt.Fprintln(j.stdout, "You left the session. Run \"roundtable join\" again to come back: your ideas and votes are kept.")
		return nil
	}
}

func (j *joiner) load() tui.JoinConfig {
	if j.configPath == "" {
		return tui.JoinConfig{}
	}
	cfg, err := tui.LoadJoinConfig(j.configPath)
	if err != nil {
		fmt.Fprintf(j.stderr, "roundtable join: %v\n", err)
	}
	return cfg
}

// connect dials the hub, as the same participant as before when a resume
// token is saved for these answers, and remembers the answers and token.
func (j *joiner) connect(ctx context.Context, cfg *tui.JoinConfig, a tui.JoinAnswers) (*client.Client, error) {
	url, err := client.NormalizeURL(a.Host)
	if err != nil {
		return nil, err
	}
	dctx, cancel := context.WithTimeout(ctx, client.DialTimeout)
	defer cancel()
	base := client.Config{URL: url, Code: a.Code, Name: a.Name, Institution: a.Institution}
	if j.trust.ca != nil {
		j.trust.apply(&base)
	}
	token := cfg.Token(url, a)
	var c *client.Client
	if token != "" {
		withToken := base
		withToken.Resume = token
		c, err = j.dial(dctx, withToken)
		if session.ErrorCode(err) == session.EFORBIDDEN {
			// the token belongs to an older session under this code: the
			// code may still be right, so join afresh
			c, err = j.dial(dctx, base)
		}
	} else {
		c, err = j.dial(dctx, base)
	}
	if err != nil {
		return nil, err
	}
	cfg.Last = a
	if t := c.ResumeToken(); t != "" {
		cfg.SetToken(url, a, t, j.now())
	}
	if j.configPath != "" {
		if err := cfg.Save(j.configPath); err != nil {
			fmt.Fprintf(j.stderr, "roundtable join: cannot remember answers (%v)\n", err)
		}
	}
	return c, nil
}

// runParticipant runs the participant app on a connected client until the
// participant quits or ctx ends.
func runParticipant(ctx context.Context, c *client.Client, stdin io.Reader, stdout io.Writer) error {
	m := participant.New(c, participant.Options{Dark: true})
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
