package server

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// FuzzParseFrame feeds the hub's frame decoder (what the read loop does
// with each client frame) arbitrary bytes. It must never panic; oversize,
// binary and invalid UTF-8 frames are refused with EINVALID; a command
// passes only after hello; every refusal has a code, a message fit to send
// and, when it closes, a protocol close code; a command that passes
// decodes the same after a round trip through its own encoding.
func FuzzParseFrame(f *testing.F) {
	seeds := []string{
		`{"t":"hello","v":1,"code":"K7Q2M","name":"Aysel","institution":"IRIA"}`,
		`{"t":"hello","v":1,"token":"nbswy3dp"}`,
		`{"t":"hello","v":"1"}`,
		`{"t":"cmd","op":"a1","cmd":{"type":"post_idea","topic":"t1","text":"Open data"}}`,
		`{"t":"cmd","op":"a2","cmd":{"type":"vote","item":"i5","delta":1}}`,
		`{"t":"cmd","op":"a3","cmd":{"type":"vote","delta":"x"}}`,
		`{"t":"cmd",`, `[1,2,3]`, `null`, `{"t":"shout"}`, `{"t":7}`, "{\"t\":\"cmd\",\"op\":\"\xff\"}", ``,
	}
	for _, s := range seeds {
		f.Add(websocket.TextMessage, []byte(s), true)
		f.Add(websocket.TextMessage, []byte(s), false)
	}
	f.Add(websocket.BinaryMessage, []byte(`{"t":"hello"}`), false)
	f.Fuzz(func(t *testing.T, typ int, data []byte, helloed bool) {
		in := parseFrame(typ, data, helloed)
		switch {
		case len(data) > protocol.MaxFrameBytes:
			if session.ErrorCode(in.refused) != session.EINVALID || in.close != protocol.CloseBadFrame {
				t.Fatalf("oversize frame: %+v", in)
			}
		case typ != websocket.TextMessage, !utf8.Valid(data):
			if session.ErrorCode(in.refused) != session.EINVALID || in.kind != "" {
				t.Fatalf("binary or invalid UTF-8 frame passed: %+v", in)
			}
		}
		if in.refused != nil {
			e := in.refused
			if in.kind != "" || e.Message == "" || !utf8.ValidString(e.Message) || e.Key == "" || strings.Contains(e.Message, "{{") {
				t.Fatalf("refusal %+v", in)
			}
			if in.close != 0 && in.close != protocol.CloseBadFrame {
				t.Fatalf("close code %d", in.close)
			}
			if _, err := json.Marshal(protocol.ErrorOf(e)); err != nil {
				t.Fatalf("error frame does not encode: %v", err)
			}
			return
		}
		switch in.kind {
		case protocol.KindHello:
		case protocol.KindCommand:
			if !helloed {
				t.Fatal("a command passed before hello")
			}
			again, err := json.Marshal(protocol.Command{T: protocol.KindCommand, Op: in.op, Cmd: in.cmd})
			if err != nil {
				t.Fatalf("command does not encode: %v", err)
			}
			if len(again) <= protocol.MaxFrameBytes {
				back := parseFrame(websocket.TextMessage, again, true)
				if back.kind != protocol.KindCommand || back.op != in.op || back.cmd.Type != in.cmd.Type {
					t.Fatalf("round trip: %+v, want %+v", back, in)
				}
			}
		default:
			t.Fatalf("neither refused nor passed on: %+v", in)
		}
	})
}
