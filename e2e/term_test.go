package e2e

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// termSize is a terminal's size in cells.
type termSize struct{ Cols, Rows int }

// termProc is a roundtable command running in a pseudo-terminal, with
// everything it draws fed into a terminal emulator.
//
// The emulator answers the terminal queries a Bubble Tea program makes at
// start (primary device attributes, background and foreground colour, mode
// reports, cursor position): its replies come out of vt.Emulator.Read and a
// goroutine writes them back into the pseudo-terminal, as a real terminal
// would. Keys are written to the pseudo-terminal as the bytes a terminal
// sends for them.
type termProc struct {
	Size termSize
	Home string // HOME and XDG_CONFIG_HOME of the process

	t   *testing.T
	cmd *exec.Cmd
	pty *os.File

	mu   sync.Mutex // guards emu and size; held while the emulator parses output
	emu  *vt.Emulator
	wmu  sync.Mutex // serialises writes into the pty (keys and replies)
	done chan struct{}
	err  error // exit error, set before done is closed
	read chan struct{}
}

// startTUI runs the binary with args (e.g. "join", addr, "--code", c,
// "--name", n, "--org", o) in a pseudo-terminal of the given size, with
// TERM=xterm-256color, HOME and XDG_CONFIG_HOME in a new temporary directory,
// and env ("KEY=value", e.g. "NO_COLOR=1") added. The process is killed when
// the test ends if close was not called.
func startTUI(t *testing.T, size termSize, env []string, args ...string) *termProc {
	t.Helper()
	home := t.TempDir()
	return startTUIHome(t, size, home, env, args...)
}

// startTUIHome is startTUI with a given home directory, to run a command
// again with what an earlier run remembered (e.g. join's saved answers).
func startTUIHome(t *testing.T, size termSize, home string, env []string, args ...string) *termProc {
	t.Helper()
	cmd := exec.Command(roundtableBin, args...)
	cmd.Dir = home
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
	}, env...)
	return startInPty(t, size, home, cmd)
}

// startInPty starts cmd in a pseudo-terminal of size whose screen is read
// through a terminal emulator, and kills it when the test ends (logging
// its last screen if the test failed).
func startInPty(t *testing.T, size termSize, home string, cmd *exec.Cmd) *termProc {
	t.Helper()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(size.Cols), Rows: uint16(size.Rows)})
	if err != nil {
		t.Fatalf("starting %v in a pty: %v", cmd.Args, err)
	}
	p := &termProc{
		Size: size, Home: home, t: t, cmd: cmd, pty: f,
		emu:  vt.NewEmulator(size.Cols, size.Rows),
		done: make(chan struct{}),
		read: make(chan struct{}),
	}
	go p.pump()
	go p.reply()
	go func() {
		<-p.read
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last screen of %v (%dx%d):\n%s", cmd.Args, p.Size.Cols, p.Size.Rows, p.screen())
		}
		p.kill()
	})
	return p
}

// pump feeds everything the process writes into the emulator, until the
// process has closed the terminal.
func (p *termProc) pump() {
	defer close(p.read)
	defer p.emu.InputPipe().(io.Closer).Close() // ends reply
	buf := make([]byte, 32*1024)
	for {
		n, err := p.pty.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.emu.Write(buf[:n])
			p.mu.Unlock()
		}
		if err != nil {
			return // EIO once the process and its terminal are gone
		}
	}
}

