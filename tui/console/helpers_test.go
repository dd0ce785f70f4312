package console

import (
	"bytes"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// consoleFixture is the reference workshop taken up to phase, seen by the
// facilitator: the fake connection is switched to the facilitator's view,
// and two participants have marked themselves done.
func consoleFixture(phase session.Phase) *tuitest.Fixture {
	f := tuitest.NewFixture(phase)
	c := f.Conn
	if phase != session.PhaseLobby && phase != session.PhaseClosed {
		c.By(f.Me, session.Command{Type: session.CmdMarkDone})
		c.By(f.Others["leyla"], session.Command{Type: session.CmdMarkDone})
	}
	c.Mu.Lock()
	defer c.Mu.Unlock()
	c.Actor = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	c.Rep = session.RedactState(c.Srv, c.Actor)
	c.News = client.Update{Snapshot: true}
	c.Signal()
	return f
}

// testJoin is the join panel of the console tests.
func testJoin() JoinInfo {
	return JoinInfo{Code: "C0N50L", Addrs: []string{"192.168.1.20:7777", "10.0.0.5:7777"}}
}

// newConsoleApp returns a console on the fixture's connection, sized w×h,
// with the fixed clock and the news so far taken in.
func newConsoleApp(f *tuitest.Fixture, w, h int, dir string) *Console {
	return newConsoleWith(f, w, h, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: dir, StopsHost: true})
}

// newConsoleWith returns a console with options o on the fixture's
// connection, sized w×h, with the news so far taken in.
func newConsoleWith(f *tuitest.Fixture, w, h int, o Options) *Console {
	m := New(f.Conn, o)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	tuitest.Pump(m, f.Conn)
	return m
}

// cpress sends named keys (or, for longer strings that are not key names,
// types them) and takes in the news after each.
func cpress(m *Console, f *tuitest.FakeConn, keys ...string) {
	for _, k := range keys {
		if k == "ctrl+u" { // empties a field's line (bubbles' textarea)
			m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
		} else if len([]rune(k)) > 1 && tuitest.KeyMsg(k).Text == k {
			for _, r := range k {
				m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		} else {
			_, cmd := m.Update(tuitest.KeyMsg(k))
			runCmd(m, cmd)
		}
		tuitest.Pump(m, f)
	}
}

// runCmd runs the command of an export and hands its result to the
// console; other commands (cursor blinks, waits on the connection) are
// left alone, since they would wait.
func runCmd(m *Console, cmd tea.Cmd) {
	if cmd == nil || m.Notice != m.L.S("console.export.writing") {
		return
	}
	if msg, ok := cmd().(exportedMsg); ok {
		m.Update(msg)
	}
}

// cplain renders the console with the colour profile forced to NoTTY, so
// the text alone remains.
func cplain(m *Console) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	if _, err := w.WriteString(m.View().Content); err != nil {
		panic(err)
	}
	return b.String()
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
