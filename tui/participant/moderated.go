package participant

import (
	"roundtable/session"
)

// What the participant reads of the facilitator's moderation of them
// (session/decide_moderation.go): while read-only, a line in the header
// says so and the keys that would post, edit, vote, comment or give
// feedback say why not, instead of sending what the hub would refuse;
// once removed, the header and the notice say so.

// moderation is what the app last knew of its own moderation, to tell
// the participant when it changes.
type moderation struct {
	readOnly, removed bool
}

// myself returns this participant's record in the replica, or nil.
func (m *Participant) myself() *session.Participant { return m.St.Participants[m.me] }

// readOnly reports whether the facilitator made this participant read-only.
func (m *Participant) readOnly() bool {
	p := m.myself()
	return p != nil && p.ReadOnly && !p.Removed
}

// removed reports whether the facilitator removed this participant.
func (m *Participant) removed() bool {
	p := m.myself()
	return p != nil && p.Removed
}

// barred refuses, with a notice, a command the participant may not give
// while read-only or removed, and reports whether it did.
func (m *Participant) barred(typ string) bool {
	switch {
	case m.removed():
		m.Fail(m.L.S("roster.you.removed"))
		return true
	case m.readOnly() && (typ == session.CmdPostIdea || typ == session.CmdEditIdea || typ == session.CmdVote ||
		typ == session.CmdComment || typ == session.CmdFeedback || typ == session.CmdConsent): // issue 16: consent
		m.Fail(m.L.S("roster.you.read_only"))
		return true
	}
	return false
}

// composeCommand is the command a text area's target becomes.
func composeCommand(k composeKind) string {
	switch k {
	case composeIdea:
		return session.CmdPostIdea
	case composeEdit:
		return session.CmdEditIdea
	case composeComment:
		return session.CmdComment
	case composeFeedback:
		return session.CmdFeedback
	case composeConsent:
		return session.CmdConsent
	}
	return ""
}

// moderationLine is what the header says instead of the phase's
// instruction while the participant is removed or read-only, or "".
func (m *Participant) moderationLine() string {
	switch {
	case m.removed():
		return m.L.S("roster.you.removed_short")
	case m.readOnly():
		return m.L.S("roster.you.read_only_short")
	}
	return ""
}

// moderationNews tells the participant that the facilitator made them
// read-only, lifted it or removed them, once, when the replica first
// says so.
func (m *Participant) moderationNews() {
	now := moderation{readOnly: m.readOnly(), removed: m.removed()}
	was := m.moderated
	m.moderated = now
	switch {
	case now.removed && !was.removed:
		if m.compose.Open {
			m.compose.Cancel()
		}
		m.Fail(m.L.S("roster.you.removed"))
	case now.readOnly && !was.readOnly:
		if m.compose.Open && composeCommand(m.compose.target.kind) != "" {
			m.compose.Cancel() // kept as a draft
		}
		m.Fail(m.L.S("roster.you.read_only"))
	case was.readOnly && !now.readOnly && !now.removed:
		m.Note(m.L.S("roster.you.can_take_part"))
	}
}
