package wall

import (
	"strconv"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

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
// 100×30: the session ended (closed phase) and the host paused (open
// session). The wall is online first and sees the change as it happens.
// Refresh with: go test ./tui/wall/ -run TestEndedAndPausedGolden -update
func TestEndedAndPausedGolden(t *testing.T) {
	for moment, mo := range tuitest.StopMoments() {
		w, h := 100, 30
		t.Run("wall_"+moment+"_"+strconv.Itoa(w)+"x"+strconv.Itoa(h), func(t *testing.T) {
			f := tuitest.NewFixture(mo.Phase)
			if mo.Before != nil {
				mo.Before(f)
			}
			m := newTestWall(f, w, h, tuitest.FixedNow)
			f.Conn.SetStatus(mo.Status)
			tuitest.Pump(m, f.Conn)
			out := wallPlain(m)
			tuitest.CheckFits(t, m.Cells, out, w, h)
			golden.RequireEqual(t, out)
		})
	}
}
