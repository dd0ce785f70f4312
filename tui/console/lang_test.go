package console

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// literals are the words a console screen shows as they are in every
// language: key names (the shortcuts are the keys of a US layout), and the
// commands and file formats a person types or reads as they are.
var literals = []string{
	"q e t x m h p s n d f r v y k j o u l K J tab esc enter space ctrl alt shift",
	"roundtable join code console token fingerprint wss ssh export db format html o md json csv roadmap",
	"Markdown JSON CSV HTML SSH UTC",
	"w c i a pgup pgdn", // the room's and the comments' keys (roster.go, comments.go)
}

// pseudoCases are screens that only the pseudo-language test draws: the
// notices and refusals of the console's keys, which the goldens do not
// all show.
func pseudoCases() map[string]consoleCase {
	hidden := []string{"down", "down", "down"} // the hidden idea of the first topic
	return map[string]consoleCase{
		"first_phase":     {phase: session.PhaseLobby, keys: []string{"<"}},
		"last_phase":      {phase: session.PhaseClosed, keys: []string{">"}},
		"back":            {phase: session.PhaseVote, keys: []string{"<"}},
		"lobby_every_way": {phase: session.PhaseLobby, opts: everyWayIn},
		"nobody_yet":      {phase: session.PhaseLobby, setup: both(func(st *session.State) { clear(st.Participants) })},
		"marks_cleared":   {phase: session.PhaseGroup, keys: []string{"tab", "tab", "space", "esc"}},
		"merge_nothing":   {phase: session.PhaseIdeas, keys: []string{"m"}},
		"merge_into":      {phase: session.PhaseGroup, keys: []string{"space", "down", "down", "space", "m"}},
		"merge_made":      {phase: session.PhaseGroup, keys: []string{"tab", "tab", "space", "space", "m", "enter"}},
		"mark_hidden":     {phase: session.PhaseIdeas, keys: append(hidden, "space")},
		"show_again":      {phase: session.PhaseIdeas, keys: append(hidden, "h")},
		"not_in_group":    {phase: session.PhaseIdeas, keys: []string{"s"}},
		"edit_empty":      {phase: session.PhaseIdeas, keys: []string{"enter", "ctrl+u", "enter"}},
		"edit_unchanged":  {phase: session.PhaseIdeas, keys: []string{"enter", "enter"}},
		"edited":          {phase: session.PhaseIdeas, keys: []string{"enter", " 2", "enter"}},
		"moved":           {phase: session.PhaseIdeas, keys: []string{"o", "enter"}},
		"no_such_topic":   {phase: session.PhaseIdeas, keys: []string{"o", "ctrl+u", "zzz", "enter"}},
		"hide_group":      {phase: session.PhaseGroup, keys: []string{"h"}},
		"move_group":      {phase: session.PhaseGroup, keys: []string{"o"}},
		"move_member":     {phase: session.PhaseGroup, keys: []string{"down", "o"}},
		"rename_group":    {phase: session.PhaseGroup, keys: []string{"enter", "!", "enter"}},
		"in_group":        {phase: session.PhaseGroup, keys: []string{"down", "space"}},
		"hide_member":     {phase: session.PhaseGroup, keys: []string{"down", "h"}},
		"taken_out":       {phase: session.PhaseGroup, keys: []string{"down", "s"}},
		"split":           {phase: session.PhaseGroup, keys: []string{"s", "y"}},
		"tallies_hidden":  {phase: session.PhaseVote, keys: []string{"r"}},
		"tallies_shown":   {phase: session.PhaseGroup, keys: []string{"r"}},
		"voting_reopened": {phase: session.PhaseDiscuss, keys: []string{"<", "y", "l"}},
		"focus_set":       {phase: session.PhaseDiscuss, keys: []string{"f"}},
		"focus_cleared":   {phase: session.PhaseDiscuss, keys: []string{"down", "f"}},
		"notes_saved":     {phase: session.PhaseDiscuss, keys: []string{"n", "Pilot", "enter"}},
		"decided":         {phase: session.PhaseDiscuss, keys: []string{"d", "Pilot", "enter"}},
		"no_notes_change": {phase: session.PhaseDiscuss, keys: []string{"n", "enter"}},
		"nothing_to_vote": {phase: session.PhaseVote, setup: both(func(st *session.State) { clear(st.Ideas); clear(st.Groups) })},
		"place_first":     {phase: session.PhaseRoadmap, keys: []string{"down", "down", "down", "K"}},
		"not_placed":      {phase: session.PhaseRoadmap, keys: []string{"down", "down", "down", "x"}},
		"taken_off":       {phase: session.PhaseRoadmap, keys: []string{"x"}},
		"placed":          {phase: session.PhaseRoadmap, keys: []string{"down", "down", "down", "p", "enter", "enter", "enter"}},
		"no_match":        {phase: session.PhaseRoadmap, keys: []string{"p", "zzz", "enter"}},
		"no_lead":         {phase: session.PhaseRoadmap, keys: []string{"down", "down", "down", "p", "enter", "enter"}},
		"moving":          {phase: session.PhaseIdeas, keys: []string{">", "y"}},
		"moving_timer":    {phase: session.PhaseIdeas, keys: []string{">", "y"}, setup: withAgenda},
		"everyone_done":   {phase: session.PhaseVote, setup: everyoneDone, keys: []string{">"}},
		"field_cancelled": {phase: session.PhaseVote, keys: []string{"t", "esc"}},
		"timer_set":       {phase: session.PhaseVote, keys: []string{"t", "5", "enter"}},
		"timer_added":     {phase: session.PhaseVote, keys: []string{"t", "+1", "enter"}},
		"timer_shortened": {phase: session.PhaseVote, keys: []string{"t", "-1", "enter"}},
		"timer_paused":    {phase: session.PhaseVote, keys: []string{"t", "p", "enter"}},
		"timer_resumed":   {phase: session.PhaseVote, keys: []string{"t", "p", "enter", "t", "p", "enter"}},
		"timer_stopped":   {phase: session.PhaseVote, keys: []string{"t", "s", "enter"}},
		"timer_no_timer":  {phase: session.PhaseVote, keys: []string{"t", "s", "enter", "t", "s", "enter"}},
		"timer_no_extend": {phase: session.PhaseVote, keys: []string{"t", "s", "enter", "t", "+1", "enter"}},
		"timer_no_pause":  {phase: session.PhaseVote, keys: []string{"t", "s", "enter", "t", "p", "enter"}},
		"timer_too_long":  {phase: session.PhaseVote, keys: []string{"t", "300", "enter"}},
		"export_done":     {phase: session.PhaseClosed, keys: []string{"e", "enter"}},
		"export_failed":   {phase: session.PhaseClosed, keys: []string{"e", "enter"}, opts: func(o *Options) { o.ExportDir = "/nonexistent/dir" }},
		"export_none":     {phase: session.PhaseVote, keys: []string{"e", "space", "down", "space", "down", "space", "down", "space", "enter"}},
		"export_folder":   {phase: session.PhaseVote, keys: []string{"e", "down", "down", "down", "down", "enter"}},
	}
}

