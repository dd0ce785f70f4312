package session

import (
	"maps"
	"slices"
)

// Redact returns the event as viewer v may see it. The facilitator sees every
// event whole; a participant or observer never sees another participant's
// authorship in an anonymous session, another's individual votes, another's
// feedback, or tallies before they are revealed. Secrets (token hashes) are
// removed for everyone. An event the viewer may not see at all becomes an
// EvRedacted event with the same sequence number.
//
// anonymous and revealed are the session's current settings. Redacting an
// old event with today's reveal state is safe: votes_revealed carries the
// totals and votes_hidden clears them, so a replica converges either way.
func Redact(e Event, v Viewer, anonymous, revealed bool) Event {
	e.TokenHash = ""
	if v.Role == RoleFacilitator {
		return e
	}
	self := v.ID != "" && e.Actor == v.ID
	if e.Actor == FacilitatorID && moderationActs[e.Type] {
		// Moderation reaches everyone as what it did, not as an act:
		// without an actor, so that no copy but the facilitator's keeps an
		// audit trail (moderation.go).
		e.Actor = ""
	}
	if e.Comment != nil && anonymous && e.Comment.Author != FacilitatorID && (v.ID == "" || e.Comment.Author != v.ID) {
		c := *e.Comment
		c.Author = ""
		e.Comment = &c
	}
	// Issue 15: what could single out an anonymous author (anon.go), and
	// which action an event undoes (undo.go), stay with their actor.
	if !self {
		e.Undoes = 0
		switch e.Type {
		case EvDoneMarked, EvDoneCleared:
			e.ID, e.Actor = "", ""
		case EvIdeaPosted, EvCommentPosted:
			if anonymous && e.InstitutionMasked && e.Actor != FacilitatorID {
				e.Institution = ""
			}
		}
	}
	// issue 16: breakout tables (redact_tables.go)
	if out, ok := redactTable(&e, v, self, anonymous); ok {
		return out
	}
	// issue 15: private ideas and refunds (redact_private.go)
	if out, ok := redactPrivate(e, v, self, anonymous, revealed); ok {
		return out
	}
	switch e.Type {
	case EvParticipantMadeReadOnly, EvParticipantReadOnlyLifted:
		// Between the facilitator and the participant concerned.
		if v.ID == "" || e.ID != v.ID {
			return Event{Seq: e.Seq, Type: EvRedacted, At: e.At}
		}
		return e
	case EvVoteCast:
		if self {
			return e
		}
		if !revealed {
			return Event{Seq: e.Seq, Type: EvRedacted, At: e.At}
		}
		e.Actor = ""
		return e
	case EvFeedbackGiven:
		if self {
			return e
		}
		return Event{Seq: e.Seq, Type: EvRedacted, At: e.At}
	}
	if anonymous && !self && e.Actor != FacilitatorID {
		e.Actor = ""
	}
	return e
}

// RedactState returns a deep copy of the state as viewer v may see it: what
// a replica that applied every event through Redact holds.
func RedactState(s *State, v Viewer) *State {
	out := s.Clone()
	fac := v.Role == RoleFacilitator
	for _, p := range out.Participants {
		p.TokenHash = ""
		if !fac && p.ID != v.ID {
			p.VotesSpent = 0
			p.ReadOnly = false
		}
	}
	if fac {
		return out
	}
	out.Audit = nil
	hide := func(author string) bool {
		return s.Settings.Anonymous && author != FacilitatorID && (v.ID == "" || author != v.ID)
	}
	for _, i := range out.Ideas {
		if hide(i.Author) {
			i.Author = ""
		}
		if i.Private && (v.ID == "" || i.Author != v.ID) { // issue 15: another's private idea is a placeholder
			*i = privatePlaceholder(*i)
		}
	}
	for _, c := range out.Comments {
		if hide(c.Author) {
			c.Author = ""
		}
	}
	for item, votes := range out.Votes {
		others := 0
		for pid, n := range votes {
			if v.ID != "" && pid == v.ID {
				continue
			}
			others += n
			delete(votes, pid)
		}
		if others > 0 && s.VotesRevealed {
			votes[""] = others
		}
		if len(votes) == 0 {
			delete(out.Votes, item)
		}
	}
	for pid := range out.Feedback {
		if v.ID == "" || pid != v.ID {
			delete(out.Feedback, pid)
		}
	}
	redactAnonymity(s, out, v, hide)
	redactTables(s, out, v) // issue 16
	return out
}

// Clone returns a deep copy of the state.
func (s *State) Clone() *State {
	out := *s
	out.Settings = cloneSettings(s.Settings)
	out.Topics = append([]Topic(nil), s.Topics...)
	out.Participants = make(map[string]*Participant, len(s.Participants))
	for k, p := range s.Participants {
		c := *p
		out.Participants[k] = &c
	}
	out.Ideas = make(map[string]*Idea, len(s.Ideas))
	for k, i := range s.Ideas {
		c := *i
		out.Ideas[k] = &c
	}
	out.Groups = make(map[string]*Group, len(s.Groups))
	for k, g := range s.Groups {
		c := *g
		c.Ideas = append([]string(nil), g.Ideas...)
		out.Groups[k] = &c
	}
	out.Votes = make(map[string]map[string]int, len(s.Votes))
	for k, v := range s.Votes {
		out.Votes[k] = maps.Clone(v)
	}
	out.Comments = make(map[string]*Comment, len(s.Comments))
	for k, c := range s.Comments {
		cc := *c
		out.Comments[k] = &cc
	}
	out.Notes = make(map[string]*Note, len(s.Notes))
	for k, n := range s.Notes {
		c := *n
		out.Notes[k] = &c
	}
	out.Roadmap = make(map[string]*RoadmapItem, len(s.Roadmap))
	for k, r := range s.Roadmap {
		c := *r
		c.Supporters = append([]string(nil), r.Supporters...)
		out.Roadmap[k] = &c
	}
	out.Feedback = make(map[string]*Feedback, len(s.Feedback))
	for k, f := range s.Feedback {
		c := *f
		out.Feedback[k] = &c
	}
	out.Audit = slices.Clone(s.Audit)
	out.Done = make(map[Phase]map[string]bool, len(s.Done))
	for k, d := range s.Done {
		out.Done[k] = maps.Clone(d)
	}
	out.DoneOthers = maps.Clone(s.DoneOthers) // issue 15
	out.Undo = cloneUndo(s.Undo)
	out.present.counts = maps.Clone(s.present.counts)
	s.cloneTableState(&out) // issue 16
	return &out
}

// RedactCrowd is RedactState for a participant or observer of a crowd, who
// gets the roster as counts instead of person by person (the hub decides
// when a room is a crowd; docs/PROTOCOL.md, roster): the copy lists no
// participant but v. The others are never copied.
func RedactCrowd(s *State, v Viewer) *State {
	few := *s
	few.Participants = map[string]*Participant{}
	if p, ok := s.Participants[v.ID]; ok && v.ID != "" {
		few.Participants[v.ID] = p
	}
	return RedactState(&few, v)
}

// Concerns reports whether e is about participant id other than as its
// actor, so that its redaction for id differs from everyone else's: the
// hub encodes such an event once more for that participant (read-only is
// told to the facilitator and to the participant concerned only).
func Concerns(e Event, id string) bool {
	if id == "" || id != e.ID {
		return false
	}
	if e.Type == EvParticipantSeated { // issue 16: the board goes to the participant seated
		return e.Board != nil
	}
	return e.Type == EvParticipantMadeReadOnly || e.Type == EvParticipantReadOnlyLifted
}
