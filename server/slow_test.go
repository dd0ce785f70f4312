package server

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// TestSlowReaderIsDisconnectedOthersKeepReceiving: a participant that never
// reads is disconnected with a reason once its queue fills, while the
// others receive every event; it then resumes from its last sequence
// number and misses nothing.
func TestSlowReaderIsDisconnectedOthersKeepReceiving(t *testing.T) {
	t.Parallel() // its own host; runs beside the other parallel tests
	h := startTestHost(t, HostConfig{CommandRate: 100000, CommandBurst: 100000, SendBuffer: 16 << 10})
	fac := facilitatorRaw(t, h)

	// The slow client asks for a tiny receive buffer and never reads.
	dialer := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(4096)
		}
		return c, err
	}}
	slowWS, _, err := dialer.Dial(h.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slowWS.Close()
	slow := &rawClient{t: t, ws: slowWS}
	slow.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Slow", Institution: "Sleepy Agency"})
	w := slow.until(protocol.KindWelcome, "")
	resume := w.Resume

	fast, _ := joinRaw(t, h, "Fast", "Quick Agency")
	if n := h.Room.Connections(); n != 3 {
		t.Fatalf("connections = %d, want 3", n)
	}

	const n = 3000
	text := strings.Repeat("Şəffaflıq və Координация ", 18) // ~450 characters
	go func() {                                             // the facilitator posts in windows of 100 and reads its acks
		for i := 0; i < n; i += 100 {
			for j := i; j < i+100; j++ {
				if fac.ws.WriteJSON(cmd(fmt.Sprintf("f%d", j), session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: text})) != nil {
					return
				}
			}
			for acks := 0; acks < 100; {
				f, err := fac.tryRead(60 * time.Second)
				if err != nil {
					return
				}
				if f.T == protocol.KindAck {
					acks++
				}
			}
		}
	}()

	// The fast participant receives every idea.
	start := time.Now()
	got := 0
	for got < n {
		f := fast.read()
		if f.T == protocol.KindEvent && f.Event.Type == session.EvIdeaPosted {
			got++
		}
	}
	t.Logf("fast participant received %d ideas in %v", n, time.Since(start))
	// The slow one has been disconnected.
	deadline := time.Now().Add(60 * time.Second)
	for h.Room.Connections() != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("slow client still connected: %d connections", h.Room.Connections())
		}
		time.Sleep(20 * time.Millisecond)
	}

	// It reads what reached it, then resumes from its last seq.
	var last int64
	for {
		f, err := slow.tryRead(500 * time.Millisecond)
		if err != nil {
			break
		}
		if f.T == protocol.KindEvent {
			if last != 0 && f.Event.Seq != last+1 {
				t.Fatalf("gap before close: %d after %d", f.Event.Seq, last)
			}
			last = f.Event.Seq
		}
	}
	if last == 0 {
		last = w.Seq
	}
	again := dialRaw(t, h.URL())
	again.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: resume, Since: last})
	wel := again.until(protocol.KindWelcome, "")
	t.Logf("slow client resumed after seq %d; hub at %d; snapshot: %v (after %v)", last, wel.Seq, wel.Snapshot != nil, time.Since(start))
	if wel.Snapshot != nil {
		// Too far behind for a replay: the snapshot holds everything.
		if len(wel.Snapshot.Ideas) != n || wel.Snapshot.Seq != wel.Seq {
			t.Fatalf("snapshot has %d ideas at seq %d, want %d at %d", len(wel.Snapshot.Ideas), wel.Snapshot.Seq, n, wel.Seq)
		}
		last = wel.Seq
	}
	for last < wel.Seq {
		f := again.read()
		if f.T != protocol.KindEvent {
			continue
		}
		if f.Event.Seq != last+1 {
			t.Fatalf("resume gap: %d after %d", f.Event.Seq, last)
		}
		last = f.Event.Seq
	}
	if last < h.Room.Seq() {
		t.Fatalf("resumed to %d, hub at %d", last, h.Room.Seq())
	}
}