// both changes the hub's state and the console's replica alike, for a
// moment no command leads to.
func both(change func(st *session.State)) func(f *tuitest.Fixture) {
	return func(f *tuitest.Fixture) {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		change(f.Conn.Srv)
		change(f.Conn.Rep)
	}
}

func everyWayIn(o *Options) {
	o.Join.Addrs = append(o.Join.Addrs, "10.0.0.6:7777", "10.0.0.7:7777")
	o.Join.Fingerprint = strings.Repeat("ab", 32)
	o.Join.SSH = []string{"ssh -p 2222 C0N50L@192.168.1.20", "ssh -p 2222 C0N50L@10.0.0.5", "ssh -p 2222 C0N50L@10.0.0.6"}
	o.Join.SSHFingerprint = "SHA256:Zm9vYmFy"
}

func everyoneDone(f *tuitest.Fixture) {
	for id := range f.Conn.Srv.Participants {
		if !f.Conn.Srv.Done[f.Conn.Srv.Phase][id] {
			f.Conn.By(id, session.Command{Type: session.CmdMarkDone})
		}
	}
}

// TestConsolePseudo draws every screen of the console in the pseudo
// language, at 80×24 and 120×40: no English word may be left that is not
// the test's own data, a literal (keys, commands) or another package's
// text, so every string the console writes went through the catalogue.
func TestConsolePseudo(t *testing.T) {
	cases := consoleCases()
	for name, tc := range pseudoCases() {
		cases[name] = tc
	}
	for name, tc := range consentCases() { // issue 16
		cases[name] = tc
	}
	for name, tc := range cases {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				m, f := drawCase(t, tc, lang.Pseudo, size[0], size[1])
				checkPseudo(t, m, f, tc.keys)
			})
		}
	}
	for moment, mo := range tuitest.StopMoments() {
		t.Run("stopped_"+moment, func(t *testing.T) {
			m, f := stoppedConsole(t, moment, mo, lang.Pseudo, 80, 24)
			checkPseudo(t, m, f, nil)
			cpress(m, f.Conn, "<") // nothing more can change
			checkPseudo(t, m, f, nil)
		})
	}
	t.Run("quit_with_actions_waiting", func(t *testing.T) {
		f := consoleFixture(session.PhaseVote)
		m := newConsoleWith(f, 120, 40, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: lang.Pseudo})
		m.Waiting = 2
		cpress(m, f.Conn, "q")
		checkPseudo(t, m, f, nil)
	})
	t.Run("connection", func(t *testing.T) {
		f := consoleFixture(session.PhaseVote)
		m := newConsoleWith(f, 120, 40, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: lang.Pseudo})
		for _, s := range []client.Status{client.Offline, client.Online, client.Paused, client.Online} {
			f.Conn.SetStatus(s)
			tuitest.Pump(m, f.Conn)
			checkPseudo(t, m, f, nil)
		}
		m.Update(tui.ClosedMsg{})
		checkPseudo(t, m, f, nil)
	})
	t.Run("time_up", func(t *testing.T) {
		f := consoleFixture(session.PhaseIdeas)
		clock := tuitest.T0.Add(4 * time.Minute)
		m := newConsoleWith(f, 120, 40, Options{Now: func() time.Time { return clock }, Join: testJoin(), Lang: lang.Pseudo})
		m.timeUp()
		clock = tuitest.T0.Add(6 * time.Minute) // the timer ran out while the console watched
		m.timeUp()
		if !m.alarm.Flashing(clock) {
			t.Fatal("time is up and the console does not flash")
		}
		checkPseudo(t, m, f, nil)
	})
}

