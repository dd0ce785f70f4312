package session

// Applying the events of private brainstorming and of refunds.

// reveal ends the private round: every private idea becomes public. A
// replica that held another's private idea only as a placeholder takes its
// text, institution (unless withheld, anon.go) and (when the viewer may see
// it) author from the event; an author or institution already known is
// kept, so a participant's own ideas keep theirs although the event is the
// same for everyone.
func (s *State) reveal(ideas []Idea) {
	s.Concealed = false
	for _, r := range ideas {
		i := s.Ideas[r.ID]
		if i == nil {
			c := r
			s.Ideas[r.ID] = &c
			s.count(r.ID)
			i = &c
		}
		i.Topic, i.Text, i.EditedAt, i.InstitutionMasked = r.Topic, r.Text, r.EditedAt, r.InstitutionMasked
		if r.Institution != "" { // a withheld institution comes without it: keep the one known (its author's own)
			i.Institution = r.Institution
		}
		if i.Author == "" {
			i.Author = r.Author
		}
	}
	for _, i := range s.Ideas {
		i.Private = false
	}
}

// refund gives votes back to voter e.Actor ("" in a replica that is not
// told whose: others') on e.Item; e.Delta is negative.
func (s *State) refund(e Event) {
	v := s.Votes[e.Item]
	if v == nil {
		return
	}
	v[e.Actor] += e.Delta
	if v[e.Actor] <= 0 {
		delete(v, e.Actor)
	}
	if len(v) == 0 {
		delete(s.Votes, e.Item)
	}
	if p := s.Participants[e.Actor]; p != nil {
		p.VotesSpent += e.Delta
	}
}
