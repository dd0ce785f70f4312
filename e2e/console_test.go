package e2e

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"roundtable/server/client"
	"roundtable/session"
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
