package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"roundtable/session"
)

// idle reads the hub's memory with every participant connected and idle,
// once the hub has pinged each of them since they went idle and they
// answered, as happens all session long: the reading then includes what a
// ping and its pong leave behind. It waits at most Config.idleWait.
func (r *runner) idle(ctx context.Context) error {
	if !r.local {
		return nil
	}
	since := make([]int64, len(r.bots))
	for i, b := range r.bots {
		since[i] = b.pings.Load()
	}
	pinged := func() int {
		n := 0
		for i, b := range r.bots {
			if b.pings.Load() > since[i] {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(r.cfg.idleWait)
	for pinged() < len(r.bots) && time.Now().Before(deadline) {
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return ctx.Err()
		}
	}
	// The last pongs are on their way: let the hub read them.
	sleepCtx(ctx, 500*time.Millisecond)
	r.res.Memory.Pinged = pinged()
	if r.res.Memory.Pinged < len(r.bots) {
		r.note("%d of %d participants were not pinged within %v of going idle: the idle memory reading came before their ping", len(r.bots)-r.res.Memory.Pinged, len(r.bots), r.cfg.idleWait)
	}
	s, err := r.hub.Stats(true)
	if err != nil {
		return err
	}
	n := float64(len(r.bots))
	m := &r.res.Memory
	m.PerConnHeapStack = float64(int64((float64(s.HeapInuse+s.StackInuse) - float64(r.before.HeapInuse+r.before.StackInuse)) / n))
	m.PerConnRSS = float64(int64((float64(s.RSS) - float64(r.before.RSS)) / n))
	m.HeapInuse, m.StackInuse, m.RSS = s.HeapInuse, s.StackInuse, s.RSS
	m.Goroutines, m.Connections = s.Goroutines, s.Connections
	if r.cfg.ProfileDir != "" {
		if err := r.hub.HeapProfile(filepath.Join(r.cfg.ProfileDir, "hub-heap.pprof")); err != nil {
			return err
		}
	}
	return nil
}

// rawFrame is the baseline's frame: a kind clients ignore, about the size
// of a small event frame.
func rawFrame(round int) []byte {
	head := fmt.Sprintf(`{"t":"bench","n":%d,"pad":"`, round)
	return []byte(head + strings.Repeat("x", max(0, 240-len(head))) + `"}`)
}

// rounds measures fan-out one frame at a time: a raw frame, then a
// facilitator command through the whole hub, in pairs, each waiting until
// every participant has it.
func (r *runner) rounds(ctx context.Context) error {
	n := len(r.bots)
	_, seq := r.seqRange()
	first := seq + 1
	var rawStarts []int64
	var rawRounds []int
	for k := range r.cfg.Rounds {
		if r.local {
			start, _, err := r.hub.Raw(rawFrame(k))
			if err != nil {
				return err
			}
			if err := r.wait(ctx, func() int { return int(r.rec.raws[k].n.Load()) }, n); err != nil {
				return fmt.Errorf("raw round %d: %w", k, err)
			}
			rawStarts = append(rawStarts, start)
			rawRounds = append(rawRounds, k)
		}
		title := fmt.Sprintf("Benchmark round %d", k+1)
		if err := r.fac.do(session.Command{Type: session.CmdUpdateSettings, Title: &title}); err != nil {
			return err
		}
		seq++
		if err := r.wait(ctx, func() int { return r.rec.seen(seq) }, n); err != nil {
			return fmt.Errorf("quiet round %d (seq %d): %w", k, seq, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	var raw []int64
	for i, k := range rawRounds {
		raw = append(raw, r.rec.raws[k].last.Load()-rawStarts[i])
	}
	r.res.Raw = summarize(raw)
	quiet, _, _, err := r.fanout(first, seq)
	if err != nil {
		return err
	}
	r.res.FanoutQuiet = quiet
	r.res.RatioQuiet = ratio(quiet.P99, r.res.Raw.P99)
	return nil
}

// rawLoadEvery is how often a raw frame goes out during the load.
const rawLoadEvery = 250 * time.Millisecond

// rawDuringLoad sends a raw frame every rawLoadEvery until stop, as raw
// rounds r.cfg.Rounds and up, and returns when each went out.
func (r *runner) rawDuringLoad(stop <-chan struct{}) []int64 {
	var starts []int64
	tick := time.NewTicker(rawLoadEvery)
	defer tick.Stop()
	for k := r.cfg.Rounds; k < len(r.rec.raws); k++ {
		select {
		case <-stop:
			return starts
		case <-tick.C:
		}
		start, _, err := r.hub.Raw(rawFrame(k))
		if err != nil {
			return starts
		}
		starts = append(starts, start)
	}
	return starts
}

// wait polls until count() reaches want, for up to 30 s.
func (r *runner) wait(ctx context.Context, count func() int, want int) error {
	deadline := time.Now().Add(30 * time.Second)
	for count() < want {
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d participants received it within 30 s", count(), want)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(200 * time.Microsecond)
	}
	return nil
}

// fanout returns, for events from..to, commit to last receipt (when the
// hub's commit times are known), first to last receipt, and how many
// events not every participant received.
func (r *runner) fanout(from, to int64) (commitToLast, spread Latency, incomplete int64, err error) {
	n := int32(len(r.bots))
	var commits []int64
	if r.local {
		if commits, err = r.hub.Commits(from, to); err != nil {
			return
		}
	}
	var a, b []int64
	for s := from; s <= to; s++ {
		if s < 0 || s >= int64(len(r.rec.events)) {
			continue
		}
		rc := &r.rec.events[s]
		if rc.n.Load() < n {
			incomplete++
			continue
		}
		b = append(b, rc.last.Load()-rc.first.Load())
		if commits != nil && commits[s-from] != 0 {
			a = append(a, rc.last.Load()-commits[s-from])
		}
	}
	return summarize(a), summarize(b), incomplete, nil
}

// load runs the workshop and collects its figures.
func (r *runner) load(ctx context.Context) error {
	_, seq := r.seqRange()
	first := seq + 1
	var s0 HubStats
	if r.local {
		s0, _ = r.hub.Stats(false)
		if r.cfg.ProfileDir != "" {
			if err := r.hub.Profile(filepath.Join(r.cfg.ProfileDir, "hub-cpu.pprof")); err != nil {
				return err
			}
		}
	}
	r.measuring.Store(true)
	start, bots0 := time.Now(), cpuTime()
	stopRaw := make(chan struct{})
	var rawWG sync.WaitGroup
	var rawStarts []int64 // by raw round, from r.cfg.Rounds on
	if r.local {
		rawWG.Go(func() { rawStarts = r.rawDuringLoad(stopRaw) })
	}
	w := &workload{cfg: r.cfg, fac: r.fac, bots: r.bots, rng: rand.New(rand.NewPCG(r.cfg.Seed, 1))}
	err := w.run(ctx)
	close(stopRaw)
	rawWG.Wait()
	if err != nil {
		return err
	}
	// Every command answered, every participant caught up.
	deadline := time.Now().Add(time.Minute)
	for r.unanswered() > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	if err := r.settle(ctx, time.Minute); err != nil {
		return err
	}
	elapsed := time.Since(start)
	r.measuring.Store(false)
	r.res.Load.BotsCPUPct = pctOf(cpuTime()-bots0, elapsed)
	if r.local {
		s1, _ := r.hub.Stats(false)
		if r.cfg.ProfileDir != "" {
			if err := r.hub.Profile(""); err != nil {
				return err
			}
		}
		r.res.Load.HubCPUPct = cpuPct(s0, s1)
		defer func() {
			if ev := r.res.Load.Events; ev > 0 {
				r.res.Load.HubCPUPerEvent = float64(int64(float64(s1.CPUNanos-s0.CPUNanos)/float64(ev)/100)) / 10
			}
		}()
	}
	_, last := r.seqRange()
	toLast, spread, incomplete, err := r.fanout(first, last)
	if err != nil {
		return err
	}
	r.res.FanoutLoad, r.res.Spread = toLast, spread
	var raw []int64
	for i, at := range rawStarts {
		if rc := &r.rec.raws[r.cfg.Rounds+i]; int(rc.n.Load()) == len(r.bots) {
			raw = append(raw, rc.last.Load()-at)
		}
	}
	r.res.RawLoad = summarize(raw)
	r.res.RatioLoad = ratio(toLast.P99, r.res.RawLoad.P99)
	r.res.RatioLoadQuietRaw = ratio(toLast.P99, r.res.Raw.P99)
	l := &r.res.Load
	l.Events = last - first + 1
	l.EventsPerSecond = float64(int64(float64(l.Events)/elapsed.Seconds()*10)) / 10
	l.FramesPerSecond = float64(int64(float64(l.Events) * float64(len(r.bots)) / elapsed.Seconds()))
	var acks []int64
	l.Nacked = map[string]int64{}
	for _, b := range r.bots {
		b.mu.Lock()
		acks = append(acks, b.acks...)
		l.Sent += b.sent
		l.Acked += b.acked
		l.Retried += b.retried
		for code, k := range b.nacks {
			l.Nacked[code] += k
		}
		r.res.Problems.Unanswered += int64(len(b.pending))
		b.mu.Unlock()
		r.res.Problems.Gaps += b.gaps.Load()
		if b.kicked.Load() != 0 {
			r.res.Problems.Disconnects++
		}
	}
	r.res.Ack = summarize(acks)
	r.res.Problems.IncompleteFanouts = incomplete
	if r.rec.untracked.Load() > 0 {
		r.note("%d receipts beyond the recorder's range were not timed", r.rec.untracked.Load())
	}
	return nil
}

func (r *runner) unanswered() int {
	n := 0
	for _, b := range r.bots {
		n += b.inFlight()
	}
	return n
}

// commits measures the durable commit rate with and without group commit.
func (r *runner) commits(ctx context.Context) error {
	if !r.local || r.cfg.CommitTime < 0 {
		return nil
	}
	group, err := r.hub.Throughput(256, r.cfg.CommitTime, 0)
	if err != nil {
		return err
	}
	single, err := r.hub.Throughput(256, r.cfg.CommitTime, 1)
	if err != nil {
		return err
	}
	c := &r.res.Commits
	c.Group, c.Single = float64(int64(group)), float64(int64(single))
	c.Ratio = ratio(group, single)
	return nil
}
