package join

import tea "charm.land/bubbletea/v2"

// One identity across a programme (issue 16; docs/PROTOCOL.md,
// "Programmes"). A door whose Store keeps the participant's resume tokens
// of other sessions (an EarlierStore) and that can send them
// (Config.DialEarlier) sends them whenever it has no resume token of this
// session: the hub of a session of the same programme joins the
// participant they name as themself. When the participant has named the
// session (its code given, or admitted by the Gate) but not who they are,
// the flow first dials with the tokens alone, a probe: welcomed, it asks
// nothing; refused for want of a name (the hub knows none of the tokens),
// it asks who they are as before. Tokens the hub does not know cost
// nothing.

// An EarlierStore is a Store that also finds a participant's resume tokens
// of other sessions at the same door.
type EarlierStore interface {
	// Earlier returns the resume tokens kept for the participant who
	// answered a in other sessions at the same hub (not the one a.Code
	// names), newest first, at most a few; none when it cannot tell who
	// the participant is.
	Earlier(a Answers) []string
}

// earlier returns the Store's earlier tokens for a, when the door can
// send them.
func (m *Model) earlier(a Answers) []string {
	s, ok := m.cfg.Store.(EarlierStore)
	if !ok || m.cfg.DialEarlier == nil {
		return nil
	}
	return s.Earlier(a)
}

// probeGiven reports whether the flow should probe before the first form:
// the participant gave the session (its code, and the hub's address where
// the door asks it), has no resume token of it, and the Store keeps
// earlier tokens for who answered last.
func (m *Model) probeGiven(given Answers) bool {
	if given.Code == "" || m.cfg.AskHost && given.Host == "" || !m.cfg.Ask {
		return false
	}
	return m.cfg.Store.Find(m.a) == "" && len(m.earlier(m.a)) > 0
}

// probe dials with the earlier tokens alone (see the package's note).
func (m *Model) probe() tea.Cmd {
	return m.dialWith("", m.earlier(m.a), true)
}
