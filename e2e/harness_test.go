// Package e2e runs the real roundtable binary end to end: a headless host as
// a child process and terminal apps in pseudo-terminals whose screens are
// read back through a terminal emulator (github.com/charmbracelet/x/vt).
//
// The harness, for every test in this directory:
//
//   - TestMain builds ./cmd/roundtable once (CGO_ENABLED=0) into a temporary
//     directory and removes it after the run.
//   - startHost(t, args...) starts `roundtable host --headless` on a free
//     loopback port with a temporary database, a fixed join code and a fixed
//     facilitator token, and waits until it listens. The returned *hostProc
//     can be killed (SIGKILL), stopped (SIGTERM) and restarted on the same
//     address and database, and dialled as the facilitator.
//   - startTUI(t, size, env, args...) runs a roundtable command in a
//     pseudo-terminal of the given size with its own HOME and config
//     directory. The returned *termProc reads the screen (screen, lines,
//     waitFor, waitUntil), types (typeText, press), resizes and closes.
//
// Every wait polls with a deadline; nothing sleeps for a fixed time to let
// something happen. When a test fails, the host's output and each terminal's
// last screen are logged.
package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Timeouts generous enough for a loaded 2-core machine running -race.
const (
	// startTimeout bounds a process becoming ready (host listening, app drawn).
	startTimeout = 20 * time.Second
	// stepTimeout bounds one visible effect of one action.
	stepTimeout = 15 * time.Second
	// exitTimeout bounds a process ending after it was asked to.
	exitTimeout = 10 * time.Second
	// pollEvery is how often waits look again.
	pollEvery = 20 * time.Millisecond
)

// roundtableBin is the path of the binary TestMain built. It is written once,
// before any test runs, and only read afterwards.
var roundtableBin string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "roundtable-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	roundtableBin = filepath.Join(dir, "roundtable")
	build := exec.Command("go", "build", "-o", roundtableBin, "roundtable/cmd/roundtable")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building roundtable: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// freeAddr returns a loopback address with a port nobody listens on now, so
// that a host can be started, killed and started again on the same address.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// poll calls cond every pollEvery until it returns true or timeout passes,
// and reports whether it did.
func poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollEvery)
	}
}
