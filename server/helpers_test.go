package server

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// startTestHost runs a host on loopback with a temporary database.
// testToken is the facilitator token of a test host that was given none.
const testToken = "test-facilitator-token"

func startTestHost(t *testing.T, cfg HostConfig) *Host {
	t.Helper()
	if cfg.FacilitatorHash == "" {
		cfg.FacilitatorHash = HashToken(testToken)
	}
	if cfg.DB == "" {
		cfg.DB = filepath.Join(t.TempDir(), "rt.db")
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Code == "" {
		cfg.Code = "TEST42"
	}
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	h, err := StartHost(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start host: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// rawClient is a bare websocket client for protocol-level tests.
type rawClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialRaw(t *testing.T, url string) *rawClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &rawClient{t: t, ws: ws}
}

func (c *rawClient) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

func (c *rawClient) sendRaw(data []byte) {
	c.t.Helper()
	if err := c.ws.WriteMessage(websocket.TextMessage, data); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// frame is any frame from the hub, decoded loosely.
type anyFrame struct {
	T        string          `json:"t"`
	Op       string          `json:"op"`
	Code     string          `json:"code"`
	Message  string          `json:"message"`
	Seq      int64           `json:"seq"`
	Dup      bool            `json:"dup"`
	You      string          `json:"you"`
	Resume   string          `json:"resume"`
	Role     string          `json:"role"`
	Event    session.Event   `json:"event"`
	Snapshot *session.State  `json:"snapshot"`
	Raw      json.RawMessage `json:"-"`
}

// read returns the next frame, or fails the test after 5 s.
func (c *rawClient) read() anyFrame {
	c.t.Helper()
	// A frame due now; the wait only catches a hub that will never send it,
	// so it is long enough for a machine under any load the suite meets.
	f, err := c.tryRead(30 * time.Second)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return f
}

func (c *rawClient) tryRead(d time.Duration) (anyFrame, error) {
	c.ws.SetReadDeadline(time.Now().Add(d))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return anyFrame{}, err
	}
	var f anyFrame
	if err := json.Unmarshal(data, &f); err != nil {
		c.t.Fatalf("hub sent bad JSON %q: %v", data, err)
	}
	f.Raw = data
	return f, nil
}

// until reads frames until one of kind t (and op, when given) arrives.
func (c *rawClient) until(kind, op string) anyFrame {
	c.t.Helper()
	for {
		f := c.read()
		if f.T == kind && (op == "" || f.Op == op) {
			return f
		}
	}
}

// closeCode reads until the connection closes and returns the close code.
func (c *rawClient) closeCode() int {
	c.t.Helper()
	for {
		_, err := c.tryRead(30 * time.Second)
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code
		}
		c.t.Fatalf("expected a close frame, got %v", err)
	}
}

func joinRaw(t *testing.T, h *Host, name, inst string) (*rawClient, anyFrame) {
	t.Helper()
	c := dialRaw(t, h.URL())
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: name, Institution: inst})
	w := c.until(protocol.KindWelcome, "")
	return c, w
}

func facilitatorRaw(t *testing.T, h *Host) *rawClient {
	t.Helper()
	c := dialRaw(t, h.URL())
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Token: testToken})
	if w := c.until(protocol.KindWelcome, ""); w.Role != string(session.RoleFacilitator) {
		t.Fatalf("facilitator welcome role = %q", w.Role)
	}
	return c
}

func cmd(op string, c session.Command) protocol.Command {
	return protocol.Command{T: protocol.KindCommand, Op: op, Cmd: c}
}
