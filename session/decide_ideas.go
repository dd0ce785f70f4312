package session

// Deciding on ideas: posting, editing, deleting, and the facilitator's moderation.

func (d *decider) postIdea() ([]Event, error) {
	if err := d.inPhase("errors.post_idea_phase", PhaseIdeas); err != nil {
		return nil, err
	}
	if d.a.Role == RoleFacilitator && d.s.Phase == PhaseClosed {
		return nil, Refuse(EFORBIDDEN, "errors.session_closed")
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	text, err := IdeaText.Clean(d.c.Text)
	if err != nil {
		return nil, err
	}
	e := d.event(EvIdeaPosted)
	e.ID = d.newID("i")
	e.Topic = d.c.Topic
	e.Text = text
	e.Private = d.s.Concealed // issue 15: posted in a private round
	if p, ok := d.s.Participants[d.a.ID]; ok {
		e.Institution = p.Institution
	}
	e.InstitutionMasked = d.masked(e.Institution) // issue 15: anon.go
	return []Event{e}, nil
}

// ownIdea checks that the actor may change idea id as its author (in the
// ideas phase) or as the facilitator.
func (d *decider) ownIdea(id, ownKey, phaseKey string) (*Idea, error) {
	i, err := d.idea(id)
	if err != nil {
		return nil, err
	}
	if d.a.Role == RoleFacilitator {
		return i, nil
	}
	if i.Author != d.a.ID {
		return nil, Refuse(EFORBIDDEN, ownKey)
	}
	if i.Hidden {
		return nil, Refuse(EFORBIDDEN, "errors.idea_hidden_by_facilitator")
	}
	if err := d.inPhase(phaseKey, PhaseIdeas); err != nil {
		return nil, err
	}
	return i, nil
}

func (d *decider) editIdea() ([]Event, error) {
	i, err := d.ownIdea(d.c.Item, "errors.edit_own_ideas", "errors.edit_idea_phase")
	if err != nil {
		return nil, err
	}
	// issue 15: a private idea is edited only by its author, whose edit
	// others are not told (the reveal carries the text as it is then)
	if i.Private && i.Author != d.a.ID {
		return nil, Refuse(ECONFLICT, "errors.idea_private")
	}
	text, err := IdeaText.Clean(d.c.Text)
	if err != nil {
		return nil, err
	}
	e := d.event(EvIdeaEdited)
	e.Item = d.c.Item
	e.Text = text
	e.Private = i.Private
	return []Event{e}, nil
}

func (d *decider) deleteIdea() ([]Event, error) {
	if _, err := d.ownIdea(d.c.Item, "errors.delete_own_ideas", "errors.delete_idea_phase"); err != nil {
		return nil, err
	}
	e := d.event(EvIdeaDeleted)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) hideIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if i.Hidden {
		return nil, Refuse(ECONFLICT, "errors.idea_already_hidden")
	}
	if i.Group != "" {
		return nil, Refuse(ECONFLICT, "errors.hide_grouped_idea")
	}
	e := d.event(EvIdeaHidden)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) showIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if !i.Hidden {
		return nil, Refuse(ECONFLICT, "errors.idea_not_hidden")
	}
	e := d.event(EvIdeaShown)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) moveIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	if i.Topic == d.c.Topic {
		return nil, Refuse(ECONFLICT, "errors.idea_same_topic")
	}
	e := d.event(EvIdeaMoved)
	e.Item = d.c.Item
	e.Topic = d.c.Topic
	return []Event{e}, nil
}
