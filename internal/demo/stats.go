package demo

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Stats counts what the bots did: commands acknowledged by kind, and
// commands the hub refused by error code.
type Stats struct {
	Ideas, Votes, Unvotes, Comments, Feedback, Done int
	Refused                                         map[string]int // error code -> count
	Reasons                                         []string       // the first few refusals, as "command: CODE message"
}

// String is the one-line summary the demo prints.
func (s Stats) String() string {
	out := fmt.Sprintf("%d ideas, %d votes (%d taken back), %d comments, %d feedback, %d done", s.Ideas, s.Votes, s.Unvotes, s.Comments, s.Feedback, s.Done)
	if len(s.Refused) > 0 {
		codes := make([]string, 0, len(s.Refused))
		for c, n := range s.Refused {
			codes = append(codes, fmt.Sprintf("%s×%d", c, n))
		}
		sort.Strings(codes)
		out += "; refused " + strings.Join(codes, " ")
	}
	return out
}

// tally is Stats shared by the bots.
type tally struct {
	mu sync.Mutex
	s  Stats
}

func newTally() *tally { return &tally{s: Stats{Refused: map[string]int{}}} }

const keepReasons = 20

// acked counts a command the hub acknowledged.
func (t *tally) acked(typ string, delta int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch typ {
	case "post_idea":
		t.s.Ideas++
	case "vote":
		if delta < 0 {
			t.s.Unvotes++
		} else {
			t.s.Votes++
		}
	case "comment":
		t.s.Comments++
	case "feedback":
		t.s.Feedback++
	case "mark_done":
		t.s.Done++
	}
}

// refused counts a command the hub refused.
func (t *tally) refused(typ, code, msg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.Refused[code]++
	if len(t.s.Reasons) < keepReasons {
		t.s.Reasons = append(t.s.Reasons, typ+": "+code+" "+msg)
	}
}

func (t *tally) get() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.s
	s.Refused = make(map[string]int, len(t.s.Refused))
	for k, v := range t.s.Refused {
		s.Refused[k] = v
	}
	s.Reasons = append([]string(nil), t.s.Reasons...)
	return s
}
