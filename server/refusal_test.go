package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// TestRefusalsNameTheirMessage: the hub's nacks and error frames carry the
// refusal's key and arguments beside the English message, so that each
// reader's app says it in the reader's language; the session's refusals
// and the hub's own alike.
func TestRefusalsNameTheirMessage(t *testing.T) {
	h := startTestHost(t, HostConfig{Title: "Keys"})
	p, _ := joinRaw(t, h, "Aysel", "IRIA")
	read := func(t *testing.T, raw json.RawMessage, v any) {
		t.Helper()
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
	}

	t.Run("a nack of the session's rules", func(t *testing.T) {
		p.send(cmd("k1", session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"}))
		var n protocol.Nack
		read(t, p.until(protocol.KindNack, "k1").Raw, &n)
		want := protocol.Nack{T: protocol.KindNack, Op: "k1", Code: session.EFORBIDDEN,
			Message: "You cannot post ideas in the lobby phase.",
			Key:     "errors.post_idea_phase", Args: map[string]string{"Phase": "lobby"}}
		if !reflect.DeepEqual(n, want) {
			t.Errorf("got  %+v\nwant %+v", n, want)
		}
	})

	t.Run("a nack of the hub's own", func(t *testing.T) {
		op := strings.Repeat("x", protocol.OpIDMaxLen+1)
		p.send(cmd(op, session.Command{Type: session.CmdMarkDone}))
		var n protocol.Nack
		read(t, p.until(protocol.KindNack, op).Raw, &n)
		if n.Key != "errors.hub.op_id" || !reflect.DeepEqual(n.Args, map[string]string{"Max": "64"}) ||
			n.Message != "A command needs an op id of 1 to 64 characters." {
			t.Errorf("got %+v", n)
		}
	})

	t.Run("an error frame", func(t *testing.T) {
		p.sendRaw([]byte(`{"t":`))
		var e protocol.Error
		read(t, p.until(protocol.KindError, "").Raw, &e)
		want := protocol.Error{T: protocol.KindError, Code: session.EINVALID,
			Message: "Malformed frame: not valid JSON.", Key: "errors.hub.frame_not_json"}
		if !reflect.DeepEqual(e, want) {
			t.Errorf("got  %+v\nwant %+v", e, want)
		}
	})

	t.Run("a refused hello", func(t *testing.T) {
		c := dialRaw(t, h.URL())
		c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "WRONG1", Name: "Aysel", Institution: "IRIA"})
		var e protocol.Error
		read(t, c.until(protocol.KindError, "").Raw, &e)
		if e.Code != session.EFORBIDDEN || e.Key != "errors.hub.wrong_code" || e.Args != nil ||
			e.Message != "Wrong join code. Check the code on the facilitator's screen." {
			t.Errorf("got %+v", e)
		}
		if code := c.closeCode(); code != protocol.CloseUnauthorized {
			t.Errorf("close %d", code)
		}
	})
}
