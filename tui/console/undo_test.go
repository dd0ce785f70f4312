package console

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// Undo in the console (issue 15): u and ctrl+z, in every phase, before any
// screen takes the key.

// mergeThenVote merges two ideas in the vote phase and has Rashad vote on
// the new group: the merge can no longer be undone.
func mergeThenVote(f *tuitest.Fixture) {
	g := "g" + strconv.FormatInt(f.Conn.Srv.Counter+1, 10)
	f.Conn.Fac(session.Command{Type: session.CmdGroupIdeas, Name: "Təlim və reyestr", Ideas: []string{f.Ideas["training"], f.Ideas["registry"]}})
	f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdVote, Item: g, Delta: 1})
}

// TestConsoleFlowUndo: u undoes the last merge, with a notice that says
// so; ctrl+z the merge before it; the hub's log gains the inverse events
// and loses nothing.
func TestConsoleFlowUndo(t *testing.T) {
	f := consoleFixture(session.PhaseGroup)
	events := hub(f.Conn, func(st *session.State) int64 { return st.Seq })
	tm := startConsoleFlow(t, f, 100, 30)
	tm.Send(tuitest.KeyMsg("u"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return strings.Contains(string(b), "Undone: merge of 2 ideas.")
	}, teatest.WithDuration(5*time.Second))
	tuitest.Eventually(t, "the second merge undone", func() bool {
		return hub(f.Conn, func(st *session.State) bool {
			return st.Groups[f.Groups["data"]] == nil && st.Groups[f.Groups["infra"]] != nil
		})
	})
	tm.Send(tuitest.KeyMsg("ctrl+z"))
	tuitest.Eventually(t, "the first merge undone", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return len(st.Groups) == 0 })
	})
	screen := finishConsole(t, f, tm)
	if got := len(f.Conn.SentOf(session.CmdUndo)); got != 2 {
		t.Errorf("%d undo commands sent, want 2", got)
	}
	if after := hub(f.Conn, func(st *session.State) int64 { return st.Seq }); after <= events {
		t.Errorf("the log went from %d to %d events: an undo appends", events, after)
	}
	if strings.Contains(screen, "Vahid rəqəmsal infrastruktur") {
		t.Errorf("the screen still shows the group undone:\n%s", screen)
	}
}

// TestConsoleUndoWinsOverTheRoadMapsU: on the road map u undoes the last
// placement, whichever item is selected, and takes nothing else off.
func TestConsoleUndoWinsOverTheRoadMapsU(t *testing.T) {
	f := consoleFixture(session.PhaseRoadmap)
	m := newConsoleApp(f, 120, 40, t.TempDir())
	cpress(m, f.Conn, "u")
	if got := f.Conn.SentOf(session.CmdUnplace); len(got) != 0 {
		t.Errorf("u sent %d unplace commands", len(got))
	}
	if !strings.Contains(m.Notice, "Undone: placing an item on the road map.") {
		t.Errorf("the notice is %q", m.Notice)
	}
	placed := hub(f.Conn, func(st *session.State) bool {
		_, data := st.Roadmap[f.Groups["data"]]
		_, infra := st.Roadmap[f.Groups["infra"]]
		return !data && infra
	})
	if !placed {
		t.Error("u did not take off the last item placed, and only it")
	}
}

// TestConsoleUndoRefusedLocally: when the console already sees that the
// action can no longer be undone, it says why and sends nothing.
func TestConsoleUndoRefusedLocally(t *testing.T) {
	f := consoleFixture(session.PhaseVote)
	mergeThenVote(f)
	m := newConsoleApp(f, 120, 40, t.TempDir())
	cpress(m, f.Conn, "u")
	if got := len(f.Conn.SentOf(session.CmdUndo)); got != 0 {
		t.Errorf("%d undo commands sent", got)
	}
	if !strings.Contains(m.Notice, "That can no longer be undone: votes were cast on it since.") {
		t.Errorf("the notice is %q", m.Notice)
	}
}

// TestConsoleUndoOnOtherLayouts: г is u on the Russian layout; the help
// says what u will undo.
func TestConsoleUndoOnOtherLayouts(t *testing.T) {
	f := consoleFixture(session.PhaseGroup)
	m := newConsoleWith(f, 120, 40, Options{Now: tuitest.FixedNow, Join: testJoin(), Lang: lang.RU})
	cpress(m, f.Conn, "?")
	if out := cplain(m); !strings.Contains(out, "отменить: объединение 2 идей") {
		t.Errorf("the help does not say what u undoes:\n%s", out)
	}
	cpress(m, f.Conn, "?", "г")
	if got := len(f.Conn.SentOf(session.CmdUndo)); got != 1 {
		t.Fatalf("г sent %d undo commands, want 1", got)
	}
	if !strings.Contains(m.Notice, "Отменено: объединение 2 идей.") {
		t.Errorf("the notice is %q", m.Notice)
	}
}

// TestConsoleUndoPhaseChangeKeepsItsNotice: undoing a move to the next
// phase brings the phase before back, and the notice saying so stays
// (a change of phase clears the notices of the phase before, not this).
func TestConsoleUndoPhaseChangeKeepsItsNotice(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	m := newConsoleApp(f, 120, 40, t.TempDir())
	cpress(m, f.Conn, "u")
	if m.St.Phase != session.PhaseIdeas {
		t.Fatalf("the phase is %s after undo", m.St.Phase)
	}
	if !strings.Contains(m.Notice, "Undone:") {
		t.Errorf("the notice is %q", m.Notice)
	}
}
