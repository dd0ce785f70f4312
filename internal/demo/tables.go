package demo

import (
	"cmp"
	"context"
	"slices"
	"time"

	"roundtable/session"
)

// Breakout tables in the demo (issue 16). The scripted facilitator splits
// the room into tables when the ideas phase begins and recalls them after
// the table vote; a bot works at its table as a person would: it posts there
// (the hub puts its ideas on its table's board), votes on its table's items,
// picks a table of a topic when the tables are by topic, and now and then
// raises its table's hand.

// atTables does what a seated (or yet unseated) bot does about its table
// itself; it reports whether it sent a command.
func (b *bot) atTables(st *session.State) bool {
	if !st.TablesOpen {
		return false
	}
	p := st.Participants[b.me]
	if p == nil || p.Removed {
		return false
	}
	if p.Table == "" {
		open := st.OpenTables()
		if len(open) == 0 {
			return false
		}
		t := open[b.rng.IntN(len(open))]
		b.send(session.Command{Type: session.CmdPickTable, Table: t.ID})
		return true
	}
	t := st.Tables[p.Table]
	if t != nil && t.Rapporteur == b.me && len(t.Picks) == 0 && st.Phase == session.PhaseVote && b.rng.IntN(6) == 0 {
		if picks := b.picks(st, t); len(picks) > 0 {
			b.send(session.Command{Type: session.CmdPickPromotion, Table: t.ID, Items: picks})
			return true
		}
	}
	if t != nil && !t.Hand && b.rng.IntN(400) == 0 {
		b.send(session.Command{Type: session.CmdRaiseHand})
		return true
	}
	return false
}

// picks is what a rapporteur brings to the plenary: the table's two most
// voted items, once the table has given at least ten votes.
func (b *bot) picks(st *session.State, t *session.Table) []string {
	if t.Votes < 10 {
		return nil
	}
	items := st.BoardItems(t.ID)
	slices.SortStableFunc(items, func(x, y string) int { return cmp.Compare(st.Tally(y), st.Tally(x)) })
	return items[:min(2, len(items))]
}

// votable returns the items the bot may vote on: its table's board while it
// sits at an open table, the plenary's candidates otherwise.
func (b *bot) votable(st *session.State) []string {
	if p := st.Participants[b.me]; st.TablesOpen && p != nil && p.Table != "" {
		return st.BoardItems(p.Table)
	}
	return st.Candidates()
}

// openTables splits the room into s.Tables tables by count, institutions
// spread, when none has opened in this session yet and the room is big
// enough for tables of two.
func (s Script) openTables(ctx context.Context, f facilitator) error {
	st := s.Client.State()
	if s.Tables < 2 || st.TablesOpen || len(st.Tables) > 0 {
		return nil
	}
	present := 0
	for _, p := range st.Participants {
		if !p.Removed {
			present++
		}
	}
	n := min(s.Tables, present/2)
	if n < 2 {
		return nil
	}
	if err := f.do(ctx, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: n}); err != nil {
		return err
	}
	// every other table gets a rapporteur, who picks what it brings back;
	// the others send their top items by their vote
	for k, t := range s.Client.State().OpenTables() {
		if k%2 == 0 && len(t.Members) > 0 {
			if err := f.do(ctx, session.Command{Type: session.CmdSetRapporteur, Table: t.ID, Participant: t.Members[0]}); err != nil {
				return err
			}
		}
	}
	return nil
}

// closeTables tells every table how long is left, waits a little, lowers
// any raised hand and recalls the tables: each promotes its s.Promote top
// items to the plenary.
func (s Script) closeTables(ctx context.Context, f facilitator) error {
	st := s.Client.State()
	if !st.TablesOpen {
		return nil
	}
	if err := f.do(ctx, session.Command{Type: session.CmdBroadcast, Text: "Two minutes left at the tables: the rapporteurs prepare what you bring back."}); err != nil {
		return err
	}
	for _, t := range st.OpenTables() {
		if t.Hand {
			if err := f.do(ctx, session.Command{Type: session.CmdLowerHand, Table: t.ID}); err != nil {
				return err
			}
		}
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(s.Every / 4):
	}
	promote := s.Promote
	if promote <= 0 {
		promote = session.DefaultPromoted
	}
	if err := f.do(ctx, session.Command{Type: session.CmdCloseTables, Count: promote}); err != nil {
		return err
	}
	// the plenary votes with the whole budget again
	return s.dwell(ctx, session.PhaseVote, s.Every)
}
