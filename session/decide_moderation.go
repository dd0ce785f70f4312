package session

// Deciding the facilitator's moderation of participants: renaming,
// removing and re-admitting them, making them read-only and lifting it;
// and what a removed or read-only participant may no longer do.
//
// Each event carries what its inverse needs: participant_renamed the old
// name (Was), participant_removed the attribution chosen; re-admitting
// undoes a removal and lifting undoes read-only, with nothing more.

// Attributions of a removed participant's ideas and comments.
const (
	// AttributionKeep: their ideas and comments stay under their name and
	// institution, as before.
	AttributionKeep = "keep"
	// AttributionRemoved: they are shown as a removed participant's, with
	// neither name nor institution, wherever the viewer knows who wrote
	// them (the facilitator, the export; everyone in a session that is
	// not anonymous). Other viewers of an anonymous session keep seeing the
	// institution: relabelling what they see would point at the person
	// removed.
	AttributionRemoved = "removed"
)

// readOnlyBarred are the commands a read-only participant may not give:
// posting, editing, voting, commenting and feedback. Deleting their own
// idea or comment and saying they are done stay open.
var readOnlyBarred = map[string]bool{
	CmdPostIdea: true,
	CmdEditIdea: true,
	CmdVote:     true,
	CmdComment:  true,
	CmdFeedback: true,
}

// barred refuses a removed participant everything, and a read-only one
// what readOnlyBarred names.
func barred(s *State, a Actor, c Command) error {
	if a.Role != RoleParticipant {
		return nil
	}
	p := s.Participants[a.ID]
	switch {
	case p == nil:
		return nil
	case p.Removed:
		return Refuse(EFORBIDDEN, "errors.removed")
	case p.ReadOnly && readOnlyBarred[c.Type]:
		return Refuse(EFORBIDDEN, "errors.read_only")
	}
	return nil
}

// moderated returns the participant a moderation command names, once the
// actor is known to be the facilitator.
func (d *decider) moderated() (*Participant, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	p, ok := d.s.Participants[d.c.Participant]
	if !ok {
		return nil, Refuse(ENOTFOUND, "errors.no_participant", "ID", Quoted(d.c.Participant))
	}
	return p, nil
}

// participantEvent is an event about participant p.
func (d *decider) participantEvent(typ string, p *Participant) Event {
	e := d.event(typ)
	e.ID = p.ID
	return e
}

func (d *decider) renameParticipant() ([]Event, error) {
	p, err := d.moderated()
	if err != nil {
		return nil, err
	}
	name, err := ParticipantName.Clean(d.c.Name)
	if err != nil {
		return nil, err
	}
	if name == p.Name {
		return nil, Refuse(ECONFLICT, "errors.name_unchanged")
	}
	e := d.participantEvent(EvParticipantRenamed, p)
	e.Name = name
	e.Was = p.Name
	return []Event{e}, nil
}

func (d *decider) removeParticipant() ([]Event, error) {
	p, err := d.moderated()
	if err != nil {
		return nil, err
	}
	attr := d.c.Attribution
	switch attr {
	case "":
		attr = AttributionKeep
	case AttributionKeep, AttributionRemoved:
	default:
		return nil, Refuse(EINVALID, "errors.unknown_attribution", "Value", Quoted(attr))
	}
	if p.Removed {
		return nil, Refuse(ECONFLICT, "errors.already_removed")
	}
	e := d.participantEvent(EvParticipantRemoved, p)
	e.Attribution = attr
	return []Event{e}, nil
}

func (d *decider) readmitParticipant() ([]Event, error) {
	p, err := d.moderated()
	if err != nil {
		return nil, err
	}
	if !p.Removed {
		return nil, Refuse(ECONFLICT, "errors.not_removed")
	}
	e := d.participantEvent(EvParticipantReadmitted, p)
	e.Attribution = p.Attribution // what re-admitting takes back, for an undo
	return []Event{e}, nil
}

func (d *decider) makeReadOnly() ([]Event, error) {
	p, err := d.moderated()
	if err != nil {
		return nil, err
	}
	if p.ReadOnly {
		return nil, Refuse(ECONFLICT, "errors.already_read_only")
	}
	return []Event{d.participantEvent(EvParticipantMadeReadOnly, p)}, nil
}

func (d *decider) liftReadOnly() ([]Event, error) {
	p, err := d.moderated()
	if err != nil {
		return nil, err
	}
	if !p.ReadOnly {
		return nil, Refuse(ECONFLICT, "errors.not_read_only")
	}
	return []Event{d.participantEvent(EvParticipantReadOnlyLifted, p)}, nil
}
