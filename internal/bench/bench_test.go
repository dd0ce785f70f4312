package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestHelperBenchHub is not a test: it is the hub process of
// TestRunWithHubProcess.
func TestHelperBenchHub(t *testing.T) {
	if os.Getenv("RT_BENCH_HUB") != "1" {
		t.Skip("helper process")
	}
	if err := ServeHub(context.Background(), os.Stdin, os.Stdout, 0); err != nil {
		t.Fatal(err)
	}
}

// smallRun is a quick benchmark: enough to see every figure measured.
func smallRun() Config {
	return Config{Participants: 24, Duration: 2 * time.Second, Rounds: 8, CommitTime: 300 * time.Millisecond, idleWait: 100 * time.Millisecond, Seed: 1}
}

// checkResult fails the test unless every figure of a run was measured
// and nothing went wrong.
func checkResult(t *testing.T, r *Result, local bool) {
	t.Helper()
	n := r.Participants
	if r.Join.Latency.Count != n || r.Join.WallMS <= 0 || r.Join.PerSecond <= 0 {
		t.Errorf("joins: %+v", r.Join)
	}
	if r.FanoutLoad.Count == 0 || r.Spread.Count == 0 || r.Ack.Count == 0 {
		t.Errorf("load fan-out %+v, spread %+v, acks %+v", r.FanoutLoad, r.Spread, r.Ack)
	}
	if r.Load.Events <= 0 || r.Load.Sent == 0 || r.Load.Acked == 0 || r.Load.EventsPerSecond <= 0 {
		t.Errorf("load: %+v", r.Load)
	}
	for name, l := range map[string]Latency{"join": r.Join.Latency, "ack": r.Ack, "load fan-out": r.FanoutLoad} {
		if !(l.P50 <= l.P95 && l.P95 <= l.P99 && l.P99 <= l.Max) {
			t.Errorf("%s percentiles out of order: %+v", name, l)
		}
	}
	if r.Problems != (Result{}).Problems {
		t.Errorf("problems: %+v", r.Problems)
	}
	if !local {
		return
	}
	if r.Raw.Count != 8 || r.FanoutQuiet.Count != 8 || r.RatioQuiet <= 0 {
		t.Errorf("raw %+v, quiet %+v, ratio %v", r.Raw, r.FanoutQuiet, r.RatioQuiet)
	}
	if r.RawLoad.Count < 3 || r.RatioLoad <= 0 || r.RatioLoadQuietRaw <= 0 {
		t.Errorf("raw under load %+v, ratios %v %v", r.RawLoad, r.RatioLoad, r.RatioLoadQuietRaw)
	}
	if r.Memory.Connections != int64(n)+1 || r.Memory.HeapInuse == 0 || r.Memory.Goroutines == 0 {
		t.Errorf("memory: %+v", r.Memory)
	}
	if r.Commits.Group <= 0 || r.Commits.Single <= 0 {
		t.Errorf("commits: %+v", r.Commits)
	}
}

func TestRunInProcess(t *testing.T) {
	r, err := Run(context.Background(), smallRun())
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, true)
	if r.Hub != "in-process" {
		t.Errorf("hub %q", r.Hub)
	}
	var text bytes.Buffer
	WriteText(&text, r)
	for _, want := range []string{"24 participants", "Raw baseline", "quiet/raw p99", "Raw, under load", "Durable commits", "per idle connection", "Problems         none"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, text.String())
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil || back.Participants != 24 || back.Raw.Count != r.Raw.Count {
		t.Fatalf("JSON round trip: %v, %+v", err, back)
	}
}

// TestIdleReadingAfterPings: the idle memory reading waits until the hub
// has pinged every participant since they went idle (the bench runs the
// hub with the shipped ping period; here it is shortened through config).
func TestIdleReadingAfterPings(t *testing.T) {
	cfg := smallRun()
	cfg.PingPeriod = 2 * time.Second
	cfg.idleWait = 2 * time.Minute
	r, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, true)
	if r.Memory.Pinged != r.Participants {
		t.Errorf("the reading came after %d of %d participants were pinged; notes: %q", r.Memory.Pinged, r.Participants, r.Notes)
	}
	for _, n := range r.Notes {
		if strings.Contains(n, "pinged") {
			t.Errorf("note: %s", n)
		}
	}
}

func TestRunWithHubProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	cfg := smallRun()
	cfg.HubCommand = func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperBenchHub$")
		cmd.Env = append(os.Environ(), "RT_BENCH_HUB=1")
		return cmd
	}
	r, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, true)
	if r.Hub != "process" {
		t.Errorf("hub %q", r.Hub)
	}
}

func TestConfigRefusesWhatCannotRun(t *testing.T) {
	tests := map[string]struct {
		cfg  Config
		want string
	}{
		"too many participants": {Config{Participants: maxConnections + 1}, "participants must be"},
		"negative participants": {Config{Participants: -1}, "participants must be"},
		"too short":             {Config{Duration: time.Millisecond}, "at least 1s"},
		"negative rate":         {Config{Rate: -3}, "rate must be positive"},
		"URL without token":     {Config{URL: "ws://127.0.0.1:1/ws"}, "--token"},
		"negative ping":         {Config{PingPeriod: -time.Second}, "ping period must be positive"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	ms := int64(time.Millisecond)
	tests := map[string]struct {
		in   []int64
		want Latency
	}{
		"none": {nil, Latency{}},
		"one":  {[]int64{3 * ms}, Latency{Count: 1, P50: 3, P95: 3, P99: 3, Max: 3}},
		"1 to 100": {func() []int64 {
			var s []int64
			for i := 100; i >= 1; i-- {
				s = append(s, int64(i)*ms)
			}
			return s
		}(), Latency{Count: 100, P50: 50, P95: 95, P99: 99, Max: 100}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := summarize(tc.in); got != tc.want {
				t.Fatalf("summarize = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestWelcomeHead(t *testing.T) {
	tests := map[string]struct {
		head   string
		you    string
		seq    int64
		wantOK bool
	}{
		"new participant":          {`{"t":"welcome","v":1,"session":"ab","role":"participant","you":"p7","resume":"xyz","seq":42,"snapshot":{"seq":40}`, "p7", 42, true},
		"resume":                   {`{"t":"welcome","v":1,"session":"ab","role":"participant","you":"p7","seq":9,"online":[]}`, "p7", 9, true},
		"resume to a crowd":        {`{"t":"welcome","v":1,"session":"ab","role":"participant","you":"p7","seq":9,"crowd":{"participants":1200,"online":1187,"institutions":45},"online":[]}`, "p7", 9, true},
		"seq only in the snapshot": {`{"t":"welcome","v":1,"you":"p7","snapshot":{"seq":40}`, "", 0, false},
		"cut short":                {`{"t":"welcome","v":1,"you":"p7`, "", 0, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			you, seq, ok := welcomeHead([]byte(tc.head))
			if ok != tc.wantOK || (ok && (you != tc.you || seq != tc.seq)) {
				t.Fatalf("welcomeHead = %q, %d, %v; want %q, %d, %v", you, seq, ok, tc.you, tc.seq, tc.wantOK)
			}
		})
	}
}

// TestDefaultsRunAsShipped: without a ping asked for, the hub pings at the
// shipped period and the load alone lasts longer than a ping period and
// the silence limit after it; a ping asked for is used and waited for.
func TestDefaultsRunAsShipped(t *testing.T) {
	c, err := Config{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if c.pingPeriod() != ShippedPingPeriod || c.PingPeriod != 0 {
		t.Errorf("default ping period %v (field %v), want the shipped %v", c.pingPeriod(), c.PingPeriod, ShippedPingPeriod)
	}
	if c.Duration <= ShippedPingPeriod+shippedSilence {
		t.Errorf("default load %v does not outlast a ping period and the silence limit (%v)", c.Duration, ShippedPingPeriod+shippedSilence)
	}
	if c.idleWait < c.pingPeriod() {
		t.Errorf("the idle reading waits %v, less than a ping period", c.idleWait)
	}
	c, err = Config{PingPeriod: 3 * time.Second}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if c.pingPeriod() != 3*time.Second || c.idleWait != 6*time.Second {
		t.Errorf("asked for a 3s ping: period %v, idle wait %v", c.pingPeriod(), c.idleWait)
	}
}
