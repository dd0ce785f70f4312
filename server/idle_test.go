package server

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// reader reads a raw client's frames in a goroutine of its own (which also
// answers the hub's pings, as gorilla does while it reads), so that a test
// can wait on them with select.
type reader struct {
	frames chan anyFrame
	err    chan error // the error that ended reading
	pings  chan struct{}
}

func startReader(c *rawClient) *reader {
	r := &reader{frames: make(chan anyFrame, 1024), err: make(chan error, 1), pings: make(chan struct{}, 16)}
	c.ws.SetPingHandler(func(data string) error {
		select {
		case r.pings <- struct{}{}:
		default:
		}
		// A failed pong shows up as a failed read.
		c.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
		return nil
	})
	go func() {
		for {
			c.ws.SetReadDeadline(time.Time{})
			_, data, err := c.ws.ReadMessage()
			if err != nil {
				r.err <- err
				return
			}
			f, ok := decodeFrame(data)
			if !ok {
				r.err <- errors.New("the hub sent bad JSON: " + string(data))
				return
			}
			r.frames <- f
		}
	}()
	return r
}

// decodeFrame decodes a frame from the hub loosely.
func decodeFrame(data []byte) (anyFrame, bool) {
	var f anyFrame
	if err := json.Unmarshal(data, &f); err != nil {
		return f, false
	}
	f.Raw = data
	return f, true
}

// until waits for a frame of kind (and op, when given), failing the test
// if the connection ends or nothing comes within d.
func (r *reader) until(t *testing.T, kind, op string, d time.Duration) anyFrame {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case f := <-r.frames:
			if f.T == kind && (op == "" || f.Op == op) {
				return f
			}
		case err := <-r.err:
			t.Fatalf("the connection ended while waiting for %s %s: %v", kind, op, err)
		case <-timeout:
			t.Fatalf("no %s %s within %v", kind, op, d)
		}
	}
}

// TestIdleConnectionsSurvivePings reproduces the drop seen at real timings:
// a hub ping, then a quiet spell longer than the write wait, then an
// event. The client must receive it and the connection must stay open (it
// used to fail its first write after the quiet spell and close with 1006).
// The write wait is shortened so that the quiet spell is short; the ping
// period stays well above it.
func TestIdleConnectionsSurvivePings(t *testing.T) {
	t.Parallel()
	const writeWait = time.Second
	h := startTestHost(t, HostConfig{PingPeriod: 4 * time.Second, Timings: Timings{WriteWait: writeWait}})
	p, _ := joinRaw(t, h, "Quiet", "Agency")
	r := startReader(p)

	select {
	case <-r.pings:
	case err := <-r.err:
		t.Fatalf("the connection ended before the first ping: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no ping from the hub")
	}
	time.Sleep(2*writeWait + writeWait/2) // quiet: longer than the write wait, shorter than a ping period

	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	if err := h.Room.Do(fac, session.Command{Type: session.CmdAddTopic, Name: "After a quiet spell"}); err != nil {
		t.Fatal(err)
	}
	ev := r.until(t, protocol.KindEvent, "", 10*time.Second)
	if ev.Event.Type != session.EvTopicAdded {
		t.Fatalf("got event %s, want %s", ev.Event.Type, session.EvTopicAdded)
	}
	// Still open: a command is answered on the same connection.
	p.send(cmd("still-here", session.Command{Type: session.CmdMarkDone}))
	if f := r.until(t, protocol.KindAck, "still-here", 10*time.Second); f.Seq == 0 {
		t.Fatal("ack without seq")
	}
}

// TestHelloDeadlineHoldsWhateverArrives: a connection that never says
// hello is closed after the hello wait, whatever else it sends meanwhile
// (pongs used to push the deadline on forever).
func TestHelloDeadlineHoldsWhateverArrives(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{Timings: Timings{HelloWait: 300 * time.Millisecond}})
	tests := map[string]func(ws *websocket.Conn) error{
		"pongs": func(ws *websocket.Conn) error {
			return ws.WriteControl(websocket.PongMessage, []byte("still here"), time.Now().Add(time.Second))
		},
		"pings": func(ws *websocket.Conn) error {
			return ws.WriteControl(websocket.PingMessage, []byte("anyone?"), time.Now().Add(time.Second))
		},
		"frames that are not a hello": func(ws *websocket.Conn) error {
			return ws.WriteMessage(websocket.TextMessage, []byte(`{"t":"shout"}`))
		},
	}
	for name, send := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := dialRaw(t, h.URL())
			ended := make(chan error, 1)
			go func() {
				for {
					if _, _, err := c.ws.ReadMessage(); err != nil {
						ended <- err
						return
					}
				}
			}()
			// Keep sending, 20 a second, for up to 15 s (50 hello waits).
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for range 300 {
				select {
				case err := <-ended:
					t.Logf("closed by the hub: %v", err)
					return
				case <-tick.C:
					send(c.ws)
				}
			}
			t.Fatal("the connection is still open 15 s after connecting without a hello")
		})
	}
}
