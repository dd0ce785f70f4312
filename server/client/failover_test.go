package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// fakeNode is another listener of a fake hub: a node of a cluster serving
// the same session, with the same seqs, resume tokens and op ids.
type fakeNode struct {
	h   *fakeHub
	id  int
	srv *httptest.Server
}

// addNode opens another listener on h; its number is the one the hub
// records beside each hello (helloAt).
func (h *fakeHub) addNode(id int) *fakeNode {
	h.t.Helper()
	n := &fakeNode{h: h, id: id}
	n.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.serveAt(id, w, r) }))
	h.t.Cleanup(n.srv.Close)
	return n
}

// addr is the node's address the way a person would type it.
func (n *fakeNode) addr() string { return strings.TrimPrefix(n.srv.URL, "http://") }

// node0 is the hub's first listener as a node.
func (h *fakeHub) node0() *fakeNode { return &fakeNode{h: h, id: 0, srv: h.srv} }

// crash stops the node listening (a new connection is refused) and drops
// its connections without a close frame, as a machine that dies would.
func (n *fakeNode) crash() {
	n.srv.Listener.Close()
	n.drop()
}

// drop ends the node's connections without a close frame (1006 to the
// client), as a network that fails would.
func (n *fakeNode) drop() {
	n.h.mu.Lock()
	defer n.h.mu.Unlock()
	for hc := range n.h.conns {
		if hc.node == n.id {
			hc.ws.Close()
		}
	}
}

// helloNodes returns the node each hello came to, in order.
func (h *fakeHub) helloNodes() []int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.helloAt)
}

// deadAddr is a loopback address nothing listens on: connecting is refused
// at once, as at a node whose process is gone.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestSplitURLs(t *testing.T) {
	tests := map[string]struct {
		in    string
		want  []string
		index int    // the bad element's place, 0 when the list is good
		addr  string // the bad element as typed
	}{
		"one":             {in: "10.0.0.1:7777", want: []string{"ws://10.0.0.1:7777/ws"}},
		"three":           {in: "10.0.0.1:7777,10.0.0.2:7777,10.0.0.3", want: []string{"ws://10.0.0.1:7777/ws", "ws://10.0.0.2:7777/ws", "ws://10.0.0.3:7777/ws"}},
		"spaces, schemes": {in: " wss://a.example , b.example:9000 ", want: []string{"wss://a.example/ws", "ws://b.example:9000/ws"}},
		"repeat dropped":  {in: "a:1,A:1,ws://a:1/ws", want: []string{"ws://a:1/ws"}},
		"empty element":   {in: "a:1,,b:2", index: 2},
		"trailing comma":  {in: "a:1,b:2,", index: 3},
		"garbage":         {in: "a:1,ftp://b", index: 2, addr: "ftp://b"},
		"space in host":   {in: "a:1, b c:2", index: 2, addr: "b c:2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := SplitURLs(tc.in)
			if tc.index == 0 {
				if err != nil || !slices.Equal(got, tc.want) {
					t.Fatalf("SplitURLs(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			var ae *AddressError
			if !errors.As(err, &ae) || ae.Index != tc.index || ae.Addr != tc.addr {
				t.Fatalf("SplitURLs(%q) = %q, %v; want an AddressError for element %d %q", tc.in, got, err, tc.index, tc.addr)
			}
			if !strings.Contains(err.Error(), "address "+string(rune('0'+tc.index))) {
				t.Fatalf("the error %q does not name the element", err)
			}
		})
	}
	if _, err := SplitURLs("  "); err == nil {
		t.Fatal("SplitURLs of nothing: no error")
	}
	if _, err := NormalizeURL("a:1,b:2"); err == nil {
		t.Fatal("NormalizeURL took a list of two as one address")
	}
}

// TestNodesConfig: URL comes first, then URLs; an empty URL is allowed with
// URLs; one pin makes every node wss://.
func TestNodesConfig(t *testing.T) {
	pin := strings.Repeat("ab", 32)
	tests := map[string]struct {
		cfg  Config
		want []string
		bad  int // an AddressError for this element of URLs
	}{
		"url then urls":  {cfg: Config{URL: "a:1", URLs: []string{"b:2", "a:1"}}, want: []string{"ws://a:1/ws", "ws://b:2/ws"}},
		"urls only":      {cfg: Config{URLs: []string{"b:2", "c:3"}}, want: []string{"ws://b:2/ws", "ws://c:3/ws"}},
		"pin for all":    {cfg: Config{URL: "a:1", URLs: []string{"ws://b:2"}, Fingerprint: pin}, want: []string{"wss://a:1/ws", "wss://b:2/ws"}},
		"empty in urls":  {cfg: Config{URL: "a:1", URLs: []string{"b:2", " "}}, bad: 2},
		"garbage in url": {cfg: Config{URLs: []string{"ftp://x"}}, bad: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.cfg.withDefaults()
			if tc.bad > 0 {
				var ae *AddressError
				if !errors.As(err, &ae) || ae.Index != tc.bad {
					t.Fatalf("withDefaults: %v; want an AddressError for element %d", err, tc.bad)
				}
				return
			}
			if err != nil || !slices.Equal(got.URLs, tc.want) || got.URL != tc.want[0] {
				t.Fatalf("withDefaults: URL %q URLs %q, %v; want %q", got.URL, got.URLs, err, tc.want)
			}
		})
	}
}

