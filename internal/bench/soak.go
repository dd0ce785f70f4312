package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

// ShippedPingPeriod is how often a host started with default settings
// pings each client (the server's default). The soak checks it against
// the pings it sees and makes its quiet spells longer.
const ShippedPingPeriod = 25 * time.Second

// Soak defaults: a 65-person room for ten minutes, quiet spells of 30 to
// 70 s around 40 s, bursts of 20 s.
const (
	DefaultSoakParticipants = 65
	DefaultSoakDuration     = 10 * time.Minute
	DefaultSoakQuiet        = 40 * time.Second
	DefaultSoakBurst        = 20 * time.Second
)

// quietFactors vary the quiet spells around SoakConfig.Quiet, in turn:
// with the default 40 s, 40, 65, 30, 50, 35 and 70 s. The second and the
// last are longer than 2.5 ping periods.
var quietFactors = []float64{1, 1.625, 0.75, 1.25, 0.875, 1.75}

// SoakConfig says what a soak runs: the shipped binary as the host, with
// its default settings, and participants on the reconnecting client that
// alternate bursts of activity with quiet spells longer than the ping
// period.
type SoakConfig struct {
	HostBin      string        // the roundtable binary, run as `host --headless` (required)
	Participants int           // default 65
	Duration     time.Duration // bursts and quiet spells together (default 10 min)
	Quiet        time.Duration // the typical quiet spell (default 40 s); spells vary from 3/4 to 7/4 of it
	Burst        time.Duration // each burst of activity (default 20 s)
	Keep         bool          // keep the temporary directory (database, host output and log)
	// OneAddress dials every participant from 127.0.0.1, as a room behind
	// one NAT address; by default each has its own loopback address, as
	// devices on a LAN do (Linux only; elsewhere all use 127.0.0.1).
	OneAddress bool
	Seed       uint64
	Logf       func(format string, args ...any) // progress; nil is silent
}

