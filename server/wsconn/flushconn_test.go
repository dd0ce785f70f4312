package wsconn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"testing"
	"time"
)

// cutConn takes budget bytes, then fails every write as timed out, like
// a socket whose peer stopped reading, after a deadline.
type cutConn struct {
	net.Conn
	out    bytes.Buffer
	budget int
}

func (c *cutConn) Write(p []byte) (int, error) {
	n := min(len(p), max(c.budget, 0))
	c.out.Write(p[:n])
	c.budget -= n
	if n < len(p) {
		return n, os.ErrDeadlineExceeded
	}
	return n, nil
}

func (c *cutConn) SetWriteDeadline(time.Time) error { return nil }

// parseFrames splits a stream of unmasked frames; ok is false if the stream
// does not end on a frame boundary.
func parseFrames(b []byte) (frames [][]byte, ok bool) {
	for len(b) > 0 {
		if len(b) < 2 {
			return frames, false
		}
		size, hdr := int(b[1]&0x7f), 2
		switch size {
		case 126:
			if len(b) < 4 {
				return frames, false
			}
			size, hdr = int(binary.BigEndian.Uint16(b[2:])), 4
		case 127:
			if len(b) < 10 {
				return frames, false
			}
			size, hdr = int(binary.BigEndian.Uint64(b[2:])), 10
		}
		if size < 0 || size > len(b) || len(b) < hdr+size {
			return frames, false
		}
		frames = append(frames, b[:hdr+size])
		b = b[hdr+size:]
	}
	return frames, true
}

// FuzzCutWrites: a batch written to a client that stops taking bytes at
// any point, then the close frame: what reaches the client is whole frames,
// the batch's in order up to where it stopped, then the close frame (the
// rest of the frame the failed write cut goes first, so the close frame
// never lands inside one).
func FuzzCutWrites(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42} {
		for _, budget := range []uint32{0, 1, 2, 5, 130, 1000, 65536, 70000, 200000} {
			f.Add(seed, budget)
		}
	}
	f.Fuzz(func(t *testing.T, seed uint64, budget uint32) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var sent [][]byte
		for range 1 + rng.IntN(40) {
			var n int
			switch rng.IntN(4) {
			case 0:
				n = rng.IntN(126)
			case 1:
				n = 126 + rng.IntN(2000)
			case 2:
				n = rng.IntN(flushAt + 5000) // up to past flushAt: written on its own
			default:
				n = 65536 + rng.IntN(10000) // a 64-bit length
			}
			sent = append(sent, frame(opText, true, bytes.Repeat([]byte{byte('a' + len(sent)%26)}, n)))
		}
		conn := &cutConn{budget: int(budget)}
		c := &flushConn{Conn: conn}
		deadline := time.Now().Add(time.Minute)
		err := c.start(deadline)
		for _, fr := range sent {
			if err != nil {
				break
			}
			err = c.add(fr)
		}
		if err != nil {
			c.drop()
		} else {
			err = c.flush()
		}
		total := 0
		for _, fr := range sent {
			total += len(fr)
		}
		if (err == nil) != (int(budget) >= total) {
			t.Fatalf("budget %d of %d bytes: err %v", budget, total, err)
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("err %v", err)
		}
		// The client reads again: the close frame follows.
		conn.budget = 1 << 30
		closing := closeFrame(4408, "too slow")
		if err := c.start(deadline); err != nil {
			t.Fatal(err)
		}
		if err := c.add(closing); err != nil {
			t.Fatal(err)
		}
		if err := c.flush(); err != nil {
			t.Fatal(err)
		}
		got, ok := parseFrames(conn.out.Bytes())
		if !ok || len(got) == 0 {
			t.Fatalf("the client got %d bytes that are not whole frames", conn.out.Len())
		}
		if !bytes.Equal(got[len(got)-1], closing) {
			t.Fatal("the stream does not end with the close frame")
		}
		got = got[:len(got)-1]
		if len(got) > len(sent) {
			t.Fatalf("%d frames before the close, %d sent", len(got), len(sent))
		}
		for i := range got {
			if !bytes.Equal(got[i], sent[i]) {
				t.Fatalf("frame %d differs from what was sent", i)
			}
		}
	})
}

func TestDeadlineForSharesOneDeadlinePerTenth(t *testing.T) {
	const wait = 10 * time.Second
	now := time.Date(2026, 12, 2, 9, 0, 0, 300_000_000, time.UTC)
	d := deadlineFor(now, wait)
	if d.Before(now.Add(wait)) || d.After(now.Add(wait+wait/10)) {
		t.Fatalf("deadline %v for a batch at %v; want within %v to %v after", d, now, wait, wait+wait/10)
	}
	if d2 := deadlineFor(now.Add(500*time.Millisecond), wait); !d2.Equal(d) {
		t.Fatalf("batches half a second apart got %v and %v; want one deadline", d, d2)
	}
	if d3 := deadlineFor(now.Add(wait/10), wait); !d3.After(d) {
		t.Fatalf("a batch a tenth later got %v; want later than %v", d3, d)
	}
}