// checkPseudo fails when the screen of m, drawn in Pseudo, shows English
// that is not data, or an id the catalogue lacks.
func checkPseudo(t *testing.T, m *Console, f *tuitest.Fixture, typed []string) {
	t.Helper()
	screen := cplain(m)
	if strings.Contains(screen, "[console.") {
		t.Errorf("a message id is on screen:\n%s", screen)
	}
	data := append(tuitest.StateWords(m.St), literals...)
	data = append(data, typed...)
	data = append(data, m.opts.Join.Code, m.opts.Join.Fingerprint, m.opts.Join.SSHFingerprint, m.opts.CoFacilitator, m.opts.ExportDir)
	data = append(data, m.opts.Join.SSH...)
	for _, p := range append(m.export.written, m.export.exists...) {
		// a path, wrapped where it is longer than the line
		data = append(data, p)
		for w := 20; w <= m.Width; w++ { // whatever the pane's width
			data = append(data, m.Cells.Wrap(p, w)...)
		}
	}
	if m.Notice != "" && strings.Contains(m.Notice, ": ") {
		// an error from the operating system (a failed export) is its own
		_, sys, _ := strings.Cut(m.Notice, ": ")
		data = append(data, sys)
	}
	var english []string
	for _, w := range lang.Escaped(screen, data...) {
		if !cutData(screen, w, data) {
			english = append(english, w)
		}
	}
	if len(english) > 0 {
		t.Errorf("English on the pseudo-language screen: %q\n%s", english, screen)
	}
}

// cutData reports whether w is the start of a word of data that the
// screen cut short with an ellipsis ("İqtisadiyya…" leaves "qtisadiyya").
func cutData(screen, w string, data []string) bool {
	if !strings.Contains(screen, w+"…") {
		return false
	}
	for _, d := range data {
		for _, dw := range lang.Escaped(d) {
			if strings.HasPrefix(dw, w) {
				return true
			}
		}
	}
	return false
}

