package session

// Deciding on what participants say of their progress: done with a phase, and their feedback.

func (d *decider) markDone() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Done[d.s.Phase][d.a.ID] {
		return nil, Refuse(ECONFLICT, "errors.already_done")
	}
	e := d.event(EvDoneMarked)
	e.ID = d.a.ID
	e.Phase = d.s.Phase
	return []Event{e}, nil
}

func (d *decider) clearDone() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if !d.s.Done[d.s.Phase][d.a.ID] {
		return nil, Refuse(ECONFLICT, "errors.not_done")
	}
	e := d.event(EvDoneCleared)
	e.ID = d.a.ID
	e.Phase = d.s.Phase
	return []Event{e}, nil
}

func (d *decider) feedback() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseClosed {
		return nil, Refuse(EFORBIDDEN, "errors.feedback_not_open")
	}
	if d.c.Rating < 1 || d.c.Rating > 5 {
		return nil, Refuse(EINVALID, "errors.rating_range")
	}
	text, err := FeedbackText.Clean(d.c.Text)
	if err != nil {
		return nil, err
	}
	e := d.event(EvFeedbackGiven)
	e.Rating = d.c.Rating
	e.Text = text
	return []Event{e}, nil
}
