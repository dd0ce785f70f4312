package roadmap

import (
	"slices"
	"sort"

	"roundtable/session"
)

// sessions lists the programme's sessions.
func (g *progGraph) sessions() []ProgrammeSession {
	out := make([]ProgrammeSession, 0, len(g.recs))
	for k, rec := range g.recs {
		ps := ProgrammeSession{
			ID: line(rec.ID), Title: line(rec.Title), Day: rec.Day,
			Created: rec.Created.In(g.loc), LastChange: rec.LastChange.In(g.loc),
		}
		s := g.state(k)
		if s == nil {
			ps.Participants = rec.Participants
			ps.Purged = &ProgrammeTombstone{At: rec.PurgedAt.In(g.loc), Events: rec.Events, Ideas: rec.Ideas}
			out = append(out, ps)
			continue
		}
		if ps.Title == "" {
			ps.Title = line(s.Settings.Title)
		}
		ps.Phase, ps.Anonymous = string(s.Phase), s.Settings.Anonymous
		ps.Participants, ps.Institutions = len(s.Participants), len(s.Institutions())
		for id := range s.Roadmap {
			if g.b[k].visible(id) {
				ps.Placed++
			}
		}
		out = append(out, ps)
	}
	return out
}

// horizons lists every session's horizon labels in order of first use,
// then any other horizon an item has, by name.
func (g *progGraph) horizons(items []ProgrammeItem) []string {
	out := []string{}
	for k := range g.recs {
		if s := g.state(k); s != nil {
			for _, h := range s.Settings.Horizons {
				if h = line(h); !slices.Contains(out, h) {
					out = append(out, h)
				}
			}
		}
	}
	var more []string
	for _, it := range items {
		if h := it.Placement.Horizon; !slices.Contains(out, h) && !slices.Contains(more, h) {
			more = append(more, h)
		}
	}
	sort.Strings(more)
	return append(out, more...)
}

// sections puts the items under their horizons, in the horizons' order;
// within one, by session, then place, then votes, then id.
func sections(horizons []string, items []ProgrammeItem) []ProgrammeSection {
	out := []ProgrammeSection{}
	for _, h := range horizons {
		var in []ProgrammeItem
		for _, it := range items {
			if it.Placement.Horizon == h {
				in = append(in, it)
			}
		}
		if len(in) == 0 {
			continue
		}
		sort.SliceStable(in, func(i, j int) bool {
			a, c := in[i], in[j]
			if a.pos != c.pos {
				return a.pos < c.pos
			}
			if a.Placement.Order != c.Placement.Order {
				return a.Placement.Order < c.Placement.Order
			}
			if a.Votes != c.Votes {
				return a.Votes > c.Votes
			}
			return session.CompareIDs(a.Item, c.Item) < 0
		})
		for k := range in {
			in[k].Rank = k + 1
		}
		out = append(out, ProgrammeSection{Horizon: h, Items: in})
	}
	return out
}
