package session

// Deciding on private brainstorming: a private round of the ideas phase,
// in which each participant sees only their own ideas, until the
// facilitator reveals them all (docs/PROTOCOL.md, "Private brainstorming").

// revealIdeas makes every private idea public and ends the private round.
func (d *decider) revealIdeas() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.Concealed {
		return nil, Refuse(ECONFLICT, "errors.ideas_not_private")
	}
	return []Event{d.revealEvent()}, nil
}

// revealEvent is ideas_revealed carrying every private idea as it is now,
// in posting order, so that each viewer gets the texts it could not see.
func (d *decider) revealEvent() Event {
	e := d.event(EvIdeasRevealed)
	for _, i := range d.s.IdeaList() {
		if i.Private {
			c := *i
			c.Private = false
			e.Revealed = append(e.Revealed, c)
		}
	}
	return e
}

// notPrivate refuses an action on an idea that is still private: grouping,
// focusing, placing and commenting would show it, or its text, to others.
func (d *decider) notPrivate(id string) error {
	if i, ok := d.s.Ideas[id]; ok && i.Private {
		return Refuse(ECONFLICT, "errors.idea_private")
	}
	return nil
}

// privacyChange returns the events that follow turning private
// brainstorming on or off: on in the ideas phase begins a private round at
// once (ideas posted from then on are private); off ends one, revealing
// its ideas. reveal comes before the settings change, conceal after it.
func (d *decider) privacyChange(on bool) (before, after []Event) {
	switch {
	case on && d.s.Phase == PhaseIdeas && !d.s.Concealed:
		return nil, []Event{d.event(EvIdeasConcealed)}
	case !on && d.s.Concealed:
		return []Event{d.revealEvent()}, nil
	}
	return nil, nil
}
