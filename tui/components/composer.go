package components

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/tui"
)

// Composer is a framed text area with a title and a count of the
// characters typed. What it holds is kept as a draft under a key when it
// is cancelled, and comes back when the same key is opened again; sending
// drops it.
type Composer struct {
	ta     textarea.Model
	Open   bool
	title  string
	draft  string // the key of the draft being typed
	limit  int
	drafts map[string]string
}

// NewComposer returns a closed composer whose empty text area speaks the
// language of l.
func NewComposer(st *tui.Styles, l *lang.Printer) Composer {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = l.S("tui.composer.placeholder")
	ta.SetStyles(st.Textarea)
	ta.KeyMap.InsertNewline.SetKeys("alt+enter", "ctrl+j")
	ta.SetHeight(composerLines)
	return Composer{ta: ta, drafts: map[string]string{}}
}

// composerLines is the height of the text area, in lines.
const composerLines = 4

// Start opens the composer for the draft under key, or with initial when
// there is none.
func (c *Composer) Start(key, title, initial string, limit int) tea.Cmd {
	c.Open = true
	c.title = title
	c.draft = key
	c.limit = limit
	c.ta.CharLimit = limit
	text, ok := c.drafts[key]
	if !ok {
		text = initial
	}
	c.ta.SetValue(text)
	c.ta.MoveToEnd()
	return c.ta.Focus()
}

// Cancel closes the composer and keeps what was typed as a draft.
func (c *Composer) Cancel() {
	if v := c.ta.Value(); strings.TrimSpace(v) != "" {
		c.drafts[c.draft] = v
	} else {
		delete(c.drafts, c.draft)
	}
	c.close()
}

// Finish closes the composer after its text was sent and drops the draft.
func (c *Composer) Finish() {
	delete(c.drafts, c.draft)
	c.close()
}

// HasDraft reports whether a draft is kept under key.
func (c *Composer) HasDraft(key string) bool {
	_, ok := c.drafts[key]
	return ok
}

// KeepDraft keeps text as the draft under key unless one is kept there
// already, and reports whether it did.
func (c *Composer) KeepDraft(key, text string) bool {
	if c.HasDraft(key) {
		return false
	}
	c.drafts[key] = text
	return true
}

func (c *Composer) close() {
	c.Open = false
	c.ta.Blur()
	c.ta.Reset()
}

// Value returns the text typed so far.
func (c *Composer) Value() string { return c.ta.Value() }

// Update passes a message on to the text area.
func (c *Composer) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.ta, cmd = c.ta.Update(msg)
	return cmd
}

// SetTitle changes the title of the open composer (after a change of
// language).
func (c *Composer) SetTitle(title string) { c.title = title }

// SetLang follows a change of language.
func (c *Composer) SetLang(l *lang.Printer) { c.ta.Placeholder = l.S("tui.composer.placeholder") }

// SetStyles follows a change of styles.
func (c *Composer) SetStyles(st *tui.Styles) { c.ta.SetStyles(st.Textarea) }

// Height is how many lines the open composer takes.
func (c *Composer) Height() int {
	if !c.Open {
		return 0
	}
	return composerLines + 3 // border top and bottom, title line
}

// SetWidth fits the text area into a composer w cells wide.
func (c *Composer) SetWidth(w int) {
	c.ta.SetWidth(max(1, w-tui.FrameWidth))
}

// View draws the composer w cells wide: a frame with the title, the text
// area and a character count.
func (c Composer) View(st *tui.Styles, tx tui.Cells, w int) string {
	inner := w - tui.FrameWidth
	if !c.Open || inner < 4 {
		return ""
	}
	count := strconv.Itoa(utf8.RuneCountInString(c.ta.Value()))
	if c.limit > 0 {
		count += "/" + strconv.Itoa(c.limit)
	}
	lines := []string{tx.Spread(st.Paint.Section(tx.Truncate(c.title, inner)), st.Paint.Meta(count), inner)}
	for _, l := range tui.SplitLines(c.ta.View()) {
		if tx.Width(l) > inner {
			// the text area padded the line by its own measure, which
			// counts an emoji sequence (👩‍💻) as one wide character where
			// this terminal counts each emoji: drop the padding, not the
			// text (frame pads again)
			l = trimPadding(l)
		}
		lines = append(lines, l)
	}
	return tui.JoinLines(tx.Frame(st.Paint.Frame, lines, w))
}

// trimPadding drops the spaces at the end of a line, before a final style
// reset if there is one.
func trimPadding(l string) string {
	const reset = "\x1b[m"
	if rest, ok := strings.CutSuffix(l, reset); ok {
		return strings.TrimRight(rest, " ") + reset
	}
	return strings.TrimRight(l, " ")
}
