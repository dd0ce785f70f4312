package session

import (
	"slices"
)

// Deciding the session's set-up: creating it, joining, settings, topics and the phase.

func (d *decider) createSession() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.CreatedAt.IsZero() {
		return nil, Refuse(ECONFLICT, "errors.session_exists")
	}
	st := DefaultSettings()
	if d.c.Title != nil {
		t, err := SessionTitle.Clean(*d.c.Title)
		if err != nil {
			return nil, err
		}
		st.Title = t
	}
	if d.c.VoteBudget != nil {
		st.VoteBudget = *d.c.VoteBudget
	}
	if d.c.VoteCap != nil {
		st.VoteCap = *d.c.VoteCap
	}
	if d.c.Anonymous != nil {
		st.Anonymous = *d.c.Anonymous
	}
	if err := d.setAnonK(&st); err != nil { // issue 15: anon.go
		return nil, err
	}
	if err := d.agendaSettings(&st); err != nil { // issue 15
		return nil, err
	}
	switch d.c.Lang {
	case "", "en", "az", "ru":
		st.Lang = d.c.Lang
	default:
		return nil, Refuse(EINVALID, "errors.unknown_language", "Lang", Quoted(d.c.Lang))
	}
	if d.c.Horizons != nil {
		h, err := cleanList(d.c.Horizons, HorizonName, MaxHorizons)
		if err != nil {
			return nil, err
		}
		st.Horizons = h
	}
	if err := validSettings(st); err != nil {
		return nil, err
	}
	topics := d.c.Topics
	if len(topics) == 0 {
		topics = DefaultTopics()
	}
	topics, err := cleanList(topics, TopicName, MaxTopics)
	if err != nil {
		return nil, err
	}
	if len(topics) == 0 {
		return nil, Refuse(EINVALID, "errors.needs_topic")
	}
	e := d.event(EvSessionCreated)
	e.Settings = &st
	e.Topics = topics
	return []Event{e}, nil
}

func (d *decider) join() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	name, err := ParticipantName.Clean(d.c.Name)
	if err != nil {
		return nil, err
	}
	inst, err := InstitutionName.Clean(d.c.Institution)
	if err != nil {
		return nil, err
	}
	e := d.event(EvParticipantJoined)
	e.ID = d.newID("p")
	e.Actor = e.ID
	e.Name = name
	e.Institution = inst
	e.TokenHash = d.c.TokenHash
	return []Event{e}, nil
}

func (d *decider) updateSettings() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	st := d.s.Settings
	st.Horizons = slices.Clone(st.Horizons)
	if d.c.Title != nil {
		t, err := SessionTitle.Clean(*d.c.Title)
		if err != nil {
			return nil, err
		}
		st.Title = t
	}
	// A budget or cap below the votes already given gives the excess back
	// (issue 15: the refunds follow the settings change, decide_refunds.go).
	if d.c.VoteBudget != nil {
		st.VoteBudget = *d.c.VoteBudget
	}
	if d.c.VoteCap != nil {
		st.VoteCap = *d.c.VoteCap
	}
	if d.c.Anonymous != nil && *d.c.Anonymous != st.Anonymous {
		if len(d.s.Ideas) > 0 || len(d.s.Comments) > 0 {
			return nil, Refuse(ECONFLICT, "errors.anonymity_locked")
		}
		st.Anonymous = *d.c.Anonymous
	}
	if err := d.setAnonK(&st); err != nil { // issue 15: anon.go
		return nil, err
	}
	if d.c.Horizons != nil {
		h, err := cleanList(d.c.Horizons, HorizonName, MaxHorizons)
		if err != nil {
			return nil, err
		}
		for _, r := range d.s.Roadmap {
			if !slices.Contains(h, r.Horizon) {
				return nil, Refuse(ECONFLICT, "errors.horizon_in_use", "Horizon", Quoted(r.Horizon))
			}
		}
		st.Horizons = h
	}
	if err := d.agendaSettings(&st); err != nil { // issue 15
		return nil, err
	}
	if err := validSettings(st); err != nil {
		return nil, err
	}
	e := d.event(EvSettingsUpdated)
	e.Settings = &st
	// issue 15: a private round begins or ends with the setting; votes over
	// a lowered cap or budget go back
	before, after := d.privacyChange(st.PrivateIdeas)
	if st.PrivateIdeas == d.s.Settings.PrivateIdeas {
		before, after = nil, nil
	}
	evs := append(append(before, e), after...)
	return append(evs, d.refunds(st)...), nil
}

func (d *decider) addTopic() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	name, err := TopicName.Clean(d.c.Name)
	if err != nil {
		return nil, err
	}
	if len(d.s.Topics) >= MaxTopics {
		return nil, Refuse(ELIMIT, "errors.max_topics", "N", MaxTopics)
	}
	for _, t := range d.s.Topics {
		if t.Name == name {
			return nil, Refuse(ECONFLICT, "errors.topic_exists", "Name", Quoted(name))
		}
	}
	e := d.event(EvTopicAdded)
	e.ID = d.newID("t")
	e.Name = name
	return []Event{e}, nil
}

func (d *decider) renameTopic() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	name, err := TopicName.Clean(d.c.Name)
	if err != nil {
		return nil, err
	}
	e := d.event(EvTopicRenamed)
	e.Topic = d.c.Topic
	e.Name = name
	return []Event{e}, nil
}

func (d *decider) removeTopic() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	if len(d.s.Topics) == 1 {
		return nil, Refuse(ECONFLICT, "errors.needs_topic")
	}
	for _, i := range d.s.Ideas {
		if i.Topic == d.c.Topic {
			return nil, Refuse(ECONFLICT, "errors.topic_has_ideas")
		}
	}
	for _, g := range d.s.Groups {
		if g.Topic == d.c.Topic {
			return nil, Refuse(ECONFLICT, "errors.topic_has_groups")
		}
	}
	e := d.event(EvTopicRemoved)
	e.Topic = d.c.Topic
	return []Event{e}, nil
}

func (d *decider) setPhase() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.c.Phase.Valid() {
		return nil, Refuse(EINVALID, "errors.unknown_phase", "Value", Quoted(string(d.c.Phase)))
	}
	if d.c.Phase == d.s.Phase {
		return nil, Refuse(ECONFLICT, "errors.already_in_phase", "Phase", d.c.Phase)
	}
	// issue 15: the timer resets, a private round is revealed or begun
	return d.phaseChange(d.c.Phase), nil
}
