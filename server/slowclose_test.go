package server

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
)

// TestSlowReaderSeesItsCloseCode: a participant stops reading while the
// room is busy, is closed as too slow, then reads again: after what had
// reached it, it finds the close frame 4408 (it used to find the socket
// closed, 1006, and no reason). The close grace is long here so that the
// hub waits for the reader whatever the machine's load.
func TestSlowReaderSeesItsCloseCode(t *testing.T) {
	t.Parallel()
	// Over TLS a write cut short cannot be resumed: the hub lets it finish
	// instead. Both must end with the close frame.
	for _, scheme := range []string{"ws", "wss"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			testSlowReaderSeesItsCloseCode(t, scheme == "wss")
		})
	}
}

func testSlowReaderSeesItsCloseCode(t *testing.T, withTLS bool) {
	cfg := HostConfig{SendBuffer: 16 << 10, Timings: Timings{CloseGrace: time.Minute}}
	if withTLS {
		pki := newTestPKI(t, "slow")
		cfg.TLSCert, cfg.TLSKey = pki.certFile, pki.keyFile
	}
	h := startTestHost(t, cfg)
	dialer := websocket.Dialer{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // the test's own host
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err == nil {
				// Small enough to fill, large enough that the kernel
				// reopens the window as soon as the client reads again.
				c.(*net.TCPConn).SetReadBuffer(256 << 10)
			}
			return c, err
		}}
	ws, _, err := dialer.Dial(h.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	slow := &rawClient{t: t, ws: ws}
	slow.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Slow", Institution: "Sleepy Agency"})
	slow.until(protocol.KindWelcome, "")

	// Frames of 1 KiB go to every welcomed connection (only this one)
	// until the hub no longer counts it: it has closed it as too slow.
	data := []byte(`{"t":"bench","pad":"` + strings.Repeat("x", 1000) + `"}`)
	sent := 0
	for n := 1; ; sent++ {
		if sent > 100000 {
			t.Fatal("the client that does not read was never closed")
		}
		var ok bool
		if _, n, ok = h.Room.RawFanout(data); !ok {
			t.Fatal("the room stopped")
		}
		if n == 0 {
			break
		}
	}

	// Now it reads again: what reached it, then the close frame.
	for k := 0; ; k++ {
		if k > sent {
			t.Fatal("no close after more frames than were sent")
		}
		_, err := slow.tryRead(30 * time.Second)
		if err != nil {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != protocol.CloseTooSlow {
				t.Fatalf("after %d of %d frames the connection ended with %v, want close %d", k, sent, err, protocol.CloseTooSlow)
			}
			t.Logf("closed with %d %q after %d of %d frames", ce.Code, ce.Text, k, sent)
			return
		}
	}
}
