package session

import (
	"slices"
	"strings"
)

// CarryChoice is what a session hands the next one of its programme (the
// Carried of a carry_items), and how it was chosen.
type CarryChoice struct {
	Items      []Idea // each with Text, Topic (its topic's name there) and Origin
	Placed     int    // of them, items of its road map
	Candidates int    // of them, unplaced candidates with at least one vote
	Left       int    // candidates with votes left out beyond MaxCarried
}

// CarryFrom chooses what session prev hands the next session of its
// programme (day is prev's day in the programme): every item of its road
// map, horizon by horizon in their order, each group as one item under
// the group's name; then every unplaced candidate (a visible plenary idea
// outside groups, or a group) with at least one vote, the most voted
// first. Each item's Origin says where it came from: its horizon there,
// its consent outcome, its votes, and, for an item promoted from a
// breakout table, tableLabel of its promotion ("Table 3"; nil leaves it
// out). At most MaxCarried items: the road map first.
func CarryFrom(prev *State, day int, tableLabel func(Promotion) string) CarryChoice {
	var out CarryChoice
	origin := func(item, placed string) *Origin {
		o := &Origin{Session: prev.ID, Title: prev.Settings.Title, Day: day, Item: item, Placed: placed, Votes: prev.Tally(item)}
		if c := prev.Consent[item]; c != nil {
			o.Outcome = c.Outcome
		}
		if p := prev.promotion(item); p != nil && tableLabel != nil {
			o.Table = tableLabel(*p)
		}
		return o
	}
	add := func(item, placed string) bool {
		text, topic, ok := prev.carryText(item)
		if !ok || len(out.Items) >= MaxCarried {
			return false
		}
		out.Items = append(out.Items, Idea{Text: text, Topic: topic, Origin: origin(item, placed)})
		return true
	}
	horizons := slices.Clone(prev.Settings.Horizons)
	for _, r := range prev.Roadmap { // a horizon renamed since: its items still go
		if !slices.Contains(horizons, r.Horizon) {
			horizons = append(horizons, r.Horizon)
		}
	}
	slices.Sort(horizons[len(prev.Settings.Horizons):])
	for _, h := range horizons {
		for _, r := range prev.RoadmapIn(h) {
			if add(r.Item, h) {
				out.Placed++
			}
		}
	}
	var candidates []string
	for id := range prev.Votes {
		if prev.Roadmap[id] == nil && prev.Tally(id) > 0 && prev.candidate(id) {
			candidates = append(candidates, id)
		}
	}
	slices.SortFunc(candidates, func(a, b string) int {
		if ta, tb := prev.Tally(a), prev.Tally(b); ta != tb {
			return tb - ta
		}
		if na, nb := idNo(a), idNo(b); na != nb {
			return int(na - nb)
		}
		return strings.Compare(a, b)
	})
	for _, id := range candidates {
		if add(id, "") {
			out.Candidates++
		} else {
			out.Left++
		}
	}
	return out
}

// candidate reports whether item may be carried as an unplaced candidate:
// a group, or a visible public idea outside groups, on the plenary board
// (not still on a breakout table's).
func (s *State) candidate(item string) bool {
	if g := s.Groups[item]; g != nil {
		return g.Table == "" || g.Promotion != nil
	}
	i := s.Ideas[item]
	return i != nil && !i.Hidden && !i.Private && i.Group == "" && (i.Table == "" || i.Promotion != nil)
}

// carryText returns what an item is called when carried, and its topic's
// name: a group's name, an idea's text.
func (s *State) carryText(item string) (text, topic string, ok bool) {
	name := func(id string) string {
		if t := s.Topic(id); t != nil {
			return t.Name
		}
		return ""
	}
	if g := s.Groups[item]; g != nil {
		return g.Name, name(g.Topic), true
	}
	if i := s.Ideas[item]; i != nil {
		return i.Text, name(s.IdeaTopic(i)), true
	}
	return "", "", false
}

// promotion returns how item reached the plenary from a table, or nil.
func (s *State) promotion(item string) *Promotion {
	if g := s.Groups[item]; g != nil {
		return g.Promotion
	}
	if i := s.Ideas[item]; i != nil {
		return i.Promotion
	}
	return nil
}
