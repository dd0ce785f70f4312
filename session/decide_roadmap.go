package session

import (
	"fmt"
	"slices"
)

// Deciding on the road map: placing items and taking them off.

func (d *decider) place() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.Votable(d.c.Item) {
		if err := d.item(d.c.Item); err != nil {
			return nil, err
		}
		return nil, Refuse(ECONFLICT, "errors.place_kind")
	}
	if err := d.notPrivate(d.c.Item); err != nil { // issue 15
		return nil, err
	}
	if !slices.Contains(d.s.Settings.Horizons, d.c.Horizon) {
		return nil, Refuse(EINVALID, "errors.unknown_horizon", "Value", Quoted(d.c.Horizon), "Horizons", fmt.Sprint(d.s.Settings.Horizons))
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
		return nil, Refuse(EINVALID, "errors.place_order")
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
		return nil, Refuse(ENOTFOUND, "errors.not_placed")
	}
	e := d.event(EvRoadmapRemoved)
	e.Item = d.c.Item
	return []Event{e}, nil
}
