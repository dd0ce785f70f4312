package console

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

// consoleCase is one screen or overlay of the console, as the golden and
// pseudo-language tests draw it: the fixture's phase, what happens before
// the console opens, its options, and the keys pressed.
type consoleCase struct {
	phase session.Phase
	setup func(f *tuitest.Fixture)
	opts  func(o *Options)
	keys  []string
	msgs  []tea.Msg // messages after the keys (what a command reported)
	size  [2]int    // a size of its own instead of the table's, or zero
	// text the screen must show, whatever the golden says, by language
	want, az, ru string
}

// consoleCases are every screen and overlay of the console.
func consoleCases() map[string]consoleCase {
	notes := func(f *tuitest.Fixture) {
		f.Conn.Fac(session.Command{Type: session.CmdNote, Item: f.Groups["infra"], Notes: "İki nazirlikdə pilot; данные — через API 🔗", Decision: "Pilot 2026-cı ilin ikinci rübündə başlasın."})
	}
	feedback := func(f *tuitest.Fixture) {
		f.Conn.By(f.Me, session.Command{Type: session.CmdFeedback, Rating: 4, Text: "Faydalı idi"})
		f.Conn.By(f.Others["olga"], session.Command{Type: session.CmdFeedback, Rating: 5})
	}
	place := []string{"down", "down", "down", "p"} // the first item not yet placed
	// the export dialog's goldens: a folder of their own, and what the
	// command that writes would report (the files are written by the
	// flow tests, in a temporary folder whose name changes)
	srv := func(o *Options) { o.ExportDir, o.ExportBesideDB = "/srv/roundtable/workshops", true }
	written := exportedMsg{paths: []string{
		"/srv/roundtable/workshops/roadmap-s1-2026-03-10-2.md", "/srv/roundtable/workshops/roadmap-s1-2026-03-10-2.html",
	}, renamed: true, base: "roadmap-s1-2026-03-10"}
	taken := exportedMsg{exists: []string{"/srv/roundtable/workshops/roadmap-s1-2026-03-10.md"}, base: "roadmap-s1-2026-03-10"}
	return map[string]consoleCase{
		"lobby":              {phase: session.PhaseLobby, want: "roundtable join 192.168.1.20:7777 --code C0N50L", az: "Sessiyaya qoşulma", ru: "Подключение к сессии"},
		"ideas":              {phase: session.PhaseIdeas, want: "Bu fikir gizlədiləcək", az: "gizlədilib: 1", ru: "скрыто: 1"},
		"ideas_edit":         {phase: session.PhaseIdeas, keys: []string{"down", "enter"}, want: "Edit the idea", az: "İdeyanı redaktə edin", ru: "Изменить идею"},
		"ideas_hide":         {phase: session.PhaseIdeas, keys: []string{"down", "h"}, want: "hidden from participants. Press h again", az: "İdeya iştirakçılardan gizlədildi", ru: "Идея скрыта от участников"},
		"ideas_move":         {phase: session.PhaseIdeas, keys: []string{"down", "o"}, want: "Move to topic", az: "Başqa istiqamətə köçürün", ru: "Перенести в направление"},
		"group_marked":       {phase: session.PhaseGroup, keys: []string{"tab", "tab", "space", "space"}, want: "2 marked (m to merge)", az: "seçilib: 2", ru: "отмечено: 2"},
		"group_name":         {phase: session.PhaseGroup, keys: []string{"tab", "tab", "space", "space", "m"}, want: "Name the new group of 2 ideas", az: "2 ideyadan ibarət yeni qrupun adı", ru: "Название новой группы из 2 идей"},
		"group_split":        {phase: session.PhaseGroup, keys: []string{"s"}, want: "Split the group “Vahid", az: "qrupu ideyalara ayrılsın?", ru: "Расформировать группу «Vahid"},
		"vote_revealed":      {phase: session.PhaseVote, want: "Tallies are shown to everyone", az: "Nəticələr hamıya göstərilir", ru: "Результаты видны всем"},
		"vote_closed":        {phase: session.PhaseVote, keys: []string{"l"}, want: "Voting is closed; nobody can change", az: "Səsvermə bağlandı", ru: "Голосование закрыто; изменить"},
		"discuss_notes":      {phase: session.PhaseDiscuss, setup: notes, want: "Decision: Pilot 2026", az: "Qərar: Pilot 2026", ru: "Решение: Pilot 2026"},
		"discuss_notes_edit": {phase: session.PhaseDiscuss, setup: notes, keys: []string{"n"}, want: "Notes on “Rəqəmsal", az: "üzrə qeydlər", ru: "Заметки по пункту «Rəqəmsal"},
		"discuss_decide":     {phase: session.PhaseDiscuss, keys: []string{"d"}, want: "Decision on “Rəqəmsal", az: "üzrə qərar", ru: "Решение по пункту «Rəqəmsal"},
		"roadmap":            {phase: session.PhaseRoadmap, want: "Not yet placed", az: "Hələ yerləşdirilməyib (3)", ru: "Ещё не размещены (3)"},
		"roadmap_horizon":    {phase: session.PhaseRoadmap, keys: place, want: "Step 1 of 3: choose the horizon", az: "Addım 1/3: müddəti seçin", ru: "Шаг 1 из 3: выберите срок"},
		"roadmap_lead":       {phase: session.PhaseRoadmap, keys: append(place, "down", "down", "enter", "iqt"), want: "› İqtisadiyyat Nazirliyi", az: "Axtarış: iqt", ru: "Поиск: iqt"},
		"roadmap_supporters": {phase: session.PhaseRoadmap, keys: append(place, "down", "down", "enter", "iqt", "enter", "space"), want: "› [x] ASAN xidmət", az: "Addım 3/3: tərəfdaş qurumları seçin", ru: "Шаг 3 из 3: отметьте соисполнителей"},
		"roadmap_edit":       {phase: session.PhaseRoadmap, keys: []string{"enter"}, want: "Change the placement of “Vahid", az: "Yerləşdirməni dəyişin", ru: "Изменить размещение"},
		"preview":            {phase: session.PhaseRoadmap, keys: []string{"v"}, want: "Draft road map preview", az: "Yol xəritəsinin layihəsi", ru: "Проект дорожной карты"},
		"export":             {phase: session.PhaseIdeas, opts: srv, keys: []string{"e", "down", "down", "space"}, want: "[ ] CSV (.csv): for spreadsheets", az: "verilənlər bazasının yanında", ru: "рядом с базой данных"},
		"export_exists":      {phase: session.PhaseRoadmap, opts: srv, keys: []string{"e"}, msgs: []tea.Msg{taken}, want: "This file already exists:", az: "Bu fayl artıq mövcuddur:", ru: "Этот файл уже существует:"},
		"export_written":     {phase: session.PhaseClosed, opts: srv, keys: []string{"e"}, msgs: []tea.Msg{written}, want: "/srv/roundtable/workshops/roadmap-s1-2026-03-10-2.html", az: "2 fayl yazıldı:", ru: "Записано 2 файла:"},
		"closed":             {phase: session.PhaseClosed, want: "Session closed · no feedback yet", az: "hələ rəy yoxdur", ru: "отзывов пока нет"},
		"closed_feedback":    {phase: session.PhaseClosed, setup: feedback, want: "Session closed · 2 ratings, average 4.5", az: "2 qiymət, orta hesabla 4,5", ru: "2 оценки, в среднем 4,5"},
		"phase_confirm":      {phase: session.PhaseIdeas, keys: []string{">"}, want: "3 participants are not done with Ideas", az: "3 iştirakçı", ru: "3 участника ещё не завершили этап"},
		"timer":              {phase: session.PhaseVote, keys: []string{"t"}, want: "+1 or +5 to add", az: "+1, +5 — artırmaq", ru: "+1 или +5 — добавить"},
		"timer_error":        {phase: session.PhaseVote, keys: []string{"t", "soon", "enter"}, want: `"soon" is not a time.`, az: "“soon” vaxt deyil.", ru: "«soon» — не время."},
		"help":               {phase: session.PhaseDiscuss, keys: []string{"?"}, want: "next phase", az: "hazırdır: 2/5", ru: "готовы: 2 из 5"},
		"quit":               {phase: session.PhaseVote, keys: []string{"q"}, want: "Quit and stop the host?", az: "Çıxıb serveri dayandırmaq istəyirsiniz?", ru: "Выйти и остановить сервер?"},
		"help_quit":          {phase: session.PhaseVote, keys: []string{"?", "q"}, want: "y yes", az: "y bəli", ru: "y да"},
		"cofacilitator": {
			phase: session.PhaseIdeas, keys: []string{"ctrl+t"},
			opts: func(o *Options) {
				o.CoFacilitator = "roundtable console 192.168.1.20:7777 --token " + strings.Repeat("k", 52)
			},
			want: "Keep this private", az: "Bunu heç kimə göstərməyin", ru: "Никому не показывайте",
		},
		// issue 15: undo
		"undo_merge":   {phase: session.PhaseGroup, keys: []string{"u"}, want: "Undone: merge of 2 ideas.", az: "Geri qaytarıldı: 2 ideyanın birləşdirilməsi.", ru: "Отменено: объединение 2 идей."},
		"undo_roadmap": {phase: session.PhaseRoadmap, keys: []string{"u"}, want: "Undone: placing an item on the road map.", az: "Geri qaytarıldı: bəndin yol xəritəsinə əlavə edilməsi.", ru: "Отменено: внесение пункта в дорожную карту."},
		"undo_refused": {phase: session.PhaseVote, setup: mergeThenVote, keys: []string{"u"}, want: "votes were cast on it since", az: "o vaxtdan bəri ona səs verilib", ru: "с тех пор за это отданы голоса"},
		"too_small":    {phase: session.PhaseVote, size: [2]int{38, 10}, want: "Please make this window larger.", az: "pəncərəni böyüdün", ru: "увеличьте окно"},
		// issue 16: a session of a programme, with items carried from day 1 (carried.go)
		"lobby_carried": {phase: session.PhaseLobby, setup: carriedFromDay1, want: "2 items carried from “Gün 1 — Rəqəmsal hökumət”, day 1",
			az: "“Gün 1 — Rəqəmsal hökumət” sessiyasından (1 nömrəli gün) 2 bənd köçürülüb", ru: "2 пункта перенесены из «Gün 1 — Rəqəmsal hökumət», день 1"},
	}
}

