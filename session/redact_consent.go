package session

// What each viewer sees of consent rounds (issue 16; docs/PROTOCOL.md,
// "Consent rounds"). An answer is private: its participant and the
// facilitator get consent_given whole; everyone else gets it without
// actor, level or text, which is enough to count the answers. The reveal
// and the outcome are the same for everyone.

// redactConsent redacts consent_given for a participant or an observer who
// did not give it (never the facilitator); ok is false for an event it
// leaves to Redact.
func redactConsent(e Event, self bool) (Event, bool) {
	if e.Type != EvConsentGiven || self {
		return Event{}, false
	}
	return Event{Seq: e.Seq, Type: e.Type, At: e.At, Item: e.Item, Round: e.Round, Changed: e.Changed}, true
}

// redactConsentState leaves in out, the copy for viewer v (not the
// facilitator), only v's own answers.
func redactConsentState(out *State, v Viewer) {
	for _, c := range out.Consent {
		for pid := range c.Given {
			if v.ID == "" || pid != v.ID {
				delete(c.Given, pid)
			}
		}
		if len(c.Given) == 0 {
			c.Given = nil
		}
	}
}
