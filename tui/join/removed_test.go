package join

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/session"
)

// TestFlowRemovedParticipant: a participant the facilitator removed, whose
// saved resume token the hub refuses with errors.hub.removed (close 4403),
// is told so and not joined afresh behind their back; the token is kept,
// since re-admitting them makes it work again.
func TestFlowRemovedParticipant(t *testing.T) {
	complete := Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Name: "Aynur Quliyeva", Institution: "AzInTelecom"}
	removed := protocol.Refuse(session.EFORBIDDEN, "errors.hub.removed")
	for _, tag := range lang.All {
		t.Run(string(tag), func(t *testing.T) {
			var calls []dialCall
			store := fakeStore{token: "mine"}
			given := complete
			given.Lang = tag
			m := New(Config{Given: given, AskHost: true, Ask: true, Store: &store, Dial: refusing(&calls, removed, errors.New("no more dials"))})
			settle(m, m.Init())
			if m.stage != stageClosed {
				t.Fatalf("stage %d, want the closed door", m.stage)
			}
			want := lang.New(tag).S("errors.hub.removed")
			if got := m.problem(m.l); !strings.Contains(got, want) {
				t.Errorf("shown %q, want %q", got, want)
			}
			if !reflect.DeepEqual(calls, []dialCall{{given, "mine"}}) || store.forgot != 0 {
				t.Errorf("dials %+v, forgot %d: want one dial with the saved token, kept", calls, store.forgot)
			}
		})
	}
}
