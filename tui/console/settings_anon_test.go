package console

import (
	"testing"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestConsoleFlowAnonK (issue 15): the room settings of an anonymous
// session have a row for k of anonymity; enter asks for the number, a
// number out of range is refused on the spot, and 4 sets k for the ideas
// posted from then on.
func TestConsoleFlowAnonK(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	tm := startConsoleFlow(t, f, 100, 30)
	tm.Send(tuitest.KeyMsg(","))
	waitScreen(t, tm, "Room settings")
	for range 8 { // four topics, Add a topic, the budget and cap, private brainstorming
		tm.Send(tuitest.KeyMsg("down"))
	}
	waitScreen(t, tm, "only when at least")
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "How many of an institution")
	tm.Send(tuitest.KeyMsg("ctrl+u"))
	typeKeys(tm, "99")
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "is not a number from 1 to 50")
	tm.Send(tuitest.KeyMsg("enter"))
	waitScreen(t, tm, "How many of an institution")
	tm.Send(tuitest.KeyMsg("ctrl+u"))
	typeKeys(tm, "4")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "k of anonymity set", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Settings.K() == 4 })
	})
	waitScreen(t, tm, "From now on an institution is named when at least 4")
	if sent := f.Conn.SentOf(session.CmdUpdateSettings); len(sent) != 1 || sent[0].AnonK == nil || *sent[0].AnonK != 4 {
		t.Errorf("sent %+v; want one update_settings with anon_k 4", sent)
	}
	finishConsole(t, f, tm)
}

// TestSettingsWithoutAnonymity: a session that names its authors has no
// row for k, which would change nothing.
func TestSettingsWithoutAnonymity(t *testing.T) {
	st := session.NewState("s")
	st.Settings.Anonymous = false
	for _, r := range settingRows(st) {
		if r.kind == settingAnonK {
			t.Fatal("a named session's room settings list k of anonymity")
		}
	}
	st.Settings.Anonymous = true
	if rows := settingRows(st); rows[len(rows)-1].kind != settingAnonK {
		t.Fatal("an anonymous session's room settings have no row for k")
	}
}
