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
)

// Version is the release of this build.
const Version = "0.1.0"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Roundtable runs live, facilitated discussion workshops from the terminal.

Usage:
  roundtable demo      try it: a host, simulated participants and your console
  roundtable host      run a workshop: the hub, and the facilitator console here
                       [--addr :7777] [--db roundtable.db] [--agenda agenda.toml] [--ssh :2222]
                       [--tls-cert FILE --tls-key FILE] [--headless] [--new] [--code CODE]
                       (the same command again continues the latest session while it is open)
  roundtable join      join a workshop as a participant
                       [HOST:PORT | ws://HOST:PORT | wss://HOST:PORT] [--code CODE] [--name NAME]
  roundtable console   a co-facilitator's console: HOST:PORT --token-file FILE [--code CODE]
  roundtable wall      a read-only view for a projector: HOST:PORT --code CODE
  roundtable export    the draft road map: [--db roundtable.db] [--session ID|latest]
                       [--format md|json|csv|html] [-o FILE]
  roundtable sessions  the sessions in a database: [--db roundtable.db]
  roundtable bench     measure a hub under load: [--participants 1000] [--duration 30s]
  roundtable soak      a long run at real timings: [--participants 65] [--duration 10m]
  roundtable version

Participants without the binary join over SSH when the host runs with --ssh:
  ssh -p 2222 CODE@HOST

Run "roundtable COMMAND -h" for what a command does and all its flags.
`

// run is the whole program behind main, so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "host":
		err = runHost(ctx, args[1:], stdout, stderr)
	case "join":
		err = runJoin(ctx, args[1:], stdin, stdout, stderr)
	case "console":
		err = runConsole(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		err = runExport(ctx, args[1:], stdout, stderr)
	case "demo":
		err = runDemo(ctx, args[1:], stdin, stdout, stderr, demoConsoleOpener())
	case "wall":
		err = runWall(ctx, args[1:], stdin, stdout, stderr)
	case "bench":
		err = runBench(ctx, args[1:], stdout, stderr)
	case "soak":
		err = runSoak(ctx, args[1:], stdout, stderr)
	case "sessions":
		err = runSessions(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "roundtable %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "roundtable: unknown command %q\n\n%s", args[0], usage)
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
