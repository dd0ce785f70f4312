package wsconn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"

	"github.com/gorilla/websocket"
)

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
	control := func(ping bool, payload []byte) {
		op := byte(opPong)
		if ping {
			op = opPing
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
