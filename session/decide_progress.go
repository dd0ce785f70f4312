package session

// Deciding on what participants say of their progress: done with a phase, and their feedback.

func (d *decider) markDone() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Done[d.s.Phase][d.a.ID] {
		return nil, Errorf(ECONFLICT, "You are already marked done with this phase.")
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
		return nil, Errorf(ECONFLICT, "You are not marked done with this phase.")
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
		return nil, Errorf(EFORBIDDEN, "Feedback opens when the session is closed.")
	}
	if d.c.Rating < 1 || d.c.Rating > 5 {
		return nil, Errorf(EINVALID, "The rating is from 1 to 5.")
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
