package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"roundtable/internal/bench"
)

// asMainEnv makes this test binary behave as the roundtable program, so
// that a test can run it as a child process (the soak's host).
const asMainEnv = "ROUNDTABLE_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestSoakRunsTheShippedHost runs a few seconds of soak against this
// program's own `host --headless` (the test binary, run as roundtable):
// the soak reads the host's output, joins, sends commands in bursts,
// checks every replica, reads the host's memory and stops it cleanly. The
// real soak runs for ten minutes and more; see docs/RELIABILITY.md.
func TestSoakRunsTheShippedHost(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a host process")
	}
	t.Setenv(asMainEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	err := runSoak(ctx, nil, []string{"--participants", "6", "--duration", "5s", "--quiet", "1500ms", "--burst", "1s",
		"--seed", "1", "--json", "--host-bin", os.Args[0]}, &out, &errOut)
	if err != nil {
		t.Fatalf("soak: %v\nstdout: %s\nstderr: %s", err, out.String(), errOut.String())
	}
	var r bench.SoakResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("the soak's JSON: %v\n%s", err, out.String())
	}
	if !r.Passed() || r.UnexpectedCloses != 0 {
		t.Fatalf("failures %q, %d closes", r.Failures, r.UnexpectedCloses)
	}
	if !strings.Contains(r.HostCommand, "host --headless --db ") || strings.Contains(r.HostCommand, "ping") {
		t.Errorf("host command %q: want the headless host with default timings", r.HostCommand)
	}
	if r.Commands.Sent == 0 || r.Commands.Acked == 0 || r.Commands.Lost != 0 {
		t.Errorf("commands %+v", r.Commands)
	}
	var nacked int64
	for _, n := range r.Commands.Nacked {
		nacked += n
	}
	if r.Commands.Acked+nacked != r.Commands.Sent {
		t.Errorf("%d sent, %d acked, %d refused: some were not answered", r.Commands.Sent, r.Commands.Acked, nacked)
	}
	if r.Replicas.Checked != 6 || r.Replicas.Converged != 6 || r.Replicas.Ideas == 0 {
		t.Errorf("replicas %+v", r.Replicas)
	}
	if r.Host.Exit != "exit 0" || len(r.Host.Idle) == 0 || r.Host.End.Connections != 8 {
		t.Errorf("host: exit %q, %d idle readings, %d connections at the end (want 6 participants, the facilitator and the probe)", r.Host.Exit, len(r.Host.Idle), r.Host.End.Connections)
	}
	if runtime.GOOS == "linux" && (r.Host.StartRSS == 0 || r.Host.PeakRSS < r.Host.StartRSS) {
		t.Errorf("host memory: start %d, peak %d", r.Host.StartRSS, r.Host.PeakRSS)
	}
	if r.Dir != "" {
		t.Errorf("the temporary directory %s is kept without --keep", r.Dir)
	}
}

// TestSoakFlags: the soak checks its command line before it starts
// anything.
func TestSoakFlags(t *testing.T) {
	tests := map[string]struct {
		args []string
		want string
	}{
		"no participants": {[]string{"--participants", "0"}, "--participants must be 1 to 1000"},
		"too many":        {[]string{"--participants", "1001"}, "--participants must be 1 to 1000"},
		"stray argument":  {[]string{"now"}, "unexpected argument"},
		"no burst fits":   {[]string{"--duration", "5s", "--burst", "10s", "--host-bin", "/nonexistent"}, "at least one burst"},
		"no such binary":  {[]string{"--duration", "2s", "--burst", "1s", "--host-bin", "/nonexistent/roundtable"}, "starting the host"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runSoak(context.Background(), nil, tc.args, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("runSoak(%q) = %v, want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
}
