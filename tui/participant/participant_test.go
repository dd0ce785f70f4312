package participant

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

func TestOfflineQueuesAndSendsOnReconnect(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.SetOnline(false)
	tuitest.Pump(m, f.Conn)
	tuitest.MustContain(t, plain(m), "offline — reconnecting", "Connection lost; reconnecting by itself")

	press(m, f.Conn, "n")
	typeText(m, "Oflayn fikir 📴")
	press(m, f.Conn, "enter")
	screen := plain(m)
	tuitest.MustContain(t, screen, "1 action waiting", "Oflayn fikir 📴", "⧗ sending", "will be sent when the connection is back")
	if n := tuitest.CountIdeas(f.Conn, "Oflayn fikir 📴"); n != 0 {
		t.Fatalf("the hub has the idea %d times while offline", n)
	}

	f.Conn.SetOnline(true)
	tuitest.Pump(m, f.Conn)
	screen = plain(m)
	if n := tuitest.CountIdeas(f.Conn, "Oflayn fikir 📴"); n != 1 {
		t.Fatalf("after the reconnect the hub has the idea %d times, want 1", n)
	}
	tuitest.MustContain(t, screen, "● online", "Oflayn fikir 📴", "Back online.")
	tuitest.MustNotContain(t, screen, "waiting", "⧗ sending")
	if got := strings.Count(screen, "Oflayn fikir 📴"); got != 1 {
		t.Errorf("the idea is on the screen %d times, want 1:\n%s", got, screen)
	}
}

// TestNoticesOfAPhaseGoWithIt: "Back online." said in one phase is gone
// once the facilitator moves on; the participant does not read it minutes
// later as news.
func TestNoticesOfAPhaseGoWithIt(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.SetOnline(false)
	tuitest.Pump(m, f.Conn)
	f.Conn.SetOnline(true)
	tuitest.Pump(m, f.Conn)
	tuitest.MustContain(t, plain(m), "Back online.")
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	tuitest.Pump(m, f.Conn)
	tuitest.MustNotContain(t, plain(m), "Back online.")
}

func TestQuitAsksWhileActionsWait(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.SetOnline(false)
	press(m, f.Conn, "d")
	if _, cmd := m.Update(tuitest.KeyMsg("q")); cmd != nil {
		t.Fatal("q quit at once with an action waiting")
	}
	tuitest.MustContain(t, plain(m), "1 action is still waiting to be sent. Press q again to quit anyway.")
	tuitest.MustQuitOn(t, m, "q", "the second q")
}

func TestDoneToggles(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	press(m, f.Conn, "d")
	if !f.Conn.Srv.Done[session.PhaseIdeas][f.Me] {
		t.Fatal("d did not mark the participant done")
	}
	tuitest.MustContain(t, plain(m), "✓ done")
	press(m, f.Conn, "d")
	if f.Conn.Srv.Done[session.PhaseIdeas][f.Me] {
		t.Fatal("the second d did not clear done")
	}
	screen := plain(m)
	tuitest.MustNotContain(t, screen, "✓ done")
	tuitest.MustContain(t, screen, "d when done")
	got := f.Conn.SentOf(session.CmdMarkDone)
	if len(got) != 1 || len(f.Conn.SentOf(session.CmdClearDone)) != 1 {
		t.Errorf("sent %d mark_done and %d clear_done, want 1 each", len(got), len(f.Conn.SentOf(session.CmdClearDone)))
	}
}

func TestDoneWhileOfflineCountsTheWaitingCommand(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.SetOnline(false)
	press(m, f.Conn, "d")
	tuitest.MustContain(t, plain(m), "✓ done")
	press(m, f.Conn, "d")
	tuitest.MustContain(t, plain(m), "d when done")
	f.Conn.SetOnline(true)
	tuitest.Pump(m, f.Conn)
	if f.Conn.Srv.Done[session.PhaseIdeas][f.Me] {
		t.Error("mark then unmark offline left the participant done")
	}
	tuitest.MustNotContain(t, plain(m), "refused", "already")
}

