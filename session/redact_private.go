package session

// What each viewer sees of private brainstorming and of refunds
// (docs/PROTOCOL.md, "Private brainstorming" and "Votes given back").

// redactPrivate redacts the events of issue 15 for a participant or an
// observer (never the facilitator); ok is false for an event it leaves to
// Redact. self: the viewer is the event's actor.
//
//   - Another's private idea arrives as a placeholder: its id, topic and
//     time, and private, so that counts can show; never its text,
//     institution or author. An edit of it arrives as redacted.
//   - ideas_revealed is the same for every participant and observer: the
//     ideas with their texts, the authors left out in an anonymous session,
//     and so are withheld institutions (a replica keeps the author and
//     institution it knows: its own).
//   - votes_refunded (its actor is the voter) is told whole to its voter;
//     to others, like a vote, redacted while tallies are hidden and
//     without the voter while shown.
func redactPrivate(e Event, v Viewer, self, anonymous, revealed bool) (Event, bool) {
	switch e.Type {
	case EvIdeaPosted:
		if e.Private && !self {
			return Event{Seq: e.Seq, Type: e.Type, At: e.At, ID: e.ID, Topic: e.Topic, Private: true}, true
		}
	case EvIdeaEdited:
		if e.Private && !self {
			return Event{Seq: e.Seq, Type: EvRedacted, At: e.At}, true
		}
	case EvIdeasRevealed:
		if !anonymous {
			return e, true
		}
		ideas := make([]Idea, len(e.Revealed))
		for k, i := range e.Revealed {
			if i.Author != FacilitatorID {
				i.Author = ""
				if i.InstitutionMasked { // as on idea_posted (anon.go): its author's copy has it already
					i.Institution = ""
				}
			}
			ideas[k] = i
		}
		e.Revealed = ideas
		return e, true
	case EvVotesRefunded:
		if self {
			return e, true
		}
		if !revealed {
			return Event{Seq: e.Seq, Type: EvRedacted, At: e.At}, true
		}
		e.Actor = ""
		return e, true
	}
	return Event{}, false
}

// privatePlaceholder is another's private idea as a participant or an
// observer holds it: that it exists, where, and since when.
func privatePlaceholder(i Idea) Idea {
	return Idea{ID: i.ID, Topic: i.Topic, Hidden: i.Hidden, Group: i.Group, CreatedAt: i.CreatedAt, Private: true}
}
