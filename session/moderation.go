package session

import (
	"slices"
	"time"
)

// Moderation is one act of the facilitator's on what a participant posted
// or on a participant: a line of the audit trail (State.Audit) that the
// export's audit appendix lists. Apply keeps it, from the state as it was
// just before the act, so replaying the log rebuilds it.
type Moderation struct {
	Seq int64     `json:"seq"` // the event's
	At  time.Time `json:"at"`
	Act string    `json:"act"` // the event's type: idea_hidden, participant_renamed, …
	// Item is the idea or comment acted on; Participant the participant
	// acted on, or the author of that idea or comment.
	Item        string `json:"item,omitempty"`
	Participant string `json:"participant,omitempty"`
	// Text is the idea's or comment's text as it was before the act; From
	// and To what changed: an edit's new text (To), a move's topics, a
	// rename's names, a removal's attribution (To).
	Text string `json:"text,omitempty"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Withheld: the idea's or comment's institution was withheld from
	// others when it was posted (anon.go), so that an anonymous export's
	// appendix withholds it too, even once the item is deleted.
	Withheld bool `json:"withheld,omitempty"`
}

// moderationActs are the event types that are moderation when the
// facilitator is their actor. Redact takes the actor off them for everyone
// else, and Apply keeps an audit line only for an event whose actor is the
// facilitator: so no copy but the facilitator's keeps an audit trail.
var moderationActs = map[string]bool{
	EvIdeaHidden:                true,
	EvIdeaShown:                 true,
	EvIdeaDeleted:               true,
	EvIdeaEdited:                true,
	EvIdeaMoved:                 true,
	EvCommentDeleted:            true,
	EvParticipantRenamed:        true,
	EvParticipantRemoved:        true,
	EvParticipantReadmitted:     true,
	EvParticipantMadeReadOnly:   true,
	EvParticipantReadOnlyLifted: true,
}

// IsModeration reports whether an event of type typ is an act of
// moderation when the facilitator gives it.
func IsModeration(typ string) bool { return moderationActs[typ] }

// ModerationActs returns the event types that are moderation, sorted.
func ModerationActs() []string {
	out := make([]string, 0, len(moderationActs))
	for k := range moderationActs {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// audit records the facilitator's act e, before it is applied. An act on
// the facilitator's own idea or comment is not moderation and is not
// recorded.
func (s *State) audit(e Event) {
	if e.Actor != FacilitatorID || !moderationActs[e.Type] {
		return
	}
	m := Moderation{Seq: e.Seq, At: e.At, Act: e.Type}
	switch e.Type {
	case EvIdeaHidden, EvIdeaShown, EvIdeaDeleted, EvIdeaEdited, EvIdeaMoved:
		i := s.Ideas[e.Item]
		if i == nil || i.Author == FacilitatorID {
			return
		}
		m.Item, m.Participant, m.Text, m.Withheld = i.ID, i.Author, i.Text, i.InstitutionMasked
		switch e.Type {
		case EvIdeaEdited:
			m.To = e.Text
		case EvIdeaMoved:
			m.From, m.To = s.topicName(i.Topic), s.topicName(e.Topic)
		}
	case EvCommentDeleted:
		c := s.Comments[e.Item]
		if c == nil || c.Author == FacilitatorID {
			return
		}
		m.Item, m.Participant, m.Text, m.Withheld = c.ID, c.Author, c.Text, c.InstitutionMasked
	case EvParticipantRenamed, EvParticipantRemoved, EvParticipantReadmitted, EvParticipantMadeReadOnly, EvParticipantReadOnlyLifted:
		if s.Participants[e.ID] == nil {
			return
		}
		m.Participant = e.ID
		switch e.Type {
		case EvParticipantRenamed:
			m.From, m.To = e.Was, e.Name
		case EvParticipantRemoved:
			m.To = e.Attribution
		}
	default:
		return
	}
	s.Audit = append(s.Audit, m)
}

// topicName is the name of topic id, or "" when it is gone.
func (s *State) topicName(id string) string {
	if t := s.Topic(id); t != nil {
		return t.Name
	}
	return ""
}

// applyModeration applies the events of decide_moderation.go.
func (s *State) applyModeration(e Event) {
	p := s.Participants[e.ID]
	if p == nil {
		return
	}
	switch e.Type {
	case EvParticipantRenamed:
		p.Name = e.Name
	case EvParticipantRemoved:
		p.Removed, p.Attribution = true, e.Attribution
	case EvParticipantReadmitted:
		p.Removed, p.Attribution = false, ""
	case EvParticipantMadeReadOnly:
		p.ReadOnly = true
	case EvParticipantReadOnlyLifted:
		p.ReadOnly = false
	}
}

// Unnamed reports whether what participant id posted is shown as a removed
// participant's: they were removed with AttributionRemoved.
func (s *State) Unnamed(id string) bool {
	p := s.Participants[id]
	return p != nil && p.Removed && p.Attribution == AttributionRemoved
}

// Present returns the participants who have not been removed, in joining
// order.
func (s *State) Present() []*Participant {
	all := s.ParticipantList()
	out := all[:0]
	for _, p := range all {
		if !p.Removed {
			out = append(out, p)
		}
	}
	return out
}
