package participant

import (
	"testing"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// BenchmarkViewBoard1000 measures one frame of the ideas board with 1,000
// ideas at 120×40; the goal is 2 ms (PRODUCT.md).
func BenchmarkViewBoard1000(b *testing.B) {
	f := tuitest.BoardFixture(1000)
	m := newApp(f, 120, 40)
	press(m, f.Conn, "down", "down", "down")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkVoteView1000 measures one frame of the vote screen over the same
// board.
func BenchmarkVoteView1000(b *testing.B) {
	f := tuitest.BoardFixture(1000)
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	m := newApp(f, 120, 40)
	press(m, f.Conn, "down", "down")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkChange1000 measures taking in one new idea (drain, copy of the
// replica, rebuilding the screen) on a board of 1,000 ideas: the work of
// Update when a participant elsewhere posts.
func BenchmarkChange1000(b *testing.B) {
	f := tuitest.BoardFixture(1000)
	m := newApp(f, 120, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: f.Conn.Srv.Topics[0].ID, Text: "новая идея"})
		m.Update(tui.ChangeMsg{})
	}
}
