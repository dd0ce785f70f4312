package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCentrifugoConfig: the configuration names the address, port and API
// key, and lets anonymous clients subscribe without a token, in the keys
// of Centrifugo v6.
func TestCentrifugoConfig(t *testing.T) {
	data, err := centrifugoConfig("127.0.0.1", 18123, "k3y")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		HTTPServer struct {
			Address string `json:"address"`
			Port    int    `json:"port"`
		} `json:"http_server"`
		Client struct {
			Insecure       bool     `json:"insecure"`
			AllowedOrigins []string `json:"allowed_origins"`
		} `json:"client"`
		HTTPAPI struct {
			Key string `json:"key"`
		} `json:"http_api"`
		Log struct {
			Level string `json:"level"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	if c.HTTPServer.Address != "127.0.0.1" || c.HTTPServer.Port != 18123 {
		t.Errorf("http_server %+v", c.HTTPServer)
	}
	if !c.Client.Insecure || !slices.Equal(c.Client.AllowedOrigins, []string{"*"}) {
		t.Errorf("client %+v", c.Client)
	}
	if c.HTTPAPI.Key != "k3y" {
		t.Errorf("http_api.key %q", c.HTTPAPI.Key)
	}
	if c.Log.Level != "error" {
		t.Errorf("log.level %q", c.Log.Level)
	}
}

// TestPeerOrder: sizes in turn; within a size, Roundtable and Centrifugo
// alternate, round after round.
func TestPeerOrder(t *testing.T) {
	var got []string
	for _, s := range peerOrder([]int{1000, 5000}, 3) {
		got = append(got, fmt.Sprintf("%d/%d/%s", s.N, s.Round, s.Server[:2]))
	}
	want := []string{
		"1000/1/ro", "1000/1/ce", "1000/2/ro", "1000/2/ce", "1000/3/ro", "1000/3/ce",
		"5000/1/ro", "5000/1/ce", "5000/2/ro", "5000/2/ce", "5000/3/ro", "5000/3/ce",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order\n got %v\nwant %v", got, want)
	}
}

func peerRound(server string, n, round int, connect, p50, p99, kib float64) PeerRound {
	return PeerRound{Server: server, N: n, Round: round, ConnectAllS: connect, KiBPerConn: kib,
		Fanout: Latency{P50: p50, P99: p99}, LoadStart: 1, LoadEnd: float64(round)}
}

// TestSummarizePeer: medians per server, ratios of the rounds paired by
// number, their range; a failed round leaves its pair out.
func TestSummarizePeer(t *testing.T) {
	rounds := []PeerRound{
		peerRound(peerRoundtable, 1000, 1, 2, 10, 20, 30), peerRound(peerCentrifugo, 1000, 1, 1, 10, 10, 60),
		peerRound(peerRoundtable, 1000, 2, 3, 10, 30, 30), peerRound(peerCentrifugo, 1000, 2, 1, 20, 20, 60),
		peerRound(peerRoundtable, 1000, 3, 4, 10, 10, 30), peerRound(peerCentrifugo, 1000, 3, 2, 5, 20, 50),
		peerRound(peerRoundtable, 5000, 1, 9, 1, 1, 1), {Server: peerCentrifugo, N: 5000, Round: 1, Err: "boom"},
	}
	got := summarizePeer(rounds)
	if len(got) != 2 {
		t.Fatalf("%d sizes, want 2", len(got))
	}
	s := got[0]
	if s.N != 1000 || s.Pairs != 3 {
		t.Fatalf("N %d, pairs %d", s.N, s.Pairs)
	}
	if s.Roundtable != (PeerMedian{3, 0, 10, 20, 30}) || s.Centrifugo != (PeerMedian{1, 0, 10, 20, 60}) {
		t.Errorf("medians %+v / %+v", s.Roundtable, s.Centrifugo)
	}
	// Connect ratios 2, 3, 2; p99 2, 1.5, 0.5; memory 0.5, 0.5, 0.6.
	if s.ConnectAll != (Ratio{2, 2, 3}) {
		t.Errorf("connect-all ratio %+v", s.ConnectAll)
	}
	if s.FanoutP99 != (Ratio{1.5, 0.5, 2}) {
		t.Errorf("p99 ratio %+v", s.FanoutP99)
	}
	if s.Memory != (Ratio{0.5, 0.5, 0.6}) {
		t.Errorf("memory ratio %+v", s.Memory)
	}
	if s.Load != [2]float64{1, 3} {
		t.Errorf("load range %v", s.Load)
	}
	if got[1].Pairs != 0 || got[1].FanoutP99 != (Ratio{}) {
		t.Errorf("N=5000 with its Centrifugo round failed: %+v", got[1])
	}

	goals := PeerGoals(got)
	var met []string
	for _, g := range goals {
		met = append(met, fmt.Sprintf("%s %d %v", g.Goal, g.N, g.Met))
	}
	want := []string{"fan-out p99 1000 false", "memory per idle connection 1000 true"}
	if !slices.Equal(met, want) {
		t.Errorf("goals %q, want %q", met, want)
	}
}

// TestPeerMarksRecord: a client counts each mark once, wherever it is in
// a frame and however many a frame holds; the facilitator is not counted;
// the mark's channel closes when every subscriber has it.
func TestPeerMarksRecord(t *testing.T) {
	m := newPeerMarks(2, 4)
	m.record(0, []byte(`{"push":{"channel":"room","pub":{"data":{"m":"pmk-1"}}}}`+"\n"+`{"push":{"pub":{"data":{"m":"pmk-2"}}}}`), 5)
	m.record(0, []byte(`{"t":"event","event":{"title":"pmk-1"}}`), 9)
	m.record(-1, []byte(`{"t":"event","event":{"title":"pmk-1"}}`), 9)
	m.record(1, []byte(`pmk-99 pmk- pmk-x`), 9)
	if m.got[1].Load() != 1 || m.stamp[0][1].Load() != 5 || m.got[2].Load() != 1 {
		t.Fatalf("got %d %d, stamp %d", m.got[1].Load(), m.got[2].Load(), m.stamp[0][1].Load())
	}
	select {
	case <-m.full[1]:
		t.Fatal("mark 1 full with one of two subscribers")
	default:
	}
	m.record(1, []byte(`"title":"pmk-1"`), 11)
	select {
	case <-m.full[1]:
	default:
		t.Fatal("mark 1 not full with both subscribers")
	}
}

func TestCentrifugoReplies(t *testing.T) {
	tests := map[string]struct {
		frame   string
		id      uint32
		done    bool
		wantErr string
	}{
		"connect reply":          {`{"id":1,"connect":{"client":"abc","version":"6.9.1","ping":25,"pong":true}}`, 1, true, ""},
		"another reply":          {`{"id":1,"connect":{}}`, 2, false, ""},
		"subscribe in a batch":   {`{}` + "\n" + `{"id":2,"subscribe":{}}`, 2, true, ""},
		"error":                  {`{"id":2,"error":{"code":103,"message":"permission denied"}}`, 2, false, "permission denied"},
		"a push is not a reply":  {`{"push":{"channel":"room","pub":{"data":{}}}}`, 1, false, ""},
		"not JSON is not a step": {`hello`, 1, false, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			done, err := cfReplied(tc.id)([]byte(tc.frame))
			if done != tc.done || (tc.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("cfReplied(%d)(%s) = %v, %v", tc.id, tc.frame, done, err)
			}
		})
	}
	if cfPong([]byte("{}")) == nil || cfPong([]byte(`{"id":1,"connect":{}}`)) != nil {
		t.Error("cfPong answers only an empty object")
	}
}

func TestParseSizes(t *testing.T) {
	if got, err := ParseSizes("1000, 5000,10000"); err != nil || !slices.Equal(got, []int{1000, 5000, 10000}) {
		t.Errorf("ParseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "10001", "1k"} {
		if _, err := ParseSizes(bad); err == nil {
			t.Errorf("ParseSizes(%q) accepted", bad)
		}
	}
}

// TestPeerClientWithHub: the peer client's Roundtable dialect joins a
// real hub from spread source addresses, and a facilitator command's
// mark reaches every participant.
func TestPeerClientWithHub(t *testing.T) {
	ctx := context.Background()
	h, err := startLocalHub(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	const n = 30
	m := newPeerMarks(n, 2)
	code := h.Code()
	d := &peerDialect{url: h.URL(), steps: []peerStep{{send: func(i int) []byte { return rtHello(code, i) }, done: rtWelcomed}}}
	conns, _, _, err := connectAll(ctx, d, n, 8, 4, m)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll(conns)
	p := &rtPeer{host: &soakHost{url: h.URL(), code: code, token: h.Token()}}
	if err := p.connectFacilitator(ctx, m); err != nil {
		t.Fatal(err)
	}
	defer p.fac.close()
	if err := p.publish(ctx, 1); err != nil {
		t.Fatal(err)
	}
	select {
	case <-m.full[1]:
	case <-time.After(30 * time.Second):
		t.Fatalf("mark 1 reached %d of %d participants", m.got[1].Load(), n)
	}
	if m.got[0].Load() != 0 {
		t.Error("mark 0 was never sent but is counted")
	}

	bad := &peerDialect{url: h.URL(), steps: []peerStep{{send: func(i int) []byte { return rtHello("WRONG", i) }, done: rtWelcomed}}}
	if _, _, _, err := connectAll(ctx, bad, 1, 1, 1, newPeerMarks(1, 1)); err == nil {
		t.Error("a wrong join code was welcomed")
	}
}

// TestPeerGoalsJoinCPUFlat: the CPU per join at the largest size against
// the smallest is the flatness goal, met within a quarter.
func TestPeerGoalsJoinCPUFlat(t *testing.T) {
	sizes := func(small, large float64) []PeerSize {
		return []PeerSize{
			{N: 1000, Pairs: 1, Roundtable: PeerMedian{JoinCPUus: small}},
			{N: 10000, Pairs: 1, Roundtable: PeerMedian{JoinCPUus: large}},
		}
	}
	flat := func(gs []PeerGoal) (PeerGoal, bool) {
		for _, g := range gs {
			if strings.HasPrefix(g.Goal, "join CPU flat") {
				return g, true
			}
		}
		return PeerGoal{}, false
	}
	if g, ok := flat(PeerGoals(sizes(100, 120))); !ok || !g.Met || g.Ratio.Median != 1.2 {
		t.Errorf("120 against 100 µs a join: %+v (found %v); want met at 1.2", g, ok)
	}
	if g, ok := flat(PeerGoals(sizes(100, 300))); !ok || g.Met {
		t.Errorf("300 against 100 µs a join: %+v (found %v); want not met", g, ok)
	}
	if _, ok := flat(PeerGoals(sizes(100, 300)[:1])); ok {
		t.Errorf("one size has no flatness to judge")
	}
}
