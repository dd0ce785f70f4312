package participant

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// closedScreen is the closed phase: the feedback form (a rating from 1 to
// 5 and a text), then a thank-you, with the final road map below.
type closedScreen struct {
	finalRoadmap
	rating  int  // chosen on the form, 0 until chosen
	editing bool // the participant reopened the form after sending
}

// given returns the participant's feedback as sent or on its way.
func given(e *env) (rating int, text string, waiting, ok bool) {
	if c, ok := pendingFeedback(e); ok {
		return c.Rating, c.Text, true, true
	}
	if f := e.st.Feedback[e.me]; f != nil {
		return f.Rating, f.Text, false, true
	}
	return 0, "", false, false
}

func (c *closedScreen) rebuild(e *env) {
	if _, _, waiting, _ := given(e); waiting {
		c.editing = false
	}
	c.rebuildRoadmap(e)
}

func (c *closedScreen) form(e *env) bool {
	_, _, _, ok := given(e)
	return !ok || c.editing
}

func (c *closedScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	switch {
	case key.Matches(msg, k.Up):
		c.offset = max(0, c.offset-1)
		return nil
	case key.Matches(msg, k.Down):
		c.offset++
		return nil
	}
	if !c.form(e) {
		if key.Matches(msg, k.Open) {
			c.editing = true
			c.rating, _, _, _ = given(e)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Rating):
		c.rating = int(msg.String()[0] - '0')
	case key.Matches(msg, k.PrevTopic):
		c.rating = max(1, c.rating-1)
	case key.Matches(msg, k.NextTopic):
		c.rating = min(5, c.rating+1)
	case key.Matches(msg, k.Back):
		c.editing = false
	case key.Matches(msg, k.Open):
		if c.rating < 1 {
			e.fail(e.L.S("participant.closed.choose_first"))
			return nil
		}
		_, text, _, _ := given(e)
		return e.compose(composeTarget{kind: composeFeedback, rating: c.rating}, text, session.MaxFeedbackLen)
	}
	return nil
}

// stars draws a rating: ★★★☆☆.
func stars(n int) string {
	n = max(0, min(5, n))
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

func (c *closedScreen) top(e *env, w int) []string {
	st := e.Styles
	if !c.form(e) {
		rating, text, waiting, _ := given(e)
		lines := []string{st.Paint.Title(e.Cells.Truncate(e.L.S("participant.closed.thanks"), w))}
		l := e.L.S("participant.closed.rated", "Stars", stars(rating), "Rating", e.L.Number(rating))
		if waiting {
			l += st.Paint.Pending(" ⧗ " + e.L.S("participant.waiting.sending"))
		}
		lines = append(lines, e.Cells.Truncate(l, w))
		if strings.TrimSpace(text) != "" {
			lines = append(lines, e.Cells.Indent(tui.OneLine(text), st.Paint.Meta(e.L.S("participant.closed.wrote")), w)...)
		}
		return append(lines, st.Paint.Meta(e.Cells.Truncate(e.L.S("participant.closed.change"), w)))
	}
	lines := []string{st.Paint.Section(e.Cells.Truncate(e.L.S("participant.closed.question"), w))}
	rating := "  " + st.Paint.Budget(stars(c.rating))
	if c.rating > 0 {
		rating += "  " + e.L.S("participant.closed.rating", "Rating", e.L.Number(c.rating))
	} else {
		rating += st.Paint.Meta("  " + e.L.S("participant.closed.not_chosen"))
	}
	lines = append(lines, e.Cells.Truncate(rating, w))
	hint := e.L.S("participant.closed.hint")
	if e.hasDraft(composeTarget{kind: composeFeedback}) {
		hint += " " + e.L.S("participant.closed.draft_kept")
	}
	return append(lines, e.Cells.Indent(hint, "", w)...)
}

func (c *closedScreen) follow(e *env, h int) { c.followUnder(e, c.top(e, e.Width), h) }

func (c *closedScreen) view(e *env, w, h int) string { return c.viewUnder(e, c.top(e, w), w, h) }

func (c *closedScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	if !c.form(e) {
		b := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", e.L.S("participant.key.change_feedback")))
		return []key.Binding{b, k.Outcome, k.Move}, []key.Binding{b, k.Up, k.Down}
	}
	b := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", e.L.S("participant.key.continue")))
	// ←/→ choose the rating here, not a topic
	less := key.NewBinding(key.WithKeys(k.PrevTopic.Keys()...), key.WithHelp(k.PrevTopic.Help().Key, e.L.S("participant.key.rating_down")))
	more := key.NewBinding(key.WithKeys(k.NextTopic.Keys()...), key.WithHelp(k.NextTopic.Help().Key, e.L.S("participant.key.rating_up")))
	return []key.Binding{k.Rating, b, k.Move}, []key.Binding{k.Rating, less, more, b, k.Up, k.Down}
}

// finalRoadmap is the outcome under the closed and the ended screens: the
// decisions and notes, then the final road map, scrolled by its pager and
// drawn once per width.
type finalRoadmap struct {
	pager
	cache drawn
}

// rebuildRoadmap takes in the session's outcome and draws it.
func (f *finalRoadmap) rebuildRoadmap(e *env) {
	f.cache = drawn{w: e.Width, tx: e.Cells, lines: f.draw(e, e.Width), ok: true}
}

// lines returns the road map drawn w cells wide.
func (f *finalRoadmap) lines(e *env, w int) []string {
	if lines, ok := f.cache.get(e.Cells, w); ok {
		return lines
	}
	return f.draw(e, w)
}

// draw draws the outcome: what was decided, and the final road map.
func (f *finalRoadmap) draw(e *env, w int) []string {
	return append([]string{""}, outcomeLines(e, w)...)
}

// followUnder keeps the scroll position within the road map below top in
// h lines.
func (f *finalRoadmap) followUnder(e *env, top []string, h int) {
	f.offset = f.clamped(len(f.lines(e, e.Width)), h-len(top))
}

// viewUnder draws top, then as much of the road map as fits in h lines.
func (f *finalRoadmap) viewUnder(e *env, top []string, w, h int) string {
	return e.Cells.Block(append(top, f.show(f.lines(e, w), h-len(top))...), w, h)
}