// TestDialSkipsADeadNode: the first address refuses connections; Dial
// goes on to the second and is welcomed there.
func TestDialSkipsADeadNode(t *testing.T) {
	h := newFakeHub(t)
	cfg := participantConfig(h, "Aysel")
	dead := deadAddr(t)
	cfg.URL, cfg.URLs = dead, []string{h.url()}
	c := dial(t, cfg)
	if c.Status() != Online || c.Node() != h.url() {
		t.Fatalf("status %v at %q; want online at %q", c.Status(), c.Node(), h.url())
	}
	if got := c.Nodes(); !slices.Equal(got, []string{dead, h.url()}) {
		t.Fatalf("Nodes() = %q", got)
	}
	if u := c.Drain(); u.Node != h.url() {
		t.Fatalf("Drain().Node = %q; want %q", u.Node, h.url())
	}
	if id, _ := c.Me(); id == "" || len(h.helloList()) != 1 {
		t.Fatalf("joined as %q after %d hellos; want one hello, joined", id, len(h.helloList()))
	}
}

// TestDialNodesFailing: what Dial reports when no node welcomes the client.
func TestDialNodesFailing(t *testing.T) {
	t.Run("none reachable", func(t *testing.T) {
		a, b := deadAddr(t), deadAddr(t)
		_, err := Dial(t.Context(), Config{URL: a, URLs: []string{b}, Code: "K7Q2M", Name: "A", Institution: "B"})
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), a) || !strings.Contains(err.Error(), b) {
			t.Fatalf("Dial = %v; want unreachable, naming %s and %s", err, a, b)
		}
	})
	t.Run("wrong code is not tried elsewhere", func(t *testing.T) {
		h := newFakeHub(t)
		second := h.addNode(1)
		cfg := participantConfig(h, "Aysel")
		cfg.Code, cfg.URLs = "WRONG", []string{second.addr()}
		_, err := Dial(t.Context(), cfg)
		var se *session.Error
		if !errors.As(err, &se) || se.Code != session.EFORBIDDEN {
			t.Fatalf("Dial = %v; want the hub's EFORBIDDEN", err)
		}
		if got := h.helloNodes(); !slices.Equal(got, []int{0}) {
			t.Fatalf("hellos reached nodes %v; want only the first", got)
		}
	})
	t.Run("a stopping node, then a dead one", func(t *testing.T) {
		h := newFakeHub(t)
		h.set(func(h *fakeHub) { h.refuseHello = protocol.CloseHostPaused })
		cfg := participantConfig(h, "Aysel")
		cfg.URLs = []string{deadAddr(t)}
		_, err := Dial(t.Context(), cfg)
		if !errors.Is(err, ErrHostPaused) {
			t.Fatalf("Dial = %v; want the stopping host's refusal", err)
		}
	})
}

// TestFailoverResumesOnTheNextNode: the node the client is on dies (no
// close frame, nothing listening) with a command taken but unanswered; the
// client resumes on the next node with its resume token and since = its
// last seq, and sends the command again under the same op id, which that
// node acknowledges once.
func TestFailoverResumesOnTheNextNode(t *testing.T) {
	h := newFakeHub(t)
	second := h.addNode(1)
	cfg := participantConfig(h, "Aysel")
	cfg.URLs = []string{second.addr()}
	c := dial(t, cfg)
	c.Drain()
	seq := c.State().Seq
	token := c.ResumeToken()

	// the command is committed, then the node vanishes before its events
	// and ack reach the client
	first := h.node0()
	first.srv.Listener.Close()
	h.set(func(h *fakeHub) { h.loseNext = true })
	op := c.Send(idea("Shared e-signature for every ministry"))
	u := drainAll(t, c, func() bool { return c.Pending() == 0 && c.Status() == Online })

	if !slices.Equal(u.Acked, []string{op}) || len(u.Nacks) != 0 {
		t.Fatalf("acked %v, nacked %v; want %s acked once", u.Acked, u.Nacks, op)
	}
	if n := ideasWith(c.State(), "Shared e-signature for every ministry"); n != 1 {
		t.Fatalf("the replica holds the idea %d times; want once", n)
	}
	if c.Node() != second.addr() || !u.NodeChanged || u.Node != second.addr() {
		t.Fatalf("on %q (news: %q, changed %v); want %q", c.Node(), u.Node, u.NodeChanged, second.addr())
	}
	hellos, at := h.helloList(), h.helloNodes()
	if !slices.Equal(at, []int{0, 1}) {
		t.Fatalf("hellos reached nodes %v; want the first, then the second", at)
	}
	if re := hellos[1]; re.Resume != token || re.Since != seq || re.Name != "" || re.Code != h.code {
		t.Fatalf("resume hello on the second node = %+v; want token %q and since %d", re, token, seq)
	}
	h.mu.Lock()
	sent := h.opCount[op]
	h.mu.Unlock()
	if sent != 2 {
		t.Fatalf("the op reached the hub %d times; want 2 (sent, then re-sent under the same id)", sent)
	}
	if u.Snapshot {
		t.Fatal("the resume fetched a snapshot; want the events since the last seq")
	}
}