func (c SoakConfig) withDefaults() (SoakConfig, error) {
	if c.HostBin == "" {
		return c, errors.New("no host binary given")
	}
	if c.Participants == 0 {
		c.Participants = DefaultSoakParticipants
	}
	if c.Participants < 1 || c.Participants > 1000 {
		return c, fmt.Errorf("participants must be 1 to 1000, not %d", c.Participants)
	}
	if c.Duration == 0 {
		c.Duration = DefaultSoakDuration
	}
	if c.Quiet == 0 {
		c.Quiet = DefaultSoakQuiet
	}
	if c.Burst == 0 {
		c.Burst = DefaultSoakBurst
	}
	if c.Quiet < 100*time.Millisecond || c.Burst < 100*time.Millisecond {
		return c, fmt.Errorf("quiet spells and bursts must last at least 100ms, not %v and %v", c.Quiet, c.Burst)
	}
	if c.Duration < c.Burst {
		return c, fmt.Errorf("the duration (%v) must hold at least one burst (%v)", c.Duration, c.Burst)
	}
	if c.Duration > 24*time.Hour {
		return c, fmt.Errorf("the duration must be at most 24h, not %v", c.Duration)
	}
	if c.Seed == 0 {
		c.Seed = uint64(time.Now().UnixNano())
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return c, nil
}

// soakGrace bounds everything a soak does besides its schedule: starting
// the host, joining, waiting for the last answers, checking the replicas
// and stopping.
const soakGrace = 5 * time.Minute

// Spell is one part of a soak's schedule: a burst of activity in a phase,
// or a quiet spell with no command from anyone.
type Spell struct {
	Kind    string  `json:"kind"`            // "burst" or "quiet"
	Phase   string  `json:"phase,omitempty"` // a burst's phase
	StartS  float64 `json:"start_s"`         // from the end of the joins (planned)
	Seconds float64 `json:"seconds"`         // planned length
}

// burstPhases are the bursts' phases, in turn; the last burst of a soak
// is in the closed phase (feedback).
var burstPhases = []string{"ideas", "vote", "discuss"}

// soakSchedule plans bursts and quiet spells within the duration: a burst,
// then quiet and a burst in turn while both fit; the last burst collects
// feedback.
func soakSchedule(cfg SoakConfig) []Spell {
	var out []Spell
	var t time.Duration
	add := func(kind, phase string, d time.Duration) {
		out = append(out, Spell{Kind: kind, Phase: phase, StartS: t.Seconds(), Seconds: d.Seconds()})
		t += d
	}
	add("burst", burstPhases[0], cfg.Burst)
	for k := 0; ; k++ {
		q := time.Duration(float64(cfg.Quiet) * quietFactors[k%len(quietFactors)]).Round(time.Millisecond)
		if t+q+cfg.Burst > cfg.Duration {
			break
		}
		add("quiet", "", q)
		add("burst", burstPhases[(k+1)%len(burstPhases)], cfg.Burst)
	}
	if n := len(out); n > 1 {
		out[n-1].Phase = "closed"
	}
	return out
}

// Soak runs the shipped host with default settings and a room of
// participants through bursts and quiet spells, and reports every
// connection that dropped, every command not answered, whether every
// replica converged, and the host's memory over time. It returns an error
// only when it could not run; a run that found faults returns a result
// whose Failures say so.
func Soak(ctx context.Context, cfg SoakConfig) (*SoakResult, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	sched := soakSchedule(cfg)
	var planned time.Duration
	for _, s := range sched {
		planned += time.Duration(s.Seconds * float64(time.Second))
	}
	ctx, cancel := context.WithTimeout(ctx, planned+soakGrace)
	defer cancel()

	dir, err := os.MkdirTemp("", "roundtable-soak-")
	if err != nil {
		return nil, err
	}
	res := &SoakResult{
		Participants: cfg.Participants,
		OneAddress:   cfg.OneAddress || !spreadSources,
		Duration:     cfg.Duration.String(),
		Schedule:     sched,
		Machine:      fmt.Sprintf("%s %s/%s, %d CPUs", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU()),
		Started:      time.Now().UTC().Format(time.RFC3339),
	}
	for _, s := range sched {
		if s.Kind == "quiet" {
			res.LongestQuietS = max(res.LongestQuietS, s.Seconds)
		}
	}
	if cfg.Keep {
		res.Dir = dir
	} else {
		defer os.RemoveAll(dir)
	}
	s := &soak{cfg: cfg, res: res, sched: sched, rng: rand.New(rand.NewPCG(cfg.Seed, 7))}
	began := time.Now()
	err = s.run(ctx, dir)
	res.WallS = secondsOf(time.Since(began))
	s.finish()
	res.verdict()
	if err != nil {
		res.Failures = append([]string{"the soak stopped early: " + err.Error()}, res.Failures...)
	}
	return res, err
}

// soak is one run's host, clients and readings.
type soak struct {
	cfg   SoakConfig
	res   *SoakResult
	sched []Spell
	rng   *rand.Rand

	host  *soakHost
	fac   *soakClient
	parts []*soakClient
	probe *pingProbe
	t0    time.Time // the end of the joins: spells are timed from here

	mu     sync.Mutex
	during string // the spell under way, for the record of each drop
}

// now returns the spell under way and the seconds since t0.
func (s *soak) now() (string, float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.t0.IsZero() {
		return s.during, 0
	}
	return s.during, secondsOf(time.Since(s.t0))
}

func (s *soak) setDuring(what string) {
	s.mu.Lock()
	s.during = what
	s.mu.Unlock()
}

func (s *soak) run(ctx context.Context, dir string) error {
	cfg := s.cfg
	s.setDuring("start")
	h, err := startSoakHost(ctx, cfg.HostBin, dir)
	if err != nil {
		return err
	}
	s.host = h
	s.res.HostCommand = h.command
	s.res.LogFile = h.logPath
	cfg.Logf("soak: host %s (pid %d) at %s", cfg.HostBin, h.cmd.Process.Pid, h.url)
	s.res.Host.StartRSS = h.sample("started").RSS
	go h.sampleEvery(ctx, 5*time.Second)

	s.setDuring("joins")
	if s.fac, err = dialSoakClient(ctx, "facilitator", 0, soakClientConfig{URL: h.url, Token: h.token}, s.now); err != nil {
		return err
	}
	if err := s.join(ctx); err != nil {
		return err
	}
	if s.probe, err = startPingProbe(ctx, h.url, h.code, s.now); err != nil {
		return err
	}
	s.mu.Lock()
	s.t0 = time.Now()
	s.mu.Unlock()
	h.sample("joined")
	cfg.Logf("soak: %d participants, a facilitator and a ping probe joined; %d spells over %s", len(s.parts), len(s.sched), cfg.Duration)

	bursts, quiets := 0, 0
	for _, sp := range s.sched {
		if err := s.hostAlive(); err != nil {
			return err
		}
		if sp.Kind == "quiet" {
			quiets++
			s.setDuring(fmt.Sprintf("quiet %d", quiets))
			d := time.Duration(sp.Seconds * float64(time.Second))
			cfg.Logf("soak: quiet %d for %s (%d unexpected closes so far)", quiets, d, s.closesSoFar())
			if !sleepCtx(ctx, d) {
				return ctx.Err()
			}
			// The idle reading: everyone connected, nothing sent for a
			// spell longer than a ping period.
			s.res.Host.Idle = append(s.res.Host.Idle, h.sample(fmt.Sprintf("end of quiet %d", quiets)))
			continue
		}
		bursts++
		s.setDuring(fmt.Sprintf("burst %d (%s)", bursts, sp.Phase))
		cfg.Logf("soak: burst %d in the %s phase for %s", bursts, sp.Phase, time.Duration(sp.Seconds*float64(time.Second)))
		if err := s.burst(ctx, sp); err != nil {
			return fmt.Errorf("burst %d: %w", bursts, err)
		}
	}
	s.setDuring("end")
	if err := s.hostAlive(); err != nil {
		return err
	}
	cfg.Logf("soak: checking that every command was answered and every replica converged")
	s.converge(ctx)
	s.res.Host.End = h.sample("end")
	return nil
}

// join connects the participants, eight at a time, each from its own
// loopback address (a room on a LAN: one address per device).
func (s *soak) join(ctx context.Context) error {
	s.parts = make([]*soakClient, s.cfg.Participants)
	src := func(i int) int {
		if s.cfg.OneAddress {
			return 0
		}
		return i + 1
	}
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for i := range s.parts {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := dialSoakClient(ctx, fmt.Sprintf("participant %d", i+1), src(i), soakClientConfig{
				URL: s.host.url, Code: s.host.code,
				Name: fmt.Sprintf("Soak participant %d", i+1), Institution: institutions[i%len(institutions)],
			}, s.now)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
				}
				return
			}
			s.parts[i] = c
		})
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return nil
}

