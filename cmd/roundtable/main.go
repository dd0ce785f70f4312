// Command roundtable runs live, facilitated discussion workshops from the
// terminal: a host with a websocket hub, participants' apps, and exports of
// the draft road map.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"roundtable/lang"
)

// Version is the release of this build.
const Version = "0.1.0"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageText is what `roundtable` and `roundtable help` print, in p's
// language.
func usageText(p *lang.Printer) string { return p.S("cli.help") + "\n" }

// run is the whole program behind main, so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runIn(ctx, args, os.Getenv, stdin, stdout, stderr)
}

// runIn is run with the environment that chooses the language (LC_ALL,
// LC_MESSAGES, LANG) read through getenv.
func runIn(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	flagLang, args := langArg(args)
	p, _, note := chooseLang(flagLang, getenv)
	if note != "" {
		fmt.Fprintln(stderr, note)
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText(p))
		return 2
	}
	var err error
	switch args[0] {
	case "host":
		err = runHost(ctx, p, args[1:], stdout, stderr)
	case "join":
		err = runJoin(ctx, p, lang.Tag(flagLang), args[1:], stdin, stdout, stderr)
	case "console":
		err = runConsole(ctx, p, args[1:], stdin, stdout, stderr)
	case "export":
		err = runExport(ctx, p, args[1:], exportClock(getenv), stdout, stderr)
	case "demo":
		err = runDemo(ctx, p, args[1:], stdin, stdout, stderr, demoConsoleOpener(p))
	case "wall":
		err = runWall(ctx, p, args[1:], stdin, stdout, stderr)
	case "bench":
		err = runBench(ctx, p, args[1:], stdout, stderr)
	case "soak":
		err = runSoak(ctx, p, args[1:], stdout, stderr)
	case "sessions":
		err = runSessions(ctx, p, args[1:], stdout, stderr)
	case "purge":
		err = runPurge(ctx, p, args[1:], stdin, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "roundtable %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageText(p))
	default:
		fmt.Fprintf(stderr, "%s\n\n%s", p.S("cli.unknown_command", "Command", args[0]), usageText(p))
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "roundtable %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "roundtable %s: %v\n", args[0], err)
		return 1
	}
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }
