package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"roundtable/session"
)

// The helpers of TestConsoleBreakoutAndConsent (breakout_test.go).

// seating returns who sits at each open table once every member's copy of
// the session holds a seat for every member: table number -> members in
// the order of people.
func seating(t *testing.T, people []*member, tables int) map[int][]*member {
	t.Helper()
	ids := make([]string, len(people))
	for k, p := range people {
		ids[k], _ = p.c.Me()
	}
	var st *session.State
	for _, p := range people {
		st = waitState(t, p.c, p.name+" seeing everyone seated", func(st *session.State) bool {
			if !st.TablesOpen || len(st.Tables) != tables {
				return false
			}
			for _, id := range ids {
				if q := st.Participants[id]; q == nil || q.Table == "" {
					return false
				}
			}
			return true
		})
	}
	out := map[int][]*member{}
	for k, p := range people {
		seat := st.Participants[ids[k]].Table
		for _, q := range people { // every copy seats everyone alike
			if there := q.c.State().Participants[ids[k]].Table; there != seat {
				t.Errorf("%s's copy seats %s at %q, %s's at %q", q.name, p.name, there, people[len(people)-1].name, seat)
			}
		}
		out[st.Tables[seat].No] = append(out[st.Tables[seat].No], p)
	}
	return out
}

// checkSpread checks that no table seats more people of one institution
// than it must: an institution of m people at n tables has at most
// ⌈m/n⌉ at one.
func checkSpread(t *testing.T, at map[int][]*member) {
	t.Helper()
	size := map[string]int{}
	for _, ms := range at {
		for _, m := range ms {
			size[m.org]++
		}
	}
	for no, ms := range at {
		here := map[string]int{}
		for _, m := range ms {
			here[m.org]++
		}
		for org, n := range here {
			if most := (size[org] + len(at) - 1) / len(at); n > most {
				t.Errorf("Table %d seats %d of %q (of %d in the room, %d tables): the spread could avoid it", no, n, org, size[org], len(at))
			}
		}
	}
}

// ideaIDs waits until c's copy holds an idea of each text and returns
// their ids, text -> id.
func ideaIDs(t *testing.T, m *member, texts []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	waitState(t, m.c, m.name+" holding "+strings.Join(texts, " | "), func(st *session.State) bool {
		clear(out)
		for _, i := range st.Ideas {
			if slices.Contains(texts, i.Text) {
				out[i.Text] = i.ID
			}
		}
		return len(out) == len(texts)
	})
	return out
}

// spend gives votes as voters: want[item] votes on each item, each voter
// giving at most most (the session's cap) to one item and budget in all,
// the one with the most left first. Every vote is acknowledged.
func spend(t *testing.T, voters []*member, items []string, want map[string]int, budget, most int) {
	t.Helper()
	left := make([]int, len(voters))
	for k := range left {
		left[k] = budget
	}
	for _, item := range items {
		given := make([]int, len(voters))
		for range want[item] {
			best := -1
			for k := range voters {
				if given[k] < most && left[k] > 0 && (best < 0 || left[k] > left[best]) {
					best = k
				}
			}
			if best < 0 {
				t.Fatalf("the test's votes do not fit: %d on %s from %d voters", want[item], item, len(voters))
			}
			given[best]++
			left[best]--
			command(t, voters[best].c, session.Command{Type: session.CmdVote, Item: item, Delta: 1})
		}
	}
}

// waitLine waits until one row of the screen shows every part, in order
// from left to right, and returns the row.
func waitLine(t *testing.T, p *termProc, what string, parts ...string) string {
	t.Helper()
	var row string
	p.waitUntil(t, what+": a row showing "+strings.Join(parts, " … "), stepTimeout, func(string) bool {
		for _, l := range p.lines() {
			rest, ok := l, true
			for _, x := range parts {
				_, rest, ok = strings.Cut(rest, x)
				if !ok {
					break
				}
			}
			if ok {
				row = l
				return true
			}
		}
		return false
	})
	return row
}

// answer is one participant's fist-to-five in a consent round.
type answer struct {
	who    int // index into people
	level  int
	reason string // for a 0 or 1
}

// answerConsent sends each answer on item and returns the distribution.
func answerConsent(t *testing.T, people []*member, item string, answers []answer) [6]int {
	t.Helper()
	var d [6]int
	for _, a := range answers {
		level := a.level
		command(t, people[a.who].c, session.Command{Type: session.CmdConsent, Item: item, Level: &level, Text: a.reason})
		d[a.level]++
	}
	return d
}

// mdLevels is a distribution as the Markdown export writes it:
// "✊0: 0 · 1: 1 · 2: 0 · 3: 3 · 4: 4 · ✋5: 1".
func mdLevels(d [6]int) string {
	parts := make([]string, len(d))
	for k, n := range d {
		mark := ""
		switch k {
		case 0:
			mark = "✊"
		case len(d) - 1:
			mark = "✋"
		}
		parts[k] = fmt.Sprintf("%s%d: %d", mark, k, n)
	}
	return strings.Join(parts, " · ")
}

// mdSection returns the Markdown export's section of the item headed
// "#### N. title", up to the next heading, or "".
func mdSection(md, title string) string {
	for _, part := range strings.Split(md, "\n#")[1:] {
		head, _, _ := strings.Cut(part, "\n")
		if strings.HasPrefix(head, "### ") && strings.HasSuffix(head, ". "+title) {
			return part
		}
	}
	return ""
}

// checkHas checks that the document doc (what: e.g. "the Markdown
// export") holds every text.
func checkHas(t *testing.T, what, doc string, texts ...string) {
	t.Helper()
	for _, x := range texts {
		if !strings.Contains(doc, x) {
			t.Errorf("%s does not hold %q:\n%s", what, x, doc)
		}
	}
}
