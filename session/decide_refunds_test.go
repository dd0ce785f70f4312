package session_test

import (
	"testing"

	"roundtable/session"
)

// refunded is votes_refunded: n votes of voter on item go back.
func refunded(voter, item string, n int) session.Event {
	return session.Event{Type: session.EvVotesRefunded, Actor: voter, Item: item, Delta: -n}
}

func refundCases() map[string]decideCase {
	settings := func(budget, cap int) session.Event {
		st := session.DefaultSettings()
		st.VoteBudget, st.VoteCap = budget, cap
		return session.Event{Type: session.EvSettingsUpdated, Settings: &st}
	}
	votes := func(vs ...session.Event) []session.Event { return concat(ideas(session.PhaseVote), vs) }
	update := func(budget, cap *int) session.Command {
		return session.Command{Type: session.CmdUpdateSettings, VoteBudget: budget, VoteCap: cap}
	}
	return map[string]decideCase{
		"a budget below what was spent gives back from the item with the most votes": {
			given: votes(voted("p5", "i7", 1), voted("p5", "i9", 1), voted("p5", "i9", 1)), actor: fac,
			cmd:  update(ptr(2), nil),
			want: at("facilitator", settings(2, 3), refunded("p5", "i9", 1)),
		},
		"among items with as many votes, the newest gives back first": {
			given: votes(voted("p5", "i7", 1), voted("p5", "i8", 1), voted("p5", "i9", 1)), actor: fac,
			cmd:  update(ptr(1), nil),
			want: at("facilitator", settings(1, 3), refunded("p5", "i8", 1), refunded("p5", "i9", 1)),
		},
		"a budget of zero gives every vote back, voter by voter": {
			given: votes(voted("p6", "i7", 1), voted("p5", "i9", 1), voted("p5", "i9", 1)), actor: fac,
			cmd:  update(ptr(0), nil),
			want: at("facilitator", settings(0, 3), refunded("p5", "i9", 2), refunded("p6", "i7", 1)),
		},
		"a cap below what was given gives back the excess": {
			given: votes(voted("p5", "i9", 1), voted("p5", "i9", 1), voted("p6", "i9", 1)), actor: fac,
			cmd:  update(nil, ptr(1)),
			want: at("facilitator", settings(5, 1), refunded("p5", "i9", 1)),
		},
		"the cap first, then the budget": {
			given: votes(voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p5", "i9", 1), voted("p5", "i9", 1)), actor: fac,
			cmd:  update(ptr(3), ptr(2)),
			want: at("facilitator", settings(3, 2), refunded("p5", "i7", 1), refunded("p5", "i9", 1)),
		},
		"a budget above what was spent gives nothing back": {
			given: votes(voted("p5", "i7", 1), voted("p5", "i9", 1)), actor: fac,
			cmd:  update(ptr(2), ptr(1)),
			want: at("facilitator", settings(2, 1)),
		},
		"a cap of zero": {
			given: votes(voted("p5", "i7", 1)), actor: fac,
			cmd:      update(nil, ptr(0)),
			wantCode: session.EINVALID,
		},
	}
}

// TestRefundsWhatEachViewerSees: the voter learns of its refund and its
// budget is whole again; others learn nothing while tallies are hidden,
// and only the new totals while they are shown; every copy ends equal to
// the redacted state.
func TestRefundsWhatEachViewerSees(t *testing.T) {
	for _, shown := range []bool{false, true} {
		evs := votes3(shown)
		srv := stateAfter(evs...)
		out, err := session.Decide(srv, fac, session.Command{Type: session.CmdUpdateSettings, VoteBudget: ptr(1)}, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []session.Viewer{p5, p6, observer} {
			c := session.RedactState(srv, v)
			for k, e := range out {
				e.Seq = srv.Seq + int64(k) + 1
				c.Apply(session.Redact(e, v, true, shown))
			}
			want := srv.Clone()
			for k, e := range out {
				e.Seq = srv.Seq + int64(k) + 1
				want.Apply(e)
			}
			if got, w := jsonOf(t, c), jsonOf(t, session.RedactState(want, v)); got != w {
				t.Errorf("shown %v, viewer %q:\ncopy %s\nwant %s", shown, v.ID, got, w)
			}
			if v.ID == "p5" && c.Participants["p5"].VotesSpent != 1 {
				t.Errorf("p5 has %d votes spent after the refund, want 1", c.Participants["p5"].VotesSpent)
			}
		}
		for _, e := range out {
			if e.Type != session.EvVotesRefunded {
				continue
			}
			if r := session.Redact(e, p6, true, shown); shown && r.Actor != "" || !shown && r.Type != session.EvRedacted {
				t.Errorf("shown %v: p6 sees p5's refund as %+v", shown, r)
			}
		}
	}
}

// votes3 is the vote phase with p5's three votes, tallies shown or not.
func votes3(shown bool) []session.Event {
	evs := concat(ideas(session.PhaseVote), []session.Event{voted("p5", "i7", 1), voted("p5", "i9", 1), voted("p5", "i9", 1), voted("p6", "i9", 1)})
	if shown {
		evs = append(evs, session.Event{Type: session.EvVotesRevealed, Actor: session.FacilitatorID, Tallies: map[string]int{"i7": 1, "i9": 3}})
	}
	return evs
}
