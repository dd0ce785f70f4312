package session_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"roundtable/session"
)

// TestPropertySpread splits random rosters (2 to 120 people of 1 to 50
// institutions, some institutions much larger than others) over every
// number of tables open_tables accepts for them, and checks the promises
// of seating by count: everyone present seated exactly once, no table of
// one, sizes within one of each other, and no table with more than
// ceil(m/T) people of an institution of m.
func TestPropertySpread(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 0x7ab1e))
	checked := 0
	for range 150 {
		n := 2 + r.IntN(119)
		insts := 1 + r.IntN(50)
		evs := []session.Event{created()}
		for k := range n {
			// skewed: a few institutions send many people
			inst := r.IntN(insts)
			if r.IntN(3) == 0 {
				inst = r.IntN(1 + insts/5)
			}
			evs = append(evs, joined(fmt.Sprintf("p%d", 5+k), "P", fmt.Sprintf("Inst%d", inst)))
		}
		removed := ""
		if r.IntN(4) == 0 && n > 3 { // a removed participant is not seated
			removed = fmt.Sprintf("p%d", 5+r.IntN(n))
			evs = append(evs, session.Event{Type: session.EvParticipantRemoved, Actor: session.FacilitatorID, ID: removed, Attribution: session.AttributionKeep})
		}
		s := given(t, evs...)
		present := 0
		for _, p := range s.Participants {
			if !p.Removed {
				present++
			}
		}
		for count := 1; count <= min(present/2, session.MaxTables); count++ {
			got, err := session.Decide(s, fac, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: count}, now)
			if err != nil {
				t.Fatalf("%d present at %d tables: %v", present, count, err)
			}
			checkSpread(t, s, got[0], count, removed)
			checked++
		}
		// one table too many is refused, saying how many at most
		if present/2 < session.MaxTables {
			_, err := session.Decide(s, fac, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: present/2 + 1}, now)
			if e := session.AsError(err); e == nil || e.Key != "errors.tables_too_many" || e.Args["Max"] != fmt.Sprint(present/2) {
				t.Fatalf("%d present at %d tables: %v, want errors.tables_too_many with Max %d", present, present/2+1, err, present/2)
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d splits checked", checked)
	}
}

func checkSpread(t *testing.T, s *session.State, e session.Event, count int, removed string) {
	t.Helper()
	if len(e.Tables) != count {
		t.Fatalf("%d tables, want %d", len(e.Tables), count)
	}
	size := map[string]int{}
	perInst := map[string]map[string]int{}
	members := map[string]int{}
	for pid, p := range s.Participants {
		table, ok := e.Seats[pid]
		if pid == removed {
			if ok {
				t.Fatalf("removed %s is seated at %s", pid, table)
			}
			continue
		}
		if !ok {
			t.Fatalf("%s is not seated", pid)
		}
		size[table]++
		if perInst[table] == nil {
			perInst[table] = map[string]int{}
		}
		perInst[table][p.Institution]++
		members[p.Institution]++
	}
	for pid := range e.Seats {
		if _, ok := s.Participants[pid]; !ok {
			t.Fatalf("%s is seated but never joined", pid)
		}
	}
	lo, hi := 1<<30, 0
	for _, tb := range e.Tables {
		lo, hi = min(lo, size[tb.ID]), max(hi, size[tb.ID])
		for inst, n := range perInst[tb.ID] {
			if limit := (members[inst] + count - 1) / count; n > limit {
				t.Fatalf("table %d has %d of %s, which has %d people at %d tables (at most %d)", tb.No, n, inst, members[inst], count, limit)
			}
		}
	}
	if hi-lo > 1 {
		t.Fatalf("table sizes from %d to %d", lo, hi)
	}
	if lo < 2 {
		t.Fatalf("a table of %d", lo)
	}
}

// TestSpreadIsTheRosters: the same roster seats the same way, whatever
// order the participants are given in.
func TestSpreadIsTheRosters(t *testing.T) {
	people := []*session.Participant{{ID: "p5", Institution: "IRIA"}, {ID: "p6", Institution: "ASAN"}, {ID: "p7", Institution: "IRIA"},
		{ID: "p8", Institution: "DTX"}, {ID: "p9", Institution: "ASAN"}, {ID: "p10", Institution: "IRIA"}}
	want := session.Spread(people, 2)
	for range 20 {
		shuffled := append([]*session.Participant(nil), people...)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := session.Spread(shuffled, 2); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%v, then %v", want, got)
		}
	}
	// IRIA, the largest, is dealt first: p5, p7, p10 at tables 0, 1, 0.
	if want["p5"] != 0 || want["p7"] != 1 || want["p10"] != 0 {
		t.Errorf("IRIA seated %v", want)
	}
}
