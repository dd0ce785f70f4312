package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// endedScreen is what a participant sees once the session has ended (the
// host stopped with the session closed, status "ended"): thanks, what
// happens next, whether their feedback arrived or what never reached the
// host, and the final road map to scroll. Nothing can be sent any more, so
// it offers no action but leaving.
type endedScreen struct{ finalRoadmap }

func (s *endedScreen) rebuild(e *env) { s.rebuildRoadmap(e) }

func (s *endedScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
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
	st := e.Styles
	lines := []string{st.Paint.Title(e.Cells.Truncate(e.L.S("participant.ended.title"), w))}
	lines = append(lines, e.Cells.Indent(e.L.S("participant.ended.share"), "", w)...)
	lostFeedback, others := unsent(e)
	switch f := e.st.Feedback[e.me]; {
	case lostFeedback:
		lines = append(lines, st.Paint.Error(e.Cells.Truncate(e.L.S("participant.ended.feedback_lost"), w)))
	case f != nil:
		lines = append(lines, e.Cells.Truncate(e.L.S("participant.ended.feedback_ok", "Stars", stars(f.Rating), "Rating", e.L.Number(f.Rating)), w))
	}
	if others > 0 {
		lines = append(lines, st.Paint.Error(e.Cells.Truncate(e.L.N("participant.ended.lost", others), w)))
	}
	return append(lines, st.Paint.Meta(e.Cells.Truncate(e.L.S("participant.ended.leave"), w)))
}

func (s *endedScreen) follow(e *env, h int) { s.followUnder(e, s.top(e, e.Width), h) }

func (s *endedScreen) view(e *env, w, h int) string { return s.viewUnder(e, s.top(e, w), w, h) }

func (s *endedScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	return []key.Binding{k.Move, k.Outcome}, []key.Binding{k.Up, k.Down}
}
