package console

import (
	"testing"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// consoleBoard is the board fixture of 1,000 ideas seen by the facilitator.
func consoleBoard(phase session.Phase) *tuitest.Fixture {
	f := tuitest.BoardFixture(1000)
	c := f.Conn
	if phase != session.PhaseIdeas {
		c.Fac(session.Command{Type: session.CmdSetPhase, Phase: phase})
	}
	c.Mu.Lock()
	c.Actor = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	c.Rep = session.RedactState(c.Srv, c.Actor)
	c.News = client.Update{Snapshot: true}
	c.Signal()
	c.Mu.Unlock()
	return f
}

// BenchmarkConsoleView1000 measures one frame of the facilitator console
// over 1,000 ideas at 120×40, for the phases with the largest screens; the
// goal is 2 ms (PRODUCT.md).
func BenchmarkConsoleView1000(b *testing.B) {
	for _, phase := range []session.Phase{session.PhaseIdeas, session.PhaseVote, session.PhaseRoadmap} {
		b.Run(string(phase), func(b *testing.B) {
			f := consoleBoard(phase)
			m := newConsoleApp(f, 120, 40, b.TempDir())
			cpress(m, f.Conn, "down", "down", "down")
			if got := len(m.St.Ideas); got < 1000 {
				b.Fatalf("the console holds %d ideas", got)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}
