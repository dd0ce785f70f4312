package bench

import (
	"math"
	"slices"
	"time"
)

// Latency summarises a set of durations, in milliseconds.
type Latency struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

// summarize returns the percentiles of samples (nanoseconds). It sorts
// samples in place.
func summarize(samples []int64) Latency {
	if len(samples) == 0 {
		return Latency{}
	}
	slices.Sort(samples)
	ms := func(ns int64) float64 { return math.Round(float64(ns)/1e4) / 100 }
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(samples)))) - 1
		return ms(samples[max(0, min(i, len(samples)-1))])
	}
	return Latency{Count: len(samples), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ms(samples[len(samples)-1])}
}

// Result is everything one run measured. Times are in milliseconds unless
// a field says otherwise.
type Result struct {
	Participants int      `json:"participants"`
	Duration     string   `json:"duration"`        // the workshop load's length
	Hub          string   `json:"hub"`             // "process", "in-process" or "remote"
	Rate         float64  `json:"offered_rate"`    // commands per second the bots offered during the load
	Machine      string   `json:"machine"`         // Go version, OS/arch and CPUs of the bench
	PingPeriod   string   `json:"ping_period"`     // the hub's ping period (shipped: 25s)
	Notes        []string `json:"notes,omitempty"` // what the run had to adjust, and caveats

	Join struct {
		WallMS     float64 `json:"wall_ms"`      // first dial to last welcome
		PerSecond  float64 `json:"per_second"`   // joins per second over that time
		Latency    Latency `json:"latency"`      // dial to welcome, per participant
		HubCPUPct  float64 `json:"hub_cpu_pct"`  // hub CPU while joining, % of one core
		BotsCPUPct float64 `json:"bots_cpu_pct"` // the bench's own CPU (the participants) while joining
	} `json:"join"`

	// Fan-out, commit to the last participant's receipt. Quiet: one
	// facilitator command at a time, paired with a raw round. Load: every
	// event of the workshop load.
	FanoutQuiet Latency `json:"fanout_quiet"`
	FanoutLoad  Latency `json:"fanout_load"`
	// Raw is the baseline: one pre-encoded frame queued to every
	// connection by the room goroutine, no domain and no store; from the
	// start of queueing to the last participant's receipt.
	Raw Latency `json:"raw"`
	// RawLoad is the same baseline sent every 250 ms during the load: raw
	// fan-out under the same contention as FanoutLoad (the participants
	// share the machine).
	RawLoad Latency `json:"raw_load"`
	// RatioQuiet is the quiet fan-out's p99 over the raw p99; RatioLoad is
	// the load fan-out's p99 over the raw-under-load p99, and
	// RatioLoadQuietRaw over the quiet raw p99.
	RatioQuiet        float64 `json:"ratio_quiet_p99"`
	RatioLoad         float64 `json:"ratio_load_p99"`
	RatioLoadQuietRaw float64 `json:"ratio_load_to_quiet_raw_p99"`
	// Spread is first to last participant receipt of each load event (the
	// only fan-out figure available with --url).
	Spread Latency `json:"spread_load"`

	Ack Latency `json:"ack"` // a participant's command to its ack, during the load

	Load struct {
		Events          int64            `json:"events"`
		EventsPerSecond float64          `json:"events_per_second"`
		FramesPerSecond float64          `json:"frames_per_second"` // events times receivers
		Sent            int64            `json:"commands_sent"`
		Acked           int64            `json:"commands_acked"`
		Nacked          map[string]int64 `json:"commands_nacked,omitempty"` // by error code
		Retried         int64            `json:"commands_retried"`          // sent again after a rate-limit nack
		HubCPUPct       float64          `json:"hub_cpu_pct"`               // % of one core
		HubCPUPerEvent  float64          `json:"hub_cpu_us_per_event"`
		BotsCPUPct      float64          `json:"bots_cpu_pct"` // the bench's own CPU (the participants), % of one core
	} `json:"load"`

	Memory struct {
		PerConnHeapStack float64 `json:"per_conn_heap_stack_bytes"` // (HeapInuse+StackInuse) growth per idle participant connection
		PerConnRSS       float64 `json:"per_conn_rss_bytes"`        // resident set growth per idle participant connection
		HeapInuse        uint64  `json:"heap_inuse_bytes"`          // with every participant idle
		StackInuse       uint64  `json:"stack_inuse_bytes"`
		RSS              uint64  `json:"rss_bytes"`
		Goroutines       int     `json:"goroutines"`
		Connections      int64   `json:"connections"`
		Pinged           int     `json:"pinged_before_reading"` // participants the hub pinged (and that answered) between going idle and the reading
	} `json:"memory"`

	// Commits is the durable commit rate of the hub's room and store alone
	// (no websockets): acknowledged commands per second with group commit,
	// and with one command per transaction (the baseline).
	Commits struct {
		Group  float64 `json:"group_per_second"`
		Single float64 `json:"single_per_second"`
		Ratio  float64 `json:"ratio"`
	} `json:"commits"`

	Problems struct {
		Gaps              int64 `json:"gaps"`               // events a participant received out of order
		Disconnects       int64 `json:"disconnects"`        // participant connections the hub closed
		IncompleteFanouts int64 `json:"incomplete_fanouts"` // events not every participant received
		Unanswered        int64 `json:"unanswered"`         // commands without ack or nack at the end
	} `json:"problems"`

	WallMS float64 `json:"wall_ms"` // the whole run
}

func msOf(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return math.Round(a/b*100) / 100
}
