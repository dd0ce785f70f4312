package bench

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
)

// PeerResult is a peer benchmark's every round and, per size, the medians
// and the ratios Roundtable over Centrifugo.
type PeerResult struct {
	Machine    string      `json:"machine"`
	Centrifugo string      `json:"centrifugo"`
	Started    string      `json:"started"`
	Samples    int         `json:"samples_per_round"`
	Notes      []string    `json:"notes,omitempty"`
	Sizes      []PeerSize  `json:"sizes"`
	Rounds     []PeerRound `json:"rounds"`
}

// PeerRound is what one server's round measured.
type PeerRound struct {
	Server      string  `json:"server"` // "roundtable" or "centrifugo"
	N           int     `json:"subscribers"`
	Round       int     `json:"round"`
	ConnectAllS float64 `json:"connect_all_s"` // first dial to the last client welcomed (subscribed)
	JoinCPUus   float64 `json:"join_cpu_us"`   // the server's CPU time during connect-all, per client, µs
	Retries     int     `json:"retries,omitempty"`
	// Fanout is, per publication, the time from just before it was sent
	// to the last subscriber's receipt; Delivery is every subscriber's.
	Fanout     Latency `json:"fanout_last"`
	Delivery   Latency `json:"fanout_each"`
	Lost       int     `json:"lost,omitempty"` // publications not every subscriber had within 30 s
	RSSBefore  uint64  `json:"rss_before"`
	RSSAfter   uint64  `json:"rss_after"`
	KiBPerConn float64 `json:"kib_per_connection"` // (after - before) / N
	LoadStart  float64 `json:"load_start"`         // one-minute load average
	LoadEnd    float64 `json:"load_end"`
	Err        string  `json:"error,omitempty"`
}

// PeerSize sums up one size: each server's medians over its rounds, and
// the ratios Roundtable / Centrifugo of the rounds paired in time.
type PeerSize struct {
	N          int        `json:"subscribers"`
	Pairs      int        `json:"pairs"` // rounds with both servers measured
	Roundtable PeerMedian `json:"roundtable"`
	Centrifugo PeerMedian `json:"centrifugo"`
	ConnectAll Ratio      `json:"connect_all_ratio"`
	JoinCPU    Ratio      `json:"join_cpu_ratio"`
	FanoutP50  Ratio      `json:"fanout_p50_ratio"`
	FanoutP99  Ratio      `json:"fanout_p99_ratio"`
	Memory     Ratio      `json:"memory_ratio"`
	Load       [2]float64 `json:"load_range"` // lowest and highest one-minute load average seen
}

// PeerMedian is one server's medians over its rounds of one size.
type PeerMedian struct {
	ConnectAllS float64 `json:"connect_all_s"`
	JoinCPUus   float64 `json:"join_cpu_us"`
	FanoutP50   float64 `json:"fanout_p50_ms"`
	FanoutP99   float64 `json:"fanout_p99_ms"`
	KiBPerConn  float64 `json:"kib_per_connection"`
}

// Ratio is the median of per-pair ratios and their range.
type Ratio struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func machine() string {
	return fmt.Sprintf("%s %s/%s, %d CPUs", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
}

func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ratioOf sums up per-pair ratios a[i]/b[i]; pairs with b[i] = 0 are
// left out.
func ratioOf(a, b []float64) Ratio {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			rs = append(rs, a[i]/b[i])
		}
	}
	if len(rs) == 0 {
		return Ratio{}
	}
	return Ratio{Median: roundTo(median(rs), 2), Min: roundTo(slices.Min(rs), 2), Max: roundTo(slices.Max(rs), 2)}
}

