package tui

import (
	"fmt"
	"testing"

	"roundtable/session"
)

// boardFixture is a session in the ideas phase with n ideas spread over
// the topics, a tenth of them the participant's own.
func boardFixture(n int) *fixture {
	f := newFixture(session.PhaseIdeas)
	c := f.conn
	texts := []string{
		"Dövlət qurumları arasında məlumat mübadiləsi üçün vahid standart 📊",
		"Единый реестр государственных услуг с открытым API и понятной документацией",
		"Rəqəmsal bacarıqlar üzrə təlimlər hər nazirlikdə 🎓",
		"Пилотный проект электронного документооборота в трёх ведомствах ✍️",
	}
	for i := 0; i < n; i++ {
		cmd := session.Command{Type: session.CmdPostIdea, Topic: c.srv.Topics[i%len(c.srv.Topics)].ID, Text: fmt.Sprintf("%s #%d", texts[i%len(texts)], i)}
		if i%10 == 0 {
			c.Send(cmd)
			continue
		}
		c.by(f.others["rashad"], cmd)
	}
	return f
}

// BenchmarkViewBoard1000 measures one frame of the ideas board with 1,000
// ideas at 120×40; the goal is 2 ms (PRODUCT.md).
func BenchmarkViewBoard1000(b *testing.B) {
	f := boardFixture(1000)
	m := newApp(f, 120, 40)
	press(m, f.conn, "down", "down", "down")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkVoteView1000 measures one frame of the vote screen over the same
// board.
func BenchmarkVoteView1000(b *testing.B) {
	f := boardFixture(1000)
	f.conn.fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	m := newApp(f, 120, 40)
	press(m, f.conn, "down", "down")
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
	f := boardFixture(1000)
	m := newApp(f, 120, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f.conn.by(f.others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: f.conn.srv.Topics[0].ID, Text: "новая идея"})
		m.Update(ChangeMsg{})
	}
}
