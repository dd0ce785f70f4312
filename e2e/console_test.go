package e2e

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/session/store"
)

// member is a participant of the console test, on the client library.
type member struct {
	name, org string
	c         *client.Client
}

// TestConsoleWholeSession is issue 4's end-to-end test: `roundtable host`
// opens the facilitator console in a pseudo-terminal (120×40, and 100×30
// for a moment), and five participants join on the client library. Driven
// only by keys, the facilitator takes the session through all seven
// phases: ideas arrive live, two of them are merged into a named group,
// the participants vote and the tallies are revealed, the top item is
// focused and gets comments, a note and a decision, three items are placed
// on the road map (one per horizon, each with a lead institution), and the
// session is closed and gets feedback. The console is then quit with q, y,
// which stops the host, and the stored events are checked.
func TestConsoleWholeSession(t *testing.T) {
	const (
		code     = "KONSOL4"
		title    = "Rəqəmsal Liderlik — konsol"
		group    = "Açıq məlumat portalı — открытые данные"
		note     = "İki nazirlikdə pilot; данные через API 🔗"
		decision = "Pilot 2026-cı ilin ikinci rübündə başlasın"
	)
	// The ideas, by topic: the first two (Development) are merged, the
	// last one stays below them, unmarked.
	ideas := []struct {
		who   int // index into people
		topic int // index into the session's topics
		text  string
	}{
		{0, 0, "Vahid məlumat portalı yaradılsın 📊"},
		{1, 0, "Единый портал открытых данных"},
		{2, 1, "Nazirliklər arası koordinasiya şurası"},
		{3, 2, "Межведомственный обмен через API 🔗"},
		{4, 3, "Rəqəmsal bacarıqlar üzrə təlimlər"},
		{4, 0, "Açıq API standartı hazırlansın"},
	}
	people := []*member{
		{name: "Aysel Məmmədova", org: "Rəqəmsal İnkişaf Nazirliyi"},
		{name: "Дмитрий Иванов", org: "Министерство цифрового развития"},
		{name: "Leyla Həsənli", org: "ASAN xidmət"},
		{name: "Rəşad Əliyev", org: "İqtisadiyyat Nazirliyi"},
		{name: "Ольга Смирнова", org: "Министерство цифрового развития"},
	}
	db := filepath.Join(t.TempDir(), "rt.db")
	addr := freeAddr(t)
	large, small := termSize{Cols: 120, Rows: 40}, termSize{Cols: 100, Rows: 30}
	con := startTUI(t, large, nil, "host", "--db", db, "--addr", addr, "--code", code, "--title", title)

	// Lobby: the join panel, then the room fills.
	con.waitFor(t, "Join this session", startTimeout)
	s := con.waitFor(t, "--code "+code, stepTimeout)
	checkShows(t, s, "Lobby 1/7", "> Ideas", "Nobody has joined yet.")
	checkTop(t, con, title)
	for _, p := range people {
		p.c = dialMember(t, "ws://"+addr+"/ws", code, p.name, p.org)
	}
	s = con.waitFor(t, "5 participants · 5 online", stepTimeout)
	checkShows(t, s, "4 institutions")
	for _, p := range people {
		checkShows(t, s, "● "+p.name)
	}

	// Ideas: the participants post, the ideas appear live, all are done.
	movePhase(t, con, "Ideas", 2)
	topics := people[0].c.State().Topics
	if len(topics) != 4 {
		t.Fatalf("the session has topics %v, want the four default ones", topics)
	}
	for _, i := range ideas {
		command(t, people[i.who].c, session.Command{Type: session.CmdPostIdea, Topic: topics[i.topic].ID, Text: i.text})
	}
	waitAll(t, con, "5 of 5 have posted", "[Development 3]", "Coordination 1", "Integration 1", "Other 1",
		ideas[0].text, ideas[1].text, ideas[5].text)
	ids := make([]string, len(ideas)) // idea ids, as the hub gave them
	st := waitState(t, people[0].c, "all ideas", func(st *session.State) bool { return len(st.Ideas) == len(ideas) })
	for _, idea := range st.IdeaList() {
		for k, i := range ideas {
			if idea.Text == i.text {
				ids[k] = idea.ID
			}
		}
	}
	if slices.Contains(ids, "") {
		t.Fatalf("ideas arrived changed: ids %v for %v", ids, st.IdeaList())
	}
	for _, p := range people {
		command(t, p.c, session.Command{Type: session.CmdMarkDone})
	}
	con.waitFor(t, "Ideas 2/7 · 5 of 5 done", stepTimeout)
	s = movePhase(t, con, "Grouping", 3)
	checkShows(t, s, "Everyone is done.")

	// Grouping: mark the two Development ideas, merge, name the group.
	checkRow(t, con, "the cursor on the first idea", "›", ideas[0].text)
	con.press("space")
	con.waitFor(t, "1 marked (m to merge)", stepTimeout)
	con.press("space")
	con.waitFor(t, "2 marked (m to merge)", stepTimeout)
	con.press("m")
	fillField(t, con, "Name the new group of 2 ideas", group)
	s = con.waitFor(t, "▣ "+group, stepTimeout)
	checkShows(t, s, "Group made of 2 ideas.", "3 ideas · 1 group", "└ "+ideas[0].text, "└ "+ideas[1].text, "• "+ideas[5].text)
	st = waitState(t, people[4].c, "the group at a participant", func(st *session.State) bool { return len(st.Groups) == 1 })
	gid := st.GroupList()[0].ID
	if g := st.Groups[gid]; g.Name != group || !slices.Equal(g.Ideas, ids[:2]) {
		t.Errorf("participants see group %q of %v, want %q of %v", g.Name, g.Ideas, group, ids[:2])
	}

	// Voting: 15 votes over four candidates; the facilitator reveals them.
	movePhase(t, con, "Voting", 4)
	votes := []struct {
		who  int
		item string
		n    int
	}{
		{0, gid, 3}, {0, ids[3], 2},
		{1, gid, 2}, {1, ids[3], 2}, {1, ids[4], 1},
		{2, gid, 2}, {2, ids[2], 1},
		{3, ids[4], 1},
		{4, ids[4], 1},
	}
	want := map[string]int{gid: 7, ids[3]: 4, ids[4]: 3, ids[2]: 1}
	for _, v := range votes {
		for range v.n {
			command(t, people[v.who].c, session.Command{Type: session.CmdVote, Item: v.item, Delta: 1})
		}
	}
	s = con.waitFor(t, "5 of 5 have voted · 15 votes cast of 25", stepTimeout)
	checkShows(t, s, "tallies hidden", "Tallies are hidden from participants (r reveals)")
	if n := people[3].c.State().Tally(gid); n != 0 {
		t.Errorf("before the reveal a participant who did not vote for the group sees %d votes on it", n)
	}
	con.press("r")
	s = con.waitFor(t, "Tallies are shown to everyone (r hides)", stepTimeout)
	checkShows(t, s, "Voting 4/7 · 0 of 5 done · tallies shown")
	checkTallies(t, s, []string{group, ideas[3].text, ideas[4].text, ideas[2].text}, []int{7, 4, 3, 1})
	waitState(t, people[3].c, "the revealed tallies at a participant", func(st *session.State) bool {
		return st.VotesRevealed && st.Tally(gid) == 7 && st.Tally(ids[3]) == 4
	})

	// Discussion: focus the top item, comments arrive, a note and a decision.
	movePhase(t, con, "Discussion", 5)
	checkRow(t, con, "the cursor on the most voted item", "›", group)
	con.press("f")
	s = con.waitFor(t, "Focused · 7 votes · 3 institutions support it", stepTimeout)
	checkShows(t, s, "◉ ▣ "+group)
	waitState(t, people[1].c, "the focus at a participant", func(st *session.State) bool { return st.Focus == gid })
	comments := map[int]string{
		2: "ASAN xidmət təcrübəsini paylaşa bilər.",
		1: "Нужно начать с пилота в двух министерствах.",
	}
	for _, who := range slices.Sorted(maps.Keys(comments)) {
		command(t, people[who].c, session.Command{Type: session.CmdComment, Item: gid, Text: comments[who]})
	}
	s = con.waitFor(t, "2 comments", stepTimeout)
	checkShows(t, s, comments[1], comments[2])
	con.press("n")
	fillField(t, con, "Notes on", note)
	s = con.waitFor(t, "Notes: "+note, stepTimeout)
	checkShows(t, s, "Notes saved.", "✎ 7 votes")
	con.press("d")
	fillField(t, con, "Decision on", decision)
	s = con.waitFor(t, "Decision: "+decision, stepTimeout)
	checkShows(t, s, "Decision recorded.", "✓ 7 votes", "Notes: "+note)

	// Road map: one item per horizon, each with a lead institution.
	movePhase(t, con, "Road map", 6)
	con.waitFor(t, "Not yet placed (5)", stepTimeout)
	checkRow(t, con, "the cursor on the most voted item", "›", group)
	placeItem(t, con, "now", "rəqəmsal", people[0].org, "Now")
	con.press("down")
	checkRow(t, con, "the cursor on the next item", "›", ideas[3].text)
	placeItem(t, con, "nex", "Мин", people[1].org, "Next")
	con.press("down")
	checkRow(t, con, "the cursor on the next item", "›", ideas[4].text)
	placeItem(t, con, "LAT", "asan", people[2].org, "Later")
	s = con.waitFor(t, "Not yet placed (2)", stepTimeout)
	checkShows(t, s, "Now (1)", "Next (1)", "Later (1)", "Lead: "+people[2].org, ideas[2].text)

	// The console fits a smaller terminal too.
	con.resize(small)
	con.waitUntil(t, "the console redrawn at 100×30", stepTimeout, func(string) bool { return con.rows()[0].End == small.Cols })
	s = con.waitFor(t, "Road map 6/7", stepTimeout)
	checkShows(t, s, "Now (1)", "Later (1)", "Lead: "+people[2].org)
	checkTop(t, con, title)
	con.resize(large)
	con.waitUntil(t, "the console redrawn at 120×40", stepTimeout, func(string) bool { return con.rows()[0].End == large.Cols })

	// Closed: the preview of the road map, the participants' feedback.
	movePhase(t, con, "Closed", 7)
	con.waitFor(t, "Session closed · no feedback yet", stepTimeout)
	for k, p := range people {
		command(t, p.c, session.Command{Type: session.CmdFeedback, Rating: 5 - k%2, Text: "Təşəkkürlər — спасибо"})
	}
	con.waitFor(t, "Session closed · 5 ratings, average 4.6", stepTimeout)
	// The preview lists each placed item with its horizon and lead.
	for k, item := range []string{group, ideas[3].text, ideas[4].text} {
		lead := "Lead institution: " + people[k].org
		s = scrollTo(t, con, lead)
		checkShows(t, s, item, []string{"Horizon: Now", "Horizon: Next", "Horizon: Later"}[k])
	}
	checkTop(t, con, title)

	// q, y quits the console and stops the host.
	con.press("q")
	con.waitFor(t, "Quit and stop the host?", stepTimeout)
	con.press("y")
	if err := con.wait(exitTimeout); err != nil {
		t.Fatalf("roundtable host did not exit cleanly after q, y: %v", err)
	}
	if s := con.screen(); !strings.Contains(s, "The session is saved.") {
		t.Errorf("after quitting, the terminal does not say the session is saved:\n%s", s)
	}

	checkStored(t, db, storedWant{
		ideas: ids, texts: []string{ideas[0].text, ideas[1].text, ideas[2].text, ideas[3].text, ideas[4].text, ideas[5].text},
		group: gid, groupName: group, tallies: want, note: note, decision: decision,
		placed: []placement{
			{item: gid, horizon: "Now", lead: people[0].org},
			{item: ids[3], horizon: "Next", lead: people[1].org},
			{item: ids[4], horizon: "Later", lead: people[2].org},
		},
	})
}

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