func TestDraftSurvivesEscAndPhaseChanges(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	press(m, f.Conn, "n")
	typeText(m, "Yarımçıq fikir")
	press(m, f.Conn, "esc")
	if m.compose.Open {
		t.Fatal("esc left the text area open")
	}
	tuitest.MustContain(t, plain(m), "Your draft is kept")
	press(m, f.Conn, "n")
	if got := m.compose.Value(); got != "Yarımçıq fikir" {
		t.Fatalf("the draft came back as %q", got)
	}
	typeText(m, " — davamı")
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	tuitest.Pump(m, f.Conn)
	if m.compose.Open {
		t.Fatal("the idea text area stayed open in the group phase")
	}
	tuitest.MustContain(t, plain(m), "your text is kept as a draft")
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	tuitest.Pump(m, f.Conn)
	press(m, f.Conn, "n")
	if got := m.compose.Value(); got != "Yarımçıq fikir — davamı" {
		t.Fatalf("after the phase changes the draft is %q", got)
	}
	press(m, f.Conn, "enter")
	press(m, f.Conn, "n")
	if got := m.compose.Value(); got != "" {
		t.Fatalf("after sending, the text area opens with %q", got)
	}
}

func TestRefusedTextIsKeptAsDraft(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	f.Conn.Refuse = map[string]string{session.CmdPostIdea: "The facilitator paused posting."}
	m := newApp(f, 100, 30)
	press(m, f.Conn, "n")
	typeText(m, "Rədd ediləcək fikir")
	press(m, f.Conn, "enter")
	tuitest.MustContain(t, plain(m), "The facilitator paused posting. Your text is kept as a draft.")
	tuitest.MustNotContain(t, plain(m), "⧗ sending")
	press(m, f.Conn, "n")
	if got := m.compose.Value(); got != "Rədd ediləcək fikir" {
		t.Fatalf("the refused text came back as %q", got)
	}
}

func TestEditAndDeleteOwnIdea(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	id := f.Ideas["portal"]

	press(m, f.Conn, "e") // the first row is someone else's
	tuitest.MustContain(t, plain(m), "You can only edit your own ideas.")
	if m.compose.Open {
		t.Fatal("e opened someone else's idea for editing")
	}

	press(m, f.Conn, "down", "e")
	if !m.compose.Open || m.compose.Value() != f.Conn.Srv.Ideas[id].Text {
		t.Fatalf("e on an own idea opened %v with %q", m.compose.Open, m.compose.Value())
	}
	typeText(m, " ✅")
	press(m, f.Conn, "enter")
	if got := f.Conn.Srv.Ideas[id].Text; !strings.HasSuffix(got, " ✅") {
		t.Fatalf("the idea reads %q after the edit", got)
	}
	tuitest.MustContain(t, plain(m), "edited")

	press(m, f.Conn, "x")
	tuitest.MustContain(t, plain(m), "Press y to delete it.")
	press(m, f.Conn, "n")
	if f.Conn.Srv.Ideas[id] == nil {
		t.Fatal("a key other than y deleted the idea")
	}
	if m.compose.Open {
		t.Fatal("the key that answered the question also opened the text area")
	}
	press(m, f.Conn, "delete", "y")
	if f.Conn.Srv.Ideas[id] != nil {
		t.Fatal("y did not delete the idea")
	}
	tuitest.MustNotContain(t, plain(m), "Dövlət qurumları")
}

func TestOthersIdeasArriveLive(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.By(f.Others["olga"], session.Command{Type: session.CmdPostIdea, Topic: f.Conn.Srv.Topics[0].ID, Text: "Новая идея от коллег 🆕"})
	tuitest.Pump(m, f.Conn)
	tuitest.MustContain(t, plain(m), "Новая идея от коллег 🆕", "İnkişaf 5")
	// hidden ideas of others disappear; the author's own stay, marked
	f.Conn.Fac(session.Command{Type: session.CmdHideIdea, Item: f.Ideas["esign"]})
	tuitest.Pump(m, f.Conn)
	tuitest.MustNotContain(t, plain(m), "Единая электронная подпись")
	tuitest.MustContain(t, plain(m), "Bu fikir gizlədiləcək", "hidden by the facilitator")
}