// summarizePeer pairs each Roundtable round with the Centrifugo round of
// the same size and number, both without error, and sums up each size in
// the order the rounds ran.
func summarizePeer(rounds []PeerRound) []PeerSize {
	type key struct{ n, round int }
	cf := map[key]PeerRound{}
	for _, r := range rounds {
		if r.Server == peerCentrifugo && r.Err == "" {
			cf[key{r.N, r.Round}] = r
		}
	}
	var out []PeerSize
	index := map[int]int{}
	type series struct{ rtConn, cfConn, rtCPU, cfCPU, rt50, cf50, rt99, cf99, rtMem, cfMem []float64 }
	var all []*series
	for _, r := range rounds {
		if _, ok := index[r.N]; !ok {
			index[r.N] = len(out)
			out = append(out, PeerSize{N: r.N, Load: [2]float64{math.Inf(1), 0}})
			all = append(all, &series{})
		}
		sz := &out[index[r.N]]
		sz.Load[0] = min(sz.Load[0], r.LoadStart, r.LoadEnd)
		sz.Load[1] = max(sz.Load[1], r.LoadStart, r.LoadEnd)
		c, ok := cf[key{r.N, r.Round}]
		if r.Server != peerRoundtable || r.Err != "" || !ok {
			continue
		}
		s := all[index[r.N]]
		sz.Pairs++
		s.rtConn, s.cfConn = append(s.rtConn, r.ConnectAllS), append(s.cfConn, c.ConnectAllS)
		s.rtCPU, s.cfCPU = append(s.rtCPU, r.JoinCPUus), append(s.cfCPU, c.JoinCPUus)
		s.rt50, s.cf50 = append(s.rt50, r.Fanout.P50), append(s.cf50, c.Fanout.P50)
		s.rt99, s.cf99 = append(s.rt99, r.Fanout.P99), append(s.cf99, c.Fanout.P99)
		s.rtMem, s.cfMem = append(s.rtMem, r.KiBPerConn), append(s.cfMem, c.KiBPerConn)
	}
	for i := range out {
		s, sz := all[i], &out[i]
		if math.IsInf(sz.Load[0], 1) {
			sz.Load[0] = 0
		}
		sz.Roundtable = PeerMedian{roundTo(median(s.rtConn), 2), roundTo(median(s.rtCPU), 1), roundTo(median(s.rt50), 2), roundTo(median(s.rt99), 2), roundTo(median(s.rtMem), 1)}
		sz.Centrifugo = PeerMedian{roundTo(median(s.cfConn), 2), roundTo(median(s.cfCPU), 1), roundTo(median(s.cf50), 2), roundTo(median(s.cf99), 2), roundTo(median(s.cfMem), 1)}
		sz.ConnectAll = ratioOf(s.rtConn, s.cfConn)
		sz.JoinCPU = ratioOf(s.rtCPU, s.cfCPU)
		sz.FanoutP50 = ratioOf(s.rt50, s.cf50)
		sz.FanoutP99 = ratioOf(s.rt99, s.cf99)
		sz.Memory = ratioOf(s.rtMem, s.cfMem)
	}
	return out
}

// PeerGoal is one of issue 13's goals at one size, met or not by the
// median ratio.
type PeerGoal struct {
	Goal  string
	N     int
	Ratio Ratio
	Limit float64
	Met   bool
}

// PeerGoals checks each size against issue 13's goals: connect-all no
// slower than Centrifugo's at 10,000 (ratio ≤ 1.0), fan-out p99 ≤ 1.0×
// at every size, memory per idle connection ≤ half of Centrifugo's.
func PeerGoals(sizes []PeerSize) []PeerGoal {
	var out []PeerGoal
	add := func(goal string, n int, r Ratio, limit float64) {
		out = append(out, PeerGoal{goal, n, r, limit, r.Median > 0 && r.Median <= limit})
	}
	var small, large *PeerSize
	for i, s := range sizes {
		if s.Pairs == 0 {
			continue
		}
		if s.N >= 10000 {
			add("connect-all time", s.N, s.ConnectAll, 1.0)
		}
		add("fan-out p99", s.N, s.FanoutP99, 1.0)
		add("memory per idle connection", s.N, s.Memory, 0.5)
		if small == nil || s.N < small.N {
			small = &sizes[i]
		}
		if large == nil || s.N > large.N {
			large = &sizes[i]
		}
	}
	// Flat: Roundtable's CPU per join at the largest size against the
	// smallest, within a quarter.
	if small != nil && large != small && small.Roundtable.JoinCPUus > 0 {
		f := roundTo(large.Roundtable.JoinCPUus/small.Roundtable.JoinCPUus, 2)
		out = append(out, PeerGoal{fmt.Sprintf("join CPU flat (N=%d/N=%d)", large.N, small.N), large.N, Ratio{f, f, f}, flatJoins, f <= flatJoins})
	}
	return out
}

