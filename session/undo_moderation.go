package session

// Undoing the facilitator's moderation of a participant (issue 15): a
// rename by renaming back, a removal by re-admitting (and a re-admission
// by removing again, with the attribution the removal had chosen),
// read-only by lifting it (and the other way round). Each undo is itself an
// act of moderation: it goes into the audit trail like any other, so the
// export's appendix shows both.

// moderationEntry records the facilitator's act e on a participant.
func (s *State) moderationEntry(e Event) *UndoEntry {
	p := s.Participants[e.ID]
	if e.Actor != FacilitatorID || p == nil {
		return nil
	}
	u := &UndoEntry{Item: e.ID}
	switch e.Type {
	case EvParticipantRenamed:
		u.undoData = &undoData{Text: p.Name, Set: e.Name}
	case EvParticipantReadmitted:
		u.undoData = &undoData{Set: p.Attribution}
	}
	return u
}

// undoModeration returns the act that reverses u, if the participant is
// still as u left them.
func (d *decider) undoModeration(u *UndoEntry) ([]Event, error) {
	p, ok := d.s.Participants[u.Item]
	if !ok {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	var changed bool
	var e Event
	switch u.Kind {
	case EvParticipantRenamed:
		changed = p.Name != u.Set
		e = d.participantEvent(EvParticipantRenamed, p)
		e.Name, e.Was = u.Text, p.Name
	case EvParticipantRemoved:
		changed = !p.Removed
		e = d.participantEvent(EvParticipantReadmitted, p)
		e.Attribution = p.Attribution
	case EvParticipantReadmitted:
		changed = p.Removed
		e = d.participantEvent(EvParticipantRemoved, p)
		e.Attribution = u.Set
		if e.Attribution == "" {
			e.Attribution = AttributionKeep
		}
	case EvParticipantMadeReadOnly:
		changed = !p.ReadOnly
		e = d.participantEvent(EvParticipantReadOnlyLifted, p)
	default: // EvParticipantReadOnlyLifted
		changed = p.ReadOnly
		e = d.participantEvent(EvParticipantMadeReadOnly, p)
	}
	if changed {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	return []Event{e}, nil
}
