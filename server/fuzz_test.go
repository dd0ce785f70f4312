package server

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"net"
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
			if in.errCode != session.EINVALID || in.close != protocol.CloseBadFrame {
				t.Fatalf("oversize frame: %+v", in)
			}
		case typ != websocket.TextMessage, !utf8.Valid(data):
			if in.errCode != session.EINVALID || in.kind != "" {
				t.Fatalf("binary or invalid UTF-8 frame passed: %+v", in)
			}
		}
		if in.errCode != "" {
			if in.kind != "" || in.errMsg == "" || !utf8.ValidString(in.errMsg) {
				t.Fatalf("refusal %+v", in)
			}
			if in.close != 0 && in.close != protocol.CloseBadFrame {
				t.Fatalf("close code %d", in.close)
			}
			if _, err := json.Marshal(protocol.Error{T: protocol.KindError, Code: in.errCode, Message: in.errMsg}); err != nil {
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

// byteConn is a net.Conn that reads from a buffer and discards writes.
type byteConn struct {
	net.Conn
	r *bytes.Reader
}

func (c *byteConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *byteConn) Write(p []byte) (int, error) { return len(p), nil }

// maskedFrame is a client frame: final, masked with key.
func maskedFrame(op byte, payload []byte, key [4]byte) []byte {
	out := []byte{0x80 | op}
	switch n := len(payload); {
	case n < 126:
		out = append(out, 0x80|byte(n))
	case n <= 0xFFFF:
		out = append(out, 0x80|126)
		out = binary.BigEndian.AppendUint16(out, uint16(n))
	default:
		out = append(out, 0x80|127)
		out = binary.BigEndian.AppendUint64(out, uint64(n))
	}
	out = append(out, key[:]...)
	for i, b := range payload {
		out = append(out, b^key[i%4])
	}
	return out
}

// FuzzWaitReadable feeds the hub's idle read path arbitrary bytes from a
// client: waitReadable may take only whole, valid, masked pings and pongs
// off the stream (and hand their unmasked payload to control); every other
// byte must reach the frame reader unchanged and in order.
func FuzzWaitReadable(f *testing.F) {
	key := [4]byte{1, 2, 3, 4}
	f.Add(maskedFrame(opPing, []byte("are you there"), key))
	f.Add(append(maskedFrame(opPong, nil, key), maskedFrame(websocket.TextMessage, []byte(`{"t":"cmd"}`), key)...))
	f.Add(append(maskedFrame(opPing, bytes.Repeat([]byte("x"), 125), key), maskedFrame(opPong, []byte("p"), key)...))
	f.Add(maskedFrame(opPing, bytes.Repeat([]byte("x"), 126), key))
	f.Add([]byte{0x89, 0x05, 'h', 'e', 'l', 'l', 'o'}) // unmasked ping: not ours to take
	f.Add([]byte{0x09, 0x80, 0, 0, 0, 0})              // fragmented ping
	f.Add(maskedFrame(websocket.CloseMessage, []byte{3, 232}, key))
	f.Add([]byte{0x89})
	f.Fuzz(fuzzWaitBody)
}

// fuzzWaitBody is FuzzWaitReadable's check of one stream.
func fuzzWaitBody(t *testing.T, stream []byte) {
	c := &flushConn{Conn: &byteConn{r: bytes.NewReader(stream)}}
	c.br = bufio.NewReaderSize(c, readBufferSize)
	// What waitReadable may consume: a prefix of whole control frames,
	// each of which it must report.
	var reported [][]byte
	control := func(op byte, payload []byte) {
		if op != opPing && op != opPong {
			t.Fatalf("control called with opcode %#x", op)
		}
		reported = append(reported, append([]byte{op}, payload...))
	}
	err := c.waitReadable(control)
	rest, _ := io.ReadAll(c.br)
	consumed := stream[:len(stream)-len(rest)]
	if !bytes.HasSuffix(stream, rest) {
		t.Fatalf("the frame reader got %x, not a suffix of %x", rest, stream)
	}
	// Re-parse what was consumed: it must be exactly the reported
	// control frames (plus, on an error, an incomplete one).
	var parsed [][]byte
	for len(consumed) >= 2 {
		b0, b1 := consumed[0], consumed[1]
		n := int(b1 & 0x7f)
		if b0&0x70 != 0 || b0&0x80 == 0 || b1&0x80 == 0 || n > 125 || (b0&0x0f != opPing && b0&0x0f != opPong) {
			t.Fatalf("consumed a frame that is not a whole masked ping or pong: %x", consumed)
		}
		if len(consumed) < 6+n {
			break
		}
		payload := make([]byte, n)
		for i := range n {
			payload[i] = consumed[6+i] ^ consumed[2+i%4]
		}
		parsed = append(parsed, append([]byte{b0 & 0x0f}, payload...))
		consumed = consumed[6+n:]
	}
	if len(consumed) > 0 && err == nil {
		t.Fatalf("left %x consumed but unreported without an error", consumed)
	}
	if len(parsed) != len(reported) {
		t.Fatalf("consumed %d control frames, reported %d", len(parsed), len(reported))
	}
	for i := range parsed {
		if !bytes.Equal(parsed[i], reported[i]) {
			t.Fatalf("control frame %d: reported %x, sent %x", i, reported[i], parsed[i])
		}
	}
}
