package tui

import (
	"testing"

	"roundtable/server/client"
	"roundtable/session"
)

// consoleBoard is the board fixture of 1,000 ideas seen by the facilitator.
func consoleBoard(phase session.Phase) *fixture {
	f := boardFixture(1000)
	c := f.conn
	if phase != session.PhaseIdeas {
		c.fac(session.Command{Type: session.CmdSetPhase, Phase: phase})
	}
	c.mu.Lock()
	c.me = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	c.rep = session.RedactState(c.srv, c.me)
	c.change = client.Update{Snapshot: true}
	c.signal()
	c.mu.Unlock()
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
			cpress(m, f.conn, "down", "down", "down")
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
