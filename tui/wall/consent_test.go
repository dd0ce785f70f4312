package wall

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

func ptr[T any](v T) *T { return &v }

// consentWall is the road map phase with a consent round on the
// infrastructure group: open with three answers, or revealed (one who
// answered offline: absent) with its outcome.
func consentWall(revealed bool) wallScreen {
	return wallScreen{phase: session.PhaseRoadmap, setup: func(f *tuitest.Fixture) {
		c, item := f.Conn, f.Groups["infra"]
		c.Fac(session.Command{Type: session.CmdOpenConsent, Item: item})
		c.By(f.Others["rashad"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(4)})
		c.By(f.Others["tural"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(1), Text: "Pilotun büdcəsi hələ yoxdur 💰"})
		c.By(f.Me, session.Command{Type: session.CmdConsent, Item: item, Level: ptr(5)})
		if !revealed {
			return
		}
		c.By(f.Others["leyla"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(0), Text: "Дублирует портал госуслуг"})
		c.Fac(session.Command{Type: session.CmdRevealConsent, Item: item, Online: []string{f.Me, f.Others["rashad"], f.Others["tural"]}})
		c.Fac(session.Command{Type: session.CmdRecordConsent, Item: item, Outcome: session.ConsentReservations})
	}}
}

// TestWallConsent (issue 16): the wall shows an open round with how many
// answered, and the revealed distribution large with the outcome; never
// who answered what, nor a reason before the reveal; in every language at
// 80×24 and 120×40 (goldens).
// Refresh with: go test ./tui/wall/ -run TestWallConsent -update
func TestWallConsent(t *testing.T) {
	want := map[string]map[lang.Tag]string{
		"open":     {lang.EN: "· 3 answered", lang.AZ: "· 3 cavab", lang.RU: "· 3 ответа"},
		"revealed": {lang.EN: "Agreed with reservations  3 took part · 1 absent", lang.AZ: "Qeyd-şərtlə razılaşdırılıb", lang.RU: "Согласовано с оговорками"},
	}
	for name, revealed := range map[string]bool{"open": false, "revealed": true} {
		sc := consentWall(revealed)
		for _, tag := range lang.All {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(goldenName("consent_"+name, tag, w, h), func(t *testing.T) {
					m, f, out := sc.draw(w, h, tag)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					if !strings.Contains(out, want[name][tag]) {
						t.Errorf("the wall does not show %q:\n%s", want[name][tag], out)
					}
					if !revealed && strings.Contains(out, "Pilotun") {
						t.Errorf("the wall shows a reason before the reveal:\n%s", out)
					}
					for _, p := range f.Conn.Srv.Participants {
						if strings.Contains(out, p.Name) {
							t.Errorf("the wall names %s", p.Name)
						}
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}
