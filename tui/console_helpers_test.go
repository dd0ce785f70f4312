package tui

import (
	"bytes"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"roundtable/server/client"
	"roundtable/session"
)

// consoleFixture is the reference workshop taken up to phase, seen by the
// facilitator: the fake connection is switched to the facilitator's view,
// and two participants have marked themselves done.
func consoleFixture(phase session.Phase) *fixture {
	f := newFixture(phase)
	c := f.conn
	if phase != session.PhaseLobby && phase != session.PhaseClosed {
		c.by(f.me, session.Command{Type: session.CmdMarkDone})
		c.by(f.others["leyla"], session.Command{Type: session.CmdMarkDone})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.me = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	c.rep = session.RedactState(c.srv, c.me)
	c.change = client.Update{Snapshot: true}
	c.signal()
	return f
}

// testJoin is the join panel of the console tests.
func testJoin() JoinInfo {
	return JoinInfo{Code: "C0N50L", Addrs: []string{"192.168.1.20:7777", "10.0.0.5:7777"}}
}

// newConsoleApp returns a console on the fixture's connection, sized w×h,
// with the fixed clock and the news so far taken in.
func newConsoleApp(f *fixture, w, h int, dir string) *Console {
	m := NewConsole(f.conn, ConsoleOptions{Now: fixedNow, Dark: true, Join: testJoin(), ExportDir: dir, StopsHost: true})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	pump(m, f.conn)
	return m
}

// cpress sends named keys (or, for longer strings that are not key names,
// types them) and takes in the news after each.
func cpress(m *Console, f *fakeConn, keys ...string) {
	for _, k := range keys {
		if len([]rune(k)) > 1 && keyMsg(k).Text == k {
			for _, r := range k {
				m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		} else {
			_, cmd := m.Update(keyMsg(k))
			runCmd(m, cmd)
		}
		pump(m, f)
	}
}

// runCmd runs the command of an export and hands its result to the
// console; other commands (cursor blinks, waits on the connection) are
// left alone, since they would wait.
func runCmd(m *Console, cmd tea.Cmd) {
	if cmd == nil || m.Notice != "Writing the road map…" {
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
