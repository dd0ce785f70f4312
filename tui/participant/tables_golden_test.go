package participant

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// tablesCase is a participant's screen of breakout tables (issue 16):
// the fixture it starts from, the keys pressed, and what it must show.
type tablesCase struct {
	fixture      func() *tuitest.Fixture
	keys         []string
	want, az, ru string
}

// seated is the table fixture in phase, seen by "Aysel" (the rapporteur
// of her table); then changes it first.
func seated(phase session.Phase, then ...func(f *tuitest.TableFixture)) func() *tuitest.Fixture {
	return func() *tuitest.Fixture {
		f := tuitest.NewTableFixture(phase)
		for _, fn := range then {
			fn(f)
		}
		return f.Fixture
	}
}

// notRapporteur makes another member of Aysel's table its rapporteur.
func notRapporteur(f *tuitest.TableFixture) {
	for _, p := range f.Members(f.Mine) {
		if p != f.Me {
			f.Conn.Fac(session.Command{Type: session.CmdSetRapporteur, Table: f.Mine, Participant: p})
			return
		}
	}
}

// messaged sends a message to every table.
func messaged(f *tuitest.TableFixture) {
	f.Conn.Fac(session.Command{Type: session.CmdBroadcast, Text: "10 dəqiqə qalıb: hər masa ən yaxşı iki ideyasını seçsin. Осталось 10 минут."})
}

// recalledTables closes the tables: each sends its picks, else its top 2.
func recalledTables(f *tuitest.TableFixture) {
	f.Conn.Fac(session.Command{Type: session.CmdCloseTables, Count: 2})
}

// topicTables is the room of 65 split into topic tables, "Aysel" not
// seated yet.
func topicTables() *tuitest.Fixture {
	f := tuitest.NewFixture(session.PhaseIdeas)
	f.Fill()
	f.Conn.Fac(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByTopic})
	tables := tuitest.OpenTableIDs(f)
	for k, who := range []string{"rashad", "leyla", "tural", "olga"} { // two at each of the first two tables
		f.Conn.By(f.Others[who], session.Command{Type: session.CmdPickTable, Table: tables[k/2]})
	}
	return f
}

// tablesScreens are the participant's screens of breakout tables.
func tablesScreens() map[string]tablesCase {
	return map[string]tablesCase{
		"tables_ideas":      {fixture: seated(session.PhaseIdeas, notRapporteur), want: "Table 9 · 7 people", az: "Masa 9 · 7 nəfər", ru: "Стол 9 · 7 человек"},
		"tables_message":    {fixture: seated(session.PhaseIdeas, notRapporteur, messaged), want: "From the facilitator", az: "Moderatordan", ru: "От модератора"},
		"tables_vote":       {fixture: seated(session.PhaseVote, notRapporteur), want: "Rapporteur: ", az: "Məruzəçi: ", ru: "Докладчик: "},
		"tables_picks":      {fixture: seated(session.PhaseVote), want: "Your picks for the plenary (2):", az: "Ümumi iclas üçün seçimləriniz (2):", ru: "Выбрано для общего обсуждения (2):"},
		"tables_group":      {fixture: seated(session.PhaseGroup), keys: []string{"tab", "tab", "space"}, want: "1 marked (m to merge)", az: "işarələnib: 1", ru: "отмечено: 1"},
		"tables_choose":     {fixture: topicTables, want: "Choose your table", az: "Masanızı seçin", ru: "Выберите стол"},
		"tables_promoted":   {fixture: seated(session.PhaseVote, recalledTables), want: "T9 ", az: "M9 ", ru: "С9 "},
		"tables_help":       {fixture: seated(session.PhaseVote), keys: []string{"?"}, want: "raise hand", az: "əl qaldırın", ru: "поднять руку"},
		"tables_become":     {fixture: seated(session.PhaseIdeas, noRapporteur), keys: []string{"p"}, want: "Become the rapporteur of Table 9?", az: "9 saylı masanın məruzəçisi", ru: "Стать докладчиком стола 9?"},
		"tables_choose_key": {fixture: topicTables, keys: []string{"down", "enter", "t"}, want: "you are here", az: "siz buradasınız", ru: "вы здесь"},
	}
}

// noRapporteur leaves Aysel's table without a rapporteur.
func noRapporteur(f *tuitest.TableFixture) {
	f.Conn.Fac(session.Command{Type: session.CmdSetRapporteur, Table: f.Mine})
}

// TestTablesGolden draws the participant's screens of breakout tables in
// English, Azerbaijani and Russian at 80×24 and 120×40 and compares them
// with testdata/TestTablesGolden. Refresh with:
// go test ./tui/participant/ -run TestTablesGolden -update
func TestTablesGolden(t *testing.T) {
	for name, tc := range tablesScreens() {
		for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[tag]
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s_%s_%dx%d", name, tag, w, h), func(t *testing.T) {
					m, _ := drawTables(tc, tag, w, h)
					out := plain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					if !strings.Contains(out, want) {
						t.Errorf("the screen does not show %q:\n%s", want, out)
					}
					checkFooter(t, m, out)
					checkDoneHint(t, m, out)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestTablesPseudo draws the same screens in the pseudo language: every
// word on them went through the catalogue.
func TestTablesPseudo(t *testing.T) {
	for name, tc := range tablesScreens() {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				m, f := drawTables(tc, lang.Pseudo, size[0], size[1])
				f.Conn.Mu.Lock()
				data := tuitest.Cut(append(tuitest.StateWords(f.Conn.Srv), tc.keys...))
				f.Conn.Mu.Unlock()
				data = append(data, tuitest.Keycaps...)
				data = append(data, "English", "p", "t", "h", "m")
				out := plain(m)
				if esc := lang.Escaped(out, data...); len(esc) > 0 {
					t.Errorf("English on the screen: %q\n%s", esc, out)
				}
			})
		}
	}
}

// drawTables reaches the screen of tc in language tag at w×h.
func drawTables(tc tablesCase, tag lang.Tag, w, h int) (*Participant, *tuitest.Fixture) {
	f := tc.fixture()
	m := newAppIn(f, w, h, tag)
	press(m, f.Conn, tc.keys...)
	return m, f
}
