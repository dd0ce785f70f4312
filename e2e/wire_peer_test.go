package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// The wire check's client: a bare websocket that keeps every frame it
// reads, says hello, sends commands and waits on what comes back.

// dialRefused says hello and returns the close code the hub refuses it
// with, after its error frame.
func dialRefused(t *testing.T, h *hostProc, hello protocol.Hello) int {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(h.URL, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer ws.Close()
	ws.SetWriteDeadline(time.Now().Add(stepTimeout))
	if err := ws.WriteJSON(hello); err != nil {
		t.Fatalf("hello: %v", err)
	}
	ws.SetReadDeadline(time.Now().Add(stepTimeout))
	for {
		_, data, err := ws.ReadMessage()
		var ce *websocket.CloseError
		switch {
		case errors.As(err, &ce):
			return ce.Code
		case err != nil:
			t.Fatalf("waiting for the refusal: %v", err)
		case bytes.Contains(data, []byte(`"t":"welcome"`)):
			t.Fatalf("welcomed: %s", data)
		}
	}
}

// wireFrame is what the test reads of any frame to follow the flow.
type wireFrame struct {
	T     string        `json:"t"`
	Op    string        `json:"op"`
	Dup   bool          `json:"dup"`
	Seq   int64         `json:"seq"`
	Event session.Event `json:"event"`
}

// wirePeer is one bare websocket client that keeps every frame it reads.
type wirePeer struct {
	t      *testing.T
	name   string
	ws     *websocket.Conn
	ops    int
	lastOp string

	mu     sync.Mutex
	frames [][]byte
	wake   chan struct{}
	done   chan struct{}
}

func dialWire(t *testing.T, h *hostProc, name string, hello protocol.Hello) *wirePeer {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(h.URL, nil)
	if err != nil {
		t.Fatalf("%s: dial: %v", name, err)
	}
	p := &wirePeer{t: t, name: name, ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	t.Cleanup(func() { ws.Close(); <-p.done })
	go func() {
		defer close(p.done)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.frames = append(p.frames, data)
			p.mu.Unlock()
			select {
			case p.wake <- struct{}{}:
			default:
			}
		}
	}()
	p.send(hello)
	p.until(func(f wireFrame) bool { return f.T == protocol.KindWelcome })
	return p
}

func (p *wirePeer) send(v any) {
	p.t.Helper()
	p.ws.SetWriteDeadline(time.Now().Add(stepTimeout))
	if err := p.ws.WriteJSON(v); err != nil {
		p.t.Fatalf("%s: send: %v", p.name, err)
	}
}

func (p *wirePeer) sendRaw(b []byte) {
	p.t.Helper()
	p.ws.SetWriteDeadline(time.Now().Add(stepTimeout))
	if err := p.ws.WriteMessage(websocket.TextMessage, b); err != nil {
		p.t.Fatalf("%s: send: %v", p.name, err)
	}
}

func (p *wirePeer) all() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.frames)
}

// until waits for a frame that satisfies cond (looking at every frame
// received so far) and returns it.
func (p *wirePeer) until(cond func(wireFrame) bool) []byte {
	p.t.Helper()
	deadline := time.After(stepTimeout)
	for {
		for _, raw := range p.all() {
			var f wireFrame
			if json.Unmarshal(raw, &f) == nil && cond(f) {
				return raw
			}
		}
		select {
		case <-p.wake:
		case <-p.done:
			// a frame that came just before the close counts: wake and
			// done may be ready together
			for _, raw := range p.all() {
				var f wireFrame
				if json.Unmarshal(raw, &f) == nil && cond(f) {
					return raw
				}
			}
			p.t.Fatalf("%s: the connection closed while waiting", p.name)
		case <-deadline:
			p.t.Fatalf("%s: no such frame within %v", p.name, stepTimeout)
		}
	}
}

func (p *wirePeer) welcome() protocol.Welcome {
	var w protocol.Welcome
	json.Unmarshal(p.until(func(f wireFrame) bool { return f.T == protocol.KindWelcome }), &w)
	return w
}

// state is this peer's copy of the session, built as a client would:
// the welcome's snapshot, then every event received so far.
func (p *wirePeer) state() *session.State {
	p.t.Helper()
	var st *session.State
	for _, raw := range p.all() {
		var f struct {
			T        string         `json:"t"`
			Snapshot *session.State `json:"snapshot"`
			Event    session.Event  `json:"event"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			p.t.Fatalf("%s: %v", p.name, err)
		}
		switch {
		case f.T == protocol.KindWelcome && f.Snapshot != nil:
			st = f.Snapshot
			st.Normalize()
		case f.T == protocol.KindEvent && st != nil && f.Event.Seq > st.Seq:
			st.Apply(f.Event)
		}
	}
	if st == nil {
		p.t.Fatalf("%s: no snapshot", p.name)
	}
	return st
}

// command sends c under a new op and returns the answer (ack or nack).
func (p *wirePeer) command(c session.Command) []byte {
	p.t.Helper()
	p.ops++
	op := fmt.Sprintf("%s-%d", strings.ReplaceAll(p.name, " ", "_"), p.ops)
	p.lastOp = op
	p.send(protocol.Command{T: protocol.KindCommand, Op: op, Cmd: c})
	return p.until(func(f wireFrame) bool { return (f.T == protocol.KindAck || f.T == protocol.KindNack) && f.Op == op })
}

// ok sends c and fails the test unless the hub acks it.
func (p *wirePeer) ok(c session.Command) protocol.Ack {
	p.t.Helper()
	raw := p.command(c)
	var a protocol.Ack
	json.Unmarshal(raw, &a)
	if a.T != protocol.KindAck {
		p.t.Fatalf("%s: %s refused: %s", p.name, c.Type, raw)
	}
	return a
}

// no sends c and fails the test unless the hub nacks it.
func (p *wirePeer) no(c session.Command) {
	p.t.Helper()
	if raw := p.command(c); !bytes.Contains(raw, []byte(`"t":"nack"`)) {
		p.t.Fatalf("%s: %s was not refused: %s", p.name, c.Type, raw)
	}
}
