package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/tui"
)

// consoleTarget says where the console connects and what its join panel shows.
type consoleTarget struct {
	URL         string   // ws://… of the hub
	Token       string   // facilitator token
	Code        string   // join code
	JoinAddrs   []string // host:port addresses participants type
	Fingerprint string   // TLS certificate fingerprint, if any ("" otherwise)
	StopsHost   bool     // quitting the console stops the host in this process
}

// openConsole runs the facilitator console until the facilitator quits.
func openConsole(ctx context.Context, t consoleTarget, stdin io.Reader, stdout io.Writer) error {
	c, err := client.Dial(ctx, client.Config{URL: t.URL, Token: t.Token})
	if err != nil {
		return fmt.Errorf("cannot open the console: %w", err)
	}
	defer c.Close()
	m := tui.NewConsole(tui.NewClientConn(c), tui.ConsoleOptions{
		Join:      tui.JoinInfo{Code: t.Code, Addrs: t.JoinAddrs, Fingerprint: t.Fingerprint},
		StopsHost: t.StopsHost,
		Dark:      true,
	})
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// runConsole is `roundtable console HOST:PORT --token TOKEN [--code CODE]`:
// the facilitator console from another terminal, for a co-facilitator.
func runConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	token := fs.String("token", "", "the facilitator token the host printed")
	code := fs.String("code", "", "the join code, to show in the join panel")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: roundtable console HOST:PORT --token TOKEN [--code CODE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	var addr string
	if fs.NArg() > 0 {
		addr = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("unexpected argument %q (give one address)", fs.Arg(0))
		}
	}
	if addr == "" {
		return usagef("give the host's address: roundtable console HOST:PORT --token TOKEN")
	}
	if *token == "" {
		*token = os.Getenv("ROUNDTABLE_TOKEN")
	}
	if *token == "" {
		return usagef("give the facilitator token with --token (or ROUNDTABLE_TOKEN)")
	}
	url, err := client.NormalizeURL(addr)
	if err != nil {
		return usagef("%v", err)
	}
	return openConsole(ctx, consoleTarget{URL: url, Token: *token, Code: *code, JoinAddrs: []string{addr}}, stdin, stdout)
}

// hostConsole runs the console of `roundtable host` in this terminal,
// connected over loopback as the facilitator, and stops the host when the
// facilitator quits (or the console when the host stops).
func hostConsole(ctx context.Context, h *server.Host, db string, stdout io.Writer) error {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-h.Done():
			cancel()
		case <-cctx.Done():
		}
	}()
	err := openConsole(cctx, consoleTarget{
		URL: h.URL(), Token: h.FacilitatorToken, Code: h.Code, JoinAddrs: h.JoinAddrs(), StopsHost: true,
	}, os.Stdin, stdout)
	fmt.Fprintln(stdout, "Stopping: finishing commits and closing connections…")
	cerr := h.Close()
	if herr := h.Err(); herr != nil {
		return fmt.Errorf("the host stopped: %w (restart it on the same database to continue)", herr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The session is saved. To continue it: roundtable host --db %s --code %s\n", db, h.Code)
	return cerr
}
