package participant

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// moderatedScreens are what a participant sees of the facilitator's
// moderation of them: read-only (a key that would vote says why not), and
// removed.
var moderatedScreens = map[string]screenCase{
	"read_only": {
		phase: session.PhaseVote,
		setup: func(f *tuitest.Fixture) {
			f.Conn.Fac(session.Command{Type: session.CmdMakeReadOnly, Participant: f.Me})
		},
		keys: []string{"space"},
	},
	"lobby_65": { // the two Aynur Quliyeva of one ministry told apart
		phase: session.PhaseLobby,
		setup: func(f *tuitest.Fixture) { f.Fill() },
		keys:  slices.Repeat([]string{"down"}, 60), // to Təhsil Nazirliyi
	},
	"removed": {
		phase: session.PhaseIdeas,
		setup: func(f *tuitest.Fixture) {
			f.Conn.Fac(session.Command{Type: session.CmdRemoveParticipant, Participant: f.Me})
		},
	},
}

// TestModeratedGolden draws them in English, Azerbaijani and Russian at
// 80×24 and 120×40. Refresh with:
// go test ./tui/participant/ -run TestModeratedGolden -update
func TestModeratedGolden(t *testing.T) {
	want := map[lang.Tag][2]string{
		lang.EN: {"Read-only: you can follow", "The facilitator removed you from this session."},
		lang.AZ: {"Yalnız izləmə", "Moderator sizi bu sessiyadan çıxarıb."},
		lang.RU: {"Только просмотр", "Модератор удалил вас из этой сессии."},
	}
	for name, tc := range moderatedScreens {
		for _, gl := range goldenLangs {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				w, h := size[0], size[1]
				t.Run(fmt.Sprintf("%s%s_%dx%d", gl.prefix, name, w, h), func(t *testing.T) {
					m, _ := tc.draw(name, gl.tag, w, h)
					out := plain(m)
					tuitest.CheckFits(t, m.Cells, out, w, h)
					line := want[gl.tag][0]
					switch name {
					case "removed":
						line = want[gl.tag][1]
					case "lobby_65":
						line = "Aynur Quliyeva #2"
					}
					if !strings.Contains(out, line) {
						t.Errorf("the screen does not say %q:\n%s", line, out)
					}
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestReadOnlyKeysSayWhyNot: made read-only while the text area is open,
// the participant keeps what they typed as a draft and reads why; the keys
// that would post, vote or comment say so and send nothing; once lifted
// they are told they can take part, and may post again.
func TestReadOnlyKeysSayWhyNot(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 100, 30)
	press(m, f.Conn, "n")
	typeText(m, "Yarımçıq fikir")
	f.Conn.Fac(session.Command{Type: session.CmdMakeReadOnly, Participant: f.Me})
	tuitest.Pump(m, f.Conn)
	if m.compose.Open || !m.compose.HasDraft(composeTarget{kind: composeIdea, topic: f.Conn.Srv.Topics[0].ID}.draftKey()) {
		t.Fatal("the text area is still open, or its text was lost")
	}
	out := plain(m)
	if !strings.Contains(out, "Read-only: you can follow") || !strings.Contains(out, "made you read-only") {
		t.Fatalf("the screen does not say the participant is read-only:\n%s", out)
	}
	sent := len(f.Conn.Sent)
	for _, keys := range [][]string{{"n"}, {"down", "e"}} { // a new idea; editing their own
		press(m, f.Conn, keys...)
		k := keys[len(keys)-1]
		if m.compose.Open {
			t.Fatalf("%s opened the text area of a read-only participant", k)
		}
		if !strings.Contains(m.Notice, "made you read-only") {
			t.Errorf("%s: the notice says %q", k, m.Notice)
		}
	}
	if len(f.Conn.Sent) != sent {
		t.Fatalf("a read-only participant's keys sent %d commands", len(f.Conn.Sent)-sent)
	}
	f.Conn.Fac(session.Command{Type: session.CmdLiftReadOnly, Participant: f.Me})
	tuitest.Pump(m, f.Conn)
	if !strings.Contains(m.Notice, "can take part again") {
		t.Fatalf("lifting it says %q", m.Notice)
	}
	press(m, f.Conn, "n")
	if !m.compose.Open {
		t.Fatal("n does not open the text area once read-only is lifted")
	}
}

// TestRemovedParticipantIsTold: removed, the participant reads so in the
// header and the notice, even once the connection closes for good, and
// nothing more is sent.
func TestRemovedParticipantIsTold(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseVote)
	m := newApp(f, 80, 24)
	f.Conn.Fac(session.Command{Type: session.CmdRemoveParticipant, Participant: f.Me, Attribution: session.AttributionRemoved})
	f.Conn.SetStatus(client.Closed)
	f.Conn.Close()
	tuitest.Pump(m, f.Conn)
	out := plain(m)
	if !strings.Contains(out, "The facilitator removed you from this session. Press q to quit.") {
		t.Fatalf("the notice does not say so:\n%s", out)
	}
	sent := len(f.Conn.Sent)
	press(m, f.Conn, "space", "d")
	if len(f.Conn.Sent) != sent {
		t.Fatalf("a removed participant's keys sent %d commands", len(f.Conn.Sent)-sent)
	}
	if !strings.Contains(plain(m), "removed you") {
		t.Fatalf("the screen forgets the removal:\n%s", plain(m))
	}
}

// TestModeratedPseudo: every word of these screens went through the
// catalogue.
func TestModeratedPseudo(t *testing.T) {
	for name, tc := range moderatedScreens {
		t.Run(name, func(t *testing.T) {
			m, f := tc.draw(name, lang.Pseudo, 80, 24)
			f.Conn.Mu.Lock()
			data := tuitest.Cut(append(tuitest.StateWords(f.Conn.Srv), tc.keys...))
			f.Conn.Mu.Unlock()
			data = append(data, tuitest.Keycaps...)
			if esc := lang.Escaped(plain(m), data...); len(esc) > 0 {
				t.Errorf("English on the screen: %q\n%s", esc, plain(m))
			}
		})
	}
}

// TestRemovedConnectionClose: the hub closes a removed participant's
// connection with errors.hub.removed, maybe before the replica has the
// removal: the notice says they were removed and never "join again"
// (they cannot, until re-admitted); another close error reads as one
// sentence, without a doubled full stop.
func TestRemovedConnectionClose(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseIdeas)
	m := newApp(f, 80, 24)
	f.Conn.Mu.Lock()
	f.Conn.News.Err = protocol.Refuse(session.EFORBIDDEN, "errors.hub.removed")
	f.Conn.Mu.Unlock()
	f.Conn.SetStatus(client.Closed)
	f.Conn.Close()
	tuitest.Pump(m, f.Conn)
	if !strings.Contains(m.Notice, "removed you from this session. Press q to quit.") || strings.Contains(m.Notice, "join again") {
		t.Fatalf("the notice says %q", m.Notice)
	}

	f = tuitest.NewFixture(session.PhaseIdeas)
	m = newApp(f, 80, 24)
	f.Conn.Mu.Lock()
	f.Conn.News.Err = errors.New("the network went away.")
	f.Conn.Mu.Unlock()
	f.Conn.SetStatus(client.Closed)
	f.Conn.Close()
	tuitest.Pump(m, f.Conn)
	if strings.Contains(m.Notice, "..") || !strings.Contains(m.Notice, "join again") {
		t.Fatalf("the notice says %q", m.Notice)
	}
}