// TestConsoleShortcutsOnOtherLayouts: a shortcut typed on the Russian or
// Azerbaijani layout works as the key in the same place on a US layout: Ю
// (shift and the key of . and >) asks to move to the next phase as >
// does, н (y) answers it, т (n) opens the notes where n does; Б is <; ş
// (the . key on the Azerbaijani layout, shift: Ş) is the same key as Ю.
// Typed into an open field, the same letters are text.
func TestConsoleShortcutsOnOtherLayouts(t *testing.T) {
	t.Run("Ю asks to move on, н says yes", func(t *testing.T) {
		f := consoleFixture(session.PhaseIdeas)
		m := newConsoleApp(f, 100, 30, t.TempDir())
		cpress(m, f.Conn, "Ю")
		if m.Confirm == nil || !strings.Contains(m.Confirm.Prompt, "Move on to Grouping?") {
			t.Fatalf("Ю does not ask to move to the next phase; the question is %+v", m.Confirm)
		}
		cpress(m, f.Conn, "н")
		if got := hub(f.Conn, func(st *session.State) session.Phase { return st.Phase }); got != session.PhaseGroup {
			t.Errorf("after Ю and н the phase is %s, want group", got)
		}
	})
	t.Run("Ş on the Azerbaijani layout is > too", func(t *testing.T) {
		f := consoleFixture(session.PhaseIdeas)
		m := newConsoleApp(f, 100, 30, t.TempDir())
		cpress(m, f.Conn, "Ş")
		if m.Confirm == nil || !strings.Contains(m.Confirm.Prompt, "Move on to") {
			t.Fatalf("Ş does not ask to move on; the question is %+v", m.Confirm)
		}
	})
	t.Run("Б asks to go back", func(t *testing.T) {
		f := consoleFixture(session.PhaseVote)
		m := newConsoleApp(f, 100, 30, t.TempDir())
		cpress(m, f.Conn, "Б")
		if m.Confirm == nil || !strings.Contains(m.Confirm.Prompt, "Go back to Grouping?") {
			t.Fatalf("Б does not ask to go back; the question is %+v", m.Confirm)
		}
	})
	t.Run("ю is the . key, which is no shortcut", func(t *testing.T) {
		f := consoleFixture(session.PhaseIdeas)
		m := newConsoleApp(f, 100, 30, t.TempDir())
		cpress(m, f.Conn, "ю")
		if m.Confirm != nil {
			t.Errorf("ю (the . key, unshifted) asks %q, which . on a US layout does not", m.Confirm.Prompt)
		}
	})
	t.Run("т opens the notes, and is text inside them", func(t *testing.T) {
		f := consoleFixture(session.PhaseDiscuss)
		m := newConsoleWith(f, 100, 30, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: lang.RU})
		cpress(m, f.Conn, "т")
		if !m.input.open || !strings.HasPrefix(m.input.title, "Заметки по пункту") {
			t.Fatalf("т does not open the notes (open %v, title %q)", m.input.open, m.input.title)
		}
		cpress(m, f.Conn, "т", "д")
		if got := m.input.ta.Value(); got != "тд" {
			t.Errorf("the notes field holds %q after typing т and д, want %q", got, "тд")
		}
		cpress(m, f.Conn, "enter")
		notes := f.Conn.SentOf(session.CmdNote)
		if len(notes) != 1 || notes[0].Notes != "тд" {
			t.Errorf("notes sent %+v, want one with the text тд", notes)
		}
	})
	t.Run("ctrl+c answers the quit question in Russian", func(t *testing.T) {
		f := consoleFixture(session.PhaseVote)
		m := newConsoleWith(f, 100, 30, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: lang.RU})
		cpress(m, f.Conn, "й") // q
		if m.Confirm == nil {
			t.Fatal("й (q) does not ask whether to quit")
		}
		tuitest.MustQuitOn(t, m, "ctrl+c", "ctrl+c at the question whether to quit")
	})
}

