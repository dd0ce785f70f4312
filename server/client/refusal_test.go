package client

import (
	"context"
	"errors"
	"maps"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// TestRefusedHelloCarriesItsKey: Dial's refusal names its message and its
// arguments, whether the hub's error frame said them or the client read
// them from a close that came alone, so an app can say it in its reader's
// language.
func TestRefusedHelloCarriesItsKey(t *testing.T) {
	tests := map[string]struct {
		setup func(h *fakeHub) Config
		want  session.Error
	}{
		"the session's rule, from the error frame": {
			setup: func(h *fakeHub) Config { return participantConfig(h, "") },
			want: session.Error{Code: session.EINVALID, Key: "errors.field_empty", Args: map[string]string{"Field": "name"},
				Message: "The name is empty."},
		},
		"a close without an error frame": {
			setup: func(h *fakeHub) Config {
				h.set(func(h *fakeHub) { h.refuseHello = protocol.CloseUnauthorized })
				return participantConfig(h, "Aysel")
			},
			want: session.Error{Code: session.EFORBIDDEN, Key: "errors.client.refused_secret",
				Message: "The host refused the join code or token."},
		},
		"an unknown close": {
			setup: func(h *fakeHub) Config {
				h.set(func(h *fakeHub) { h.refuseHello = 4999 })
				return participantConfig(h, "Aysel")
			},
			want: session.Error{Code: session.EINTERNAL, Key: "errors.client.closed", Args: map[string]string{"Code": "4999"},
				Message: "The host closed the connection (4999)."},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			cfg := tc.setup(h)
			cfg.MaxBackoff = cfg.MinBackoff
			c, err := Dial(context.Background(), cfg)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded; want a refusal")
			}
			var se *session.Error
			if !errors.As(err, &se) {
				t.Fatalf("Dial error %T %v; want a *session.Error", err, err)
			}
			if se.Code != tc.want.Code || se.Key != tc.want.Key || !maps.Equal(se.Args, tc.want.Args) || se.Message != tc.want.Message {
				t.Fatalf("Dial refused with %+v; want %+v", *se, tc.want)
			}
		})
	}
}

// TestLocalNackCarriesItsKey: a command the client cannot send at all is
// refused with a key of its own.
func TestLocalNackCarriesItsKey(t *testing.T) {
	h := newFakeHub(t)
	c := dial(t, participantConfig(h, "Aysel"))
	c.Close()
	c.Send(idea("After closing"))
	u := c.Drain()
	if len(u.Nacks) != 1 {
		t.Fatalf("nacks %+v; want one", u.Nacks)
	}
	if n := u.Nacks[0]; n.Key != "errors.client.not_connected" || n.Args != nil ||
		n.Message != "Not connected: the connection to the host is closed." {
		t.Fatalf("nack %+v", n)
	}
}
