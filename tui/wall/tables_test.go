package wall

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// tablesWall is a moment of the wall during breakout tables (issue 16).
type tablesWall struct {
	phase        session.Phase
	then         func(f *tuitest.TableFixture)
	want, az, ru string
}

// tablesWalls are the wall's moments of breakout tables: at work, with
// the facilitator's message, and the plenary after the recall.
func tablesWalls() map[string]tablesWall {
	return map[string]tablesWall{
		"tables": {phase: session.PhaseVote, want: "TABLE 9", az: "MASA 9", ru: "СТОЛ 9"},
		"tables_message": {phase: session.PhaseIdeas, then: func(f *tuitest.TableFixture) {
			f.Conn.Fac(session.Command{Type: session.CmdBroadcast, Text: "10 dəqiqə qalıb: hər masa ən yaxşı iki ideyasını seçsin. Осталось 10 минут."})
		}, want: "From the facilitator", az: "Moderatordan", ru: "От модератора"},
		"tables_promoted": {phase: session.PhaseVote, then: func(f *tuitest.TableFixture) {
			f.Conn.Fac(session.Command{Type: session.CmdCloseTables, Count: 2})
			f.Conn.Fac(session.Command{Type: session.CmdRevealVotes})
		}, want: "T1 ", az: "M1 ", ru: "С1 "},
	}
}

// TestTablesGolden draws the wall during breakout tables in English,
// Azerbaijani and Russian at 80×24 and 120×40. Refresh with:
// go test ./tui/wall/ -run TestTablesGolden -update
func TestTablesGolden(t *testing.T) {
	for name, tc := range tablesWalls() {
		for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[tag]
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s_%s_%dx%d", name, tag, w, h), func(t *testing.T) {
					f := tuitest.NewTableFixture(tc.phase)
					if tc.then != nil {
						tc.then(f)
					}
					m := newTestWallIn(f.Fixture, w, h, tuitest.FixedNow, tag)
					out := wallPlain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					if !strings.Contains(out, want) {
						t.Errorf("the wall does not show %q:\n%s", want, out)
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestTablesNeverShowContent: while tables are open the wall, an
// observer, holds no table's idea and shows none, only the counts.
func TestTablesNeverShowContent(t *testing.T) {
	f := tuitest.NewTableFixture(session.PhaseVote)
	m := newTestWall(f.Fixture, 120, 40, tuitest.FixedNow)
	out := wallPlain(m)
	f.Conn.Mu.Lock()
	defer f.Conn.Mu.Unlock()
	for _, i := range f.Conn.Srv.Ideas {
		if i.Table == "" {
			continue
		}
		if m.St.Ideas[i.ID] != nil {
			t.Errorf("the wall's copy holds table %s's idea %s", i.Table, i.ID)
		}
		if strings.Contains(out, i.Text) {
			t.Errorf("the wall shows table %s's idea %q:\n%s", i.Table, i.Text, out)
		}
	}
	for _, id := range f.Tables {
		if m.St.Tables[id].Ideas == 0 {
			t.Errorf("the wall's copy does not count table %s's ideas", id)
		}
	}
	tuitest.MustContain(t, out, "9 tables at work", "TABLE 1", "3 ideas · 16 votes")
}

// TestTablesTinySizes draws the wall's tables at sizes down to nothing
// without a panic and within the screen.
func TestTablesTinySizes(t *testing.T) {
	for name, tc := range tablesWalls() {
		f := tuitest.NewTableFixture(tc.phase)
		if tc.then != nil {
			tc.then(f)
		}
		m := newTestWallIn(f.Fixture, 100, 30, tuitest.FixedNow, lang.RU)
		for _, size := range [][2]int{{1, 1}, {20, 5}, {30, 12}, {45, 14}, {60, 16}, {80, 24}, {200, 60}} {
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			tuitest.CheckFits(t, m.Cells, wallPlain(m), size[0], size[1])
			if t.Failed() {
				t.Fatalf("%s at %dx%d", name, size[0], size[1])
			}
		}
	}
}
