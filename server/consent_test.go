package server

import (
	"encoding/json"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// TestConsentRevealCountsOnlyWhoIsHere: two participants answer a consent
// round; one disconnects before the reveal; the hub reveals one answer
// counted and one absent (issue 16: a participant who leaves mid-round is
// counted as absent, not as a vote). The other participant's answer
// reaches the one who stayed without its level.
func TestConsentRevealCountsOnlyWhoIsHere(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	stay, ws := joinRaw(t, h, "Aynur Quliyeva", "ASAN xidmət")
	leave, wl := joinRaw(t, h, "Rəşad Məmmədov", "İRİA")

	fac.send(cmd("post", session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "One data catalogue"}))
	var item string
	for item == "" {
		if f := fac.until(protocol.KindEvent, ""); f.Event.Type == session.EvIdeaPosted {
			item = f.Event.ID
		}
	}
	for k, c := range []session.Command{
		{Type: session.CmdPlace, Item: item, Horizon: "Now"},
		{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap},
	} {
		op := string(rune('a' + k))
		fac.send(cmd(op, c))
		fac.until(protocol.KindAck, op)
	}
	fac.send(cmd("open", session.Command{Type: session.CmdOpenConsent, Item: item}))
	fac.until(protocol.KindAck, "open")

	stay.send(cmd("s", session.Command{Type: session.CmdConsent, Item: item, Level: ptr(4)}))
	stay.until(protocol.KindAck, "s")
	leave.send(cmd("l", session.Command{Type: session.CmdConsent, Item: item, Level: ptr(0), Text: "No budget"}))
	leave.until(protocol.KindAck, "l")
	// the one who stays hears of the other's answer, without its level
	for {
		f := stay.until(protocol.KindEvent, "")
		if f.Event.Type == session.EvConsentGiven && f.Event.Actor != ws.You {
			if f.Event.Actor != "" || f.Event.Level != nil || f.Event.Text != "" {
				t.Fatalf("another's answer arrived as %s", f.Raw)
			}
			break
		}
	}

	leave.ws.Close()
	for { // the facilitator is told when they are gone
		f := fac.until(protocol.KindPresence, "")
		var p protocol.Presence
		if err := json.Unmarshal(f.Raw, &p); err != nil {
			t.Fatal(err)
		}
		if p.ID == wl.You && !p.Online {
			break
		}
	}
	fac.send(cmd("reveal", session.Command{Type: session.CmdRevealConsent, Item: item}))
	fac.until(protocol.KindAck, "reveal")
	for {
		f := stay.until(protocol.KindEvent, "")
		if f.Event.Type != session.EvConsentRevealed {
			continue
		}
		r := f.Event.Result
		if r == nil || r.TookPart != 1 || r.Absent != 1 || r.Distribution[4] != 1 || r.Distribution[0] != 0 || len(r.Reasons) != 0 {
			t.Fatalf("revealed %s; want one answer (4) counted and one absent", f.Raw)
		}
		return
	}
}

func ptr[T any](v T) *T { return &v }
