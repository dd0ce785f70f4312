package participant

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// TestTablesCyrillicKeys: at a table, h (р on a Russian layout) raises
// the table's hand and lowers it again; p (з) is the rapporteur's pick of
// the selected item, and takes it back; at topic tables t (е) opens the
// choice of a table, where enter sits at the one selected.
func TestTablesCyrillicKeys(t *testing.T) {
	f := tuitest.NewTableFixture(session.PhaseVote)
	m := newAppIn(f.Fixture, 100, 30, lang.RU)
	mine := func() session.Table {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		t := *f.Conn.Srv.Tables[f.Mine]
		t.Picks = slices.Clone(t.Picks)
		return t
	}
	press(m, f.Conn, "р")
	if !mine().Hand {
		t.Fatalf("р did not raise the table's hand:\n%s", plain(m))
	}
	tuitest.MustContain(t, plain(m), "✋")
	press(m, f.Conn, "р")
	if mine().Hand {
		t.Fatalf("р again did not lower it")
	}
	before := mine().Picks        // the fixture's two picks: the group, then the first idea
	press(m, f.Conn, "down", "з") // on the first idea: taken back
	if got := mine().Picks; !slices.Equal(got, before[:1]) {
		t.Fatalf("з on a picked item: picks %v, want %v", got, before[:1])
	}
	press(m, f.Conn, "з") // picked again, now second
	if got := mine().Picks; !slices.Equal(got, before) {
		t.Fatalf("з again: picks %v, want %v", got, before)
	}

	g := topicTables()
	p := newAppIn(g, 100, 30, lang.RU)
	tuitest.MustContain(t, plain(p), "Выберите стол")
	press(p, g.Conn, "down", "enter")
	tables := tuitest.OpenTableIDs(g)
	if seat := tui.SeatOf(p.St, g.Me); seat == nil || seat.ID != tables[1] {
		t.Fatalf("enter did not sit at Table 2:\n%s", plain(p))
	}
	press(p, g.Conn, "е")
	tuitest.MustContain(t, plain(p), "вы здесь")
	press(p, g.Conn, "down", "enter")
	if seat := tui.SeatOf(p.St, g.Me); seat == nil || seat.ID != tables[2] {
		t.Fatalf("е, ↓, enter did not move to Table 3:\n%s", plain(p))
	}
}

// TestTablesRapporteurGroups: in Grouping the rapporteur marks two ideas
// of the table with space and merges them with m, naming the group in the
// text area; a member who is not the rapporteur has no such screen.
func TestTablesRapporteurGroups(t *testing.T) {
	f := tuitest.NewTableFixture(session.PhaseGroup)
	m := newApp(f.Fixture, 100, 30)
	groups := func() int {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		n := 0
		for _, g := range f.Conn.Srv.Groups {
			if g.Table == f.Mine {
				n++
			}
		}
		return n
	}
	before := groups()
	press(m, f.Conn, "tab", "tab", "space", "tab", "space", "m")
	if !m.compose.Open {
		t.Fatalf("m did not ask for the group's name:\n%s", plain(m))
	}
	typeText(m, "Açıq məlumat")
	press(m, f.Conn, "enter")
	if groups() != before+1 {
		t.Fatalf("no group was made:\n%s", plain(m))
	}
	tuitest.MustContain(t, plain(m), "Grouping 2 ideas.")
}

// TestTablesFlow: tables open; the participant is told which table they
// are at and sees it in the header; what they post shows at their table;
// the recall brings them back to the plenary, where the idea is marked
// with its table.
func TestTablesFlow(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	f.Fill()
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true})
	w := tuitest.Watch(m)
	tm := teatest.NewTestModel(t, w, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(f.Conn.Close)
	f.Conn.Fac(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 9})
	no := 0
	f.Conn.Mu.Lock()
	no = f.Conn.Srv.Tables[f.Conn.Srv.Participants[f.Me].Table].No
	f.Conn.Mu.Unlock()
	table := "Table " + lang.New(lang.EN).Number(no)
	w.WaitFor(t, table+" · 7 people", "You are at "+table+".")
	tm.Send(tuitest.KeyMsg("n"))
	for _, r := range "Rəqəmsal mərkəzlər hər rayonda" {
		tm.Send(tuitest.KeyMsg(string(r)))
	}
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the idea to reach the hub, at the table", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		for _, i := range f.Conn.Srv.Ideas {
			if i.Text == "Rəqəmsal mərkəzlər hər rayonda" {
				return i.Table != ""
			}
		}
		return false
	})
	tuitest.Eventually(t, "the app to take in the news", f.Conn.Drained)
	screen := w.WaitFor(t, "Rəqəmsal mərkəzlər hər rayonda", "Your idea was sent.")
	if strings.Contains(screen, "Dövlət qurumları üçün vahid məlumat portalı") {
		t.Errorf("the plenary's ideas show at the table:\n%s", screen)
	}
	f.Conn.Fac(session.Command{Type: session.CmdCloseTables})
	w.WaitFor(t, "The tables are closed: back to the plenary.", "T"+lang.New(lang.EN).Number(no)+" Rəqəmsal mərkəzlər hər rayonda")
	tm.Send(tuitest.KeyMsg("q"))
	tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestTablesTinySizes draws the participant's screens of tables at sizes
// down to nothing without a panic and within the screen.
func TestTablesTinySizes(t *testing.T) {
	for _, tag := range append(lang.All, lang.Pseudo) {
		for name, tc := range tablesScreens() {
			m, _ := drawTables(tc, tag, 100, 30)
			for _, size := range [][2]int{{1, 1}, {20, 5}, {30, 9}, {45, 12}, {60, 14}, {80, 24}} {
				m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				out := plain(m)
				if lines := strings.Split(out, "\n"); len(lines) > size[1] {
					t.Errorf("%s %s at %dx%d: %d lines", tag, name, size[0], size[1], len(lines))
				}
				for i, l := range strings.Split(out, "\n") {
					if n := m.Cells.Width(l); n > size[0] {
						t.Errorf("%s %s at %dx%d: line %d is %d wide", tag, name, size[0], size[1], i+1, n)
					}
				}
			}
		}
	}
}
