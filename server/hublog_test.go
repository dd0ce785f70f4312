package server

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// recordLog keeps the hub's log records, for tests that read them.
type recordLog struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *recordLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordLog) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, r.Clone())
	return nil
}
func (h *recordLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recordLog) WithGroup(string) slog.Handler      { return h }

// find returns the attributes of the first record with msg at level whose
// attributes include want, or nil.
func (h *recordLog) find(level slog.Level, msg string, want map[string]string) map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.recs {
		if r.Level != level || r.Message != msg {
			continue
		}
		attrs := map[string]string{}
		r.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.String(); return true })
		ok := true
		for k, v := range want {
			if attrs[k] != v {
				ok = false
			}
		}
		if ok {
			return attrs
		}
	}
	return nil
}

// wait waits (up to 20 s) until the log holds a record like that.
func (h *recordLog) wait(t *testing.T, level slog.Level, msg string, want map[string]string) map[string]string {
	t.Helper()
	for range 2000 {
		if a := h.find(level, msg, want); a != nil {
			return a
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.recs {
		t.Logf("%s %s", r.Level, r.Message)
	}
	t.Fatalf("no %s %q with %v in the log", level, msg, want)
	return nil
}

// TestHubLogsConnectionsAndRefusals: the hub's log says when a connection
// opens and closes (with its address, participant, close code and reason)
// at Info, and what it refuses at Warn, once per episode of a limit.
func TestHubLogsConnectionsAndRefusals(t *testing.T) {
	t.Parallel()
	log := &recordLog{}
	h := startTestHost(t, HostConfig{Logger: slog.New(log), AddrLimits: AddrLimits{JoinBurst: 1, JoinRate: 0.001}})

	p, w := joinRaw(t, h, "Aysel", "IRIA")
	addr := p.ws.LocalAddr().String()
	log.wait(t, slog.LevelInfo, "connection opened", map[string]string{"addr": addr})
	p.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"), time.Now().Add(time.Second))
	p.closeCode()
	log.wait(t, slog.LevelInfo, "connection closed", map[string]string{"addr": addr, "participant": w.You, "code": "1000", "reason": "bye", "by": "client"})

	wrong := dialRaw(t, h.URL())
	refused(t, wrong, protocol.Hello{Code: "WRONG1", Name: "Guess", Institution: "X"}, session.EFORBIDDEN, protocol.CloseUnauthorized)
	log.wait(t, slog.LevelWarn, "join refused", map[string]string{"addr": wrong.ws.LocalAddr().String(), "why": "wrong join code"})

	for i := range 3 {
		refused(t, dialRaw(t, h.URL()), protocol.Hello{Code: h.Code, Name: fmt.Sprintf("Late %d", i), Institution: "X"}, session.ELIMIT, protocol.CloseRateLimited)
	}
	log.wait(t, slog.LevelWarn, "address limited", map[string]string{"addr": "127.0.0.1", "limit": "new participants"})
	log.wait(t, slog.LevelWarn, "connection closed", map[string]string{"code": fmt.Sprint(protocol.CloseRateLimited), "by": "hub"})
	log.mu.Lock()
	n := 0
	for _, r := range log.recs {
		if r.Message == "address limited" {
			n++
		}
	}
	log.mu.Unlock()
	if n != 1 {
		t.Fatalf("the limit was logged %d times in one episode, want once", n)
	}
}

// TestHubLogsALostConnection: a socket that ends without a close frame is
// logged as lost (code 1006, by the network), not as closed by the hub.
func TestHubLogsALostConnection(t *testing.T) {
	t.Parallel()
	log := &recordLog{}
	h := startTestHost(t, HostConfig{Logger: slog.New(log)})
	p, w := joinRaw(t, h, "Aysel", "IRIA")
	addr := p.ws.LocalAddr().String()
	p.ws.NetConn().Close()
	log.wait(t, slog.LevelInfo, "connection closed", map[string]string{"addr": addr, "participant": w.You, "code": "1006", "by": "network"})
}