// flatJoins is how much more CPU a join may cost at the largest size than
// at the smallest and still be called flat.
const flatJoins = 1.25

// WritePeerText writes a peer result for people.
func WritePeerText(w io.Writer, r *PeerResult) {
	fmt.Fprintf(w, "Roundtable (roundtable host, shipped settings) against Centrifugo %s, %s, %d publications per round\n", r.Centrifugo, r.Machine, r.Samples)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintln(w, "\nper round:")
	fmt.Fprintf(w, "  %-10s %6s %5s %10s %9s %12s %12s %8s %9s %s\n", "server", "N", "round", "connect s", "µs/join", "fan-out p50", "p99 ms", "KiB/conn", "load", "")
	for _, x := range r.Rounds {
		extra := x.Err
		if x.Lost > 0 {
			extra = fmt.Sprintf("%d lost %s", x.Lost, extra)
		}
		fmt.Fprintf(w, "  %-10s %6d %5d %10.2f %9.0f %12.1f %12.1f %8.1f %4.1f-%-4.1f %s\n",
			x.Server, x.N, x.Round, x.ConnectAllS, x.JoinCPUus, x.Fanout.P50, x.Fanout.P99, x.KiBPerConn, x.LoadStart, x.LoadEnd, extra)
	}
	fmt.Fprintln(w, "\nmedians, and ratios Roundtable / Centrifugo (median, range over pairs of rounds):")
	for _, s := range r.Sizes {
		fmt.Fprintf(w, "  N=%d, %d pairs, load %.1f-%.1f\n", s.N, s.Pairs, s.Load[0], s.Load[1])
		fmt.Fprintf(w, "    connect-all   %7.2f s  / %7.2f s   %s\n", s.Roundtable.ConnectAllS, s.Centrifugo.ConnectAllS, s.ConnectAll)
		fmt.Fprintf(w, "    CPU µs/join   %7.0f    / %7.0f     %s\n", s.Roundtable.JoinCPUus, s.Centrifugo.JoinCPUus, s.JoinCPU)
		fmt.Fprintf(w, "    fan-out p50   %7.1f ms / %7.1f ms  %s\n", s.Roundtable.FanoutP50, s.Centrifugo.FanoutP50, s.FanoutP50)
		fmt.Fprintf(w, "    fan-out p99   %7.1f ms / %7.1f ms  %s\n", s.Roundtable.FanoutP99, s.Centrifugo.FanoutP99, s.FanoutP99)
		fmt.Fprintf(w, "    KiB per conn  %7.1f    / %7.1f     %s\n", s.Roundtable.KiBPerConn, s.Centrifugo.KiBPerConn, s.Memory)
	}
	fmt.Fprintln(w, "\nissue 13's goals:")
	for _, g := range PeerGoals(r.Sizes) {
		met := "not met"
		if g.Met {
			met = "met"
		}
		fmt.Fprintf(w, "  %-31s N=%-6d ratio %s, goal ≤ %.2f: %s\n", g.Goal, g.N, g.Ratio, g.Limit, met)
	}
}

func (r Ratio) String() string { return fmt.Sprintf("%.2f× (%.2f–%.2f)", r.Median, r.Min, r.Max) }
