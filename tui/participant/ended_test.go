package participant

import (
	"strconv"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestEndedScreenThanksAndShowsTheRoadMap: when the host stops with the
// session closed, the participant's app says the session has ended, what
// happens next, that the feedback arrived, and still shows the final road
// map; it no longer offers to act, and q leaves at once.
func TestEndedScreenThanksAndShowsTheRoadMap(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 100, 30)
	press(m, f.Conn, "4", "enter", "enter") // rate 4, no comment, send
	if len(f.Conn.SentOf(session.CmdFeedback)) != 1 {
		t.Fatal("the feedback was not sent")
	}
	f.Conn.SetStatus(client.Ended)
	tuitest.Pump(m, f.Conn)
	screen := plain(m)
	tuitest.MustContain(t, screen,
		"■ session ended",
		"The session has ended. Thank you for taking part!",
		"The facilitator will share the road map",
		"Your feedback (★★★★☆ 4 of 5) reached the host.",
		"Final road map", "Vahid rəqəmsal infrastruktur",
		"q quit")
	tuitest.MustNotContain(t, screen, "reconnecting", "disconnected", "d done", "change feedback")
	tuitest.CheckFits(t, m.Cells, screen, 100, 30)

	before := len(f.Conn.Sent)
	press(m, f.Conn, "d", "enter", "5")
	if len(f.Conn.Sent) != before {
		t.Errorf("keys after the end sent %v", f.Conn.Sent[before:])
	}
	tuitest.MustQuitOn(t, m, "q", "q after the end")
}

// TestEndedSaysWhatDidNotArrive: feedback typed while the host was
// already gone did not reach it; the ended screen says so rather than
// thanking for it, and q still leaves at once.
func TestEndedSaysWhatDidNotArrive(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 100, 30)
	f.Conn.SetOnline(false)
	tuitest.Pump(m, f.Conn)
	press(m, f.Conn, "5", "enter")
	typeText(m, "Çox faydalı idi")
	press(m, f.Conn, "enter")
	f.Conn.SetStatus(client.Ended)
	tuitest.Pump(m, f.Conn)
	screen := plain(m)
	tuitest.MustContain(t, screen, "The session has ended.", "Your feedback did not reach the host before it stopped.")
	tuitest.MustNotContain(t, screen, "reached the host.", "⧗ sending")
	_, cmd := m.Update(tuitest.KeyMsg("q"))
	if cmd == nil {
		t.Fatal("q asked to wait for actions that can never be sent")
	}
}

// TestEndedWhileTypingClosesTheTextArea: the text area closes when the
// session ends, and the participant is told that what they were typing
// could not be sent (in full, at 80 columns).
func TestEndedWhileTypingClosesTheTextArea(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseClosed)
	m := newApp(f, 80, 24)
	press(m, f.Conn, "3", "enter")
	typeText(m, "Yarımçıq fikir")
	f.Conn.SetStatus(client.Ended)
	tuitest.Pump(m, f.Conn)
	screen := plain(m)
	tuitest.MustContain(t, screen, "The session has ended.", "what you were typing could not be sent.")
	tuitest.CheckFits(t, m.Cells, screen, 80, 24)
	tuitest.MustNotContain(t, screen, "Yarımçıq fikir")
}

// TestPausedKeepsWorkAndSendsItWhenTheHostIsBack: when the facilitator
// stops the host of an open session, the app says so and that work is
// kept; what is typed meanwhile waits and is sent once the host is back.
func TestPausedKeepsWorkAndSendsItWhenTheHostIsBack(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	f.Conn.SetStatus(client.Paused)
	tuitest.Pump(m, f.Conn)
	screen := plain(m)
	tuitest.MustContain(t, screen, "⏸ host paused", "The facilitator stopped the host. Your work is kept and sent when it is back.")
	tuitest.MustNotContain(t, screen, "reconnecting", "Connection lost")

	press(m, f.Conn, "n")
	typeText(m, "Fasilədə yazılmış fikir")
	press(m, f.Conn, "enter")
	tuitest.MustContain(t, plain(m), "1 action waiting", "⧗ sending")
	if n := tuitest.CountIdeas(f.Conn, "Fasilədə yazılmış fikir"); n != 0 {
		t.Fatalf("the idea reached the stopped host %d times", n)
	}
	f.Conn.SetStatus(client.Online)
	tuitest.Pump(m, f.Conn)
	screen = plain(m)
	if n := tuitest.CountIdeas(f.Conn, "Fasilədə yazılmış fikir"); n != 1 {
		t.Fatalf("after the host came back it has the idea %d times, want 1", n)
	}
	tuitest.MustContain(t, screen, "● online", "The host is back; your work has been sent.")
	tuitest.MustNotContain(t, screen, "waiting", "⧗ sending")
}

// TestEndedAndPausedGolden draws the participant app of a host that
// stopped, at 80×24 and 120×40: the session ended (closed phase) and the
// host paused (open session). The app is online first and sees the change
// as it happens. Refresh with:
// go test ./tui/participant/ -run TestEndedAndPausedGolden -update
func TestEndedAndPausedGolden(t *testing.T) {
	for moment, mo := range tuitest.StopMoments() {
		for _, gl := range goldenLangs {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(gl.prefix+"participant_"+moment+"_"+strconv.Itoa(w)+"x"+strconv.Itoa(h), func(t *testing.T) {
					m := stopped(mo, gl.tag, w, h)
					out := plain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					checkFooter(t, m, out)
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// stopped is the app in language tag, w×h, that saw its host stop at
// moment mo.
func stopped(mo tuitest.StopMoment, tag lang.Tag, w, h int) *Participant {
	f := tuitest.NewFixture(mo.Phase)
	if mo.Before != nil {
		mo.Before(f)
	}
	m := newAppIn(f, w, h, tag)
	f.Conn.SetStatus(mo.Status)
	tuitest.Pump(m, f.Conn)
	return m
}
