package tui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// composeKind says what a composer's text becomes when it is sent.
type composeKind int

const (
	composeIdea     composeKind = iota + 1 // a new idea under a topic
	composeEdit                            // new text for an own idea
	composeComment                         // a comment on an idea or group
	composeFeedback                        // the end-of-session feedback text
)

// composeTarget is what the text is for.
type composeTarget struct {
	kind   composeKind
	topic  string // composeIdea
	item   string // composeEdit, composeComment
	rating int    // composeFeedback
}

// draftKey names the draft of a target, so that leaving a composer keeps
// the text for the next time the same target is opened.
func (t composeTarget) draftKey() string {
	switch t.kind {
	case composeIdea:
		return "idea:" + t.topic
	case composeEdit:
		return "edit:" + t.item
	case composeComment:
		return "comment:" + t.item
	case composeFeedback:
		return "feedback"
	}
	return ""
}

// composer is the one text area of the app: ideas, edits, comments and
// feedback are typed here. Drafts survive cancelling and phase changes.
type composer struct {
	ta     textarea.Model
	open   bool
	title  string
	target composeTarget
	limit  int
	drafts map[string]string
}

func newComposer(st *Styles) composer {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = "Type here…"
	ta.SetStyles(st.Textarea)
	ta.KeyMap.InsertNewline.SetKeys("alt+enter", "ctrl+j")
	ta.SetHeight(composerLines)
	return composer{ta: ta, drafts: map[string]string{}}
}

// composerLines is the height of the text area, in lines.
const composerLines = 4

// start opens the composer for target with the saved draft, or with
// initial when there is none.
func (c *composer) start(t composeTarget, title, initial string, limit int) tea.Cmd {
	c.open = true
	c.title = title
	c.target = t
	c.limit = limit
	c.ta.CharLimit = limit
	text, ok := c.drafts[t.draftKey()]
	if !ok {
		text = initial
	}
	c.ta.SetValue(text)
	c.ta.MoveToEnd()
	return c.ta.Focus()
}

// cancel closes the composer and keeps what was typed as a draft.
func (c *composer) cancel() {
	if v := c.ta.Value(); strings.TrimSpace(v) != "" {
		c.drafts[c.target.draftKey()] = v
	} else {
		delete(c.drafts, c.target.draftKey())
	}
	c.close()
}

// finish closes the composer after its text was sent and drops the draft.
func (c *composer) finish() {
	delete(c.drafts, c.target.draftKey())
	c.close()
}

func (c *composer) close() {
	c.open = false
	c.ta.Blur()
	c.ta.Reset()
}

// value returns the text typed so far.
func (c *composer) value() string { return c.ta.Value() }

func (c *composer) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.ta, cmd = c.ta.Update(msg)
	return cmd
}

func (c *composer) setStyles(st *Styles) { c.ta.SetStyles(st.Textarea) }

// height is how many lines the open composer takes.
func (c *composer) height() int {
	if !c.open {
		return 0
	}
	return composerLines + 3 // border top and bottom, title line
}

// setWidth fits the text area into a composer w cells wide.
func (c *composer) setWidth(st *Styles, w int) {
	c.ta.SetWidth(max(1, w-FrameWidth))
}

// view draws the composer w cells wide: a frame with the title, the text
// area and a character count.
func (c composer) view(st *Styles, tx Cells, w int) string {
	inner := w - FrameWidth
	if !c.open || inner < 4 {
		return ""
	}
	count := strconv.Itoa(utf8.RuneCountInString(c.ta.Value()))
	if c.limit > 0 {
		count += "/" + strconv.Itoa(c.limit)
	}
	lines := []string{tx.Spread(st.Paint.Section(tx.Truncate(c.title, inner)), st.Paint.Meta(count), inner)}
	for _, l := range SplitLines(c.ta.View()) {
		if tx.Width(l) > inner {
			// the text area padded the line by its own measure, which
			// counts an emoji sequence (👩‍💻) as one wide character where
			// this terminal counts each emoji: drop the padding, not the
			// text (frame pads again)
			l = trimPadding(l)
		}
		lines = append(lines, l)
	}
	return JoinLines(tx.Frame(st.Paint.Frame, lines, w))
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
