package e2e

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"roundtable/session"
)

// TestConsoleBreakoutAndConsent is issue 16's end-to-end test of a whole
// session with a breakout round and consent rounds: `roundtable host` runs
// the facilitator console in a pseudo-terminal at 120×40, nine participants
// of five institutions join on the client library, and the facilitator
// works only by keys. In the lobby the room is split by count into three
// tables, the institutions spread; the tables post ideas and vote on their
// own boards, each seeing only its own; a table raises its hand; the
// facilitator broadcasts a message and recalls everyone, and each table's
// top items reach the plenary marked with their table. The plenary votes,
// discusses, and places three items on the road map, and each item goes
// through a consent round (a 1 with its reason; one participant leaves
// before a reveal and is counted absent). The export of the closed session
// is an agreed road map with each item's consent and table.
func TestConsoleBreakoutAndConsent(t *testing.T) {
	const (
		code  = "MASA16"
		title = "Rəqəmsal Liderlik — masalar və razılıq"
		msg   = "Beş dəqiqə qaldı — осталось пять минут ⏱"
	)
	people := []*member{
		{name: "Aysel Məmmədova", org: "Rəqəmsal İnkişaf Agentliyi"},
		{name: "Kamran Əliyev", org: "Rəqəmsal İnkişaf Agentliyi"},
		{name: "Дмитрий Иванов", org: "Министерство цифрового развития"},
		{name: "Ольга Смирнова", org: "Министерство цифрового развития"},
		{name: "Leyla Həsənli", org: "ASAN xidmət"},
		{name: "Nigar Quliyeva", org: "ASAN xidmət"},
		{name: "Rəşad Əliyev", org: "Startap Mərkəzi 🚀"},
		{name: "Анна Петрова", org: "Startap Mərkəzi 🚀"},
		{name: "Tural Hüseynov", org: "İqtisadiyyat Nazirliyi"},
	}
	// What each table posts (by table number), and the votes it gives
	// them at the table: every table's items differ in number and votes,
	// so that the console's overview tells the tables apart. Table 2's
	// last idea gets no vote and stays at its table.
	posts := map[int][]string{
		1: {"Rəqəmsal inkişaf: vahid xidmət portalı 🚀", "Единый реестр ИТ-проектов", "Şəffaflıq: xərclər açıq dərc edilsin"},
		2: {"Координация: совет ИТ-директоров", "Açıq API standartı", "Обмен данными через API 🔗", "Rəqəmsal bacarıqlar üzrə təlimlər"},
		3: {"Şəffaflıq: xidmət göstəriciləri hər ay 📊", "Пилот в двух министерствах 🚀"},
	}
	tableVotes := map[int][]int{1: {5, 3, 1}, 2: {4, 2, 1, 0}, 3: {3, 1}}
	kept := posts[2][3] // not promoted
	// The plenary's votes on three of the promoted items (the road map's),
	// and a few on others.
	roadmap := []string{posts[2][0], posts[1][0], posts[3][0]}
	plenary := map[string]int{roadmap[0]: 12, roadmap[1]: 9, roadmap[2]: 6, posts[1][1]: 2, posts[2][1]: 1}

	db := filepath.Join(t.TempDir(), "rt.db")
	addr := freeAddr(t)
	con := startTUI(t, termSize{Cols: 120, Rows: 40}, nil, "host", "--db", db, "--addr", addr, "--code", code,
		"--title", title, "--topics", "Rəqəmsal inkişaf,Şəffaflıq,Координация")

	// Lobby: nine people of five institutions.
	con.waitFor(t, "--code "+code, startTimeout)
	for _, p := range people {
		p.c = dialMember(t, "ws://"+addr+"/ws", code, p.name, p.org)
	}
	s := con.waitFor(t, "9 participants · 9 online", stepTimeout)
	checkShows(t, s, "5 institutions")

	// b: split by count into three tables, the institutions spread.
	con.press("b")
	con.waitFor(t, "Split the room into tables · 9 participants · 5 institutions", stepTimeout)
	con.press("3")
	s = con.waitFor(t, "‹ 3 ›", stepTimeout)
	checkShows(t, s, "› ◉ By count", "People per table: 3", "No table has two people of one institution.",
		"Table 1 · 3 people", "Table 2 · 3 people", "Table 3 · 3 people")
	con.press("enter")
	s = con.waitFor(t, "Breakout tables · round 1 · 3 tables · 9 seated", stepTimeout)
	checkShows(t, s, "Table 1", "Table 2", "Table 3", "No message to the tables (m writes one).")
	at := seating(t, people, 3)
	for no := 1; no <= 3; no++ {
		if len(at[no]) != 3 {
			t.Fatalf("Table %d seats %d people, want 3 (seating %v)", no, len(at[no]), at)
		}
	}
	checkSpread(t, at)

	// Ideas: each table posts on its own board.
	con.press(">") // from the overview: the phase is every table's
	con.waitFor(t, "Move on to Ideas?", stepTimeout)
	con.press("y")
	con.waitFor(t, "Ideas 2/7", stepTimeout)
	topics := people[0].c.State().Topics
	for no, texts := range posts {
		for k, text := range texts {
			m := at[no][k%len(at[no])]
			topic := topics[k%len(topics)].ID
			for _, tp := range topics { // a text names its topic, "Şəffaflıq: …"
				if strings.HasPrefix(text, tp.Name+":") {
					topic = tp.ID
				}
			}
			command(t, m.c, session.Command{Type: session.CmdPostIdea, Topic: topic, Text: text})
		}
	}
	// Every copy counts every table's ideas; each holds only its own table's.
	waitLine(t, con, "the cards of Tables 1, 2 and 3", "3 ideas · 0 votes", "4 ideas · 0 votes", "2 ideas · 0 votes")
	ids := map[string]string{} // text -> idea id
	for no, ms := range at {
		for _, m := range ms {
			for text, id := range ideaIDs(t, m, posts[no]) {
				ids[text] = id
			}
			st := waitState(t, m.c, m.name+" counting every table's ideas", func(st *session.State) bool {
				for _, tb := range st.Tables {
					if tb.Ideas != len(posts[tb.No]) {
						return false
					}
				}
				return true
			})
			for _, i := range st.Ideas {
				if !slices.Contains(posts[no], i.Text) {
					t.Errorf("%s at Table %d holds %q of another table", m.name, no, i.Text)
				}
			}
		}
	}

	// A hand at Table 2: the console shows it; the facilitator lowers it.
	command(t, at[2][1].c, session.Command{Type: session.CmdRaiseHand})
	s = con.waitFor(t, "✋ 1 hand raised", stepTimeout)
	waitLine(t, con, "Table 2's card with its hand", "Table 2", "✋ hand")
	con.press("right")
	checkRow(t, con, "the cursor on Table 2", "", "› Table 2")
	con.press("l")
	con.waitFor(t, "The hand of Table 2 is lowered.", stepTimeout)
	con.waitGone(t, "✋", stepTimeout)

	// Vote: the tables vote on their own boards.
	for k, phase := range []string{"Grouping", "Voting"} {
		con.press(">")
		con.waitFor(t, "Move on to "+phase+"?", stepTimeout)
		con.press("y")
		con.waitFor(t, phase+" "+strconv.Itoa(3+k)+"/7", stepTimeout)
	}
	budget, voteCap := people[0].c.State().Settings.VoteBudget, people[0].c.State().Settings.VoteCap
	for no, texts := range posts {
		want := map[string]int{}
		var items []string
		for k, text := range texts {
			items = append(items, ids[text])
			want[ids[text]] = tableVotes[no][k]
		}
		spend(t, at[no], items, want, budget, voteCap)
	}
	waitLine(t, con, "the cards of Tables 1, 2 and 3", "3 ideas · 9 votes", "4 ideas · 7 votes", "2 ideas · 4 votes")
	for no, ms := range at { // every copy counts every table's votes, and holds its own table's only
		for _, m := range ms {
			st := waitState(t, m.c, m.name+" counting every table's votes", func(st *session.State) bool {
				for _, tb := range st.Tables {
					sum := 0
					for _, n := range tableVotes[tb.No] {
						sum += n
					}
					if tb.Votes != sum {
						return false
					}
				}
				return true
			})
			for item := range st.Votes {
				if i := st.Ideas[item]; i == nil || !slices.Contains(posts[no], i.Text) {
					t.Errorf("%s at Table %d holds votes on %s, not an idea of the table", m.name, no, item)
				}
			}
		}
	}

	// m: a message to every table.
	con.press("m")
	fillField(t, con, "Message to every table", msg)
	con.waitFor(t, "📣 Message to all: “"+msg+"”", stepTimeout)
	for _, p := range people {
		waitState(t, p.c, p.name+" receiving the message", func(st *session.State) bool { return st.Broadcast == msg })
	}

	// R, y: recall everyone; each table sends its top three by its vote.
	con.press("R")
	con.waitFor(t, "Close 3 tables and recall everyone", stepTimeout)
	con.waitFor(t, "Items per table without picks: 3", stepTimeout)
	con.press("y")
	con.waitFor(t, "The tables are closed: 8 items came to the plenary, marked with their tables.", stepTimeout)
	con.waitGone(t, "tables at work", stepTimeout)
	promoted := map[string]int{} // text -> table number
	for no, texts := range posts {
		for k, text := range texts {
			if tableVotes[no][k] > 0 {
				promoted[text] = no
				waitLine(t, con, "the promoted item with its table", "T"+strconv.Itoa(no)+" "+text)
			}
		}
	}
	for _, p := range people {
		st := waitState(t, p.c, p.name+" holding the promoted items", func(st *session.State) bool {
			n := 0
			for _, i := range st.Ideas {
				if i.Promotion != nil {
					n++
				}
			}
			return !st.TablesOpen && n == len(promoted)
		})
		for _, i := range st.Ideas {
			no, ok := promoted[i.Text]
			switch {
			case ok && (i.Promotion == nil || i.Promotion.No != no):
				t.Errorf("%s holds %q promoted as %+v, want from Table %d", p.name, i.Text, i.Promotion, no)
			case !ok && i.Text != kept:
				t.Errorf("%s holds %q, which no table promoted", p.name, i.Text)
			case i.Text == kept && !slices.Contains(at[2], p):
				t.Errorf("%s, never at Table 2, holds its idea %q that stayed there", p.name, kept)
			}
		}
		if st.Broadcast != "" {
			t.Errorf("%s still has the message %q after the recall", p.name, st.Broadcast)
		}
	}

	// The plenary votes on the promoted items; r reveals the tallies.
	var items []string
	want := map[string]int{}
	for _, text := range slices.Sorted(maps.Keys(plenary)) {
		items = append(items, ids[text])
		want[ids[text]] = plenary[text]
	}
	spend(t, people, items, want, budget, voteCap)
	con.waitFor(t, "9 of 9 have voted · 30 votes cast of 45", stepTimeout)
	con.press("r")
	s = con.waitFor(t, "Tallies are shown to everyone (r hides)", stepTimeout)
	checkTallies(t, s, roadmap, []int{12, 9, 6})

	// Discussion, briefly: the top item in focus.
	movePhase(t, con, "Discussion", 5)
	checkRow(t, con, "the cursor on the most voted item", "›", roadmap[0])
	con.press("f")
	con.waitFor(t, "Focused · 12 votes", stepTimeout)

	// Road map: three items placed, one per horizon.
	movePhase(t, con, "Road map", 6)
	con.waitFor(t, "Not yet placed (8)", stepTimeout)
	checkRow(t, con, "the cursor on the most voted item", "›", roadmap[0])
	placeItem(t, con, "now", "мин", people[2].org, "Now")
	con.press("down")
	checkRow(t, con, "the cursor on the next item", "›", roadmap[1])
	placeItem(t, con, "nex", "rəq", people[0].org, "Next")
	con.press("down")
	checkRow(t, con, "the cursor on the next item", "›", roadmap[2])
	placeItem(t, con, "lat", "start", people[6].org, "Later")
	con.waitFor(t, "Not yet placed (5)", stepTimeout)

	// g: a consent round on each.
	reason := "Büdcə xətti hələ yoxdur — бюджета пока нет 🚀"
	rounds := []struct {
		answers []answer
		leaves  int    // a participant who leaves before the reveal, or -1
		key     string // the outcome: 1 agreed, 2 with reservations
		outcome string
	}{
		{[]answer{{0, 5, ""}, {1, 4, ""}, {2, 4, ""}, {3, 3, ""}, {4, 5, ""}, {5, 4, ""}, {6, 3, ""}, {7, 4, ""}, {8, 5, ""}}, -1, "1", "Agreed"},
		{[]answer{{0, 3, ""}, {1, 4, ""}, {2, 1, reason}, {3, 3, ""}, {4, 2, ""}, {5, 4, ""}, {6, 3, ""}, {7, 4, ""}, {8, 3, ""}}, -1, "2", "Agreed with reservations"},
		{[]answer{{0, 4, ""}, {1, 5, ""}, {2, 4, ""}, {3, 4, ""}, {4, 5, ""}, {5, 3, ""}, {6, 5, ""}, {7, 4, ""}, {8, 4, ""}}, 8, "1", "Agreed"},
	}
	dist := make([][6]int, len(rounds))
	con.press("up", "up")
	for k, r := range rounds {
		if k > 0 {
			con.press("down")
		}
		checkRow(t, con, "the cursor on the placed item", "›", roadmap[k])
		con.press("g")
		con.waitFor(t, "Consent · "+roadmap[k], stepTimeout)
		con.waitFor(t, "No consent round on this item yet.", stepTimeout)
		con.press("o")
		con.waitFor(t, "0 of 9 answered", stepTimeout)
		dist[k] = answerConsent(t, people, ids[roadmap[k]], r.answers)
		con.waitFor(t, "9 of 9 answered", stepTimeout)
		took := "9 took part"
		if r.leaves >= 0 {
			people[r.leaves].c.Close()
			con.waitFor(t, "9 participants · 8 online", stepTimeout)
			dist[k][r.answers[r.leaves].level]--
			took = "8 took part · 1 absent"
		}
		con.press("r")
		con.waitFor(t, "Reveal the answers? 9 participants have answered; the round closes.", stepTimeout)
		con.press("y")
		s = con.waitFor(t, took, stepTimeout)
		checkShows(t, s, "Record the outcome: 1 agreed · 2 agreed with reservations · 3 not agreed")
		if k == 1 {
			checkShows(t, s, "Reason for a 0 or 1 (1)", reason)
		} else if strings.Contains(s, "Reason for a 0 or 1") {
			t.Errorf("round %d shows a reason though nobody gave a 0 or 1:\n%s", k+1, s)
		}
		con.press(r.key)
		s = con.waitFor(t, "Outcome: "+r.outcome, stepTimeout)
		checkShows(t, s, took)
		con.press("esc")
		con.waitGone(t, "Consent · ", stepTimeout)
		waitLine(t, con, "the item's consent mark", roadmap[k], []string{"✓ 12 votes", "✓* 9 votes", "✓ 6 votes"}[k])
	}

	// Closed; q, y quits.
	movePhase(t, con, "Closed", 7)
	con.press("q")
	con.waitFor(t, "Quit and stop the host?", stepTimeout)
	con.press("y")
	if err := con.wait(exitTimeout); err != nil {
		t.Fatalf("roundtable host did not exit cleanly after q, y: %v", err)
	}

	// The export: an agreed road map, each item's consent and table.
	md, stderr, exit := runBin(t, "", "export", "--db", db, "--format", "md")
	if exit != 0 {
		t.Fatalf("roundtable export --format md exited %d: %s", exit, stderr)
	}
	checkHas(t, "the Markdown export", md, "**Agreed road map**", "Agreed: all 3 items on the road map are agreed in consent rounds.")
	turnout := []string{"Agreed · round 1 · 9 took part", "Agreed with reservations · round 1 · 9 took part",
		"Agreed · round 1 · 8 took part, 1 absent (left before the reveal)"}
	from := []string{"Table 2, round 1, promoted by its vote (4 votes)", "Table 1, round 1, promoted by its vote (5 votes)",
		"Table 3, round 1, promoted by its vote (3 votes)"}
	for k, item := range roadmap {
		sec := mdSection(md, item)
		if sec == "" {
			t.Errorf("the export has no section of %q:\n%s", item, md)
			continue
		}
		checkHas(t, "the export's section of "+item, sec, "- **Consent:** "+turnout[k]+"\n", "  - "+mdLevels(dist[k])+"\n", "- **Table:** "+from[k]+"\n")
	}
	checkHas(t, "the export's section of "+roadmap[1], mdSection(md, roadmap[1]), "Reason given for a 0 or 1 (1):", "    - 1 — "+reason)

	html := filepath.Join(t.TempDir(), "roadmap.html")
	_, stderr, exit = runBin(t, "", "export", "--db", db, "--format", "html", "-o", html)
	if exit != 0 {
		t.Fatalf("roundtable export --format html exited %d: %s", exit, stderr)
	}
	checkHas(t, "what export says it wrote", stderr, "Wrote the agreed road map of")
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatalf("the HTML export: %v", err)
	}
	checkHas(t, "the HTML export", string(b), "<!DOCTYPE html>", "Agreed road map", reason, roadmap[0], "Table 2, round 1")
}
