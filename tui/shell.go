package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
)

// Shell is the part of a root model that every app has alike: the size of
// the screen, how it counts cells, its styles after the terminal's
// background, the connection with its replica and status, the notice line
// and a question waiting for "y". An app embeds one, lets Update take the
// messages it knows, and follows up on the Event it reports.
type Shell struct {
	Common
	Conn     Conn
	St       *session.State // the replica, as of the last change
	ConnView                // status, waiting, online: read at each change

	Notice    string        // the line above the keys
	NoticeErr bool          // the notice is a refusal or a fault
	Confirm   *Confirmation // a question waiting for "y", or nil

	news errNews
}

// Confirmation is an action waiting for "y".
type Confirmation struct {
	Prompt string
	Run    func() tea.Cmd
	Quit   bool // the question is whether to quit: ctrl+c answers it too
}

// NewShell returns the shell of an app on conn: the replica and the
// connection read, the styles for a dark or light background until the
// terminal reports its own, the default keys in English until SetLang, and
// the clock (time.Now when now is nil).
func NewShell(conn Conn, now func() time.Time, dark bool) Shell {
	if now == nil {
		now = time.Now
	}
	l := lang.New(lang.EN)
	styles, keys := DefaultStyles(dark), DefaultKeyMap(l)
	s := Shell{Common: Common{L: l, Styles: &styles, Keys: &keys, Now: now}, Conn: conn}
	s.St = conn.State()
	s.ReadConn(conn)
	return s
}

// SetLang makes the app speak t: the printer, and the keys' help, which
// every holder of Keys sees. What the app drew before in another language
// it draws again itself.
func (s *Shell) SetLang(t lang.Tag) {
	s.L = lang.New(t)
	*s.Keys = DefaultKeyMap(s.L)
}

// Event says what Shell.Update did with a message, so that the app can
// follow up.
type Event int

// The events of Shell.Update.
const (
	Unhandled   Event = iota // not a message of the shell's: the app's own
	Handled                  // taken; nothing for the app to do
	Resized                  // Width and Height changed
	Remeasured               // Cells counts graphemes now
	Restyled                 // Styles follow the terminal's background
	Changed                  // news from the connection: see News
	Closed                   // the connection closed for good
	Ticked                   // a second passed: time to redraw the timer
	LangChanged              // the person switched language (Keys.Lang): redraw what was drawn in the old one
)

// News is what a drain of the connection brought: the client's update
// (with Err only when it is new) and the phase and status before it.
type News struct {
	client.Update
	Phase  session.Phase // the phase before the news
	Status client.Status // the status before the news
}

// Messages of the shell's commands.
type (
	ChangeMsg struct{}              // the Conn has news to drain
	ClosedMsg struct{}              // the Conn closed for good
	TickMsg   struct{ T time.Time } // a second passed: redraw the timer
)

// Init starts listening to the connection and the clock, and asks the
// terminal for its background colour.
func (s *Shell) Init() tea.Cmd {
	return tea.Batch(WaitChange(s.Conn.Changes()), Tick(), tea.RequestBackgroundColor)
}

// WaitChange waits for the connection's next news; the shell issues it
// again after every message, so exactly one waits at a time.
func WaitChange(ch <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return ClosedMsg{}
		}
		return ChangeMsg{}
	}
}

// Tick sends a TickMsg in a second.
func Tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return TickMsg{t} })
}

// Update takes the messages every app treats alike and reports what it
// did; the command, if any, must be returned (batched) by the app.
func (s *Shell) Update(msg tea.Msg) (Event, News, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.Width, s.Height = max(0, msg.Width), max(0, msg.Height)
		return Resized, News{}, nil
	case tea.ModeReportMsg:
		// the renderer counts graphemes once the terminal reports Unicode
		// core support; measure as it does
		if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
			s.Cells = NewCells(ansi.GraphemeWidth)
			return Remeasured, News{}, nil
		}
		return Handled, News{}, nil
	case tea.BackgroundColorMsg:
		*s.Styles = DefaultStyles(msg.IsDark())
		return Restyled, News{}, nil
	case ChangeMsg:
		n := News{Phase: s.St.Phase, Status: s.Status}
		n.Update = s.news.drain(s.Conn)
		if len(n.Events) > 0 || n.Snapshot {
			s.St = s.Conn.State()
		}
		s.ReadConn(s.Conn)
		return Changed, n, WaitChange(s.Conn.Changes())
	case ClosedMsg:
		s.ReadConn(s.Conn)
		if s.Status != client.Ended {
			s.Status = client.Closed
		}
		return Closed, News{}, nil
	case TickMsg:
		return Ticked, News{}, Tick()
	case tea.KeyPressMsg:
		// F2 and ctrl+l type no text, so the language key works on every
		// screen, a text field's included, and on any layout (ctrl+д is
		// ctrl+l through LatinKey). A question waiting for y keeps waiting.
		if key.Matches(LatinKey(msg), s.Keys.Lang) {
			s.SetLang(NextLang(s.L.Tag()))
			s.Note(lang.Name(s.L.Tag()))
			return LangChanged, News{}, nil
		}
	}
	return Unhandled, News{}, nil
}

// Note puts a neutral message in the notice line.
func (s *Shell) Note(text string) { s.Notice, s.NoticeErr = text, false }

// Fail puts a refusal or a fault in the notice line.
func (s *Shell) Fail(text string) { s.Notice, s.NoticeErr = text, true }

// Ask waits for "y" before running an action.
func (s *Shell) Ask(prompt string, run func() tea.Cmd) {
	s.Confirm = &Confirmation{Prompt: prompt, Run: run}
}

// AskQuit asks whether to quit: "y" runs the action, and ctrl+c, pressed
// again at the question, quits as well.
func (s *Shell) AskQuit(prompt string, run func() tea.Cmd) {
	s.Confirm = &Confirmation{Prompt: prompt, Run: run, Quit: true}
}

// Answer takes the key that answers a waiting question: "y" (on any
// layout) clears the notice and runs the action; ctrl+c quits when the
// question is whether to quit; any other key keeps things as they are. It
// reports false when no question waits.
func (s *Shell) Answer(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	q := s.Confirm
	if q == nil {
		return nil, false
	}
	s.Confirm = nil
	if key.Matches(LatinKey(msg), s.Keys.Confirm) { // н is y on a Russian layout
		s.Notice = ""
		return q.Run(), true
	}
	// The English prefix stands for AskQuit where a caller still asks with
	// Ask (the console's quit question, until it moves to AskQuit).
	if msg.String() == "ctrl+c" && (q.Quit || strings.HasPrefix(q.Prompt, "Quit")) {
		return tea.Quit, true
	}
	s.Note(s.L.S("tui.notice.nothing_changed"))
	return nil, true
}
