package session

// Deciding on votes: dot votes within budget and cap, revealing and closing.

func (d *decider) vote() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseVote {
		return nil, Refuse(EFORBIDDEN, "errors.vote_phase", "Phase", d.s.Phase)
	}
	if d.s.VotingClosed {
		return nil, Refuse(EFORBIDDEN, "errors.voting_closed")
	}
	if d.c.Delta != 1 && d.c.Delta != -1 {
		return nil, Refuse(EINVALID, "errors.vote_delta")
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	if i, ok := d.s.Ideas[d.c.Item]; ok && i.Group != "" {
		return nil, Refuse(ECONFLICT, "errors.vote_grouped_idea")
	}
	mine := d.s.Votes[d.c.Item][d.a.ID]
	p := d.s.Participants[d.a.ID]
	if d.c.Delta > 0 {
		if p.VotesSpent >= d.s.Settings.VoteBudget {
			return nil, Refuse(ELIMIT, "errors.votes_used_all", "N", d.s.Settings.VoteBudget)
		}
		if mine >= d.s.Settings.VoteCap {
			return nil, Refuse(ELIMIT, "errors.vote_cap", "N", d.s.Settings.VoteCap)
		}
	} else if mine <= 0 {
		return nil, Refuse(ECONFLICT, "errors.no_vote_to_remove")
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
		return nil, Refuse(ECONFLICT, "errors.votes_already_revealed")
	}
	e := d.event(EvVotesRevealed)
	e.Tallies = map[string]int{}
	for item := range d.s.Votes {
		if t := d.s.Tally(item); t > 0 && d.s.ItemTable(item) == "" { // issue 16: a table's are its members' alone
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
		return nil, Refuse(ECONFLICT, "errors.votes_already_hidden")
	}
	return []Event{d.event(EvVotesHidden)}, nil
}

func (d *decider) closeVoting() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.VotingClosed {
		return nil, Refuse(ECONFLICT, "errors.voting_already_closed")
	}
	return []Event{d.event(EvVotingClosed)}, nil
}

func (d *decider) openVoting() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.VotingClosed {
		return nil, Refuse(ECONFLICT, "errors.voting_already_open")
	}
	return []Event{d.event(EvVotingOpened)}, nil
}
