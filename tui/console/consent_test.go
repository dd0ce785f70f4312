package console

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestConsentPanelKeys (issue 16): g opens the consent panel of the
// selected road-map item, typed on a Russian layout too (п); inside it o
// opens a round (щ on the Russian layout), r asks before revealing, 1 2 3
// record the outcome, x asks before taking the item off, esc closes it.
func TestConsentPanelKeys(t *testing.T) {
	tests := map[string]struct {
		setup func(f *tuitest.Fixture)
		keys  []string
		open  bool   // the panel is open after the keys
		sent  string // the command type the keys send, or ""
		ask   bool
		says  string // what the notice says, if anything in particular
	}{
		"g opens the panel":                   {keys: []string{"g"}, open: true},
		"п is g":                              {keys: []string{"п"}, open: true},
		"o opens a round":                     {keys: []string{"g", "o"}, open: true, sent: session.CmdOpenConsent},
		"щ is o":                              {keys: []string{"п", "щ"}, open: true, sent: session.CmdOpenConsent},
		"o with a round open elsewhere":       {setup: openOnTraining, keys: []string{"g", "o"}, open: true, says: "reveal it before opening another"},
		"r asks before revealing":             {setup: consentAnswered, keys: []string{"g", "r"}, open: true, ask: true},
		"r y reveals":                         {setup: consentAnswered, keys: []string{"g", "r", "y"}, open: true, sent: session.CmdRevealConsent},
		"3 records not agreed":                {setup: consentRevealed, keys: []string{"g", "3"}, open: true, sent: session.CmdRecordConsent},
		"1 before the reveal is refused here": {setup: consentAnswered, keys: []string{"g", "1"}, open: true, says: "Reveal the consent round before recording"},
		"x asks before taking off":            {keys: []string{"g", "x"}, open: true, ask: true},
		"esc closes":                          {keys: []string{"g", "esc"}},
		"u still undoes":                      {keys: []string{"g", "u"}, open: true, sent: session.CmdUndo},
		"p is not place in the panel":         {keys: []string{"g", "p"}, open: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := consoleFixture(session.PhaseRoadmap)
			if tc.setup != nil {
				tc.setup(f)
			}
			m := newConsoleApp(f, 100, 30, t.TempDir())
			before := len(f.Conn.Sent)
			cpress(m, f.Conn, tc.keys...)
			var sent []string
			for _, c := range f.Conn.Sent[before:] {
				sent = append(sent, c.Type)
			}
			switch {
			case tc.sent == "" && len(sent) > 0:
				t.Errorf("%v sent %v, want nothing", tc.keys, sent)
			case tc.sent != "" && (len(sent) != 1 || sent[0] != tc.sent):
				t.Errorf("%v sent %v, want %s", tc.keys, sent, tc.sent)
			}
			if m.roadmap.consent.open != tc.open {
				t.Errorf("%v: the panel is open: %v, want %v", tc.keys, m.roadmap.consent.open, tc.open)
			}
			if got := m.Confirm != nil; got != tc.ask {
				t.Errorf("%v: a question waits: %v, want %v", tc.keys, got, tc.ask)
			}
			if !strings.Contains(m.Notice, tc.says) {
				t.Errorf("%v: the notice says %q, want %q", tc.keys, m.Notice, tc.says)
			}
		})
	}
}

// openOnTraining opens a round on the training idea, so that another
// item's round cannot open.
func openOnTraining(f *tuitest.Fixture) {
	f.Conn.Fac(session.Command{Type: session.CmdOpenConsent, Item: f.Ideas["training"]})
}

// TestConsentFlow runs a whole consent round from the console: open it,
// watch the answers come, reveal, record "not agreed", rename the group
// and run a second round; the first round stays in the history.
func TestConsentFlow(t *testing.T) {
	f := consoleFixture(session.PhaseRoadmap)
	tm := startConsoleFlow(t, f, 120, 40)
	item := f.Groups["infra"]
	wait := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), text) }, teatest.WithDuration(5*time.Second))
	}
	tm.Send(tuitest.KeyMsg("g"))
	wait("No consent round on this item yet")
	tm.Send(tuitest.KeyMsg("o"))
	tuitest.Eventually(t, "the round to open", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Consent[item] != nil && st.Consent[item].Open })
	})
	f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(4)})
	f.Conn.By(f.Others["tural"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(0), Text: "Büdcə yoxdur"})
	tuitest.Eventually(t, "the console to take in the answers", f.Conn.Drained)
	tm.Send(tuitest.KeyMsg("r")) // the question counts the answers the console holds

	wait("Reveal the answers? 2 participants")
	tm.Send(tuitest.KeyMsg("y"))
	wait("Büdcə yoxdur")
	tm.Send(tuitest.KeyMsg("3"))
	tuitest.Eventually(t, "the outcome", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.ConsentOutcome(item) == session.ConsentNotAgreed })
	})
	tm.Send(tuitest.KeyMsg("enter"))
	wait("Rename the group before a new round")
	tm.Send(tuitest.KeyMsg("ctrl+u"))
	tm.Type("Pilot infrastructure")
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the rename", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Groups[item].Name == "Pilot infrastructure" })
	})
	tm.Send(tuitest.KeyMsg("o"))
	tuitest.Eventually(t, "round 2", func() bool {
		return hub(f.Conn, func(st *session.State) bool { c := st.Consent[item]; return c.Round == 2 && c.Open })
	})
	wait("Round 1: Not agreed")
	screen := finishConsole(t, f, tm)
	c := hub(f.Conn, func(st *session.State) session.Consent { return *st.Consent[item] })
	if len(c.History) != 1 || c.History[0].Outcome != session.ConsentNotAgreed || c.History[0].TookPart != 2 {
		t.Fatalf("history %+v", c.History)
	}
	if !strings.Contains(screen, "Pilot infrastructure") {
		t.Errorf("the last screen does not show the new name:\n%s", screen)
	}
}
