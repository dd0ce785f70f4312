package participant

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// Undo in the participant app (issue 15): u and ctrl+z undo the
// participant's own last post, edit, vote or comment.

// mergeTraining merges the idea Aysel last voted for into a group.
func mergeTraining(f *tuitest.Fixture) {
	f.Conn.Fac(session.Command{Type: session.CmdGroupIdeas, Name: "Təlim və reyestr", Ideas: []string{f.Ideas["training"], f.Ideas["registry"]}})
}

// TestFlowUndoVote: u takes back the last vote, with a notice; ctrl+z the
// one before.
func TestFlowUndoVote(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseVote) // Aysel: 2 on the first group, then 1 on an idea
	tm := startFlow(t, f, 100, 30)
	tm.Send(tuitest.KeyMsg("u"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Undone: giving a vote."))
	}, teatest.WithDuration(5*time.Second))
	tuitest.Eventually(t, "the vote on the idea taken back", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		return f.Conn.Srv.VotesBy(f.Ideas["training"], f.Me) == 0
	})
	tm.Send(tuitest.KeyMsg("ctrl+z"))
	tuitest.Eventually(t, "a vote on the group taken back", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		return f.Conn.Srv.VotesBy(f.Groups["infra"], f.Me) == 1
	})
	screen := finish(t, f, tm)
	if !strings.Contains(screen, "4 of 5 votes left") {
		t.Errorf("the screen does not count the votes given back:\n%s", screen)
	}
}

// TestUndoIdeaAndRefusal: u deletes the idea just posted; once the
// facilitator has merged what u would undo, it says why not and sends
// nothing.
func TestUndoIdeaAndRefusal(t *testing.T) {
	t.Run("an idea", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseIdeas)
		m := newAppIn(f, 100, 30, lang.EN)
		press(m, f.Conn, "u")
		if n := tuitest.CountIdeas(f.Conn, "Həftəlik koordinasiya görüşü"); n != 0 {
			t.Errorf("the idea is still there (%d)", n)
		}
		if !strings.Contains(m.Notice, "Undone: posting an idea.") {
			t.Errorf("the notice is %q", m.Notice)
		}
	})
	t.Run("merged since", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseVote)
		mergeTraining(f)
		m := newAppIn(f, 100, 30, lang.EN)
		press(m, f.Conn, "u")
		if got := len(f.Conn.SentOf(session.CmdUndo)); got != 0 {
			t.Errorf("%d undo commands sent", got)
		}
		if !strings.Contains(m.Notice, "That can no longer be undone: the idea was merged into a group since.") {
			t.Errorf("the notice is %q", m.Notice)
		}
	})
	t.Run("offline: sent when back", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseVote)
		f.Conn.SetOnline(false)
		m := newAppIn(f, 100, 30, lang.EN)
		press(m, f.Conn, "u")
		if !strings.Contains(m.Notice, "the undo is sent when you are back") {
			t.Errorf("the notice is %q", m.Notice)
		}
	})
}

// TestUndoOnTheRussianLayout: г is u; the help says what it will undo.
func TestUndoOnTheRussianLayout(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseDiscuss) // Aysel's last: a comment
	m := newAppIn(f, 120, 40, lang.RU)
	press(m, f.Conn, "?")
	if out := plain(m); !strings.Contains(out, "отменить: отправка комментария") {
		t.Errorf("the help does not say what u undoes:\n%s", out)
	}
	press(m, f.Conn, "?", "г")
	if got := len(f.Conn.SentOf(session.CmdUndo)); got != 1 {
		t.Fatalf("г sent %d undo commands, want 1", got)
	}
	if !strings.Contains(m.Notice, "Отменено: отправка комментария.") {
		t.Errorf("the notice is %q", m.Notice)
	}
}
