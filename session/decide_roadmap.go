package session

import "slices"

// Deciding on the road map: placing items and taking them off.

func (d *decider) place() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.Votable(d.c.Item) {
		if err := d.item(d.c.Item); err != nil {
			return nil, err
		}
		return nil, Errorf(ECONFLICT, "Only groups and visible ideas outside groups can go on the road map.")
	}
	if !slices.Contains(d.s.Settings.Horizons, d.c.Horizon) {
		return nil, Errorf(EINVALID, "Unknown horizon %q; the horizons are %v.", d.c.Horizon, d.s.Settings.Horizons)
	}
	lead, err := LeadInstitution.Clean(d.c.Lead)
	if err != nil {
		return nil, err
	}
	sup, err := cleanList(d.c.Supporters, SupportingInstitution, MaxSupporters)
	if err != nil {
		return nil, err
	}
	if d.c.Order < 0 {
		return nil, Errorf(EINVALID, "The order is a position from 1; 0 puts the item last.")
	}
	e := d.event(EvRoadmapPlaced)
	e.Item = d.c.Item
	e.Horizon = d.c.Horizon
	e.Lead = lead
	e.Supporters = sup
	e.Order = d.c.Order
	return []Event{e}, nil
}

func (d *decider) unplace() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if _, ok := d.s.Roadmap[d.c.Item]; !ok {
		return nil, Errorf(ENOTFOUND, "That item is not on the road map.")
	}
	e := d.event(EvRoadmapRemoved)
	e.Item = d.c.Item
	return []Event{e}, nil
}
