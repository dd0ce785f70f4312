package console

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// tablesCase is a console screen of breakout tables (issue 16): the
// fixture it starts from, seen by the facilitator, and the keys pressed.
type tablesCase struct {
	fixture      func() *tuitest.Fixture
	keys         []string
	want, az, ru string
}

// roomOf65 is the reference workshop filled to 65 people from 45
// institutions, in phase, before any table opens.
func roomOf65(phase session.Phase) func() *tuitest.Fixture {
	return func() *tuitest.Fixture {
		f := tuitest.NewFixture(phase)
		f.Fill()
		f.AsFacilitator()
		return f
	}
}

// atTables is the table fixture in phase, seen by the facilitator; then
// is what happens after.
func atTables(phase session.Phase, then ...func(f *tuitest.TableFixture)) func() *tuitest.Fixture {
	return func() *tuitest.Fixture {
		f := tuitest.NewTableFixture(phase)
		for _, fn := range then {
			fn(f)
		}
		f.AsFacilitator()
		return f.Fixture
	}
}

// recalled closes the tables: each sends its picks, else its top 2.
func recalled(f *tuitest.TableFixture) {
	f.Conn.Fac(session.Command{Type: session.CmdCloseTables, Count: 2})
}

// broadcast sends a message to every table.
func broadcast(f *tuitest.TableFixture) {
	f.Conn.Fac(session.Command{Type: session.CmdBroadcast, Text: "10 dəqiqə qalıb: hər masa ən yaxşı iki ideyasını seçsin. Осталось 10 минут."})
}

// tablesCases are the console's screens of breakout tables.
func tablesCases() map[string]tablesCase {
	return map[string]tablesCase{
		"tables_split":       {fixture: roomOf65(session.PhaseIdeas), keys: []string{"b"}, want: "By count: institutions spread", az: "Say üzrə: qurumlar", ru: "По числу: ведомства"},
		"tables_split_topic": {fixture: roomOf65(session.PhaseIdeas), keys: []string{"b", "down"}, want: "each person chooses", az: "hər kəs özü seçir", ru: "каждый выбирает сам"},
		"tables_split_hand":  {fixture: roomOf65(session.PhaseIdeas), keys: []string{"b", "down", "down", "enter"}, want: "Aynur Quliyeva #2", az: "Aynur Quliyeva #2", ru: "Aynur Quliyeva #2"},
		"tables_overview":    {fixture: atTables(session.PhaseIdeas, broadcast), keys: []string{"b"}, want: "Breakout tables · round 1 · 9 tables", az: "Masalar · dövrə: 1 · 9 masa", ru: "Столы · тур 1 · 9 столов"},
		"tables_vote":        {fixture: atTables(session.PhaseVote), keys: []string{"b"}, want: "Table 1", az: "Masa 1", ru: "Стол 1"},
		"tables_look":        {fixture: atTables(session.PhaseVote), keys: []string{"b", "enter"}, want: "Members (", az: "Masadakılar (", ru: "За столом ("},
		"tables_recall":      {fixture: atTables(session.PhaseVote), keys: []string{"b", "R"}, want: "Close 9 tables and recall everyone", az: "9 masada iş bitirilsin", ru: "Завершить работу за 9 столами"},
		"tables_message":     {fixture: atTables(session.PhaseIdeas), keys: []string{"b", "m"}, want: "Message to every table", az: "Bütün masalara mesaj", ru: "Сообщение всем столам"},
		"tables_banner":      {fixture: atTables(session.PhaseVote), want: "9 tables at work · ✋ Table 2 · b: tables", az: "9 masa işləyir · ✋ Masa 2 · b: masalar", ru: "работают 9 столов · ✋ Стол 2 · b: столы"},
		"tables_promoted":    {fixture: atTables(session.PhaseVote, recalled), want: "T1 ", az: "M1 ", ru: "С1 "},
	}
}

// TestTablesGolden draws the console's screens of breakout tables in
// English, Azerbaijani and Russian at 80×24 and 120×40 and compares them
// with testdata/TestTablesGolden. Refresh with:
// go test ./tui/console/ -run TestTablesGolden -update
func TestTablesGolden(t *testing.T) {
	for name, tc := range tablesCases() {
		for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[tag]
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s_%s_%dx%d", name, tag, w, h), func(t *testing.T) {
					m, _ := drawTables(t, tc, tag, w, h)
					out := cplain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					if !strings.Contains(out, want) {
						t.Errorf("the screen does not show %q:\n%s", want, out)
					}
					checkConsoleFooter(t, m, out)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestTablesPseudo draws the same screens in the pseudo language: every
// word they show went through the catalogue.
func TestTablesPseudo(t *testing.T) {
	for name, tc := range tablesCases() {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				m, f := drawTables(t, tc, lang.Pseudo, size[0], size[1])
				checkPseudo(t, m, f, tc.keys)
			})
		}
	}
}

// drawTables opens the console of a case in language tag at w×h and
// presses its keys.
func drawTables(t *testing.T, tc tablesCase, tag lang.Tag, w, h int) (*Console, *tuitest.Fixture) {
	t.Helper()
	f := tc.fixture()
	m := newConsoleWith(f, w, h, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir(), StopsHost: true, Lang: tag})
	cpress(m, f.Conn, tc.keys...)
	return m, f
}
