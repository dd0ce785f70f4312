package session

// Deciding on votes: dot votes within budget and cap, revealing and closing.

func (d *decider) vote() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseVote {
		return nil, Errorf(EFORBIDDEN, "Voting happens in the vote phase; now is the %s phase.", d.s.Phase)
	}
	if d.s.VotingClosed {
		return nil, Errorf(EFORBIDDEN, "Voting is closed.")
	}
	if d.c.Delta != 1 && d.c.Delta != -1 {
		return nil, Errorf(EINVALID, "A vote adds 1 or removes 1.")
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	if i, ok := d.s.Ideas[d.c.Item]; ok && i.Group != "" {
		return nil, Errorf(ECONFLICT, "This idea is in a group; vote for the group instead.")
	}
	mine := d.s.Votes[d.c.Item][d.a.ID]
	p := d.s.Participants[d.a.ID]
	if d.c.Delta > 0 {
		if p.VotesSpent >= d.s.Settings.VoteBudget {
			return nil, Errorf(ELIMIT, "You have used all %d of your votes. Remove one to vote again.", d.s.Settings.VoteBudget)
		}
		if mine >= d.s.Settings.VoteCap {
			return nil, Errorf(ELIMIT, "You can give one item at most %d votes.", d.s.Settings.VoteCap)
		}
	} else if mine <= 0 {
		return nil, Errorf(ECONFLICT, "You have no vote on this item to remove.")
	}
	e := d.event(EvVoteCast)
	e.Item = d.c.Item
	e.Delta = d.c.Delta
	return []Event{e}, nil
}

func (d *decider) revealVotes() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.VotesRevealed {
		return nil, Errorf(ECONFLICT, "The votes are already revealed.")
	}
	e := d.event(EvVotesRevealed)
	e.Tallies = map[string]int{}
	for item := range d.s.Votes {
		if t := d.s.Tally(item); t > 0 {
			e.Tallies[item] = t
		}
	}
	return []Event{e}, nil
}

func (d *decider) hideVotes() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.VotesRevealed {
		return nil, Errorf(ECONFLICT, "The votes are already hidden.")
	}
	return []Event{d.event(EvVotesHidden)}, nil
}

func (d *decider) closeVoting() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.VotingClosed {
		return nil, Errorf(ECONFLICT, "Voting is already closed.")
	}
	return []Event{d.event(EvVotingClosed)}, nil
}

func (d *decider) openVoting() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.VotingClosed {
		return nil, Errorf(ECONFLICT, "Voting is already open.")
	}
	return []Event{d.event(EvVotingOpened)}, nil
}
