package participant

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// startFlow runs the participant app in a teatest program on the fixture's
// connection.
func startFlow(t *testing.T, f *tuitest.Fixture, w, h int) *teatest.TestModel {
	t.Helper()
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(f.Conn.Close)
	return tm
}

// finish waits until the app has taken in the connection's news, quits
// the program and returns the final screen as text.
func finish(t *testing.T, f *tuitest.Fixture, tm *teatest.TestModel) string {
	t.Helper()
	tuitest.Eventually(t, "the app to take in the news", f.Conn.Drained)
	tm.Send(tuitest.KeyMsg("q"))
	fm := tuitest.Unwatched(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)))
	m, ok := fm.(*Participant)
	if !ok {
		t.Fatalf("final model is %T", fm)
	}
	return plain(m)
}

func TestFlowPostIdea(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	before := len(f.Conn.SentOf(session.CmdPostIdea))
	tm := startFlow(t, f, 100, 30)
	text := "Açıq məlumat portalı 🚀 — открытые данные"
	tm.Send(tuitest.KeyMsg("n"))
	tm.Type(text)
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the post_idea command", func() bool { return len(f.Conn.SentOf(session.CmdPostIdea)) == before+1 })
	got := f.Conn.SentOf(session.CmdPostIdea)[before]
	if got.Text != text || got.Topic != f.Conn.Srv.Topics[0].ID {
		t.Fatalf("sent %+v, want %q under the first topic", got, text)
	}
	tuitest.Eventually(t, "the idea in the hub", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		for _, i := range f.Conn.Srv.Ideas {
			if i.Text == text && i.Author == f.Me {
				return true
			}
		}
		return false
	})
	screen := finish(t, f, tm)
	if !strings.Contains(screen, text) {
		t.Errorf("the new idea is not on the screen:\n%s", screen)
	}
	if !strings.Contains(screen, "3 yours") {
		t.Errorf("the board does not count 3 own ideas:\n%s", screen)
	}
	if strings.Contains(screen, "sending") {
		t.Errorf("the idea still shows as sending after the hub took it:\n%s", screen)
	}
}

func TestFlowVoteBeyondBudget(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseVote) // 3 of 5 votes spent: 2 on the first group, 1 on an idea
	before := len(f.Conn.SentOf(session.CmdVote))
	tm := startFlow(t, f, 100, 30)
	// the first group reaches the cap of 3, the idea below gets 1 more:
	// the budget of 5 is spent; one more is refused by the hub
	for _, k := range []string{"space", "down", "+", "+"} {
		tm.Send(tuitest.KeyMsg(k))
	}
	tuitest.Eventually(t, "three votes sent", func() bool { return len(f.Conn.SentOf(session.CmdVote)) == before+3 })
	tuitest.Eventually(t, "the refusal", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		return f.Conn.Srv.Participants[f.Me].VotesSpent == 5 && len(f.Conn.Outbox) == 0
	})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Remove one to vote again."))
	}, teatest.WithDuration(5*time.Second))
	screen := finish(t, f, tm)
	for _, want := range []string{"0 of 5 votes left", "You have used all 5 of your votes. Remove one to vote again.", "●●●"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	f.Conn.Mu.Lock()
	defer f.Conn.Mu.Unlock()
	if got := f.Conn.Srv.VotesBy(f.Groups["infra"], f.Me); got != 3 {
		t.Errorf("votes on the group = %d, want 3", got)
	}
	if got := f.Conn.Srv.VotesBy(f.Ideas["training"], f.Me); got != 2 {
		t.Errorf("votes on the idea = %d, want 2", got)
	}
}

func TestFlowComment(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseDiscuss)
	before := len(f.Conn.SentOf(session.CmdComment))
	tm := startFlow(t, f, 100, 30)
	text := "Пилот можно начать уже в апреле ✅"
	tm.Send(tuitest.KeyMsg("c"))
	tm.Type(text)
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the comment command", func() bool { return len(f.Conn.SentOf(session.CmdComment)) == before+1 })
	got := f.Conn.SentOf(session.CmdComment)[before]
	if got.Item != f.Groups["infra"] || got.Text != text {
		t.Fatalf("sent %+v, want %q on the focused group", got, text)
	}
	tuitest.Eventually(t, "the comment in the hub", func() bool {
		f.Conn.Mu.Lock()
		defer f.Conn.Mu.Unlock()
		return len(f.Conn.Srv.CommentsOn(f.Groups["infra"])) == 4
	})
	screen := finish(t, f, tm)
	if !strings.Contains(screen, text) || !strings.Contains(screen, "Comments · 4") {
		t.Errorf("the comment is not on the screen:\n%s", screen)
	}
}