func (s *soak) hostAlive() error {
	select {
	case <-s.host.exited:
		return fmt.Errorf("the host exited during the soak (%s); the end of its stderr: %s", s.host.exitStatus(), tail(s.host.logPath))
	default:
		return nil
	}
}

func (s *soak) closesSoFar() int {
	n := 0
	for _, c := range s.clients() {
		n += c.closeCount()
	}
	if s.probe != nil {
		n += s.probe.closeCount()
	}
	return n
}

// clients returns the facilitator and the participants that joined.
func (s *soak) clients() []*soakClient {
	var out []*soakClient
	if s.fac != nil {
		out = append(out, s.fac)
	}
	for _, c := range s.parts {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

// finish closes the clients and the probe normally, stops the host and
// gathers the record.
func (s *soak) finish() {
	s.setDuring("stopping")
	var wg sync.WaitGroup
	clients := s.clients()
	for _, c := range clients {
		wg.Go(c.close)
	}
	if s.probe != nil {
		wg.Go(s.probe.close)
	}
	wg.Wait()
	if s.host != nil {
		s.res.Host.Exit = s.host.stop()
		s.res.Host.Samples = s.host.samples()
		s.res.Host.fill()
	}
	if s.probe != nil {
		s.res.Pings = s.probe.summary()
	}
	s.res.gather(clients, s.probe)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func secondsOf(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }

// short is the first line of s, cut to n bytes, for the record.
func short(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > n {
		s = s[:n]
	}
	return s
}
