package e2e

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"roundtable/session"
)

// TestSessionEndsOnScreenWhenTheHostStops is issue 11's defects 10 and 13
// end to end: a participant joins a headless host in an 80×24 terminal and
// posts an idea with invisible characters typed into it (they are stripped:
// the row lines up); the facilitator closes the session, the participant
// gives feedback, and the host is stopped with SIGINT, as Ctrl+C would.
// The participant's screen then says the session has ended, that the
// feedback arrived, and keeps the final road map, instead of "reconnecting"
// forever; q leaves with a thank-you.
func TestSessionEndsOnScreenWhenTheHostStops(t *testing.T) {
	const (
		title = "Rəqəmsal Liderlik"
		typed = "Şəffaflıq\u200f portalı\u200b 👩\u200d💻 — реестр\u2060 ƏəŞşÇçĞğİıÖöÜü"
		shown = "Şəffaflıq portalı"
		kept  = "Şəffaflıq portalı 👩\u200d💻 — реестр ƏəŞşÇçĞğİıÖöÜü" // what the hub stores
	)
	h := startHost(t, "--title", title)
	fac := h.facilitator(t)
	p := startTUI(t, termSize{Cols: 80, Rows: 24}, nil, "join", h.Addr, "--code", h.Code, "--name", "Aysel Məmmədova", "--org", "Rəqəmsal İnkişaf Nazirliyi")
	p.waitFor(t, "● online", startTimeout)

	command(t, fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	command(t, fac, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Açıq məlumat portalı"})
	p.waitFor(t, "Açıq məlumat portalı", stepTimeout) // selected first, so the row below is drawn plainly
	// typed as a person would, invisible characters and all (postIdea
	// waits for the text verbatim, which the screen never shows)
	p.press("n")
	p.waitFor(t, "New idea under", stepTimeout)
	p.typeText(typed)
	p.waitFor(t, "ÖöÜü", stepTimeout)
	p.press("enter")
	p.waitGone(t, "New idea under", stepTimeout)
	p.waitUntil(t, "the idea acknowledged", stepTimeout, func(s string) bool {
		return strings.Contains(s, shown) && !strings.Contains(s, "⧗")
	})
	checkFrame(t, p, title, "● online")
	checkRightAligned(t, p, shown, "n new idea")
	var got []string
	for _, i := range fac.State().IdeaList() {
		if i.Author != session.FacilitatorID {
			got = append(got, i.Text)
		}
	}
	if len(got) != 1 || got[0] != kept {
		t.Errorf("the hub stored %q, want %q (invisible characters stripped, the emoji's joiner kept)", got, kept)
	}

	command(t, fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	p.waitFor(t, "How useful was this session", stepTimeout)
	p.press("4")
	p.waitFor(t, "4 of 5", stepTimeout)
	p.press("enter")
	p.waitFor(t, "Anything to add?", stepTimeout)
	p.typeText("Çox faydalı idi, спасибо 🙏")
	p.press("enter")
	p.waitUntil(t, "the feedback acknowledged", stepTimeout, func(s string) bool {
		return strings.Contains(s, "Thank you for your feedback!") && !strings.Contains(s, "⧗")
	})

	h.signal(syscall.SIGINT)
	s := p.waitFor(t, "The session has ended. Thank you for taking part!", stepTimeout)
	for _, want := range []string{"■ session ended", "Your feedback (★★★★☆ 4 of 5) reached the host.", "Final road map", "Press q to leave."} {
		if !strings.Contains(s, want) {
			t.Errorf("the ended screen lacks %q:\n%s", want, s)
		}
	}
	for _, unwanted := range []string{"reconnecting", "offline", "disconnected"} {
		if strings.Contains(s, unwanted) {
			t.Errorf("the ended screen says %q:\n%s", unwanted, s)
		}
	}
	checkFrame(t, p, title, "■ session ended")

	p.press("q")
	if err := p.wait(exitTimeout); err != nil {
		t.Fatalf("join did not leave cleanly after the end: %v", err)
	}
	if s := p.screen(); !strings.Contains(s, "The session has ended. Thank you for taking part!") {
		t.Errorf("join's last words do not say the session ended:\n%s", s)
	}
}

// TestHostPausedKeepsWorkUntilItIsBack: the host of an open session is
// stopped with SIGTERM. The participant's screen says the facilitator
// stopped the host and that work is kept; an idea typed meanwhile waits,
// and once the host is started again it arrives exactly once, with no
// keystroke.
func TestHostPausedKeepsWorkUntilItIsBack(t *testing.T) {
	const (
		title = "Rəqəmsal Liderlik"
		idea  = "Fasilədə yazılmış fikir — единый реестр 🚀"
	)
	h := startHost(t, "--title", title)
	p := startTUI(t, termSize{Cols: 80, Rows: 24}, nil, "join", h.Addr, "--code", h.Code, "--name", "Дмитрий Иванов", "--org", "Министерство цифрового развития")
	p.waitFor(t, "● online", startTimeout)
	command(t, h.facilitator(t), session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	p.waitFor(t, "Post your ideas under each topic", stepTimeout)

	h.signal(syscall.SIGTERM)
	s := p.waitFor(t, "⏸ host paused", stepTimeout)
	if !strings.Contains(s, "The facilitator stopped the host. Your work is kept and sent when it is back.") {
		t.Errorf("the paused screen does not say what happened:\n%s", s)
	}
	checkFrame(t, p, title, "⏸ host paused")

	postIdea(t, p, idea)
	s = p.waitFor(t, "1 action waiting", stepTimeout)
	if !strings.Contains(s, "⏸ host paused") {
		t.Errorf("the status changed while the host was away:\n%s", s)
	}

	h.restart()
	s = p.waitUntil(t, "online with nothing waiting", stepTimeout, func(s string) bool {
		return strings.Contains(s, "● online") && !strings.Contains(s, "waiting") && !strings.Contains(s, "⧗")
	})
	if n := strings.Count(s, idea); n != 1 {
		t.Errorf("the screen shows the idea %d times:\n%s", n, s)
	}
	if err := p.close(); err != nil {
		t.Errorf("quitting the app: %v", err)
	}
	h.stop()
	if n := storedIdeas(t, h.DB)[idea]; n != 1 {
		t.Errorf("the database holds the idea %d times, want once", n)
	}
}

// signal sends sig to the running host (SIGINT is Ctrl+C in its terminal)
// and waits until it has exited.
func (h *hostProc) signal(sig syscall.Signal) {
	h.t.Helper()
	cmd, done := h.running()
	if cmd == nil {
		h.t.Fatal("signal: the host is not running")
	}
	cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(exitTimeout):
		h.t.Fatalf("the host did not exit within %v after %v; output:\n%s", exitTimeout, sig, h.output())
	}
}
