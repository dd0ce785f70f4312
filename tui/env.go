package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// env is what screens get from the app: the replica, who is looking,
// styles, keys, the clock, and ways to act.
type env struct {
	st      *session.State
	me      string
	styles  *Styles
	keys    *KeyMap
	now     time.Time
	online  map[string]bool
	pending []session.Command // sent, not yet acknowledged, in order
	tx      Cells
	app     *Participant
}

func (m *Participant) env() *env {
	e := &env{st: m.St, me: m.me, styles: m.Styles, keys: m.Keys, now: m.Now(), online: m.Online, tx: m.Cells, app: m}
	if len(m.order) > 0 {
		e.pending = make([]session.Command, 0, len(m.order))
		for _, op := range m.order {
			e.pending = append(e.pending, m.pending[op])
		}
	}
	return e
}

func (e *env) send(c session.Command) { e.app.send(c) }
func (e *env) note(s string)          { e.app.Note(s) }
func (e *env) fail(s string)          { e.app.Fail(s) }

// ask waits for "y" before sending c.
func (e *env) ask(prompt string, c session.Command) {
	e.app.Ask(prompt, func() tea.Cmd {
		e.app.send(c)
		e.app.Note("Done.")
		return nil
	})
}

// compose opens the text area.
func (e *env) compose(t composeTarget, title, initial string, limit int) tea.Cmd {
	cmd := e.app.compose.start(t, title, initial, limit)
	e.app.compose.setWidth(e.styles, e.app.Width)
	return cmd
}

// hasDraft reports whether a draft is kept for target t.
func (e *env) hasDraft(t composeTarget) bool {
	_, ok := e.app.compose.drafts[t.draftKey()]
	return ok
}
