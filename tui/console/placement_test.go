package console

import (
	"slices"
	"testing"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"

	"github.com/charmbracelet/x/exp/teatest/v2"
)

// placed returns the hub's placement of item.
func placed(f *tuitest.Fixture, item string) session.RoadmapItem {
	return hub(f.Conn, func(st *session.State) session.RoadmapItem {
		if r := st.Roadmap[item]; r != nil {
			return *r
		}
		return session.RoadmapItem{}
	})
}

// TestPlacementFlowSearchAndPick: enter on a placed item opens its
// placement; the horizon is picked from the list, the lead found by typing
// part of its name ("iqt" is "İqtisadiyyat Nazirliyi"), the supporters
// ticked and unticked with space, searched too; enter places it.
func TestPlacementFlowSearchAndPick(t *testing.T) {
	f := consoleFixture(session.PhaseRoadmap)
	item := f.Groups["infra"] // Now, the ministry leads, ASAN and the economy ministry support
	scr := tuitest.Watch(New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir()}))
	tm := teatest.NewTestModel(t, scr, teatest.WithInitialTermSize(120, 40))
	t.Cleanup(f.Conn.Close)
	keys(tm, "enter")
	scr.WaitFor(t, "Change the placement of", "Step 1 of 3")
	keys(tm, "down", "enter") // Now → Next
	scr.WaitFor(t, "Horizon: Next")
	tm.Type("iqt")
	scr.WaitFor(t, "Search: iqt")
	keys(tm, "enter")
	scr.WaitFor(t, "Step 3 of 3", "Lead: İqtisadiyyat Nazirliyi")
	tm.Type("asan")
	keys(tm, "space") // ASAN, ticked as a supporter already: off
	keys(tm, "esc")   // clears the search
	tm.Type("iria")
	keys(tm, "space", "enter") // İRİA on, and place
	tuitest.Eventually(t, "the new placement", func() bool { return placed(f, item).Horizon == "Next" })
	got := placed(f, item)
	if got.Lead != "İqtisadiyyat Nazirliyi" || !slices.Equal(got.Supporters, []string{"İRİA"}) {
		t.Errorf("placed %+v, want led by İqtisadiyyat Nazirliyi with İRİA", got)
	}
	finishConsole(t, f, tm)
}

// TestPlacementStrayKeys: what is typed only searches. A name run into a
// stray key ("İqtisadiyyat Nazirliyi" then p and "Later") matches nothing,
// enter then picks nothing and nothing is sent; no name but an
// institution's ever reaches the road map.
func TestPlacementStrayKeys(t *testing.T) {
	f := consoleFixture(session.PhaseRoadmap)
	item := f.Ideas["registry"]
	m := newConsoleApp(f, 100, 30, t.TempDir())
	cpress(m, f.Conn, "down", "down", "down", "p", "enter") // Now
	before := len(f.Conn.Sent)
	cpress(m, f.Conn, "İqtisadiyyat Nazirliyi", "p", "Later", "enter", "enter", "enter")
	if len(f.Conn.Sent) != before {
		t.Fatalf("a search that matched nothing sent %+v", f.Conn.Sent[before:])
	}
	tuitest.MustContain(t, cplain(m), "Nothing matches “İqtisadiyyat NazirliyipLater”")
	cpress(m, f.Conn, "esc", "İqtisadiyyat", "enter", "enter")
	got := placed(f, item)
	if got.Horizon != "Now" || got.Lead != "İqtisadiyyat Nazirliyi" {
		t.Fatalf("placed %+v, want Now led by İqtisadiyyat Nazirliyi", got)
	}
	insts := hub(f.Conn, func(st *session.State) []string { return st.Institutions() })
	for _, s := range got.Supporters {
		if !slices.Contains(insts, s) {
			t.Errorf("supporter %q is no institution present", s)
		}
	}
}

// TestPlacementOnOtherLayouts: з (p on a Russian layout) opens the
// dialog; inside it Cyrillic letters search as typed ("Мин" finds the
// ministry), never read as shortcuts.
func TestPlacementOnOtherLayouts(t *testing.T) {
	f := consoleFixture(session.PhaseRoadmap)
	m := newConsoleApp(f, 100, 30, t.TempDir())
	cpress(m, f.Conn, "down", "down", "down", "з")
	if !m.roadmap.place.open {
		t.Fatal("з (p on a Russian layout) does not open the placement")
	}
	cpress(m, f.Conn, "enter", "Мин")
	if m.roadmap.place.filter != "Мин" {
		t.Fatalf("the search holds %q, want Мин as typed", m.roadmap.place.filter)
	}
	if r := m.roadmap.place.rows.Selected(); r == nil || r.value != "Министерство цифрового развития" {
		t.Errorf("Мин selects %+v, want the ministry", r)
	}
	cpress(m, f.Conn, "esc", "esc", "esc")
	if m.roadmap.place.open {
		t.Error("esc three times (search, lead, horizon) does not close the dialog")
	}
}
