package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/sshd"
	"roundtable/tui/console"
)

// consoleTarget says where the console connects and what its join panel shows.
type consoleTarget struct {
	URL         string   // ws://… of the hub
	Token       string   // facilitator token
	Code        string   // join code
	JoinAddrs   []string // host:port addresses participants type
	Fingerprint string   // TLS certificate fingerprint shown to participants, if any ("" otherwise)
	StopsHost   bool     // quitting the console stops the host in this process
	// Trust is how the console itself trusts a wss:// hub: CAFile and
	// Fingerprint of a client.Config.
	Trust client.Config
	// SSH are the commands to join over SSH and SSHFingerprint the host
	// key's fingerprint, when the host serves SSH.
	SSH            []string
	SSHFingerprint string
	// Timers are the agenda's planned minutes per phase.
	Timers map[session.Phase]time.Duration
	// CoFacilitator is the command that opens this console elsewhere.
	CoFacilitator string
	// Notice is the console's first notice line: which session the host
	// serves, and why.
	Notice string
}

// openConsole runs the facilitator console until the facilitator quits.
func openConsole(ctx context.Context, t consoleTarget, stdin io.Reader, stdout io.Writer) error {
	c, err := client.Dial(ctx, client.Config{URL: t.URL, Token: t.Token, CAFile: t.Trust.CAFile, Fingerprint: t.Trust.Fingerprint})
	if err != nil {
		return fmt.Errorf("cannot open the console: %w", err)
	}
	defer c.Close()
	m := console.New(c, console.Options{
		Join: console.JoinInfo{Code: t.Code, Addrs: t.JoinAddrs, Fingerprint: t.Fingerprint,
			SSH: t.SSH, SSHFingerprint: t.SSHFingerprint},
		StopsHost:     t.StopsHost,
		Timers:        t.Timers,
		CoFacilitator: t.CoFacilitator,
		Notice:        t.Notice,
		Dark:          true,
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
	tok := addTokenFlags(fs, "the facilitator token the host printed")
	code := fs.String("code", "", "the join code, to show in the join panel")
	trust := addTrustFlags(fs)
	setUsage(fs, stderr, "roundtable console HOST:PORT [--token-file FILE | --token TOKEN] [--code CODE] [--fingerprint SHA256 | --ca FILE]",
		`Opens the facilitator console of a running host from another terminal, for a
co-facilitator. The facilitator token comes from --token-file, --token or $`+tokenEnv+`;
prefer the file or the variable: other users of this machine see --token in the process list.`)
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
		return usagef("give the host's address: roundtable console HOST:PORT --token-file FILE")
	}
	token, _, err := tok.resolve(os.Getenv)
	if err != nil {
		return err
	}
	if token == "" {
		return usagef("give the facilitator token: --token-file FILE, $%s, or --token TOKEN", tokenEnv)
	}
	if err := trust.check(); err != nil {
		return err
	}
	url, err := client.NormalizeURL(addr)
	if err != nil {
		return usagef("%v", err)
	}
	t := consoleTarget{URL: url, Token: token, Code: *code, JoinAddrs: []string{hostPort(url)}}
	trust.apply(&t.Trust)
	if t.Trust.Fingerprint != "" {
		t.Fingerprint = t.Trust.Fingerprint
	}
	return openConsole(ctx, t, stdin, stdout)
}

// hostConsole runs the console of `roundtable host` in this terminal,
// connected over loopback as the facilitator, and stops the host when the
// facilitator quits (or the console when the host stops).
func hostConsole(ctx context.Context, h *server.Host, token string, start hostStart, ssh *sshd.Server, timers map[session.Phase]time.Duration, stdout io.Writer) error {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-h.Done():
			cancel()
		case <-cctx.Done():
		}
	}()
	t := consoleTarget{
		URL: h.URL(), Token: token, Code: h.Code, JoinAddrs: h.JoinAddrs(), StopsHost: true,
		Fingerprint: h.Fingerprint, Trust: client.Config{Fingerprint: h.Fingerprint}, Timers: timers,
	}
	t.Notice = consoleNotice(start.notes)
	if ssh != nil {
		t.SSH, t.SSHFingerprint = sshJoinLines(ssh), ssh.Fingerprint()
	}
	if addrs := h.JoinAddrs(); len(addrs) > 0 {
		// The token in the environment, not on the command line, where
		// every user of that machine could read it in the process list.
		t.CoFacilitator = tokenEnv + "=" + token + " roundtable console " + addrs[0]
		if h.Fingerprint != "" {
			t.CoFacilitator = tokenEnv + "=" + token + " roundtable console wss://" + addrs[0] + " --fingerprint " + h.Fingerprint
		}
	}
	err := openConsole(cctx, t, os.Stdin, stdout)
	fmt.Fprintln(stdout, "Stopping: finishing commits and closing connections…")
	cerr := h.Close()
	stopSSH(ssh, h)
	if herr := h.Err(); herr != nil {
		return fmt.Errorf("the host stopped: %w (to continue: %s)", herr, start.resume)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The session is saved. To continue it:\n  %s\n", start.resume)
	return cerr
}

// hostPort is the host:port of a hub URL, as participants type it.
func hostPort(hubURL string) string {
	u, err := url.Parse(hubURL)
	if err != nil || u.Host == "" {
		return hubURL
	}
	return u.Host
}

// consoleNotice is what the console says first: which session and why,
// flags that were ignored, files made private. Where the log and the token
// file are is printed on the terminal, after the console.
func consoleNotice(notes []string) string {
	var say []string
	for _, n := range notes {
		if strings.HasPrefix(n, "Log: ") || strings.HasPrefix(n, "Facilitator token: ") {
			continue
		}
		say = append(say, n)
	}
	return strings.Join(say, " ")
}
