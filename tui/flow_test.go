package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/session"
)

// startFlow runs the participant app in a teatest program on the fixture's
// connection.
func startFlow(t *testing.T, f *fixture, w, h int) *teatest.TestModel {
	t.Helper()
	m := NewParticipant(f.conn, Options{Now: fixedNow, Dark: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(f.conn.close)
	return tm
}

// eventually waits until cond holds. cond must only read what is safe to
// read while the program runs (the fake connection is).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// finish waits until the app has taken in the connection's news, quits
// the program and returns the final screen as text.
func finish(t *testing.T, f *fixture, tm *teatest.TestModel) string {
	t.Helper()
	eventually(t, "the app to take in the news", f.conn.drained)
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	m, ok := fm.(*Participant)
	if !ok {
		t.Fatalf("final model is %T", fm)
	}
	return plain(m)
}

func TestFlowPostIdea(t *testing.T) {
	f := newFixture(session.PhaseIdeas)
	before := len(f.conn.sentOf(session.CmdPostIdea))
	tm := startFlow(t, f, 100, 30)
	text := "Açıq məlumat portalı 🚀 — открытые данные"
	tm.Send(keyMsg("n"))
	tm.Type(text)
	tm.Send(keyMsg("enter"))
	eventually(t, "the post_idea command", func() bool { return len(f.conn.sentOf(session.CmdPostIdea)) == before+1 })
	got := f.conn.sentOf(session.CmdPostIdea)[before]
	if got.Text != text || got.Topic != f.conn.srv.Topics[0].ID {
		t.Fatalf("sent %+v, want %q under the first topic", got, text)
	}
	eventually(t, "the idea in the hub", func() bool {
		f.conn.mu.Lock()
		defer f.conn.mu.Unlock()
		for _, i := range f.conn.srv.Ideas {
			if i.Text == text && i.Author == f.me {
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
	f := newFixture(session.PhaseVote) // 3 of 5 votes spent: 2 on the first group, 1 on an idea
	before := len(f.conn.sentOf(session.CmdVote))
	tm := startFlow(t, f, 100, 30)
	// the first group reaches the cap of 3, the idea below gets 1 more:
	// the budget of 5 is spent; one more is refused by the hub
	for _, k := range []string{"space", "down", "+", "+"} {
		tm.Send(keyMsg(k))
	}
	eventually(t, "three votes sent", func() bool { return len(f.conn.sentOf(session.CmdVote)) == before+3 })
	eventually(t, "the refusal", func() bool {
		f.conn.mu.Lock()
		defer f.conn.mu.Unlock()
		return f.conn.srv.Participants[f.me].VotesSpent == 5 && len(f.conn.outbox) == 0
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
	f.conn.mu.Lock()
	defer f.conn.mu.Unlock()
	if got := f.conn.srv.VotesBy(f.groups["infra"], f.me); got != 3 {
		t.Errorf("votes on the group = %d, want 3", got)
	}
	if got := f.conn.srv.VotesBy(f.ideas["training"], f.me); got != 2 {
		t.Errorf("votes on the idea = %d, want 2", got)
	}
}

func TestFlowComment(t *testing.T) {
	f := newFixture(session.PhaseDiscuss)
	before := len(f.conn.sentOf(session.CmdComment))
	tm := startFlow(t, f, 100, 30)
	text := "Пилот можно начать уже в апреле ✅"
	tm.Send(keyMsg("c"))
	tm.Type(text)
	tm.Send(keyMsg("enter"))
	eventually(t, "the comment command", func() bool { return len(f.conn.sentOf(session.CmdComment)) == before+1 })
	got := f.conn.sentOf(session.CmdComment)[before]
	if got.Item != f.groups["infra"] || got.Text != text {
		t.Fatalf("sent %+v, want %q on the focused group", got, text)
	}
	eventually(t, "the comment in the hub", func() bool {
		f.conn.mu.Lock()
		defer f.conn.mu.Unlock()
		return len(f.conn.srv.CommentsOn(f.groups["infra"])) == 4
	})
	screen := finish(t, f, tm)
	if !strings.Contains(screen, text) || !strings.Contains(screen, "Comments · 4") {
		t.Errorf("the comment is not on the screen:\n%s", screen)
	}
}
