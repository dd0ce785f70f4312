package session

import (
	"maps"
	"slices"
)

// Deciding which votes go back to their voters when the facilitator lowers
// the vote cap or budget below what was already given.

// refunds returns the votes_refunded events that bring every voter within
// the cap and budget of st: first each voter's votes over the cap on an
// item; then, for a voter still over the budget, one vote at a time from
// the item they gave the most votes, the newest item first among equals.
// Events come in the order of voters, then items (creation order).
func (d *decider) refunds(st Settings) []Event {
	given := map[string]map[string]int{} // voter -> item -> votes
	for item, votes := range d.s.Votes {
		for pid, n := range votes {
			if pid == "" || n <= 0 {
				continue
			}
			if given[pid] == nil {
				given[pid] = map[string]int{}
			}
			given[pid][item] = n
		}
	}
	voters := slices.Collect(maps.Keys(given))
	ByID(voters)
	var evs []Event
	for _, pid := range voters {
		items := given[pid]
		back := map[string]int{}
		spent := 0
		for item, n := range items {
			if n > st.VoteCap {
				back[item] += n - st.VoteCap
				items[item] = st.VoteCap
			}
			spent += items[item]
		}
		for spent > st.VoteBudget {
			most := ""
			for item, n := range items {
				if n > 0 && (most == "" || n > items[most] || n == items[most] && CompareIDs(item, most) > 0) {
					most = item
				}
			}
			items[most]--
			back[most]++
			spent--
		}
		ids := slices.Collect(maps.Keys(back))
		ByID(ids)
		for _, item := range ids {
			// the voter is the actor, as in a merge's refunds: the hub
			// tells an event's actor its own view (room_send.go)
			e := d.event(EvVotesRefunded)
			e.Actor = pid
			e.Item = item
			e.Delta = -back[item]
			evs = append(evs, e)
		}
	}
	return evs
}
