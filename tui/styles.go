package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the Roundtable screens use. Build it with
// DefaultStyles and pass it down; nothing reads styles from a global.
// Selection and emphasis never rely on colour alone (markers, bold and
// reverse carry them), so screens stay readable under NO_COLOR.
type Styles struct {
	IsDark bool

	Title       lipgloss.Style // session title in the header
	Phase       lipgloss.Style // phase name in the header
	Instruction lipgloss.Style // the phase's one-line instruction
	Timer       lipgloss.Style // countdown while time is left
	TimerLow    lipgloss.Style // countdown in its last minute or run out
	Online      lipgloss.Style // connection status: online
	Offline     lipgloss.Style // connection status: offline or closed
	Connecting  lipgloss.Style // connection status: connecting
	Waiting     lipgloss.Style // "N actions waiting"
	Done        lipgloss.Style // "done with this phase"
	Rule        lipgloss.Style // horizontal rules

	Tab       lipgloss.Style // a topic tab
	TabActive lipgloss.Style // the current topic tab

	Section  lipgloss.Style // a section heading inside a screen
	Item     lipgloss.Style // a row
	Selected lipgloss.Style // the selected row
	Own      lipgloss.Style // the participant's own idea or comment marker
	Hidden   lipgloss.Style // an own idea the facilitator hid
	Meta     lipgloss.Style // secondary text: institutions, counts
	Pending  lipgloss.Style // something typed but not yet confirmed by the hub
	Empty    lipgloss.Style // "nothing here yet" texts

	Group   lipgloss.Style // a group's name
	Vote    lipgloss.Style // own vote dots
	Tally   lipgloss.Style // revealed tallies
	Budget  lipgloss.Style // votes left
	Decided lipgloss.Style // a recorded decision

	Notice lipgloss.Style // a neutral status line message
	Error  lipgloss.Style // a refused command or a fault

	Frame    lipgloss.Style // the lines of a box: the focused item, the text area
	Help     help.Styles
	Textarea textarea.Styles

	Paint Painters // the styles above as fast functions; see DefaultStyles
}

// Painters apply the styles of a Styles to one line of text. A
// lipgloss.Style.Render call costs microseconds; a screen draws hundreds of
// fragments per frame, so each style's escape sequences are worked out once
// in DefaultStyles and wrapped around the text.
type Painters struct {
	Title       func(string) string
	Phase       func(string) string
	Instruction func(string) string
	Timer       func(string) string
	TimerLow    func(string) string
	Online      func(string) string
	Offline     func(string) string
	Connecting  func(string) string
	Waiting     func(string) string
	Done        func(string) string
	Rule        func(string) string
	Tab         func(string) string
	TabActive   func(string) string
	Section     func(string) string
	Item        func(string) string
	Selected    func(string) string
	Own         func(string) string
	Hidden      func(string) string
	Meta        func(string) string
	Pending     func(string) string
	Empty       func(string) string
	Group       func(string) string
	Vote        func(string) string
	Tally       func(string) string
	Budget      func(string) string
	Decided     func(string) string
	Notice      func(string) string
	Error       func(string) string
	Frame       func(string) string
}

// ink returns a function that wraps one line of text in the escape
// sequences of style s.
func ink(s lipgloss.Style) func(string) string {
	r := s.Render("x")
	i := strings.Index(r, "x")
	if i < 0 {
		return func(t string) string { return s.Render(t) }
	}
	pre, post := r[:i], r[i+1:]
	if pre == "" && post == "" {
		return func(t string) string { return t }
	}
	return func(t string) string {
		if t == "" {
			return ""
		}
		return pre + t + post
	}
}

// DefaultStyles returns the Roundtable styles for a dark or light terminal
// background.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		accent = ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B9A5FF"))
		subtle = ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
		rule   = ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#4A4A4A"))
		good   = ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#5FD38D"))
		warn   = ld(lipgloss.Color("#A65E00"), lipgloss.Color("#F0B34A"))
		bad    = ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A70"))
		own    = ld(lipgloss.Color("#0B6BA8"), lipgloss.Color("#6CC4FF"))
		text   = ld(lipgloss.Color("#1E1E1E"), lipgloss.Color("#E6E6E6"))
		selBg  = ld(lipgloss.Color("#E4DEFF"), lipgloss.Color("#3A2F66"))
	)
	s := lipgloss.NewStyle()
	st := Styles{
		IsDark:      isDark,
		Title:       s.Bold(true).Foreground(accent),
		Phase:       s.Bold(true).Foreground(text),
		Instruction: s.Foreground(text),
		Timer:       s.Bold(true).Foreground(good),
		TimerLow:    s.Bold(true).Foreground(bad),
		Online:      s.Foreground(good),
		Offline:     s.Bold(true).Foreground(bad),
		Connecting:  s.Foreground(warn),
		Waiting:     s.Foreground(warn),
		Done:        s.Bold(true).Foreground(good),
		Rule:        s.Foreground(rule),

		Tab:       s.Foreground(subtle),
		TabActive: s.Bold(true).Reverse(true).Foreground(accent),

		Section:  s.Bold(true).Foreground(accent),
		Item:     s.Foreground(text),
		Selected: s.Bold(true).Foreground(text).Background(selBg),
		Own:      s.Bold(true).Foreground(own),
		Hidden:   s.Italic(true).Foreground(subtle),
		Meta:     s.Foreground(subtle),
		Pending:  s.Italic(true).Foreground(warn),
		Empty:    s.Italic(true).Foreground(subtle),

		Group:   s.Bold(true).Foreground(accent),
		Vote:    s.Bold(true).Foreground(own),
		Tally:   s.Bold(true).Foreground(good),
		Budget:  s.Bold(true).Foreground(accent),
		Decided: s.Bold(true).Foreground(good),

		Notice: s.Foreground(subtle),
		Error:  s.Bold(true).Foreground(bad),

		Frame:    s.Foreground(accent),
		Help:     help.DefaultStyles(isDark),
		Textarea: textarea.DefaultStyles(isDark),
	}
	st.Paint = Painters{
		Title:       ink(st.Title),
		Phase:       ink(st.Phase),
		Instruction: ink(st.Instruction),
		Timer:       ink(st.Timer),
		TimerLow:    ink(st.TimerLow),
		Online:      ink(st.Online),
		Offline:     ink(st.Offline),
		Connecting:  ink(st.Connecting),
		Waiting:     ink(st.Waiting),
		Done:        ink(st.Done),
		Rule:        ink(st.Rule),
		Tab:         ink(st.Tab),
		TabActive:   ink(st.TabActive),
		Section:     ink(st.Section),
		Item:        ink(st.Item),
		Selected:    ink(st.Selected),
		Own:         ink(st.Own),
		Hidden:      ink(st.Hidden),
		Meta:        ink(st.Meta),
		Pending:     ink(st.Pending),
		Empty:       ink(st.Empty),
		Group:       ink(st.Group),
		Vote:        ink(st.Vote),
		Tally:       ink(st.Tally),
		Budget:      ink(st.Budget),
		Decided:     ink(st.Decided),
		Notice:      ink(st.Notice),
		Error:       ink(st.Error),
		Frame:       ink(st.Frame),
	}
	st.Textarea.Cursor.Blink = false
	st.Textarea.Focused.CursorLine = st.Textarea.Focused.CursorLine.UnsetBackground()
	return st
}
