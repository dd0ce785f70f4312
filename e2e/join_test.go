package e2e

import (
	"context"
	"strings"
	"testing"

	"roundtable/session"
	"roundtable/session/store"
)

// TestJoinIdeasSurviveHostCrash is issue 3's end-to-end test: a headless
// host and two participants' apps in pseudo-terminals (80×24 in colour,
// 120×40 with NO_COLOR; they swap sizes at the end).
// An idea typed by one appears on the other's screen; the host is then
// killed, an idea typed while it is down is queued, and after the host is
// restarted on the same database and address it arrives exactly once, with
// no keystroke from the participant.
func TestJoinIdeasSurviveHostCrash(t *testing.T) {
	const (
		title = "Rəqəmsal Liderlik"
		idea1 = "Vahid məlumat portalı: şəffaflıq və inteqrasiya 💡"
		idea2 = "Oflayn yazılmış fikir — единый реестр 🚀"
	)
	h := startHost(t, "--title", title)
	small, large := termSize{Cols: 80, Rows: 24}, termSize{Cols: 120, Rows: 40}
	join := func(size termSize, env []string, name, org string) *termProc {
		return startTUI(t, size, env, "join", h.Addr, "--code", h.Code, "--name", name, "--org", org)
	}
	aysel := join(small, nil, "Aysel Məmmədova", "Rəqəmsal İnkişaf Nazirliyi")
	dmitry := join(large, []string{"NO_COLOR=1"}, "Дмитрий Иванов", "Министерство цифрового развития")

	// Both are in the lobby and see each other.
	for _, p := range []*termProc{aysel, dmitry} {
		p.waitFor(t, "2 people from 2 institutions", startTimeout)
		checkFrame(t, p, title, "● online")
	}
	if !aysel.colored() {
		t.Errorf("Aysel's screen has no colour")
	}
	if dmitry.colored() {
		t.Errorf("Dmitry's screen has colour despite NO_COLOR")
	}

	// The facilitator opens the ideas phase.
	command(t, h.facilitator(t), session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	for _, p := range []*termProc{aysel, dmitry} {
		p.waitFor(t, "Post your ideas under each topic", stepTimeout)
		checkFrame(t, p, title, "● online")
	}

	// Aysel posts an idea; it appears on Dmitry's screen.
	postIdea(t, aysel, idea1)
	dmitry.waitFor(t, idea1, stepTimeout)
	aysel.waitUntil(t, "Aysel's idea acknowledged", stepTimeout, func(s string) bool {
		return strings.Contains(s, "1 yours") && !strings.Contains(s, "⧗")
	})
	checkFrame(t, dmitry, title, "● online")
	checkIntact(t, dmitry, idea1)

	// The host dies. Aysel's app says so, and keeps what she types.
	h.kill()
	aysel.waitFor(t, "offline", stepTimeout)
	postIdea(t, aysel, idea2)
	s := aysel.waitFor(t, "1 action waiting", stepTimeout)
	if !strings.Contains(s, "⧗ sending") {
		t.Errorf("the idea typed offline is not shown as waiting to be sent:\n%s", s)
	}
	checkFrame(t, aysel, title, "offline")
	checkIntact(t, aysel, idea2)
	checkRightAligned(t, aysel, idea2, "n new idea")

	// The host comes back on the same database; with no keystroke, the
	// queued idea is sent and reaches Dmitry once.
	h.restart()
	if !strings.Contains(h.output(), "reopened") {
		t.Fatalf("the restarted host did not reopen the session:\n%s", h.output())
	}
	s = aysel.waitUntil(t, "Aysel online with nothing waiting", stepTimeout, func(s string) bool {
		return strings.Contains(s, "● online") && !strings.Contains(s, "waiting") && !strings.Contains(s, "⧗")
	})
	if n := strings.Count(s, idea2); n != 1 {
		t.Errorf("Aysel's screen shows the offline idea %d times:\n%s", n, s)
	}
	checkRightAligned(t, aysel, idea2, "n new idea")
	s = dmitry.waitFor(t, idea2, stepTimeout)
	if n := strings.Count(s, idea2); n != 1 {
		t.Errorf("Dmitry's screen shows the offline idea %d times:\n%s", n, s)
	}
	checkFrame(t, dmitry, title, "● online")
	checkIntact(t, dmitry, idea2)
	checkRightAligned(t, dmitry, idea2, "n new idea")

	// Either terminal may change size at any time.
	aysel.resize(large)
	dmitry.resize(small)
	for _, p := range []*termProc{aysel, dmitry} {
		p.waitUntil(t, "the board redrawn at the new size", stepTimeout, func(string) bool {
			return p.rows()[0].End == p.Size.Cols
		})
		checkFrame(t, p, title, "● online")
		checkIntact(t, p, idea2)
		checkRightAligned(t, p, idea2, "n new idea")
	}

	for _, p := range []*termProc{aysel, dmitry} {
		if err := p.close(); err != nil {
			t.Errorf("quitting the app: %v", err)
		}
	}

	// The database holds each idea exactly once.
	h.stop()
	counts := storedIdeas(t, h.DB)
	for _, text := range []string{idea1, idea2} {
		if counts[text] != 1 {
			t.Errorf("the database holds %q %d times, want once (all ideas: %v)", text, counts[text], counts)
		}
	}
}

// postIdea opens the composer with n, types text and sends it with enter.
func postIdea(t *testing.T, p *termProc, text string) {
	t.Helper()
	p.press("n")
	p.waitFor(t, "New idea under", stepTimeout)
	p.typeText(text)
	p.waitFor(t, text, stepTimeout)
	p.press("enter")
	p.waitGone(t, "New idea under", stepTimeout)
}

// checkFrame checks what every screen shows at any size: the session title
// at the start of the top row and the connection state at its end, in the
// last column, and the key footer on the bottom row. A terminal cannot show a
// row longer than itself (the renderer clips, the emulator would wrap), so
// a row drawn too wide shows as a right-aligned part missing or moved.
func checkFrame(t *testing.T, p *termProc, title, conn string) {
	t.Helper()
	rows := p.rows()
	if len(rows) != p.Size.Rows {
		t.Fatalf("screen has %d rows, want %d", len(rows), p.Size.Rows)
	}
	top := rows[0]
	if !strings.HasPrefix(top.Text, title) || !strings.Contains(top.Text, conn) || top.End != p.Size.Cols {
		t.Errorf("top row %q (ending at column %d) should start with the title %q and end with %q at column %d; screen:\n%s",
			top.Text, top.End, title, conn, p.Size.Cols, p.screen())
	}
	// the footer ends in the language key (F2) where the row has room
	if bottom := rows[len(rows)-1].Text; !strings.HasSuffix(strings.TrimSuffix(bottom, " • F2 language"), "q quit") {
		t.Errorf("bottom row %q should be the key footer ending in \"q quit\"; screen:\n%s", bottom, p.screen())
	}
}

// checkIntact checks that text appears whole on one row of the screen.
func checkIntact(t *testing.T, p *termProc, text string) {
	t.Helper()
	for _, l := range p.lines() {
		if strings.Contains(l, text) {
			return
		}
	}
	t.Errorf("%q is not whole on any one row; screen:\n%s", text, p.screen())
}

// checkRightAligned checks that the row showing text ends in the same column
// as the row showing ref: right-aligned notes after text with wide or
// non-ASCII characters land where they do after plain text.
func checkRightAligned(t *testing.T, p *termProc, text, ref string) {
	t.Helper()
	end := map[string]int{}
	for _, r := range p.rows() {
		for _, s := range []string{text, ref} {
			if _, ok := end[s]; !ok && strings.Contains(r.Text, s) {
				end[s] = r.End
			}
		}
	}
	if len(end) != 2 {
		t.Errorf("cannot compare alignment: %q or %q not on the screen:\n%s", text, ref, p.screen())
		return
	}
	if end[text] != end[ref] {
		t.Errorf("the row with %q ends at column %d, the row with %q at %d; screen:\n%s",
			text, end[text], ref, end[ref], p.screen())
	}
}

// storedIdeas opens the database of a stopped host and counts the ideas of
// its latest session by text.
func storedIdeas(t *testing.T, db string) map[string]int {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatalf("opening the database: %v", err)
	}
	defer s.Close()
	st, err := s.Load(context.Background(), "latest")
	if err != nil {
		t.Fatalf("loading the session: %v", err)
	}
	counts := map[string]int{}
	for _, idea := range st.IdeaList() {
		counts[idea.Text]++
	}
	return counts
}
