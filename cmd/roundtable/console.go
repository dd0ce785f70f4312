package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/server"
	"roundtable/server/client"
	"roundtable/sshd"
	"roundtable/tui/console"
)

// consoleTarget says where the console connects and what its join panel shows.
type consoleTarget struct {
	URL         string   // ws://… of the hub
	URLs        []string // further nodes of the same session (issue 17), tried after URL
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
	// CoFacilitator is the command that opens this console elsewhere.
	CoFacilitator string
	// Notice is the console's first notice line: which session the host
	// serves, and why.
	Notice string
	// Lang is the language the console speaks.
	Lang lang.Tag
	// ExportDir is the folder the export dialog offers: beside the
	// database for the host's console (ExportBesideDB), else the current
	// folder ("" finds it).
	ExportDir      string
	ExportBesideDB bool
	// Exported marks the session exported in the host's database when
	// the console's export dialog has written it (nil elsewhere).
	Exported func(at time.Time)
}

// openConsole runs the facilitator console until the facilitator quits.
func openConsole(ctx context.Context, p *lang.Printer, t consoleTarget, stdin io.Reader, stdout io.Writer) error {
	c, err := client.Dial(ctx, client.Config{URL: t.URL, URLs: t.URLs, Token: t.Token, CAFile: t.Trust.CAFile, Fingerprint: t.Trust.Fingerprint})
	if err != nil {
		return sayErr{p.S("cli.console.cannot_open", "Err", err), err}
	}
	defer c.Close()
	m := console.New(c, console.Options{
		Join: console.JoinInfo{Code: t.Code, Addrs: t.JoinAddrs, Fingerprint: t.Fingerprint,
			SSH: t.SSH, SSHFingerprint: t.SSHFingerprint},
		StopsHost:     t.StopsHost,
		CoFacilitator: t.CoFacilitator,
		Notice:        t.Notice,
		Lang:          t.Lang,
		Dark:          true,

		ExportDir:      exportDir(t.ExportDir),
		ExportBesideDB: t.ExportBesideDB && t.ExportDir != "",
		Exported:       t.Exported,
	})
	prog := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(stdin), tea.WithOutput(stdout))
	if _, err := prog.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// runConsole is `roundtable console HOST:PORT --token TOKEN [--code CODE]`:
// the facilitator console from another terminal, for a co-facilitator. The
// address may be the nodes of a cluster separated by commas (issue 17).
func runConsole(ctx context.Context, p *lang.Printer, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tok := addTokenFlags(fs, p, p.S("cli.console.flag.token"))
	code := fs.String("code", "", p.S("cli.console.flag.code"))
	trust := addTrustFlags(fs, p)
	addLangFlag(fs, p.S("cli.flag.lang"))
	setUsage(fs, stderr, p, p.S("cli.console.usage_line"), p.S("cli.console.about", "Env", "$"+tokenEnv))
	if err := parseFlags(fs, p, args); err != nil {
		return err
	}
	var addr string
	if fs.NArg() > 0 {
		addr = fs.Arg(0)
		if err := parseFlags(fs, p, fs.Args()[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usageError{p.S("cli.unexpected_argument_address", "Arg", fs.Arg(0))}
		}
	}
	if addr == "" {
		return usageError{p.S("cli.console.no_address")}
	}
	token, _, err := tok.resolve(os.Getenv)
	if err != nil {
		return err
	}
	if token == "" {
		return usageError{p.S("cli.console.no_token", "Env", "$"+tokenEnv)}
	}
	if err := trust.check(); err != nil {
		return err
	}
	urls, err := hubAddrs(p, addr)
	if err != nil {
		return err
	}
	// participants type the whole list, as one address
	nodes := make([]string, len(urls))
	for i, u := range urls {
		nodes[i] = hostPort(u)
	}
	t := consoleTarget{URL: urls[0], URLs: urls[1:], Token: token, Code: *code, JoinAddrs: []string{strings.Join(nodes, ",")}, Lang: p.Tag()}
	trust.apply(&t.Trust)
	if t.Trust.Fingerprint != "" {
		t.Fingerprint = t.Trust.Fingerprint
	}
	return openConsole(ctx, p, t, stdin, stdout)
}

// hostConsole runs the console of `roundtable host` in this terminal,
// connected over loopback as the facilitator, and stops the host when the
// facilitator quits (or the console when the host stops).
func hostConsole(ctx context.Context, p *lang.Printer, h *server.Host, token string, start hostStart, ssh *sshd.Server, stdout io.Writer) error {
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
		Fingerprint: h.Fingerprint, Trust: client.Config{Fingerprint: h.Fingerprint},
		Lang: p.Tag(),
	}
	t.Notice = consoleNotice(start.notes)
	if start.db != "" {
		t.ExportDir, t.ExportBesideDB = filepath.Dir(start.db), true
	}
	// An export from the host's own console counts as one for `purge` and
	// `--retain`, as `roundtable export` does.
	t.Exported = func(at time.Time) {
		mctx, done := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer done()
		if err := h.Store.MarkExported(mctx, h.SessionID, at); err != nil && start.log != nil {
			start.log.Error("marking the session exported", "session", h.SessionID, "err", err)
		}
	}
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
	err := openConsole(cctx, p, t, os.Stdin, stdout)
	fmt.Fprintln(stdout, p.S("cli.host.stopping"))
	if start.beforeClose != nil {
		start.beforeClose()
	}
	cerr := h.Close()
	stopSSH(ssh, h)
	if herr := h.Err(); herr != nil {
		return hostStopped(p, herr, start.resume)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n  %s\n", p.S("cli.host.saved"), start.resume)
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
func consoleNotice(notes []hostNote) string {
	var say []string
	for _, n := range notes {
		if !n.terminalOnly {
			say = append(say, n.text)
		}
	}
	return strings.Join(say, " ")
}

// exportDir is the folder the console's export dialog offers, absolute:
// dir, or the current folder when dir is "".
func exportDir(dir string) string {
	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
