package session

// Undoing the facilitator's consent rounds (issue 16). Opening a round is
// undone by cancelling it (consent_cancelled), while nobody has answered:
// the round before it, if any, is the item's current round again. A
// recorded outcome is undone by recording the outcome before it (none: an
// empty outcome). A reveal is not undone: everyone has seen the result;
// it also takes the opening off the list (apply_consent.go), so the next
// undo reaches the action before.

// consentEntry records the facilitator's consent_opened or
// consent_recorded.
func (s *State) consentEntry(e Event) *UndoEntry {
	if e.Actor != FacilitatorID {
		return nil
	}
	u := &UndoEntry{Item: e.Item, N: e.Round}
	if e.Type == EvConsentRecorded {
		c := s.Consent[e.Item]
		if c == nil || c.Round != e.Round || c.Result == nil {
			return nil
		}
		u.undoData = &undoData{Text: c.Outcome, Set: e.Outcome}
	}
	return u
}

// undoConsent returns the event that reverses u, if the item's round is
// still as u left it.
func (d *decider) undoConsent(u *UndoEntry) ([]Event, error) {
	c := d.s.Consent[u.Item]
	if c == nil || c.Round != u.N {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	if u.Kind == EvConsentOpened {
		if !c.Open {
			return nil, Refuse(ECONFLICT, "errors.undo_changed")
		}
		if c.Answers > 0 {
			return nil, Refuse(ECONFLICT, "errors.consent_undo_answered", "N", c.Answers)
		}
		e := d.event(EvConsentCancelled)
		e.Item, e.Round = u.Item, u.N
		return []Event{e}, nil
	}
	if c.Outcome != u.Set {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	e := d.event(EvConsentRecorded)
	e.Item, e.Round, e.Outcome = u.Item, u.N, u.Text
	return []Event{e}, nil
}
