package session

import (
	"cmp"
	"slices"
)

// Splitting the room into tables (issue 16). By count the institutions are
// spread: the people of one institution are dealt to consecutive tables,
// largest institutions first, round the tables in turn, so that a table
// gets at most ceil(m/T) of an institution of m people among T tables, and
// the tables' sizes differ by at most one. The split depends only on the
// roster, so every replay seats everyone the same way.

// Spread returns, for T tables, the table number (from 0) of each
// participant, given in joining order with their institution.
func Spread(people []*Participant, tables int) map[string]int {
	if tables <= 0 {
		return nil
	}
	byInst := map[string][]*Participant{}
	for _, p := range people {
		byInst[p.Institution] = append(byInst[p.Institution], p)
	}
	insts := make([]string, 0, len(byInst))
	for inst := range byInst {
		insts = append(insts, inst)
	}
	// Largest institutions first, ties by name: the dealing order.
	slices.SortFunc(insts, func(a, b string) int {
		if c := cmp.Compare(len(byInst[b]), len(byInst[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make(map[string]int, len(people))
	k := 0
	for _, inst := range insts {
		members := byInst[inst]
		slices.SortFunc(members, func(a, b *Participant) int { return CompareIDs(a.ID, b.ID) })
		for _, p := range members {
			out[p.ID] = k % tables
			k++
		}
	}
	return out
}

// roster returns the participants present (joined and not removed), in
// joining order: those open_tables seats.
func (s *State) roster() []*Participant {
	var out []*Participant
	for _, p := range s.ParticipantList() {
		if Present(s, p) {
			out = append(out, p)
		}
	}
	return out
}

// seatedAt returns how many present participants sit at table id now.
func (s *State) seatedAt(id string) int {
	n := 0
	for _, p := range s.Participants {
		if p.Table == id && Present(s, p) {
			n++
		}
	}
	return n
}

// OpenTables returns the tables of the breakout round running, by number;
// none when no round runs.
func (s *State) OpenTables() []*Table {
	if !s.TablesOpen {
		return nil
	}
	var out []*Table
	for _, t := range s.Tables {
		if !t.Closed {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *Table) int { return cmp.Compare(a.No, b.No) })
	return out
}

// latecomerTable returns the open table a participant of institution inst
// who arrives during a breakout sits at: the smallest, and among the
// smallest one without their institution, then the lowest number.
func (s *State) latecomerTable(inst string) *Table {
	var best *Table
	bestSize, bestHas := 0, false
	for _, t := range s.OpenTables() {
		size, has := 0, false
		for _, p := range s.Participants {
			if p.Table == t.ID && Present(s, p) {
				size++
				has = has || p.Institution == inst
			}
		}
		if best == nil || size < bestSize || size == bestSize && !has && bestHas {
			best, bestSize, bestHas = t, size, has
		}
	}
	return best
}
