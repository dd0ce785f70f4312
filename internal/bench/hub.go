package bench

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"roundtable/server"
)

// HubStats is what the hub process reports about itself.
type HubStats struct {
	HeapInuse   uint64 `json:"heap_inuse"`
	StackInuse  uint64 `json:"stack_inuse"`
	RSS         uint64 `json:"rss"`
	CPUNanos    int64  `json:"cpu_ns"`  // user + system CPU of the process so far
	WallNanos   int64  `json:"wall_ns"` // Unix time of the reading
	Goroutines  int    `json:"goroutines"`
	Connections int64  `json:"connections"`
	Seq         int64  `json:"seq"`
}

// hub is the host under test, wherever it runs.
type hub interface {
	URL() string
	Code() string
	Token() string
	// Stats reads the hub process; with settle it first collects garbage
	// and returns freed memory to the system, for idle readings.
	Stats(settle bool) (HubStats, error)
	// Raw queues one pre-encoded frame to every welcomed connection and
	// returns the Unix time in nanoseconds queueing began.
	Raw(frame []byte) (start int64, sent int, err error)
	// Commits returns the Unix time in nanoseconds at which each event
	// from..to committed (0 where unknown).
	Commits(from, to int64) ([]int64, error)
	// Throughput measures acknowledged commands per second of a fresh room
	// and store with actors concurrent commanders for d; maxGroup 1 is one
	// command per transaction.
	Throughput(actors int, d time.Duration, maxGroup int) (float64, error)
	// Profile starts a CPU profile into path, or stops it when path is "".
	Profile(path string) error
	// HeapProfile writes a heap profile to path.
	HeapProfile(path string) error
	Close() error
}

// errNotLocal is the error of measurements a remote hub cannot make.
var errNotLocal = errors.New("not available for a hub started elsewhere (--url)")

// localHub is a host in this process on loopback, with a temporary
// database, recording when each event commits.
type localHub struct {
	host  *server.Host
	dir   string
	token string // the facilitator's

	mu      sync.Mutex
	commits []int64 // by seq: Unix nanoseconds of the commit
	prof    *os.File
}

// startLocalHub starts a host with the shipped settings; pingPeriod other
// than 0 replaces the ping period (bench --ping, and tests).
func startLocalHub(ctx context.Context, pingPeriod time.Duration) (*localHub, error) {
	dir, err := os.MkdirTemp("", "roundtable-bench-")
	if err != nil {
		return nil, err
	}
	h := &localHub{dir: dir, token: server.NewToken()}
	host, err := server.StartHost(ctx, server.HostConfig{
		Addr:            "127.0.0.1:0",
		FacilitatorHash: server.HashToken(h.token),
		DB:              filepath.Join(dir, "bench.db"),
		Code:            "BENCH",
		Title:           "Benchmark",
		Committed:       h.committed,
		PingPeriod:      pingPeriod,
		AddrLimits:      server.AddrLimits{Off: true}, // every client dials from 127.0.0.1
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	h.host = host
	return h, nil
}

func (h *localHub) committed(seq int64, at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for int64(len(h.commits)) <= seq {
		h.commits = append(h.commits, 0)
	}
	h.commits[seq] = at.UnixNano()
}

func (h *localHub) URL() string   { return h.host.URL() }
func (h *localHub) Code() string  { return h.host.Code }
func (h *localHub) Token() string { return h.token }

func (h *localHub) Stats(settle bool) (HubStats, error) {
	if settle {
		// Several collections: each one may halve the stack of an idle
		// goroutine, as a long-running host's collections do over time.
		for range 4 {
			runtime.GC()
		}
		debug.FreeOSMemory()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return HubStats{
		HeapInuse:   ms.HeapInuse,
		StackInuse:  ms.StackInuse,
		RSS:         residentBytes(),
		CPUNanos:    int64(cpuTime()),
		WallNanos:   time.Now().UnixNano(),
		Goroutines:  runtime.NumGoroutine(),
		Connections: h.host.Room.Connections(),
		Seq:         h.host.Room.Seq(),
	}, nil
}

func (h *localHub) Raw(frame []byte) (int64, int, error) {
	start, sent, ok := h.host.Room.RawFanout(frame)
	if !ok {
		return 0, 0, errors.New("the room has stopped")
	}
	return start.UnixNano(), sent, nil
}

func (h *localHub) Commits(from, to int64) ([]int64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]int64, 0, max(0, to-from+1))
	for s := from; s <= to; s++ {
		if s >= 0 && s < int64(len(h.commits)) {
			out = append(out, h.commits[s])
		} else {
			out = append(out, 0)
		}
	}
	return out, nil
}

func (h *localHub) Throughput(actors int, d time.Duration, maxGroup int) (float64, error) {
	return commitRate(h.dir, actors, d, maxGroup)
}

func (h *localHub) Profile(path string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if path == "" {
		if h.prof != nil {
			pprof.StopCPUProfile()
			err := h.prof.Close()
			h.prof = nil
			return err
		}
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return err
	}
	h.prof = f
	return nil
}

func (h *localHub) HeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (h *localHub) Close() error {
	h.Profile("")
	err := h.host.Close()
	os.RemoveAll(h.dir)
	return err
}

// remoteHub is a hub started elsewhere; only its address and secrets are
// known.
type remoteHub struct{ url, code, token string }

func (h remoteHub) URL() string                                         { return h.url }
func (h remoteHub) Code() string                                        { return h.code }
func (h remoteHub) Token() string                                       { return h.token }
func (h remoteHub) Stats(bool) (HubStats, error)                        { return HubStats{}, errNotLocal }
func (h remoteHub) Raw([]byte) (int64, int, error)                      { return 0, 0, errNotLocal }
func (h remoteHub) Commits(int64, int64) ([]int64, error)               { return nil, errNotLocal }
func (h remoteHub) Throughput(int, time.Duration, int) (float64, error) { return 0, errNotLocal }
func (h remoteHub) Profile(string) error                                { return errNotLocal }
func (h remoteHub) HeapProfile(string) error                            { return errNotLocal }
func (h remoteHub) Close() error                                        { return nil }
