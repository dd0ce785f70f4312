package e2e

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/session/store"
)

// dialMember joins the session as a participant on the client library;
// the client is closed when the test ends.
func dialMember(t *testing.T, url, code, name, org string) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	c, err := client.Dial(ctx, client.Config{URL: url, Code: code, Name: name, Institution: org})
	if err != nil {
		t.Fatalf("%s joining: %v", name, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitState waits until cond holds for the client's replica and returns it.
func waitState(t *testing.T, c *client.Client, what string, cond func(*session.State) bool) *session.State {
	t.Helper()
	var st *session.State
	if !poll(stepTimeout, func() bool { st = c.State(); return cond(st) }) {
		t.Fatalf("waiting %v for %s", stepTimeout, what)
	}
	return st
}

// movePhase presses > and, once the console asks, y; it waits until the
// header shows the phase (named as the console names it, with its number
// of 7) and returns the screen that asked.
func movePhase(t *testing.T, p *termProc, name string, n int) string {
	t.Helper()
	p.press(">")
	asked := p.waitFor(t, "Move on to "+name+"?", stepTimeout)
	p.press("y")
	p.waitFor(t, fmt.Sprintf("%s %d/7", name, n), stepTimeout)
	return asked
}

// fillField waits for the console's text field titled title, types text
// into it and submits it with enter.
func fillField(t *testing.T, p *termProc, title, text string) {
	t.Helper()
	p.waitFor(t, title, stepTimeout)
	p.typeText(text)
	p.waitFor(t, text, stepTimeout)
	p.press("enter")
	p.waitGone(t, title, stepTimeout)
}

// placeItem places the item under the cursor with p: in the placement
// dialog it searches the horizons for horizon and the institutions present
// for lead, picks the first match of each (which must be want and full),
// and keeps the suggested supporters. It waits until the console shows the
// item placed as the first under horizon want.
func placeItem(t *testing.T, p *termProc, horizon, lead, full, want string) {
	t.Helper()
	p.press("p")
	p.waitFor(t, "Step 1 of 3: choose the horizon", stepTimeout)
	p.typeText(horizon)
	p.waitFor(t, "Search: "+horizon, stepTimeout)
	p.waitFor(t, "› "+want, stepTimeout)
	p.press("enter")
	p.waitFor(t, "Horizon: "+want, stepTimeout)
	p.typeText(lead)
	p.waitFor(t, "Search: "+lead, stepTimeout)
	p.waitFor(t, "› "+full, stepTimeout)
	p.press("enter")
	p.waitFor(t, "Lead: "+full, stepTimeout)
	p.press("enter")
	p.waitFor(t, "Placed on "+want+".", stepTimeout)
	p.waitFor(t, want+" (1)", stepTimeout) // the hub's event, not only the note
}

// scrollTo scrolls the console's preview down, ten lines at a time with
// j (the documented alternative to ↓, a single byte, so no escape sequence
// can be cut in two on a loaded machine), until text shows, and returns the
// screen.
func scrollTo(t *testing.T, p *termProc, text string) string {
	t.Helper()
	for range 30 {
		s := p.screen()
		if strings.Contains(s, text) {
			return s
		}
		p.typeText(strings.Repeat("j", 10))
		p.waitUntil(t, "the preview to scroll", stepTimeout, func(now string) bool { return now != s })
	}
	t.Fatalf("scrolling the preview never showed %q; screen:\n%s", text, p.screen())
	return ""
}

// waitAll waits until the screen shows every text at once, and returns it.
func waitAll(t *testing.T, p *termProc, texts ...string) string {
	t.Helper()
	return p.waitUntil(t, "screen showing all of "+strings.Join(texts, " | "), stepTimeout, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// checkShows checks that the screen s shows every text.
func checkShows(t *testing.T, s string, texts ...string) {
	t.Helper()
	for _, x := range texts {
		if !strings.Contains(s, x) {
			t.Errorf("the screen does not show %q:\n%s", x, s)
		}
	}
}

// checkRow waits until one row of the screen starts with lead and shows
// text, e.g. the cursor "›" on an item.
func checkRow(t *testing.T, p *termProc, what, lead, text string) {
	t.Helper()
	p.waitUntil(t, what, stepTimeout, func(string) bool {
		for _, l := range p.lines() {
			if strings.HasPrefix(l, lead) && strings.Contains(l, text) {
				return true
			}
		}
		return false
	})
}

// checkTop waits until the console's top row shows the title at its start
// and "● online" ending in the last column (an action still waiting for
// its ack shows there for a moment).
func checkTop(t *testing.T, p *termProc, title string) {
	t.Helper()
	p.waitUntil(t, "the top row: "+title+" … ● online", stepTimeout, func(string) bool {
		top := p.rows()[0]
		return strings.HasPrefix(top.Text, title) && strings.HasSuffix(top.Text, "● online") && top.End == p.Size.Cols
	})
}

// tallyRow reads a vote screen row: "… 7  3 inst." at its end.
var tallyRow = regexp.MustCompile(`(\d+) +\d+ inst\.\s*│`)

// checkTallies checks that the vote screen s lists the items (by title)
// in this order, with these tallies.
func checkTallies(t *testing.T, s string, titles []string, tallies []int) {
	t.Helper()
	last := -1
	for k, title := range titles {
		row := -1
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.Contains(l, title) {
				row = i
				break
			}
		}
		if row < 0 {
			t.Errorf("the vote screen does not list %q:\n%s", title, s)
			continue
		}
		if row < last {
			t.Errorf("%q is listed above an item with more votes:\n%s", title, s)
		}
		last = row
		m := tallyRow.FindStringSubmatch(lines[row])
		if m == nil || m[1] != strconv.Itoa(tallies[k]) {
			t.Errorf("the row of %q, %q, should show %d votes", title, lines[row], tallies[k])
		}
	}
}

// placement is one item the test placed on the road map.
type placement struct{ item, horizon, lead string }

// storedWant is what the test expects in the database.
type storedWant struct {
	ideas, texts   []string // idea ids and their texts
	group          string   // the group made of ideas[0] and ideas[1]
	groupName      string
	tallies        map[string]int
	note, decision string // on the group
	placed         []placement
}

// checkStored reads the stored events of the latest session of a stopped
// host and checks the session's story in them.
func checkStored(t *testing.T, db string, w storedWant) {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatalf("opening the database: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	info, err := s.Session(ctx, "latest")
	if err != nil {
		t.Fatalf("finding the session: %v", err)
	}
	byType := map[string][]session.Event{}
	err = s.Events(ctx, info.ID, 0, func(e session.Event) error {
		byType[e.Type] = append(byType[e.Type], e)
		return nil
	})
	if err != nil {
		t.Fatalf("reading the events: %v", err)
	}
	facilitated := func(e session.Event) {
		t.Helper()
		if e.Actor != session.FacilitatorID {
			t.Errorf("%s by %q, want the facilitator", e.Type, e.Actor)
		}
	}

	if n := len(byType[session.EvSessionCreated]); n != 1 {
		t.Errorf("%d session_created events, want 1", n)
	}
	var phases []session.Phase
	for _, e := range byType[session.EvPhaseChanged] {
		facilitated(e)
		phases = append(phases, e.Phase)
	}
	wantPhases := []session.Phase{session.PhaseIdeas, session.PhaseGroup, session.PhaseVote, session.PhaseDiscuss, session.PhaseRoadmap, session.PhaseClosed}
	if !slices.Equal(phases, wantPhases) {
		t.Errorf("phase changes %v, want %v (from the lobby)", phases, wantPhases)
	}
	if info.Phase != session.PhaseClosed {
		t.Errorf("the stored session is in phase %q, want closed", info.Phase)
	}

	var texts []string
	for _, e := range byType[session.EvIdeaPosted] {
		texts = append(texts, e.Text)
	}
	if !slices.Equal(texts, w.texts) {
		t.Errorf("stored ideas %q, want %q", texts, w.texts)
	}
	if g := byType[session.EvGroupCreated]; len(g) != 1 {
		t.Errorf("%d group_created events, want 1", len(g))
	} else {
		facilitated(g[0])
		if g[0].ID != w.group || g[0].Name != w.groupName || !slices.Equal(g[0].Ideas, w.ideas[:2]) {
			t.Errorf("group_created %s %q of %v, want %s %q of %v", g[0].ID, g[0].Name, g[0].Ideas, w.group, w.groupName, w.ideas[:2])
		}
	}
	if n := len(byType[session.EvVoteCast]); n != 15 {
		t.Errorf("%d vote_cast events, want 15", n)
	}
	if r := byType[session.EvVotesRevealed]; len(r) != 1 {
		t.Errorf("%d votes_revealed events, want 1", len(r))
	} else {
		facilitated(r[0])
		if !maps.Equal(r[0].Tallies, w.tallies) {
			t.Errorf("revealed tallies %v, want %v", r[0].Tallies, w.tallies)
		}
	}
	if f := byType[session.EvItemFocused]; len(f) != 1 || f[0].Item != w.group {
		t.Errorf("item_focused events %+v, want one on %s", f, w.group)
	}
	if n := len(byType[session.EvCommentPosted]); n != 2 {
		t.Errorf("%d comment_posted events, want 2", n)
	}
	notes := byType[session.EvNoteRecorded]
	if len(notes) != 2 {
		t.Errorf("%d note_recorded events, want 2 (the note, then the decision)", len(notes))
	} else {
		for _, e := range notes {
			facilitated(e)
		}
		n, d := notes[0], notes[1]
		if n.Item != w.group || n.Notes != w.note || n.Decision != "" {
			t.Errorf("first note_recorded on %s: notes %q, decision %q; want on %s notes %q and no decision", n.Item, n.Notes, n.Decision, w.group, w.note)
		}
		if d.Item != w.group || d.Notes != w.note || d.Decision != w.decision {
			t.Errorf("second note_recorded on %s: notes %q, decision %q; want on %s notes %q, decision %q", d.Item, d.Notes, d.Decision, w.group, w.note, w.decision)
		}
	}
	placed := byType[session.EvRoadmapPlaced]
	if len(placed) != len(w.placed) {
		t.Errorf("%d roadmap_placed events, want %d", len(placed), len(w.placed))
	} else {
		for k, e := range placed {
			facilitated(e)
			p := w.placed[k]
			if e.Item != p.item || e.Horizon != p.horizon || e.Lead != p.lead || len(e.Supporters) == 0 || slices.Contains(e.Supporters, e.Lead) {
				t.Errorf("roadmap_placed %s on %q led by %q with %q; want %s on %q led by %q with supporters other than the lead",
					e.Item, e.Horizon, e.Lead, e.Supporters, p.item, p.horizon, p.lead)
			}
		}
	}
	if n := len(byType[session.EvFeedbackGiven]); n != 5 {
		t.Errorf("%d feedback_given events, want 5", n)
	}
	if n := len(byType[session.EvDoneMarked]); n != 5 {
		t.Errorf("%d done_marked events, want 5", n)
	}
}