func TestFeedbackForm(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 100, 30)
	press(m, f.Conn, "enter")
	tuitest.MustContain(t, plain(m), "Choose a rating from 1 to 5 first")
	press(m, f.Conn, "right", "right", "right", "left") // 1, 2, 3, then back to 2
	tuitest.MustContain(t, plain(m), "★★☆☆☆  2 of 5")
	press(m, f.Conn, "4", "enter")
	typeText(m, "Əla idi")
	press(m, f.Conn, "enter")
	fb := f.Conn.Srv.Feedback[f.Me]
	if fb == nil || fb.Rating != 4 || fb.Text != "Əla idi" {
		t.Fatalf("the hub has feedback %+v", fb)
	}
	tuitest.MustContain(t, plain(m), "Thank you for your feedback!", "★★★★☆ 4 of 5")
	// changing it: the form comes back with the rating and the text
	press(m, f.Conn, "enter", "5", "enter")
	if got := m.compose.Value(); got != "Əla idi" {
		t.Fatalf("changing feedback opens with %q", got)
	}
	press(m, f.Conn, "enter")
	if fb := f.Conn.Srv.Feedback[f.Me]; fb.Rating != 5 {
		t.Fatalf("the changed rating is %d", fb.Rating)
	}
}

func TestHelpToggles(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	tuitest.MustNotContain(t, plain(m), "previous topic")
	press(m, f.Conn, "?")
	screen := plain(m)
	tuitest.MustContain(t, screen, "previous topic", "delete my idea")
	tuitest.CheckFits(t, m.Cells, screen, 100, 30)
	press(m, f.Conn, "?")
	tuitest.MustNotContain(t, plain(m), "previous topic")
}

func TestClosedConnection(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.Close()
	tuitest.Pump(m, f.Conn)
	tuitest.MustContain(t, plain(m), "✕ disconnected", "The connection to the session has closed.")
}

func TestBackgroundColour(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseVote)
	m := newApp(f, 100, 30)
	dark := m.View().Content
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if m.Styles.IsDark {
		t.Fatal("a white background left the dark styles on")
	}
	light := m.View().Content
	if light == dark {
		t.Error("the light and dark screens are the same")
	}
	if plain(m) != ansi.Strip(dark) {
		t.Error("the text changed with the background")
	}
}

// TestEverySizeFits draws every phase at sizes from nothing to large, and
// checks nothing panics and nothing runs past the edges.
func TestEverySizeFits(t *testing.T) {
	sizes := [][2]int{{0, 0}, {1, 1}, {5, 3}, {23, 7}, {24, 8}, {30, 10}, {40, 12}, {60, 16}, {80, 24}, {81, 25}, {120, 40}, {200, 60}}
	for _, phase := range session.Phases() {
		f := tuitest.NewFixture(phase)
		m := newApp(f, 80, 24)
		for _, keys := range [][]string{nil, {"down", "down", "down"}, {"?"}, {"c"}, {"n"}} {
			for _, s := range sizes {
				t.Run(fmt.Sprintf("%s_%v_%dx%d", phase, keys, s[0], s[1]), func(t *testing.T) {
					m.Update(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
					press(m, f.Conn, keys...)
					screen := plain(m)
					if s[0] == 0 || s[1] == 0 {
						if screen != "" {
							t.Fatalf("a %dx%d screen drew %q", s[0], s[1], screen)
						}
					} else {
						tuitest.CheckFits(t, m.Cells, screen, s[0], s[1])
					}
					press(m, f.Conn, "esc")
					if m.help.ShowAll {
						press(m, f.Conn, "?")
					}
				})
			}
		}
	}
}

// TestAnonymity checks that in an anonymous session no other participant's
// name shows outside the lobby's list of who is here.
func TestAnonymity(t *testing.T) {
	for _, phase := range session.Phases()[1:] {
		t.Run(string(phase), func(t *testing.T) {
			f := tuitest.NewFixture(phase)
			m := newApp(f, 120, 40)
			for _, keys := range [][]string{nil, {"down"}, {"down", "down"}, {"tab"}} {
				press(m, f.Conn, keys...)
				tuitest.MustNotContain(t, plain(m), "Рашад", "Leyla", "Tural", "Ольга")
			}
		})
	}
}

func TestUnicodeCoreSwitchesTheMeasure(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseGroup)
	m := newApp(f, 120, 40)
	if m.Cells.Method() != ansi.WcWidth {
		t.Fatal("the app does not start measuring like the renderer (wcwidth)")
	}
	before := plain(m)
	m.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeSet})
	if m.Cells.Method() != ansi.GraphemeWidth {
		t.Fatal("Unicode core support did not switch to grapheme widths")
	}
	after := plain(m)
	tuitest.CheckFits(t, m.Cells, after, 120, 40)
	if before == after {
		t.Error("a row ending in ✍️ lays out the same under both measures")
	}
}