// goldenSizes are the sizes each language's goldens are drawn at: every
// language at the smallest console (80×24) and a laptop's (120×40),
// English also at the sizes it always had.
var goldenSizes = []struct {
	tag   lang.Tag
	sizes [][2]int
}{
	{lang.EN, [][2]int{{100, 30}, {160, 45}, {80, 24}, {120, 40}}},
	{lang.AZ, [][2]int{{80, 24}, {120, 40}}},
	{lang.RU, [][2]int{{80, 24}, {120, 40}}},
}

// TestConsoleGolden draws every console screen in English at 100×30 and
// 160×45, and in Azerbaijani and Russian at 80×24 and 120×40, and
// compares them with testdata/TestConsoleGolden. Refresh with:
// go test ./tui/console/ -run TestConsoleGolden -update
func TestConsoleGolden(t *testing.T) {
	cases := consoleCases()
	for name, tc := range consentCases() { // issue 16
		cases[name] = tc
	}
	for name, tc := range cases {
		for _, ls := range goldenSizes {
			want := map[lang.Tag]string{lang.EN: tc.want, lang.AZ: tc.az, lang.RU: tc.ru}[ls.tag]
			sizes := ls.sizes
			if tc.size != [2]int{} {
				sizes = [][2]int{tc.size}
			}
			for _, size := range sizes {
				w, h := size[0], size[1]
				sub := fmt.Sprintf("%s_%dx%d", name, w, h) // English keeps its old names
				if ls.tag != lang.EN {
					sub = fmt.Sprintf("%s_%s_%dx%d", name, ls.tag, w, h)
				}
				t.Run(sub, func(t *testing.T) {
					m, _ := drawCase(t, tc, ls.tag, w, h)
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

// drawCase opens the console of a case in language tag at w×h and presses
// its keys.
func drawCase(t *testing.T, tc consoleCase, tag lang.Tag, w, h int) (*Console, *tuitest.Fixture) {
	t.Helper()
	f := consoleFixture(tc.phase)
	if tc.setup != nil {
		tc.setup(f)
	}
	o := Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir(), StopsHost: true, Lang: tag}
	if tc.opts != nil {
		tc.opts(&o)
	}
	m := newConsoleWith(f, w, h, o)
	cpress(m, f.Conn, tc.keys...)
	for _, msg := range tc.msgs {
		m.Update(msg)
	}
	return m, f
}

// TestConsoleTinySizes draws every phase at sizes down to nothing without
// a panic and within the screen, in every language.
func TestConsoleTinySizes(t *testing.T) {
	for _, tag := range append(lang.All, lang.Pseudo) {
		for _, p := range session.Phases() {
			f := consoleFixture(p)
			m := newConsoleWith(f, 100, 30, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir(), Lang: tag})
			for _, size := range [][2]int{{0, 0}, {1, 1}, {20, 5}, {45, 12}, {60, 14}, {80, 24}, {89, 20}, {90, 20}} {
				m.Update(windowSize(size[0], size[1]))
				out := cplain(m)
				if size[0] == 0 {
					if out != "" {
						t.Errorf("%s %s at 0×0 draws %q", tag, p, out)
					}
					continue
				}
				tuitest.CheckFits(t, m.Cells, out, size[0], size[1])
			}
		}
	}
}

// checkConsoleFooter fails when the console's footer lacks the keys it
// must always show: y at a question, enter in a field, else ? and q.
func checkConsoleFooter(t *testing.T, m *Console, out string) {
	t.Helper()
	k := m.Keys
	switch {
	case m.Width < 40 || m.Height < 12: // "make this window larger"
	case m.Confirm != nil:
		tuitest.CheckFooter(t, out, k.Confirm)
	case m.input.open:
		tuitest.CheckFooter(t, out, k.Submit)
	case m.placing(): // letters search there: esc is the way out
		if lines := strings.Split(out, "\n"); !strings.Contains(lines[len(lines)-1], "esc ") {
			t.Errorf("the placement dialog's footer lacks esc: %q", lines[len(lines)-1])
		}
	case m.help.ShowAll:
		tuitest.CheckFullHelp(t, out, k.Help, k.Quit)
	default:
		tuitest.CheckFooter(t, out, k.Help, k.Quit)
	}
}
