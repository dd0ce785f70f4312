package console

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// TestTablesKeys: the keys of the tables overlay send what they say, on
// the hub's state as the console sees it; b opens the overlay in any
// phase, typed on a Russian layout (и) too.
func TestTablesKeys(t *testing.T) {
	tests := map[string]struct {
		fixture func() *tuitest.Fixture
		keys    []string
		check   func(t *testing.T, sent []session.Command, st *session.State)
	}{
		"и opens the split dialog, enter splits by count": {fixture: roomOf65(session.PhaseIdeas), keys: []string{"и", "enter"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Mode != session.TablesByCount || sent[0].Count != 9 {
					t.Fatalf("sent %+v, want open_tables by count, 9", sent)
				}
				if n := len(tui.OpenTables(st)); n != 9 {
					t.Errorf("%d tables open, want 9", n)
				}
			}},
		"digits set how many": {fixture: roomOf65(session.PhaseIdeas), keys: []string{"b", "1", "2", "enter"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Count != 12 {
					t.Fatalf("sent %+v, want 12 tables", sent)
				}
			}},
		"by topic": {fixture: roomOf65(session.PhaseIdeas), keys: []string{"b", "down", "enter"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Mode != session.TablesByTopic || !tui.TopicTables(st) {
					t.Fatalf("sent %+v, want open_tables by topic", sent)
				}
			}},
		"by hand seats everyone, and the moved person where moved": {fixture: roomOf65(session.PhaseIdeas), keys: []string{"b", "down", "down", "enter", "right", "enter"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Mode != session.TablesByHand || len(sent[0].Seats) != 65 {
					t.Fatalf("sent %+v, want everyone seated by hand", sent)
				}
				first := st.ParticipantList()[0] // spread to Table 1, moved one table on
				if got := sent[0].Seats[first.ID]; got != "2" || st.Tables[first.Table].No != 2 {
					t.Errorf("the first person sits at %s", got)
				}
			}},
		"R and y recall with 3 items a table": {fixture: atTables(session.PhaseVote), keys: []string{"b", "R", "y"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Type != session.CmdCloseTables || sent[0].Count != 3 || st.TablesOpen {
					t.Fatalf("sent %+v, tables open %v; want close_tables 3", sent, st.TablesOpen)
				}
			}},
		"К (R on a Russian layout) and + ask for 4": {fixture: atTables(session.PhaseVote), keys: []string{"b", "К", "+", "y"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Count != 4 {
					t.Fatalf("sent %+v, want close_tables 4", sent)
				}
			}},
		"another key keeps the tables open": {fixture: atTables(session.PhaseVote), keys: []string{"b", "R", "n"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 0 || !st.TablesOpen {
					t.Fatalf("sent %+v", sent)
				}
			}},
		"l lowers Table 2's hand": {fixture: atTables(session.PhaseVote), keys: []string{"b", "right", "l"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Type != session.CmdLowerHand || tui.OpenTables(st)[1].Hand {
					t.Fatalf("sent %+v", sent)
				}
			}},
		"r in a table makes the selected member its rapporteur": {fixture: atTables(session.PhaseVote), keys: []string{"b", "enter", "down", "r"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				t1 := tui.OpenTables(st)[0]
				if len(sent) != 1 || sent[0].Type != session.CmdSetRapporteur || t1.Rapporteur != sent[0].Participant || sent[0].Participant == "" {
					t.Fatalf("sent %+v, rapporteur %q", sent, t1.Rapporteur)
				}
			}},
		"s moves a member to another table": {fixture: atTables(session.PhaseVote), keys: []string{"b", "enter", "down", "s", "5", "enter"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Type != session.CmdSeat {
					t.Fatalf("sent %+v", sent)
				}
				if p := st.Participants[sent[0].Participant]; p.Table != tui.OpenTables(st)[4].ID {
					t.Errorf("moved to %s, want Table 5", p.Table)
				}
			}},
		"> over every table asks to move the phase": {fixture: atTables(session.PhaseIdeas), keys: []string{"b", ">", "y"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || sent[0].Type != session.CmdSetPhase || st.Phase != session.PhaseGroup {
					t.Fatalf("sent %+v, phase %s", sent, st.Phase)
				}
			}},
		"m sends a message to every table": {fixture: atTables(session.PhaseIdeas), keys: []string{"b", "m", "Beş dəqiqə qalıb", "enter"},
			check: func(t *testing.T, sent []session.Command, st *session.State) {
				if len(sent) != 1 || st.Broadcast != "Beş dəqiqə qalıb" {
					t.Fatalf("sent %+v, broadcast %q", sent, st.Broadcast)
				}
			}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := tc.fixture()
			m := newConsoleWith(f, 120, 40, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir(), Lang: lang.RU})
			before := len(f.Conn.Sent)
			cpress(m, f.Conn, tc.keys...)
			f.Conn.Mu.Lock()
			sent := append([]session.Command{}, f.Conn.Sent[before:]...)
			st := f.Conn.Srv.Clone()
			f.Conn.Mu.Unlock()
			tc.check(t, sent, st)
			if m.NoticeErr {
				t.Errorf("refused: %s", m.Notice)
			}
		})
	}
}