func TestVoteNavigationAndRemoval(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseVote)
	m := newApp(f, 100, 30)
	selected := func() string { return m.vote.selected().id }
	if got := selected(); got != f.Groups["infra"] {
		t.Fatalf("the vote screen starts on %s", got)
	}
	press(m, f.Conn, "tab")
	if got := selected(); got != f.Groups["data"] {
		t.Errorf("tab went to %s, want the first item of the next topic %s", got, f.Groups["data"])
	}
	press(m, f.Conn, "tab", "shift+tab")
	if got := selected(); got != f.Groups["data"] {
		t.Errorf("tab then shift+tab went to %s, want %s", got, f.Groups["data"])
	}
	sent := len(f.Conn.SentOf(session.CmdVote))
	press(m, f.Conn, "-")
	if len(f.Conn.SentOf(session.CmdVote)) != sent {
		t.Error("removing a vote that is not there was sent")
	}
	tuitest.MustContain(t, plain(m), "You have no vote on this item to remove.")
	press(m, f.Conn, "shift+tab", "-")
	if got := f.Conn.Srv.VotesBy(f.Groups["infra"], f.Me); got != 1 {
		t.Errorf("after removing one, the group has %d of my votes, want 1", got)
	}
	tuitest.MustContain(t, plain(m), "3 of 5 votes left")
}

func TestLobbyScrollsAndShowsWhoIsOnline(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseLobby)
	// A named session: in an anonymous one nobody's presence is told
	// (TestLobbyOfAnAnonymousSessionShowsNoPresence).
	named := false
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, Anonymous: &named})
	for i := 0; i < 30; i++ {
		f.Conn.Join(fmt.Sprintf("Qonaq %d", i), fmt.Sprintf("Qurum %02d", i))
	}
	m := newApp(f, 80, 24)
	tuitest.MustContain(t, plain(m), "35 people from 34 institutions", "● Aysel Məmmədova (you)")
	tuitest.MustNotContain(t, plain(m), "Qurum 29")
	tuitest.MustContain(t, plain(m), "more lines below (↓)") // the cut says so
	for i := 0; i < 60; i++ {
		press(m, f.Conn, "down")
	}
	screen := plain(m)
	tuitest.MustContain(t, screen, "Qurum 29: ○ Qonaq 29")
	tuitest.MustNotContain(t, screen, "below (↓)") // at the end nothing is cut
	tuitest.CheckFits(t, m.Cells, screen, 80, 24)
	if lines := strings.Split(screen, "\n"); strings.TrimSpace(lines[len(lines)-3]) == "" {
		t.Errorf("scrolled past the end:\n%s", screen)
	}
}

// TestLobbyOfAnAnonymousSessionShowsNoPresence (issue 15): the hub tells
// participants of an anonymous session nobody's presence, so the lobby
// lists who is here without marks for who is online, and says how
// institutions are named.
func TestLobbyOfAnAnonymousSessionShowsNoPresence(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseLobby)
	m := newApp(f, 100, 30)
	screen := plain(m)
	tuitest.MustContain(t, screen, "Aysel Məmmədova (you)", "An institution is named only when at least 2 of its people are here")
	tuitest.MustNotContain(t, screen, "● Aysel", "○ ")
}
