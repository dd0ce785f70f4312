package session

import "slices"

// Applying consent rounds (issue 16; decide_consent.go). Every copy counts
// a round's answers (Answers); only a copy that sees an answer whole (the
// facilitator's, the answerer's own) keeps it in Given.

// applyConsent applies one consent event.
func (s *State) applyConsent(e Event) {
	c := s.Consent[e.Item]
	switch e.Type {
	case EvConsentOpened:
		if c == nil {
			c = &Consent{Item: e.Item}
			if s.Consent == nil {
				s.Consent = map[string]*Consent{}
			}
			s.Consent[e.Item] = c
		}
		if c.Result != nil { // the round before goes to the history, with its outcome
			h := cloneConsentResult(*c.Result)
			h.Outcome = c.Outcome
			c.History = append(c.History, h)
		}
		c.Round, c.Open, c.Answers, c.Given, c.Result, c.Outcome = e.Round, true, 0, nil, nil, ""
	case EvConsentGiven:
		if c == nil || !c.Open || c.Round != e.Round {
			return
		}
		if !e.Changed {
			c.Answers++
		}
		if e.Actor != "" && e.Level != nil {
			if c.Given == nil {
				c.Given = map[string]ConsentAnswer{}
			}
			c.Given[e.Actor] = ConsentAnswer{Level: *e.Level, Reason: e.Text, At: e.At}
		}
	case EvConsentRevealed:
		if c == nil || c.Round != e.Round || e.Result == nil {
			return
		}
		r := cloneConsentResult(*e.Result)
		c.Open, c.Result, c.Given = false, &r, nil // the result says what the answers were
		s.forgetConsentOpening(e.Item)
	case EvConsentRecorded:
		if c == nil || c.Round != e.Round || c.Result == nil {
			return
		}
		c.Outcome = e.Outcome
	case EvConsentCancelled:
		if c == nil || c.Round != e.Round || !c.Open {
			return
		}
		if len(c.History) == 0 {
			delete(s.Consent, e.Item)
			return
		}
		h := c.History[len(c.History)-1]
		c.History = slices.Clip(c.History[:len(c.History)-1])
		if len(c.History) == 0 {
			c.History = nil
		}
		r := cloneConsentResult(h)
		r.Outcome = ""
		c.Round, c.Open, c.Answers, c.Given, c.Result, c.Outcome = h.Round, false, h.TookPart+h.Absent, nil, &r, h.Outcome
	}
}

// forgetConsentOpening takes the opening of item's round off the
// facilitator's undo list once it is revealed: a reveal cannot be taken
// back, so neither can the opening, and the next undo reaches the action
// before it.
func (s *State) forgetConsentOpening(item string) {
	for _, u := range s.Undo[FacilitatorID] {
		if u.Kind == EvConsentOpened && u.Item == item {
			s.popUndo(FacilitatorID, u.Seq)
			return
		}
	}
}

// ConsentOutcome returns the outcome recorded for item's latest round, or "".
func (s *State) ConsentOutcome(item string) string {
	if c := s.Consent[item]; c != nil {
		return c.Outcome
	}
	return ""
}

func cloneConsentResult(r ConsentResult) ConsentResult {
	r.Reasons = slices.Clone(r.Reasons)
	return r
}

// cloneConsent copies every item's consent deeply.
func cloneConsent(in map[string]*Consent) map[string]*Consent {
	if in == nil {
		return nil
	}
	out := make(map[string]*Consent, len(in))
	for k, c := range in {
		cc := *c
		if c.Given != nil {
			cc.Given = make(map[string]ConsentAnswer, len(c.Given))
			for pid, a := range c.Given {
				cc.Given[pid] = a
			}
		}
		if c.Result != nil {
			r := cloneConsentResult(*c.Result)
			cc.Result = &r
		}
		if c.History != nil {
			cc.History = make([]ConsentResult, len(c.History))
			for i, h := range c.History {
				cc.History[i] = cloneConsentResult(h)
			}
		}
		out[k] = &cc
	}
	return out
}
