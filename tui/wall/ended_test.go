package wall

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestWallSaysTheSessionEnded: the projector says the session has ended
// and keeps the final road map up.
func TestWallSaysTheSessionEnded(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	w := newTestWall(f, 120, 40, tuitest.FixedNow)
	f.Conn.SetStatus(client.Ended)
	tuitest.Pump(w, f.Conn)
	screen := wallPlain(w)
	tuitest.MustContain(t, screen, "■ session ended", "The session has ended. Thank you!", "Vahid rəqəmsal infrastruktur")
	tuitest.MustNotContain(t, screen, "reconnecting", "disconnected")
}

// TestEndedAndPausedGolden draws the wall of a host that stopped, at
// 100×30 (and, in Azerbaijani and Russian, at 80×24 too): the session
// ended (closed phase) and the host paused (open session). The wall is
// online first and sees the change as it happens.
// Refresh with: go test ./tui/wall/ -run TestEndedAndPausedGolden -update
func TestEndedAndPausedGolden(t *testing.T) {
	for moment, mo := range tuitest.StopMoments() {
		for _, tag := range lang.All {
			sizes := [][2]int{{100, 30}}
			if tag != lang.EN {
				sizes = append(sizes, [2]int{80, 24})
			}
			for _, size := range sizes {
				w, h := size[0], size[1]
				t.Run(goldenName(moment, tag, w, h), func(t *testing.T) {
					m, out := drawStopped(mo, w, h, tag)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// drawStopped draws the wall at a stop moment at w×h in t.
func drawStopped(mo tuitest.StopMoment, w, h int, t lang.Tag) (*Wall, string) {
	f := tuitest.NewFixture(mo.Phase)
	if mo.Before != nil {
		mo.Before(f)
	}
	m := newTestWallIn(f, w, h, tuitest.FixedNow, t)
	f.Conn.SetStatus(mo.Status)
	tuitest.Pump(m, f.Conn)
	return m, wallPlain(m)
}