// reply writes the emulator's answers to terminal queries back to the app.
func (p *termProc) reply() {
	buf := make([]byte, 4096)
	for {
		n, err := p.emu.Read(buf)
		if n > 0 {
			p.write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

func (p *termProc) write(b []byte) {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.pty.Write(b)
}

// termRow is one visible row of the screen.
type termRow struct {
	Text string // the row's characters, trailing blanks removed; a wide character appears once
	End  int    // the column just after the last non-blank cell (0 for a blank row)
}

// rows returns the visible rows of the screen, top to bottom.
func (p *termProc) rows() []termRow {
	p.mu.Lock()
	defer p.mu.Unlock()
	rows := make([]termRow, p.emu.Height())
	var b strings.Builder
	for y := range rows {
		b.Reset()
		end := 0
		for x := 0; x < p.emu.Width(); x++ {
			c := p.emu.CellAt(x, y)
			switch {
			case c == nil || c.Content == "" && c.Width != 0:
				b.WriteByte(' ')
			case c.Content == "":
				// the right half of a wide character
			default:
				b.WriteString(c.Content)
				if c.Content != " " {
					end = x + max(c.Width, 1)
				}
			}
		}
		rows[y] = termRow{Text: strings.TrimRight(b.String(), " "), End: end}
	}
	return rows
}

// lines returns the text of the visible rows (see rows).
func (p *termProc) lines() []string {
	rows := p.rows()
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Text
	}
	return out
}

// colored reports whether any visible cell has a foreground, background or
// underline colour (with NO_COLOR set, none should).
func (p *termProc) colored() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for y := 0; y < p.emu.Height(); y++ {
		for x := 0; x < p.emu.Width(); x++ {
			if c := p.emu.CellAt(x, y); c != nil && (c.Style.Fg != nil || c.Style.Bg != nil || c.Style.UnderlineColor != nil) {
				return true
			}
		}
	}
	return false
}

// screen returns the visible screen as text, rows separated by "\n".
func (p *termProc) screen() string { return strings.Join(p.lines(), "\n") }

// waitFor waits until text is on the screen and returns the screen; it fails
// the test after timeout.
func (p *termProc) waitFor(t *testing.T, text string, timeout time.Duration) string {
	t.Helper()
	return p.waitUntil(t, "screen showing "+quote(text), timeout, func(s string) bool {
		return strings.Contains(s, text)
	})
}

// waitGone waits until text is no longer on the screen.
func (p *termProc) waitGone(t *testing.T, text string, timeout time.Duration) string {
	t.Helper()
	return p.waitUntil(t, "screen without "+quote(text), timeout, func(s string) bool {
		return !strings.Contains(s, text)
	})
}

// waitUntil waits until cond holds for the screen and returns that screen;
// it fails the test after timeout, saying what it waited for.
func (p *termProc) waitUntil(t *testing.T, what string, timeout time.Duration, cond func(screen string) bool) string {
	t.Helper()
	var s string
	if poll(timeout, func() bool { s = p.screen(); return cond(s) }) {
		return s
	}
	if p.exited() {
		t.Fatalf("waiting for %s: the process exited (%v); last screen:\n%s", what, p.err, s)
	}
	t.Fatalf("waiting %v for %s; screen:\n%s", timeout, what, s)
	return s
}

// keyBytes returns the bytes an xterm sends for a named key, and false for
// a name it does not know.
func keyBytes(name string) (string, bool) {
	switch name {
	case "enter":
		return "\r", true
	case "alt+enter":
		return "\x1b\r", true
	case "esc":
		return "\x1b", true
	case "tab":
		return "\t", true
	case "shift+tab":
		return "\x1b[Z", true
	case "backspace":
		return "\x7f", true
	case "space":
		return " ", true
	case "up":
		return "\x1b[A", true
	case "down":
		return "\x1b[B", true
	case "right":
		return "\x1b[C", true
	case "left":
		return "\x1b[D", true
	case "home":
		return "\x1b[H", true
	case "end":
		return "\x1b[F", true
	case "pgup":
		return "\x1b[5~", true
	case "pgdown":
		return "\x1b[6~", true
	case "ctrl+c":
		return "\x03", true
	case "ctrl+d":
		return "\x04", true
	}
	return "", false
}

// typeText types s as a person would (as keys, not as a bracketed paste).
func (p *termProc) typeText(s string) { p.write([]byte(s)) }

// press presses named keys in order ("enter", "esc", "tab", "shift+tab",
// "up", "down", "left", "right", "backspace", "space", "ctrl+c", ...); any
// other name is typed as it is (e.g. "n", "q", "?"). A lone "esc" is told
// apart from the start of a sequence by time, so wait for its effect on the
// screen before the next key.
func (p *termProc) press(names ...string) {
	for _, n := range names {
		if b, ok := keyBytes(n); ok {
			p.write([]byte(b))
		} else {
			p.write([]byte(n))
		}
	}
}

// resize changes the terminal's size (the process gets SIGWINCH).
func (p *termProc) resize(size termSize) {
	p.t.Helper()
	p.mu.Lock()
	p.emu.Resize(size.Cols, size.Rows)
	p.Size = size
	p.mu.Unlock()
	if err := pty.Setsize(p.pty, &pty.Winsize{Cols: uint16(size.Cols), Rows: uint16(size.Rows)}); err != nil {
		p.t.Fatalf("resizing the pty: %v", err)
	}
}

// exited reports whether the process has ended.
func (p *termProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits up to timeout for the process to end and returns its exit
// error, or errStillRunning.
func (p *termProc) wait(timeout time.Duration) error {
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		return errStillRunning
	}
}

// errStillRunning is what wait returns when the process did not end in time.
var errStillRunning = errors.New("still running")

// close quits the app as a person would: q (and q again, since the app asks
// again while actions wait to be sent), then SIGTERM, then SIGKILL. It
// returns the exit error of the process (nil for a clean exit).
func (p *termProc) close() error {
	p.t.Helper()
	if p.exited() {
		return p.err
	}
	p.press("q")
	if err := p.wait(exitTimeout / 2); err != errStillRunning {
		return err
	}
	p.press("q")
	if err := p.wait(exitTimeout / 2); err != errStillRunning {
		return err
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.wait(exitTimeout); err != errStillRunning {
		return err
	}
	p.kill()
	return errStillRunning
}

// kill ends the process with SIGKILL and waits for it and the pty.
func (p *termProc) kill() {
	if !p.exited() {
		p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
	}
	p.pty.Close()
}

// quote is strconv.Quote without escaping non-ASCII text.
func quote(s string) string { return "\"" + s + "\"" }
