package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"roundtable/server/client"
)

// hostInfo is what the soak needs from `roundtable host --headless`'s
// output.
type hostInfo struct {
	URL, Code, Token string
}

func (h hostInfo) complete() bool { return h.URL != "" && h.Code != "" && h.Token != "" }

// parseHostLine takes what one line of the host's output says: its join
// code ("Join code: K7Q2M"), facilitator token (the last word of the line
// that names it) and address ("Listening: ws://127.0.0.1:7777/ws"). Other
// lines change nothing. It refuses an address that is not on loopback.
func parseHostLine(h *hostInfo, line string) error {
	line = strings.TrimSpace(line)
	if _, rest, ok := strings.Cut(line, "Join code:"); ok && h.Code == "" {
		if f := strings.Fields(rest); len(f) > 0 {
			h.Code = f[0]
		}
	}
	if strings.Contains(line, "Facilitator token") && strings.Contains(line, ":") && h.Token == "" {
		_, rest, _ := strings.Cut(line, ":")
		if f := strings.Fields(rest); len(f) > 0 {
			h.Token = f[len(f)-1]
		}
	}
	if rest, ok := strings.CutPrefix(line, "Listening:"); ok && h.URL == "" {
		f := strings.Fields(rest)
		if len(f) == 0 {
			return nil
		}
		u, err := client.NormalizeURL(f[0])
		if err != nil {
			return err
		}
		p, err := url.Parse(u)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(p.Hostname()); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("the host listens on %s, not on a loopback address", f[0])
		}
		h.URL = u
	}
	return nil
}

// soakHost is the host process under test.
type soakHost struct {
	cmd     *exec.Cmd
	command string // as a person would type it
	url     string
	code    string
	token   string
	health  string // the /healthz URL
	logPath string // the host's stderr

	began   time.Time
	exited  chan struct{} // closed when the process has ended
	waitErr error         // set before exited is closed

	mu   sync.Mutex
	list []HostSample
}

// startSoakHost runs `bin host --headless` on a new database in dir, on
// 127.0.0.1 and a free port, with no other setting, and reads its join
// code, facilitator token and address from what it prints.
func startSoakHost(ctx context.Context, bin, dir string) (*soakHost, error) {
	args := []string{"host", "--headless", "--db", filepath.Join(dir, "soak.db"), "--addr", "127.0.0.1:0", "--title", "Soak"}
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = hostProcAttr()
	h := &soakHost{cmd: cmd, began: time.Now(), exited: make(chan struct{}), logPath: filepath.Join(dir, "host.log"),
		command: "roundtable " + strings.Join(args, " ")}
	logFile, err := os.OpenFile(h.logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	outFile, err := os.OpenFile(filepath.Join(dir, "host.out"), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		logFile.Close()
		return nil, err
	}
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		logFile.Close()
		outFile.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		outFile.Close()
		return nil, fmt.Errorf("starting the host: %w", err)
	}
	lines := make(chan string, 64)
	go func() {
		// Copy everything the host prints to host.out; hand the lines to
		// the parser until it has what it needs.
		defer close(lines)
		defer outFile.Close()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fmt.Fprintln(outFile, sc.Text())
			select {
			case lines <- sc.Text():
			default:
			}
		}
		io.Copy(io.Discard, out)
	}()
	go func() {
		h.waitErr = cmd.Wait()
		logFile.Close()
		close(h.exited)
	}()

	var info hostInfo
	timeout := time.NewTimer(time.Minute)
	defer timeout.Stop()
	for !info.complete() {
		var line string
		var ok bool
		select {
		case line, ok = <-lines:
		case <-timeout.C:
			err = errors.New("the host printed no join code, facilitator token and address within a minute")
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err == nil && !ok {
			<-h.exited
			err = fmt.Errorf("the host exited (%s) before printing its join code, facilitator token and address; its log: %s", h.exitStatus(), tail(h.logPath))
		}
		if err == nil {
			err = parseHostLine(&info, line)
		}
		if err != nil {
			h.stop()
			return nil, err
		}
	}
	h.url, h.code, h.token = info.URL, info.Code, info.Token
	u, _ := url.Parse(h.url)
	scheme := "http"
	if u.Scheme == "wss" {
		scheme = "https"
	}
	h.health = scheme + "://" + u.Host + "/healthz"
	return h, nil
}

// HostSample is one reading of the host process.
type HostSample struct {
	AtS         float64 `json:"at_s"`            // seconds since the host started
	What        string  `json:"what,omitempty"`  // why this reading was taken, when not periodic
	RSS         uint64  `json:"rss_bytes"`       // VmRSS of the process
	Threads     int     `json:"threads"`         // OS threads of the process
	Connections int64   `json:"connections"`     // from /healthz
	Seq         int64   `json:"seq"`             // the last event, from /healthz
	Err         string  `json:"error,omitempty"` // what could not be read
}

var healthClient = &http.Client{Timeout: 5 * time.Second}

// sample reads the process's memory and threads and the hub's /healthz,
// and keeps the reading.
func (h *soakHost) sample(what string) HostSample {
	s := HostSample{What: what, AtS: secondsOf(time.Since(h.began))}
	st, err := processStatus(h.cmd.Process.Pid)
	if err != nil {
		s.Err = err.Error()
	}
	s.RSS, s.Threads = st.rss, st.threads
	if resp, err := healthClient.Get(h.health); err != nil {
		s.Err = err.Error()
	} else {
		var body struct {
			Connections int64 `json:"connections"`
			Seq         int64 `json:"seq"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			s.Err = "/healthz: " + err.Error()
		}
		resp.Body.Close()
		s.Connections, s.Seq = body.Connections, body.Seq
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.list) < 100000 {
		h.list = append(h.list, s)
	}
	return s
}

// sampleEvery reads the host every period until ctx ends or the host
// exits.
func (h *soakHost) sampleEvery(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.exited:
			return
		case <-t.C:
			h.sample("")
		}
	}
}

func (h *soakHost) samples() []HostSample {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]HostSample(nil), h.list...)
}

// stop asks the host to stop as Ctrl+C does, kills it if it has not ended
// within 20 s, and says how it ended.
func (h *soakHost) stop() string {
	select {
	case <-h.exited:
		return "had exited: " + h.exitStatus()
	default:
	}
	h.cmd.Process.Signal(os.Interrupt)
	t := time.NewTimer(20 * time.Second)
	defer t.Stop()
	select {
	case <-h.exited:
		return h.exitStatus()
	case <-t.C:
		h.cmd.Process.Kill()
		<-h.exited
		return "killed: it had not stopped 20 s after an interrupt"
	}
}

// exitStatus says how the process ended; call it after exited is closed.
func (h *soakHost) exitStatus() string {
	if h.waitErr == nil {
		return "exit 0"
	}
	var ee *exec.ExitError
	if errors.As(h.waitErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("ended by signal %d (%s)", int(ws.Signal()), ws.Signal())
		}
		return fmt.Sprintf("exit %d", ee.ExitCode())
	}
	return h.waitErr.Error()
}

// tail returns the last lines of a file, for an error message.
func tail(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return path
	}
	s := strings.TrimSpace(string(data))
	if s == "" {
		return "(empty)"
	}
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}