// TestTablesFlow: the facilitator splits the room with b and enter; a
// participant posts at their table, which the console shows when it looks
// in; R and y recall everyone, and the idea is on the plenary's board
// marked with its table.
func TestTablesFlow(t *testing.T) {
	f := roomOf65(session.PhaseIdeas)()
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir()})
	w := tuitest.Watch(m)
	tm := teatest.NewTestModel(t, w, teatest.WithInitialTermSize(120, 40))
	t.Cleanup(f.Conn.Close)
	keys(tm, "b")
	w.WaitFor(t, "Split the room into tables", "People per table: 7 to 8")
	keys(tm, "enter")
	w.WaitFor(t, "Breakout tables · round 1 · 9 tables · 65 seated")
	t3 := hub(f.Conn, func(st *session.State) string { return st.OpenTables()[2].ID })
	member := hub(f.Conn, func(st *session.State) string { return tui.Sitting(st, t3)[0].ID })
	topic := hub(f.Conn, func(st *session.State) string { return st.Topics[0].ID })
	f.Conn.By(member, session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Regional digital hubs in every district"})
	f.Conn.Signal()
	keys(tm, "right", "right", "enter")
	w.WaitFor(t, "Table 3 · 7 people · 1 idea", "Regional digital hubs in every district")
	keys(tm, "esc", "R")
	w.WaitFor(t, "Close 9 tables and recall everyone")
	keys(tm, "y")
	tuitest.Eventually(t, "the tables to close", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return !st.TablesOpen })
	})
	screen := w.WaitFor(t, "T3 Regional digital hubs in every district")
	if strings.Contains(screen, "tables at work") {
		t.Errorf("the banner stays after the recall:\n%s", screen)
	}
	finishConsole(t, f, tm)
}

// TestTablesTinySizes draws every screen of the tables overlay at sizes
// down to nothing without a panic and within the screen, in every
// language.
func TestTablesTinySizes(t *testing.T) {
	for _, tag := range append(lang.All, lang.Pseudo) {
		for name, tc := range tablesCases() {
			f := tc.fixture()
			m := newConsoleWith(f, 100, 30, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir(), Lang: tag})
			cpress(m, f.Conn, tc.keys...)
			for _, size := range [][2]int{{0, 0}, {1, 1}, {20, 5}, {45, 12}, {60, 14}, {80, 24}, {89, 20}, {90, 20}, {99, 30}, {100, 12}} {
				m.Update(windowSize(size[0], size[1]))
				out := cplain(m)
				if size[0] == 0 {
					continue
				}
				if lines := strings.Split(out, "\n"); len(lines) != size[1] {
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

// TestTablesNews: the console says when a table raises its hand, and how
// many items the recall brought to the plenary.
func TestTablesNews(t *testing.T) {
	f := tuitest.NewTableFixture(session.PhaseVote)
	f.AsFacilitator()
	m := newConsoleWith(f.Fixture, 100, 30, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir()})
	f.Conn.By(f.Members(f.Tables[3])[0], session.Command{Type: session.CmdRaiseHand})
	tuitest.Pump(m, f.Conn)
	if want := "✋ Table 4 asks for you."; m.Notice != want {
		t.Errorf("notice %q, want %q", m.Notice, want)
	}
	f.Conn.Fac(session.Command{Type: session.CmdCloseTables, Count: 2})
	tuitest.Pump(m, f.Conn)
	// every table voted on two items; Aysel's sends her two picks
	if want := "The tables are closed: 18 items came to the plenary, marked with their tables."; m.Notice != want {
		t.Errorf("notice %q, want %q", m.Notice, want)
	}
}

// TestRoomSaysWhereEachSits: while the tables are open, the room (w)
// names each person's table beside their name; after the recall, none.
func TestRoomSaysWhereEachSits(t *testing.T) {
	f := tuitest.NewTableFixture(session.PhaseIdeas)
	f.AsFacilitator()
	m := newConsoleWith(f.Fixture, 120, 40, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir()})
	cpress(m, f.Conn, "w")
	view := m.View().Content
	for _, want := range []string{"· Table 1", "· Table 9"} {
		if !strings.Contains(view, want) {
			t.Errorf("the room does not say %q:\n%s", want, view)
		}
	}
	f.Conn.Fac(session.Command{Type: session.CmdCloseTables})
	tuitest.Pump(m, f.Conn)
	if view := m.View().Content; strings.Contains(view, "· Table 1") {
		t.Errorf("after the recall the room still seats people:\n%s", view)
	}
}
