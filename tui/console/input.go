package console

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/tui"
)

// consoleInput is the console's one text field: timer minutes, an idea's
// new text, a group name, a topic to move to, notes, a decision, the
// export folder. Enter
// submits, alt+enter starts a new line where the field takes several, tab
// steps through suggestions, esc cancels.
type consoleInput struct {
	ta      textarea.Model
	open    bool
	title   string
	hint    string
	lines   int
	limit   int
	choices []string // suggestions tab steps through
	choice  int      // the suggestion tab put in last, -1 before the first
	submit  func(text string) tea.Cmd
	suggest string // the placeholder of a field with suggestions
}

// newConsoleInput returns the closed field; suggest is its placeholder
// where tab offers suggestions, in the facilitator's language.
func newConsoleInput(st *tui.Styles, suggest string) consoleInput {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.SetStyles(st.Textarea)
	ta.KeyMap.InsertNewline.SetKeys("alt+enter", "ctrl+j")
	return consoleInput{ta: ta, suggest: suggest}
}

// inputSpec describes a field to open.
type inputSpec struct {
	title   string
	hint    string
	initial string
	lines   int // 1 for a one-line field
	limit   int // characters, 0 for none
	choices []string
	submit  func(text string) tea.Cmd
}

// start opens the field.
func (in *consoleInput) start(s inputSpec, width int) tea.Cmd {
	in.open = true
	in.title, in.hint = s.title, s.hint
	in.lines = max(1, s.lines)
	in.limit = s.limit
	in.choices, in.choice = s.choices, -1
	in.submit = s.submit
	in.ta.CharLimit = s.limit
	in.ta.Placeholder = ""
	if len(s.choices) > 0 {
		in.ta.Placeholder = in.suggest
	}
	in.ta.SetHeight(in.lines)
	in.setWidth(width)
	in.ta.SetValue(s.initial)
	in.ta.MoveToEnd()
	return in.ta.Focus()
}

// close shuts the field, dropping its text.
func (in *consoleInput) close() {
	in.open = false
	in.submit = nil
	in.ta.Blur()
	in.ta.Reset()
}

// complete puts the next suggestion into the field: at the first tab the
// first one that starts with what was typed (compared by lang.Fold, so
// "inkişaf" finds "İnkişaf"), or else contains it, then the following
// ones.
func (in *consoleInput) complete() {
	n := len(in.choices)
	if n == 0 {
		return
	}
	typed := in.ta.Value()
	if in.choice >= 0 {
		in.choice = (in.choice + 1) % n
	} else {
		in.choice = 0
		in.choice = firstMatch(in.choices, strings.TrimSpace(typed))
	}
	in.ta.SetValue(in.choices[in.choice])
	in.ta.MoveToEnd()
}

// firstMatch is the index of the first choice that begins with typed, or
// else contains it, compared by lang.Fold; 0 when none does.
func firstMatch(choices []string, typed string) int {
	if typed == "" {
		return 0
	}
	for i, ch := range choices {
		if lang.HasPrefixFold(ch, typed) {
			return i
		}
	}
	for i, ch := range choices {
		if lang.ContainsFold(ch, typed) {
			return i
		}
	}
	return 0
}

func (in *consoleInput) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	in.ta, cmd = in.ta.Update(msg)
	return cmd
}

func (in *consoleInput) setStyles(st *tui.Styles) { in.ta.SetStyles(st.Textarea) }

func (in *consoleInput) setWidth(w int) { in.ta.SetWidth(max(1, w-tui.FrameWidth)) }

// view draws the field w cells wide.
func (in *consoleInput) view(st *tui.Styles, tx tui.Cells, w int) []string {
	inner := w - tui.FrameWidth
	if !in.open || inner < 4 {
		return nil
	}
	count := strconv.Itoa(utf8.RuneCountInString(in.ta.Value()))
	if in.limit > 0 {
		count += "/" + strconv.Itoa(in.limit)
	}
	title := st.Paint.Section(in.title)
	var lines []string
	switch {
	case in.hint == "":
	case tx.Width(in.title+" · "+in.hint)+1+len(count) <= inner:
		title += st.Paint.Meta(" · " + in.hint)
	default:
		// a long title or hint (Azerbaijani and Russian run longer):
		// the hint gets a line of its own rather than losing its end
		lines = tx.Wrap(in.hint, inner)
		for i := range lines {
			lines[i] = st.Paint.Meta(lines[i])
		}
	}
	lines = append([]string{tx.Spread(title, st.Paint.Meta(count), inner)}, lines...)
	lines = append(lines, tui.SplitLines(in.ta.View())...)
	return tx.Frame(st.Paint.Frame, lines, w)
}