// TestTimerCommandOnOtherLayouts: p and s typed on the Russian layout (з,
// ы) pause and stop, and a decimal comma is a decimal point.
func TestTimerCommandOnOtherLayouts(t *testing.T) {
	running := session.Timer{Running: true, EndsAt: tuitest.T0.Add(time.Minute), Duration: 5 * time.Minute}
	l := lang.New(lang.RU)
	for text, want := range map[string]session.Command{
		"з":   {Type: session.CmdTimer, Action: session.TimerPause},
		"ы":   {Type: session.CmdTimer, Action: session.TimerStop},
		"1,5": {Type: session.CmdTimer, Action: session.TimerStart, Seconds: 90},
	} {
		cmd, msg, err := timerCommand(l, running, tuitest.T0, text)
		if err != "" || cmd.Action != want.Action || cmd.Seconds != want.Seconds || msg == "" {
			t.Errorf("%q: %+v %q %q, want %+v", text, cmd, msg, err, want)
		}
	}
}

// TestConsolePickersFold: the topic, horizon and institution pickers match
// what is typed by lang.Fold: "inkişaf" and "INKIŞAF" find "İnkişaf",
// "друг" finds "Другое", "iria" is "İRİA"; a beginning two names share
// finds neither.
func TestConsolePickersFold(t *testing.T) {
	topics := []string{"İnkişaf", "Другое", "Digər", "Digital", "Əlaqələndirmə"}
	for text, want := range map[string]int{
		"inkişaf": 0, "INKIŞAF": 0, "inkisaf": 0, "İnk": 0, "друг": 1, "ДРУГОЕ": 1,
		"digər": 2, "dig": -1, "elaqe": 4, "əlaqələndirmə": 4, "": -1, "zzz": -1,
	} {
		if got := matchName(topics, text); got != want {
			t.Errorf("matchName(%q) = %d, want %d", text, got, want)
		}
	}
	st := session.NewState("s1")
	for i, name := range topics {
		st.Topics = append(st.Topics, session.Topic{ID: "t" + string(rune('1'+i)), Name: name})
	}
	if got := findTopic(st, "друг"); got != "t2" {
		t.Errorf("findTopic(друг) = %q, want t2 (Другое)", got)
	}
	if got := findTopic(st, "5"); got != "t5" {
		t.Errorf("findTopic(5) = %q, want t5", got)
	}
	horizons := []string{"Сейчас", "Далее", "В перспективе"}
	if got := filterNames(horizons, "в перс"); !slices.Equal(got, []string{"В перспективе"}) {
		t.Errorf("filterNames(в перс) = %q", got)
	}
	if got := filterNames(horizons, "СЕЙЧАС"); !slices.Equal(got, []string{"Сейчас"}) {
		t.Errorf("filterNames(СЕЙЧАС) = %q", got)
	}
	insts := []string{"ASAN xidmət", "İRİA", "İqtisadiyyat Nazirliyi", "Министерство цифрового развития"}
	for typed, want := range map[string]int{"iria": 1, "İq": 2, "iqtisadiyyat": 2, "мин": 3, "nazir": 2, "xidmet": 0, "": 0} {
		if got := firstMatch(insts, typed); got != want {
			t.Errorf("firstMatch(%q) = %d, want %d", typed, got, want)
		}
	}
	for typed, want := range map[string][]string{
		"iria": {"İRİA"}, "i": {"İRİA", "İqtisadiyyat Nazirliyi", "ASAN xidmət"},
		"nazir": {"İqtisadiyyat Nazirliyi"}, "İqtisadiyyat Nazirliyip": nil, "": insts,
	} {
		if got := filterNames(insts, typed); !slices.Equal(got, want) {
			t.Errorf("filterNames(%q) = %q, want %q", typed, got, want)
		}
	}
}

// TestConsoleMoveFindsTheTopicAsTyped: in the move field, "inkişaf" and
// tab complete to "İnkişaf", and "коорд" moves the idea to "Координация".
func TestConsoleMoveFindsTheTopicAsTyped(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	m := newConsoleApp(f, 100, 30, t.TempDir())
	idea := f.Ideas["esign"] // the first row of the first topic
	cpress(m, f.Conn, "o", "ctrl+u", "inkişaf", "tab")
	if got := m.input.ta.Value(); got != "İnkişaf" {
		t.Errorf("tab after inkişaf gives %q, want İnkişaf", got)
	}
	cpress(m, f.Conn, "ctrl+u", "коорд", "enter")
	got := hub(f.Conn, func(st *session.State) string { return st.Ideas[idea].Topic })
	if want := f.Conn.Srv.Topics[1].ID; got != want {
		t.Errorf("the idea is under %s, want %s (Координация)", got, want)
	}
}
