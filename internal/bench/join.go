package bench

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"roundtable/protocol"
)

// joinConcurrency is how many participants join at once: a room filling
// up at the start of a session.
const joinConcurrency = 64

// join connects every participant, joinConcurrency at a time.
func (r *runner) join(ctx context.Context) error {
	u, _ := url.Parse(r.hub.URL())
	loopback := u != nil && u.Hostname() == "127.0.0.1"
	var cpu0 HubStats
	if r.local {
		cpu0, _ = r.hub.Stats(false)
		if r.cfg.ProfileDir != "" {
			if err := r.hub.Profile(filepath.Join(r.cfg.ProfileDir, "hub-join-cpu.pprof")); err != nil {
				return err
			}
		}
	}
	start, bots0 := time.Now(), cpuTime()
	r.bots = make([]*bot, r.cfg.Participants)
	sem := make(chan struct{}, joinConcurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for i := range r.bots {
		sem <- struct{}{}
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			<-sem
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			hello := protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: r.hub.Code(),
				Name: fmt.Sprintf("Participant %d", i+1), Institution: institutions[i%len(institutions)]}
			b, err := joinBot(ctx, i, r.hub.URL(), newDialer(i, loopback), hello, r.rec, &r.measuring)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			r.bots[i] = b
		})
		if (i+1)%1000 == 0 {
			r.cfg.Logf("bench: %d joined", i+1)
		}
	}
	wg.Wait()
	wall := time.Since(start)
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		var ok []*bot
		for _, b := range r.bots {
			if b != nil {
				ok = append(ok, b)
			}
		}
		r.bots = ok
		return firstErr
	}
	lat := make([]int64, len(r.bots))
	for i, b := range r.bots {
		lat[i] = b.joinNS
	}
	r.res.Join.Latency = summarize(lat)
	r.res.Join.WallMS = msOf(wall)
	r.res.Join.PerSecond = float64(len(r.bots)) / wall.Seconds()
	r.res.Join.BotsCPUPct = pctOf(cpuTime()-bots0, wall)
	if r.local {
		cpu1, _ := r.hub.Stats(false)
		r.res.Join.HubCPUPct = cpuPct(cpu0, cpu1)
		if r.cfg.ProfileDir != "" {
			if err := r.hub.Profile(""); err != nil {
				return err
			}
		}
	}
	return r.settle(ctx, 2*time.Minute)
}

// settle waits until every participant has the same last event and it
// stays so for 100 ms.
func (r *runner) settle(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var prev int64 = -1
	for {
		lo, hi := r.seqRange()
		if lo == hi && hi == prev {
			return nil
		}
		prev = -1
		if lo == hi {
			prev = hi
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("participants did not catch up within %v (lowest seq %d, highest %d)", timeout, lo, hi)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (r *runner) seqRange() (lo, hi int64) {
	lo = -1
	for _, b := range r.bots {
		s := b.lastSeq.Load()
		if lo < 0 || s < lo {
			lo = s
		}
		hi = max(hi, s)
	}
	return lo, hi
}

// pctOf is cpu as a percentage of one core over wall, to a tenth.
func pctOf(cpu, wall time.Duration) float64 {
	if wall <= 0 {
		return 0
	}
	return float64(int64(float64(cpu)/float64(wall)*1000)) / 10
}

func cpuPct(a, b HubStats) float64 {
	wall := b.WallNanos - a.WallNanos
	if wall <= 0 {
		return 0
	}
	return float64(int64(float64(b.CPUNanos-a.CPUNanos)/float64(wall)*1000)) / 10
}