// TestWhichNodeAfterAClose: a node that closes a connection on purpose and
// goes on serving is asked again; one that is going away is not.
func TestWhichNodeAfterAClose(t *testing.T) {
	tests := map[string]struct {
		code int
		gone bool  // the first node stops listening too
		want []int // the nodes of the hellos
	}{
		"too slow: the same node":        {code: protocol.CloseTooSlow, want: []int{0, 0}},
		"rate limited: the same node":    {code: protocol.CloseRateLimited, want: []int{0, 0}},
		"host paused: the same node":     {code: protocol.CloseHostPaused, want: []int{0, 0}},
		"host paused and gone: the next": {code: protocol.CloseHostPaused, gone: true, want: []int{0, 1}},
		"going away: the next node":      {code: websocket.CloseGoingAway, want: []int{0, 1}},
		"storage failed: the next node":  {code: websocket.CloseInternalServerErr, want: []int{0, 1}},
		"vanished (1006): the next node": {code: 0, want: []int{0, 1}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			second := h.addNode(1)
			cfg := participantConfig(h, "Aysel")
			cfg.URLs = []string{second.addr()}
			c := dial(t, cfg)
			c.Drain()
			if tc.gone {
				h.node0().srv.Listener.Close()
			}
			if tc.code == 0 {
				h.node0().drop()
			} else {
				h.kick(tc.code)
			}
			waitFor(t, "the resume", func() bool { return len(h.helloList()) == 2 && c.Status() == Online })
			if at := h.helloNodes(); !slices.Equal(at, tc.want) {
				t.Fatalf("hellos reached nodes %v; want %v", at, tc.want)
			}
		})
	}
}

// TestNodeBehindIsSkipped: a node whose welcome is behind the client's
// last seq is left for the next, asked for the same seq; no snapshot.
func TestNodeBehindIsSkipped(t *testing.T) {
	h := newFakeHub(t)
	second := h.addNode(1)
	cfg := participantConfig(h, "Aysel")
	cfg.URLs = []string{second.addr()}
	c := dial(t, cfg)
	h.set(func(h *fakeHub) { h.lag = map[int]int64{1: 2} })
	h.mustCommit(facilitator, idea("seen before the failover"))
	waitFor(t, "the idea", func() bool { return ideasWith(c.State(), "seen before the failover") == 1 })
	c.Drain()
	seq := c.State().Seq

	h.kick(websocket.CloseGoingAway)
	u := drainAll(t, c, func() bool { return len(h.helloList()) >= 3 && c.Status() == Online })
	if at := h.helloNodes(); !slices.Equal(at, []int{0, 1, 0}) {
		t.Fatalf("hellos reached nodes %v; want 0, then 1 (behind), then 0 again", at)
	}
	for _, hello := range h.helloList()[1:] {
		if hello.Since != seq {
			t.Fatalf("a resume asked since %d; want %d", hello.Since, seq)
		}
	}
	if u.Snapshot || c.State().Seq != seq {
		t.Fatalf("snapshot %v, seq %d; want no snapshot and seq %d", u.Snapshot, c.State().Seq, seq)
	}
}

// TestCertificateRefusedOnEveryNode: one pin applies to every node, and
// Dial reports the refused certificate before anything else the nodes said.
func TestCertificateRefusedOnEveryNode(t *testing.T) {
	a := httptest.NewTLSServer(http.NotFoundHandler())
	defer a.Close()
	b := httptest.NewTLSServer(http.NotFoundHandler())
	defer b.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := Dial(ctx, Config{
		URL: strings.TrimPrefix(a.URL, "https://"), URLs: []string{strings.TrimPrefix(b.URL, "https://")},
		Fingerprint: strings.Repeat("00", 32), Code: "K7Q2M", Name: "A", Institution: "B",
	})
	if !errors.Is(err, ErrCertificate) {
		t.Fatalf("Dial = %v; want the refused certificate", err)
	}
}
