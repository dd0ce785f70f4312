package participant

import (
	"testing"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// Tests of what the walkthrough of issue 15 found on the participant's
// screens.

// TestClosedHelpSpeaksOfTheRating: in the closed phase ←/→ choose the
// rating, and the full help says so, not "previous topic".
func TestClosedHelpSpeaksOfTheRating(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 120, 40)
	press(m, f.Conn, "?")
	out := plain(m)
	tuitest.MustContain(t, out, "one star less", "one star more")
	tuitest.MustNotContain(t, out, "previous topic", "next topic")
	press(m, f.Conn, "?", "right", "right")
	if m.closing.rating != 2 {
		t.Errorf("→ twice chose %d stars, want 2", m.closing.rating)
	}
}

// TestNoStatusLineOutlivesItsPhase: what was said in the Vote phase is
// not said in Discussion. A vote on its way when the facilitator moves on
// is refused by the hub; its reason belongs to Voting and is not shown.
// A refusal said in Voting goes when Discussion starts, even while the
// connection is away.
func TestNoStatusLineOutlivesItsPhase(t *testing.T) {
	t.Run("a vote refused after the phase changed", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseVote)
		m := newApp(f, 80, 24)
		f.Conn.SetOnline(false)
		tuitest.Pump(m, f.Conn)
		before := len(f.Conn.SentOf(session.CmdVote))
		press(m, f.Conn, "space") // queued while offline
		f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
		tuitest.Pump(m, f.Conn)
		f.Conn.SetOnline(true) // the hub refuses the vote: voting is over
		tuitest.Pump(m, f.Conn)
		if got := len(f.Conn.SentOf(session.CmdVote)) - before; got != 1 {
			t.Fatalf("%d votes sent, want 1", got)
		}
		out := plain(m)
		tuitest.MustNotContain(t, out, "vote", "Vote")
	})
	t.Run("a refusal said in Voting, the connection away", func(t *testing.T) {
		f := tuitest.NewFixture(session.PhaseVote)
		m := newApp(f, 80, 24)
		press(m, f.Conn, "down", "down", "down", "-") // no vote there to remove
		if m.Notice == "" {
			t.Fatal("removing a vote that is not there says nothing")
		}
		said := m.Notice
		f.Conn.SetStatus(client.Paused)
		tuitest.Pump(m, f.Conn)
		m.Notice, m.NoticeErr = said, true // the refusal again, after the news of the connection
		f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
		tuitest.Pump(m, f.Conn)
		if m.Notice == said {
			t.Errorf("in Discussion the notice still says %q", said)
		}
	})
}

// TestMergedTopicsAgree: an idea merged into a group of another topic is
// shown, and counted, under the group's topic in the Ideas view, as the
// console and the export have it.
func TestMergedTopicsAgree(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseGroup)
	registry := f.Ideas["registry"] // İnteqrasiya, merged into an İnkişaf group
	f.Conn.Fac(session.Command{Type: session.CmdGroupIdeas, Name: "Kadrlar və reyestr", Ideas: []string{f.Ideas["training"], registry}})
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	m := newApp(f, 120, 40)
	for k := range m.St.Topics {
		m.board.topic = k
		m.board.rebuild(m.env())
		shown := false
		for _, r := range m.board.rows.Rows() {
			shown = shown || r.key == registry
		}
		if shown != (k == 0) {
			t.Errorf("topic %d lists the merged idea: %v, want %v", k+1, shown, k == 0)
		}
		if got := m.board.counts[k]; got != len(m.board.rows.Rows()) {
			t.Errorf("topic %d: the tab counts %d ideas, the list shows %d", k+1, got, len(m.board.rows.Rows()))
		}
	}
}
