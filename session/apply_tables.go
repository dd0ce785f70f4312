package session

import (
	"maps"
	"slices"
)

// Applying the events of breakout tables (issue 16), and counting each
// table's ideas and votes in every copy, from an event about a table's
// item whole or from its redacted form (Table, Of, Delta).

// applyTables applies an event of the tables themselves.
func (s *State) applyTables(e Event) {
	switch e.Type {
	case EvTablesOpened:
		if s.Tables == nil {
			s.Tables = map[string]*Table{}
		}
		for _, t := range e.Tables {
			c := t
			c.Picks, c.Members = slices.Clone(t.Picks), slices.Clone(t.Members)
			s.Tables[t.ID] = &c
			s.count(t.ID)
		}
		s.TablesOpen = true
		for _, pid := range sortedKeys(e.Seats) {
			s.seat(pid, e.Seats[pid])
		}
	case EvParticipantSeated:
		s.seat(e.ID, e.Table)
		if e.Board != nil {
			s.takeBoard(*e.Board)
		}
	case EvRapporteurSet:
		if t := s.Tables[e.Table]; t != nil {
			t.Rapporteur = e.ID
		}
	case EvHandRaised, EvHandLowered:
		if t := s.Tables[e.Table]; t != nil {
			t.Hand = e.Type == EvHandRaised
		}
	case EvPromotionPicked:
		if t := s.Tables[e.Table]; t != nil {
			t.Picks = slices.Clone(e.Items)
		}
	case EvMessageBroadcast:
		s.Broadcast = e.Text
	case EvTablesClosed:
		s.closeTables(e)
	}
}

// seat sits participant pid at table tid ("" at none). A rapporteur who
// leaves their table is its rapporteur no more. Every copy keeps the
// table's members, whether it knows the participant or not (a crowd's).
func (s *State) seat(pid, tid string) {
	for _, t := range s.Tables {
		if t.ID != tid && !t.Closed && t.Rapporteur == pid {
			t.Rapporteur = ""
		}
	}
	if p := s.Participants[pid]; p != nil {
		p.Table = tid
	}
	if t := s.Tables[tid]; t != nil && !slices.Contains(t.Members, pid) {
		t.Members = append(t.Members, pid)
	}
}

// takeBoard adds what a copy does not hold yet of a table's board, and
// sets its items' votes to the table's totals: the votes this copy knows
// by voter (its own), the rest as others' ("").
func (s *State) takeBoard(b Board) {
	for _, i := range b.Ideas {
		if _, ok := s.Ideas[i.ID]; !ok {
			c := i
			s.Ideas[i.ID] = &c
			s.count(i.ID)
		}
	}
	for _, g := range b.Groups {
		if _, ok := s.Groups[g.ID]; !ok {
			c := g
			c.Ideas = slices.Clone(g.Ideas)
			s.Groups[g.ID] = &c
			s.count(g.ID)
		}
	}
	for _, c := range b.Comments {
		if _, ok := s.Comments[c.ID]; !ok {
			cc := c
			s.Comments[c.ID] = &cc
			s.count(c.ID)
		}
	}
	for _, item := range sortedKeys(b.Tallies) {
		known := 0
		for pid, n := range s.Votes[item] {
			if pid != "" {
				known += n
			}
		}
		s.setOthers(item, b.Tallies[item]-known)
	}
}

