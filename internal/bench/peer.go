package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// PeerConfig says what a peer benchmark runs: Roundtable (`roundtable
// host` as shipped) and Centrifugo side by side, driven by the same
// client code, in alternating rounds.
type PeerConfig struct {
	HostBin       string        // the roundtable binary, run as `host --headless` (required)
	CentrifugoBin string        // the Centrifugo binary (required; BuildCentrifugo makes one)
	Sizes         []int         // subscribers per round (default 1,000, 5,000 and 10,000)
	Rounds        int           // rounds of each server per size (default 3)
	Samples       int           // measured publications per round (default 30), after 3 unmeasured
	Settle        time.Duration // idle wait after connect-all before the memory reading (default 2 s)
	Parallel      int           // sessions being opened at once (default 64, as `roundtable bench`)
	PerAddr       int           // clients per loopback source address (default 50)
	Logf          func(format string, args ...any)
}

// peerWarmup publications open each round unmeasured: the first ones pay
// for connections and caches that later ones find ready.
const peerWarmup = 3

func (c PeerConfig) withDefaults() (PeerConfig, error) {
	if c.HostBin == "" || c.CentrifugoBin == "" {
		return c, errors.New("the peer benchmark needs the roundtable and the Centrifugo binaries")
	}
	if len(c.Sizes) == 0 {
		c.Sizes = []int{1000, 5000, 10000}
	}
	for _, n := range c.Sizes {
		if n < 1 || n > maxConnections {
			return c, fmt.Errorf("subscribers must be 1 to %d, not %d", maxConnections, n)
		}
	}
	if c.Rounds == 0 {
		c.Rounds = 3
	}
	if c.Samples == 0 {
		c.Samples = 30
	}
	if c.Rounds < 1 || c.Samples < 1 {
		return c, fmt.Errorf("rounds and samples must be at least 1, not %d and %d", c.Rounds, c.Samples)
	}
	if c.Settle == 0 {
		c.Settle = 2 * time.Second
	}
	if c.Parallel == 0 {
		c.Parallel = 64
	}
	if c.PerAddr == 0 {
		c.PerAddr = 50
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return c, nil
}

// ParseSizes reads a comma-separated list of subscriber counts ("1000,5000").
func ParseSizes(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > maxConnections {
			return nil, fmt.Errorf("subscribers must be 1 to %d, not %q", maxConnections, f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("no subscriber count given")
	}
	return out, nil
}

// peerSlot is one server's round in the run's order.
type peerSlot struct {
	N      int
	Round  int // from 1
	Server string
}

// peerOrder is the order of a run: each size in turn, and within it
// Roundtable then Centrifugo, round after round, so that each pair of
// rounds meets the same state of a shared machine.
func peerOrder(sizes []int, rounds int) []peerSlot {
	var out []peerSlot
	for _, n := range sizes {
		for r := 1; r <= rounds; r++ {
			out = append(out, peerSlot{n, r, peerRoundtable}, peerSlot{n, r, peerCentrifugo})
		}
	}
	return out
}

// RunPeer runs the peer benchmark and returns every round and their
// summary; a round that failed is kept with its error and left out of the
// summary.
func RunPeer(ctx context.Context, cfg PeerConfig) (*PeerResult, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	most := 0
	for _, n := range cfg.Sizes {
		most = max(most, n)
	}
	res := &PeerResult{Machine: machine(), Centrifugo: CentrifugoVersion, Samples: cfg.Samples, Started: time.Now().UTC().Format(time.RFC3339)}
	if note, err := raiseFileLimit(uint64(most) + 256); err != nil {
		return nil, err
	} else if note != "" {
		res.Notes = append(res.Notes, note)
	}
	for _, s := range peerOrder(cfg.Sizes, cfg.Rounds) {
		if ctx.Err() != nil {
			break
		}
		cfg.Logf("peer: N=%d round %d %s", s.N, s.Round, s.Server)
		r := runPeerRound(ctx, cfg, s)
		if r.Err != "" {
			cfg.Logf("peer: N=%d round %d %s failed: %s", s.N, s.Round, s.Server, r.Err)
		} else {
			cfg.Logf("peer:   connect-all %.2f s, fan-out to the last p50 %.1f / p99 %.1f ms, %.1f KiB per connection, load %.2f",
				r.ConnectAllS, r.Fanout.P50, r.Fanout.P99, r.KiBPerConn, r.LoadEnd)
		}
		res.Rounds = append(res.Rounds, r)
	}
	res.Sizes = summarizePeer(res.Rounds)
	return res, ctx.Err()
}

// runPeerRound starts one server, connects N clients, reads its memory,
// measures the publications and stops it.
func runPeerRound(ctx context.Context, cfg PeerConfig, s peerSlot) (r PeerRound) {
	r = PeerRound{Server: s.Server, N: s.N, Round: s.Round, LoadStart: loadAverage()}
	defer func() { r.LoadEnd = loadAverage() }()
	m := newPeerMarks(s.N, peerWarmup+cfg.Samples)
	var srv peerServer
	switch s.Server {
	case peerRoundtable:
		p, err := startRoundtablePeer(ctx, cfg.HostBin)
		if err != nil {
			r.Err = err.Error()
			return r
		}
		srv = p
	default:
		p, err := startCentrifugoPeer(ctx, cfg.CentrifugoBin)
		if err != nil {
			r.Err = err.Error()
			return r
		}
		srv = p
	}
	defer func() {
		if err := srv.stop(); err != nil && r.Err == "" {
			r.Err = err.Error()
		}
	}()
	before, err := processStatus(srv.pid())
	if err != nil {
		r.Err = err.Error()
		return r
	}
	r.RSSBefore = before.rss
	if p, ok := srv.(*rtPeer); ok {
		if err := p.connectFacilitator(ctx, m); err != nil {
			r.Err = err.Error()
			return r
		}
	}
	conns, took, retries, err := connectAll(ctx, srv.dialect(), s.N, cfg.Parallel, cfg.PerAddr, m)
	r.ConnectAllS, r.Retries = secondsOf(took), retries
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer closeAll(conns)
	if joined, err := processStatus(srv.pid()); err == nil && s.N > 0 {
		r.JoinCPUus = roundTo(float64((joined.cpu-before.cpu).Microseconds())/float64(s.N), 1)
	}
	time.Sleep(cfg.Settle)
	after, err := processStatus(srv.pid())
	if err != nil {
		r.Err = err.Error()
		return r
	}
	r.RSSAfter = after.rss
	r.KiBPerConn = kibPerConn(before.rss, after.rss, s.N)

	var last, each []int64
	for k := range peerWarmup + cfg.Samples {
		t0 := m.now()
		if err := srv.publish(ctx, k); err != nil {
			r.Err = err.Error()
			return r
		}
		select {
		case <-m.full[k]:
		case <-time.After(30 * time.Second):
			r.Lost++
		case <-ctx.Done():
			r.Err = ctx.Err().Error()
			return r
		}
		if k < peerWarmup {
			continue
		}
		var worst int64
		for i := range s.N {
			at := m.stamp[i][k].Load()
			if at == 0 {
				continue
			}
			each = append(each, at-t0)
			worst = max(worst, at-t0)
		}
		last = append(last, worst)
		// A pause between publications: the last receipt is not the last
		// byte written, and the facilitator may send 20 frames a second.
		time.Sleep(50 * time.Millisecond)
	}
	r.Fanout, r.Delivery = summarize(last), summarize(each)
	return r
}

// kibPerConn is the growth of a resident set over n connections, in KiB.
func kibPerConn(before, after uint64, n int) float64 {
	if n <= 0 {
		return 0
	}
	return roundTo((float64(after)-float64(before))/1024/float64(n), 1)
}

// loadAverage returns the one-minute load average, or 0 where unknown.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}
