package session

import "slices"

// Deciding on groups: merging ideas, splitting, renaming, dissolving.

func (d *decider) groupIdeas() ([]Event, error) {
	if err := d.grouper(); err != nil { // issue 16: or a table's rapporteur
		return nil, err
	}
	if len(d.c.Ideas) == 0 {
		return nil, Refuse(EINVALID, "errors.group_no_ideas")
	}
	var ideas []string
	for _, id := range d.c.Ideas {
		i, err := d.idea(id)
		if err != nil {
			return nil, err
		}
		if i.Hidden {
			return nil, Refuse(ECONFLICT, "errors.group_hidden_idea", "ID", id)
		}
		if err := d.notPrivate(id); err != nil { // issue 15
			return nil, err
		}
		if i.Group != "" && i.Group != d.c.Group {
			return nil, Refuse(ECONFLICT, "errors.group_grouped_idea", "ID", id)
		}
		if i.Group == "" && !slices.Contains(ideas, id) {
			ideas = append(ideas, id)
		}
	}
	if d.c.Group != "" {
		if _, err := d.group(d.c.Group); err != nil {
			return nil, err
		}
		if len(ideas) == 0 {
			return nil, Refuse(ECONFLICT, "errors.group_already_in")
		}
		e := d.event(EvIdeasGrouped)
		e.Item = d.c.Group
		e.Ideas = ideas
		return append([]Event{e}, d.capRefunds(d.c.Group, ideas)...), nil
	}
	name := d.c.Name
	if Sanitize(name, false) == "" {
		name = d.s.Ideas[ideas[0]].Text
		if r := []rune(Sanitize(name, false)); len(r) > 60 {
			name = string(r[:59]) + "…"
		}
	}
	name, err := GroupName.Clean(name)
	if err != nil {
		return nil, err
	}
	e := d.event(EvGroupCreated)
	e.ID = d.newID("g")
	e.Name = name
	e.Topic = d.s.Ideas[ideas[0]].Topic
	e.Ideas = ideas
	return append([]Event{e}, d.capRefunds(e.ID, ideas)...), nil
}

// capRefunds returns the vote_cast events that give back the votes a
// participant would hold on group gid beyond the per-item cap once the ideas'
// votes move to it: merging two ideas a participant gave 3 votes each leaves
// them 3 votes on the group and returns 3 to their budget. The events carry
// the participant as actor, so each participant's copy (and nobody else's)
// learns their own refund, and others see it like any other vote.
func (d *decider) capRefunds(gid string, ideas []string) []Event {
	total := map[string]int{}
	for pid, n := range d.s.Votes[gid] {
		total[pid] += n
	}
	for _, id := range ideas {
		for pid, n := range d.s.Votes[id] {
			total[pid] += n
		}
	}
	var over []string
	for pid, n := range total {
		if n > d.s.Settings.VoteCap {
			over = append(over, pid)
		}
	}
	ByID(over)
	out := make([]Event, 0, len(over))
	for _, pid := range over {
		e := d.event(EvVoteCast)
		e.Actor = pid
		e.Item = gid
		e.Delta = d.s.Settings.VoteCap - total[pid]
		out = append(out, e)
	}
	return out
}

func (d *decider) ungroupIdea() ([]Event, error) {
	if err := d.grouper(); err != nil { // issue 16: or a table's rapporteur
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if i.Group == "" {
		return nil, Refuse(ECONFLICT, "errors.idea_not_grouped")
	}
	e := d.event(EvIdeaUngrouped)
	e.Item = d.c.Item
	e.ID = i.Group
	return []Event{e}, nil
}

func (d *decider) renameGroup() ([]Event, error) {
	if err := d.grouper(); err != nil { // issue 16: or a table's rapporteur
		return nil, err
	}
	if _, err := d.group(d.c.Item); err != nil {
		return nil, err
	}
	name, err := GroupName.Clean(d.c.Name)
	if err != nil {
		return nil, err
	}
	e := d.event(EvGroupRenamed)
	e.Item = d.c.Item
	e.Name = name
	return []Event{e}, nil
}

func (d *decider) dissolveGroup() ([]Event, error) {
	if err := d.grouper(); err != nil { // issue 16: or a table's rapporteur
		return nil, err
	}
	if _, err := d.group(d.c.Item); err != nil {
		return nil, err
	}
	e := d.event(EvGroupDissolved)
	e.Item = d.c.Item
	return []Event{e}, nil
}
