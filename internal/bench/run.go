package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"roundtable/server/client"
)

// Run runs one benchmark and returns what it measured.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, res: &Result{
		Participants: cfg.Participants,
		Duration:     cfg.Duration.String(),
		Rate:         cfg.Rate,
		Machine:      fmt.Sprintf("%s %s/%s, %d CPUs", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU()),
	}}
	r.res.PingPeriod = cfg.pingPeriod().String()
	if cfg.PingPeriod > 0 && cfg.PingPeriod != ShippedPingPeriod {
		r.note("the hub pings every %v, not the shipped %v (--ping): not the product as shipped", cfg.PingPeriod, ShippedPingPeriod)
	}
	started := time.Now()
	defer func() { r.res.WallMS = msOf(time.Since(started)) }()
	if err := r.start(ctx); err != nil {
		return nil, err
	}
	defer r.stop()
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"joining", r.join},
		{"measuring idle memory", r.idle},
		{"measuring quiet and raw fan-out", r.rounds},
		{"running the workshop load", r.load},
		{"measuring durable commits", r.commits},
	}
	for _, s := range steps {
		cfg.Logf("bench: %s", s.name)
		if err := s.fn(ctx); err != nil {
			return r.res, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return r.res, nil
}

// runner holds one run's hub, clients and readings.
type runner struct {
	cfg       Config
	res       *Result
	hub       hub
	local     bool // the hub can be measured (Stats, Raw, Commits)
	fac       *facilitator
	bots      []*bot
	rec       *recorder
	measuring atomic.Bool
	before    HubStats // the hub before anyone joined
}

func (r *runner) note(format string, args ...any) {
	r.res.Notes = append(r.res.Notes, fmt.Sprintf(format, args...))
}

func (r *runner) start(ctx context.Context) error {
	n := uint64(r.cfg.Participants)
	need := n + 256
	switch {
	case r.cfg.URL != "":
		u, err := client.NormalizeURL(r.cfg.URL)
		if err != nil {
			return err
		}
		r.hub = remoteHub{url: u, code: r.cfg.Code, token: r.cfg.Token}
		r.res.Hub = "remote"
		r.note("hub started elsewhere: no raw baseline, CPU, memory or commit figures; fan-out is the spread from the first to the last participant")
	case r.cfg.HubCommand != nil:
		h, err := startChildHub(ctx, r.cfg.HubCommand())
		if err != nil {
			return err
		}
		if h.ready.Note != "" {
			r.note("hub process: %s", h.ready.Note)
		}
		r.hub, r.local = h, true
		r.res.Hub = "process"
	default:
		need = 2*n + 256
		h, err := startLocalHub(ctx, r.cfg.PingPeriod)
		if err != nil {
			return err
		}
		r.hub, r.local = h, true
		r.res.Hub = "in-process"
		r.note("hub in the bench's process: its CPU and memory figures include the bots'")
	}
	note, err := raiseFileLimit(need)
	if err != nil {
		r.hub.Close()
		return err
	}
	if note != "" {
		r.note("%s", note)
	}
	seqs := r.cfg.Participants + r.cfg.Rounds + int(r.cfg.Rate*r.cfg.Duration.Seconds()*2) + 10000
	r.rec = newRecorder(seqs, r.cfg.Rounds+int(r.cfg.Duration/rawLoadEvery)+16)
	if r.local {
		s, err := r.hub.Stats(true)
		if err != nil {
			r.hub.Close()
			return err
		}
		r.before = s
	}
	fac, err := dialFacilitator(ctx, r.hub.URL(), r.hub.Token())
	if err != nil {
		r.hub.Close()
		return err
	}
	r.fac = fac
	return nil
}

func (r *runner) stop() {
	var wg sync.WaitGroup
	for _, b := range r.bots {
		wg.Go(b.close)
	}
	wg.Wait()
	if r.fac != nil {
		r.fac.close()
	}
	r.hub.Close()
}
