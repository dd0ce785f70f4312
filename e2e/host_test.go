package e2e

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// hostProc is `roundtable host --headless` running as a child process. Its
// address, database, join code and facilitator token stay the same across
// restarts.
type hostProc struct {
	Addr  string // "127.0.0.1:PORT", what participants type
	URL   string // "ws://127.0.0.1:PORT/ws"
	DB    string // the database file
	Code  string // the join code
	Token string // the facilitator token

	t    *testing.T
	args []string // extra host flags, given at every start
	// argv, when set, is the whole command line after the binary, given
	// as it is at every start (startHostExact); env is added to the
	// environment, which has no $ROUNDTABLE_TOKEN.
	argv, env []string

	mu   sync.Mutex
	out  bytes.Buffer // stdout and stderr of every run, in order
	cmd  *exec.Cmd
	done chan struct{} // closed when the current run has exited
}

// startHost starts a headless host on a free loopback port with a new
// database in t.TempDir(), the join code "E2ETEST" and a fixed facilitator
// token; extra args (e.g. "--title", "T", "--votes", "3") are appended at
// every start. It returns once the host prints its "Listening:" line, and
// stops the host when the test ends.
func startHost(t *testing.T, args ...string) *hostProc {
	t.Helper()
	addr := freeAddr(t)
	h := &hostProc{
		Addr:  addr,
		URL:   "ws://" + addr + "/ws",
		DB:    filepath.Join(t.TempDir(), "roundtable.db"),
		Code:  "E2ETEST",
		Token: "e2e-facilitator-token",
		t:     t,
		args:  args,
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("host output:\n%s", h.output())
		}
		h.stop()
	})
	h.start()
	return h
}

// startHostExact starts `roundtable ARGS…` (a headless host listening on
// addr with the database db), the same command line at every restart, as
// a facilitator would type it again after a crash. Code and Token are read
// from what the host prints.
func startHostExact(t *testing.T, addr, db string, env []string, args ...string) *hostProc {
	t.Helper()
	h := &hostProc{Addr: addr, URL: "ws://" + addr + "/ws", DB: db, t: t, argv: args, env: env}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("host output:\n%s", h.output())
		}
		h.stop()
	})
	h.start()
	h.readJoin()
	return h
}

// readJoin sets Code and Token from the last run's join instructions.
func (h *hostProc) readJoin() {
	h.t.Helper()
	out := h.output()
	if i := strings.LastIndex(out, "--- restart ---"); i >= 0 {
		out = out[i:]
	}
	code := regexp.MustCompile(`Join code:\s+(\S+)`).FindStringSubmatch(out)
	token := regexp.MustCompile(`Facilitator token \(keep it private\): (\S+)`).FindStringSubmatch(out)
	if code == nil || token == nil {
		h.t.Fatalf("the host printed no join code or facilitator token:\n%s", out)
	}
	h.Code, h.Token = code[1], token[1]
}

// withoutToken is env without $ROUNDTABLE_TOKEN.
func withoutToken(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "ROUNDTABLE_TOKEN=") {
			out = append(out, kv)
		}
	}
	return out
}

// start runs the host once and waits for it to listen. A port just freed by
// a killed host may take a moment to bind again, so a start that exits early
// is retried until startTimeout.
func (h *hostProc) start() {
	h.t.Helper()
	deadline := time.Now().Add(startTimeout)
	for {
		ok, exited := h.startOnce(time.Until(deadline))
		if ok {
			return
		}
		if !exited || time.Now().After(deadline) {
			h.t.Fatalf("host did not start listening on %s within %v; output:\n%s", h.Addr, startTimeout, h.output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// startOnce starts one run and reports whether it printed "Listening:"
// within timeout, and otherwise whether it has exited.
func (h *hostProc) startOnce(timeout time.Duration) (ok, exited bool) {
	args := append([]string{"host", "--headless", "--addr", h.Addr, "--db", h.DB,
		"--code", h.Code, "--token", h.Token}, h.args...)
	if h.argv != nil {
		args = h.argv
	}
	cmd := exec.Command(roundtableBin, args...)
	cmd.Env = append(withoutToken(os.Environ()), h.env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		h.t.Fatalf("host stdout: %v", err)
	}
	cmd.Stderr = lockedWriter{&h.mu, &h.out}
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("starting host: %v", err)
	}
	done := make(chan struct{})
	listening := make(chan struct{})
	h.mu.Lock()
	h.cmd, h.done = cmd, done
	h.mu.Unlock()
	go func() {
		sc := bufio.NewScanner(stdout)
		signalled := false
		for sc.Scan() {
			line := sc.Text()
			h.mu.Lock()
			h.out.WriteString(line + "\n")
			h.mu.Unlock()
			if !signalled && strings.HasPrefix(line, "Listening:") {
				signalled = true
				close(listening)
			}
		}
		io.Copy(io.Discard, stdout)
		cmd.Wait()
		close(done)
	}()
	select {
	case <-listening:
		return true, false
	case <-done:
		return false, true
	case <-time.After(timeout):
		return false, false
	}
}

// running reports the current run and its exit channel.
func (h *hostProc) running() (*exec.Cmd, chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cmd, h.done
}

// kill ends the host with SIGKILL, as a crash or power cut would, and waits
// until it has exited.
func (h *hostProc) kill() {
	h.t.Helper()
	cmd, done := h.running()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-done:
	case <-time.After(exitTimeout):
		h.t.Fatalf("host did not exit after SIGKILL")
	}
}

// stop ends the host with SIGTERM (a graceful shutdown: commits finish,
// clients get close 1001), falling back to SIGKILL, and waits until it has
// exited. Stopping a stopped host does nothing.
func (h *hostProc) stop() {
	cmd, done := h.running()
	if cmd == nil {
		return
	}
	select {
	case <-done:
		return
	default:
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(exitTimeout):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
	}
}

// restart starts the host again on the same address, database, code and
// token, after kill or stop, and waits until it listens.
func (h *hostProc) restart() {
	h.t.Helper()
	if _, done := h.running(); done != nil {
		select {
		case <-done:
		default:
			h.t.Fatalf("restart: the host is still running; kill or stop it first")
		}
	}
	h.mu.Lock()
	h.out.WriteString("--- restart ---\n")
	h.mu.Unlock()
	h.start()
}

// output returns everything the host printed so far, over all its runs.
func (h *hostProc) output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.String()
}

// facilitator dials the host as the facilitator with the protocol client,
// and closes the client when the test ends.
func (h *hostProc) facilitator(t *testing.T) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	c, err := client.Dial(ctx, client.Config{URL: h.URL, Token: h.Token})
	if err != nil {
		t.Fatalf("facilitator dial %s: %v", h.URL, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// lockedWriter writes to w under mu.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// command sends cmd as c and waits until the hub acknowledges it; a nack or
// no answer within stepTimeout fails the test. Other updates drained on the
// way are dropped.
func command(t *testing.T, c *client.Client, cmd session.Command) {
	t.Helper()
	op := c.Send(cmd)
	timeout := time.After(stepTimeout)
	for {
		u := c.Drain()
		if slices.Contains(u.Acked, op) {
			return
		}
		for _, n := range u.Nacks {
			if n.Op == op {
				t.Fatalf("%s refused: %s %s", cmd.Type, n.Code, n.Message)
			}
		}
		select {
		case _, ok := <-c.Changes():
			if !ok {
				t.Fatalf("%s: the client closed before the ack", cmd.Type)
			}
		case <-timeout:
			t.Fatalf("%s: no ack within %v (status %v)", cmd.Type, stepTimeout, c.Status())
		}
	}
}