// closeTables ends the breakout round: every open table closes, everyone
// is unseated, the votes given at the tables go back to their voters
// (each item keeps its tally in TableTally), and the items promoted
// become plenary items, whole in every copy.
func (s *State) closeTables(e Event) {
	for _, t := range s.Tables {
		if !t.Closed {
			t.Closed, t.Hand = true, false
		}
	}
	s.TablesOpen = false
	s.Broadcast = ""
	for _, p := range s.Participants {
		p.Table = ""
	}
	for _, item := range sortedKeys(s.Votes) {
		if s.ItemTable(item) == "" {
			continue
		}
		votes := s.Votes[item]
		if s.TableTally == nil {
			s.TableTally = map[string]int{}
		}
		s.TableTally[item] = s.Tally(item)
		for pid, n := range votes {
			if p := s.Participants[pid]; p != nil {
				p.VotesSpent -= n
			}
		}
		delete(s.Votes, item)
	}
	for _, i := range e.Promoted {
		have := s.Ideas[i.ID]
		if have == nil {
			c := i
			c.Promotion = clonePromotion(i.Promotion)
			s.Ideas[i.ID] = &c
			s.count(i.ID)
			continue
		}
		// a copy that held it keeps the author and institution it knew
		have.Table, have.Promotion = "", clonePromotion(i.Promotion)
	}
	for _, g := range e.PromotedGroups {
		have := s.Groups[g.ID]
		if have == nil {
			c := g
			c.Ideas = slices.Clone(g.Ideas)
			c.Promotion = clonePromotion(g.Promotion)
			s.Groups[g.ID] = &c
			s.count(g.ID)
			continue
		}
		have.Table, have.Promotion = "", clonePromotion(g.Promotion)
	}
	for _, i := range e.Promoted { // every copy knows a promoted item's tally, members or not
		if i.Promotion != nil && i.Promotion.Votes > 0 {
			if s.TableTally == nil {
				s.TableTally = map[string]int{}
			}
			s.TableTally[i.ID] = i.Promotion.Votes
		}
	}
	for _, g := range e.PromotedGroups {
		if g.Promotion != nil && g.Promotion.Votes > 0 {
			if s.TableTally == nil {
				s.TableTally = map[string]int{}
			}
			s.TableTally[g.ID] = g.Promotion.Votes
		}
	}
	for _, c := range e.PromotedComments {
		if _, ok := s.Comments[c.ID]; !ok {
			cc := c
			s.Comments[c.ID] = &cc
			s.count(c.ID)
		}
	}
}

func clonePromotion(p *Promotion) *Promotion {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// tableVotes are the events that change a table's votes by their Delta
// (decide_tables_rules.go stamps it on those that do not say so).
var tableVotes = map[string]bool{
	EvVoteCast:       true,
	EvVotesRefunded:  true,
	EvIdeaHidden:     true,
	EvIdeaDeleted:    true,
	EvIdeaUngrouped:  true,
	EvGroupDissolved: true,
}

// countTable keeps a table's counts by an event about its items, whole or
// redacted (its type in Of): ideas posted and deleted, votes by Delta. A
// closed table's counts stay as they were when it closed.
func (s *State) countTable(e Event) {
	if e.Table == "" {
		return
	}
	kind := e.Type
	if kind == EvRedacted {
		kind = e.Of
	} else if !TableScoped(e) {
		return
	}
	t := s.Tables[e.Table]
	if t == nil || t.Closed {
		return
	}
	switch kind {
	case EvIdeaPosted:
		t.Ideas++
	case EvIdeaDeleted:
		t.Ideas--
	}
	if tableVotes[kind] {
		t.Votes += e.Delta
	}
}

// cloneTables copies the tables, for State.Clone.
func cloneTables(in map[string]*Table) map[string]*Table {
	if in == nil {
		return nil
	}
	out := make(map[string]*Table, len(in))
	for k, t := range in {
		c := *t
		c.Picks, c.Members = slices.Clone(t.Picks), slices.Clone(t.Members)
		out[k] = &c
	}
	return out
}

// cloneTableState copies what State.Clone must of issue 16's tables.
func (s *State) cloneTableState(out *State) {
	out.Tables = cloneTables(s.Tables)
	out.TableTally = maps.Clone(s.TableTally)
}

// TableKept reports whether table is a closed table's: its items that
// were not promoted stay with it, out of the plenary's vote and road map.
func (s *State) TableKept(table string) bool {
	if table == "" {
		return false
	}
	t := s.Tables[table]
	return t == nil || t.Closed
}
