package tuitest

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Watched is a model whose last frame a test can read while a teatest
// program runs it, so that a flow waits on what the screen shows rather
// than on the bytes the renderer wrote (it redraws only the cells that
// changed, so a line that shares a cell with the one before never reaches
// the output whole).
type Watched struct {
	tea.Model
	frame *frame
}

// frame is the last frame drawn, as text.
type frame struct {
	mu   sync.Mutex
	text string
}

// Watch wraps m; run the result in the program.
func Watch(m tea.Model) Watched { return Watched{Model: m, frame: &frame{}} }

// Update passes the message on and keeps watching the model it returns.
func (w Watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := w.Model.Update(msg)
	return Watched{Model: m, frame: w.frame}, cmd
}

// View draws the model and keeps the frame as text.
func (w Watched) View() tea.View {
	v := w.Model.View()
	w.frame.mu.Lock()
	w.frame.text = ansi.Strip(v.Content)
	w.frame.mu.Unlock()
	return v
}

// Unwrap returns the model watched.
func (w Watched) Unwrap() tea.Model { return w.Model }

// Text returns the last frame drawn.
func (w Watched) Text() string {
	w.frame.mu.Lock()
	defer w.frame.mu.Unlock()
	return w.frame.text
}

// WaitFor waits until the last frame shows every text, and returns it.
func (w Watched) WaitFor(t *testing.T, texts ...string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		screen := w.Text()
		missing := ""
		for _, x := range texts {
			if !strings.Contains(screen, x) {
				missing = x
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q:\n%s", missing, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Unwatched returns the model inside a Watched, or m itself.
func Unwatched(m tea.Model) tea.Model {
	if w, ok := m.(Watched); ok {
		return w.Model
	}
	return m
}
