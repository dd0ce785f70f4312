package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
)

// TestBotTakesARosterAsCoveringTheSeqs: in a crowd the hub skips other
// participants' joins and sends a roster for them; a bot counts the
// roster's seq as reached (no gap), records no receipt for it, and still
// counts a real gap.
func TestBotTakesARosterAsCoveringTheSeqs(t *testing.T) {
	frames := []string{
		`{"t":"welcome","v":1,"session":"s1","role":"participant","you":"p7","resume":"r","seq":302,"crowd":{"participants":300,"online":300,"institutions":21},"online":[]}`,
		`{"t":"roster","seq":304,"participants":302,"online":301,"institutions":22}`,
		`{"t":"event","event":{"seq":305,"type":"idea_posted","at":"2026-12-02T09:00:00Z","id":"i305","topic":"t1","text":"x","institution":"IRIA"}}`,
		`{"t":"roster","seq":301,"participants":302,"online":290,"institutions":22}`, // older: counts only
		`{"t":"event","event":{"seq":306,"type":"redacted","at":"2026-12-02T09:00:00Z"}}`,
		`{"t":"roster","participants":303,"seq":307,"online":290,"institutions":22}`, // fields in another order
		`{"t":"event","event":{"seq":308,"type":"redacted","at":"2026-12-02T09:00:00Z"}}`,
		`{"t":"event","event":{"seq":310,"type":"redacted","at":"2026-12-02T09:00:00Z"}}`, // 309 is missing: a gap
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		if _, _, err := ws.ReadMessage(); err != nil { // the hello
			return
		}
		for _, f := range frames {
			if err := ws.WriteMessage(websocket.TextMessage, []byte(f)); err != nil {
				return
			}
		}
		ws.ReadMessage() // until the bot goes
	}))
	defer srv.Close()
	rec := newRecorder(400, 1)
	hello := protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "K7Q2M", Name: "Bot", Institution: "IRIA"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := joinBot(ctx, 0, "ws"+strings.TrimPrefix(srv.URL, "http"), websocket.DefaultDialer, hello, rec, new(atomic.Bool))
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	deadline := time.Now().Add(5 * time.Second)
	for b.lastSeq.Load() != 310 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	if got := b.lastSeq.Load(); got != 310 {
		t.Fatalf("last seq %d; want 310", got)
	}
	if g := b.gaps.Load(); g != 1 {
		t.Errorf("%d gaps; want 1 (309 only: the rosters cover 303, 304 and 307)", g)
	}
	for seq, want := range map[int64]int{304: 0, 305: 1, 306: 1, 307: 0, 308: 1, 310: 1} {
		if got := rec.seen(seq); got != want {
			t.Errorf("seq %d recorded %d times; want %d", seq, got, want)
		}
	}
}
