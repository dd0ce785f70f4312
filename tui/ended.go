package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// endedScreen is what a participant sees once the session has ended (the
// host stopped with the session closed, status "ended"): thanks, what
// happens next, whether their feedback arrived or what never reached the
// host, and the final road map to scroll. Nothing can be sent any more, so
// it offers no action but leaving.
type endedScreen struct {
	pager
	rows  []roadmapRow
	cache drawn
}

func (s *endedScreen) rebuild(e *env) {
	s.rows = roadmapRows(e.st, s.rows[:0])
	s.cache = drawn{w: e.app.width, tx: e.tx, lines: s.drawBottom(e, e.app.width), ok: true}
}

func (s *endedScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.keys
	switch {
	case key.Matches(msg, k.Up):
		s.offset = max(0, s.offset-1)
	case key.Matches(msg, k.Down):
		s.offset++
	}
	return nil
}

// unsent splits the commands that never reached the host: the feedback,
// and how many others.
func unsent(e *env) (feedback bool, others int) {
	for _, c := range e.pending {
		if c.Type == session.CmdFeedback {
			feedback = true
		} else {
			others++
		}
	}
	return feedback, others
}

func (s *endedScreen) top(e *env, w int) []string {
	st := e.styles
	lines := []string{st.paint.Title(e.tx.truncate("The session has ended. Thank you for taking part!", w))}
	lines = append(lines, e.tx.indent("The facilitator will share the road map with everyone; the final version is below.", "", w)...)
	lostFeedback, others := unsent(e)
	switch f := e.st.Feedback[e.me]; {
	case lostFeedback:
		lines = append(lines, st.paint.Error(e.tx.truncate("Your feedback did not reach the host before it stopped.", w)))
	case f != nil:
		lines = append(lines, e.tx.truncate("Your feedback ("+stars(f.Rating)+" "+strconv.Itoa(f.Rating)+" of 5) reached the host.", w))
	}
	if others > 0 {
		lines = append(lines, st.paint.Error(e.tx.truncate(plural(others, "action", "actions")+" of yours did not reach the host before it stopped.", w)))
	}
	return append(lines, st.paint.Meta(e.tx.truncate("Press q to leave.", w)))
}

func (s *endedScreen) bottom(e *env, w int) []string {
	if lines, ok := s.cache.get(e.tx, w); ok {
		return lines
	}
	return s.drawBottom(e, w)
}

// drawBottom draws the final road map.
func (s *endedScreen) drawBottom(e *env, w int) []string {
	st := e.styles
	lines := []string{"", st.paint.Section(e.tx.truncate("Final road map", w))}
	for i := range s.rows {
		lines = append(lines, drawRoadmapRow(e, &s.rows[i], false, w)...)
	}
	return lines
}

func (s *endedScreen) follow(e *env, h int) {
	w := e.app.width
	s.offset = s.clamped(len(s.bottom(e, w)), h-len(s.top(e, w)))
}

func (s *endedScreen) view(e *env, w, h int) string {
	lines := s.top(e, w)
	lines = append(lines, s.show(s.bottom(e, w), h-len(lines))...)
	return e.tx.block(lines, w, h)
}

func (s *endedScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.keys
	return []key.Binding{k.Move}, []key.Binding{k.Up, k.Down}
}
