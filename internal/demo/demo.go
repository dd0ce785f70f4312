// Package demo runs simulated participants — bots on the real client
// library — so that one person can see a live Roundtable session at once
// (`roundtable demo`), and a scripted facilitator that moves a session
// through its phases without a console (`roundtable demo --no-console`).
//
// Every bot is a client.Client that joins with a name and the institution
// it represents, follows the phase the facilitator sets, and acts at a
// human pace scaled by Config.Speed: it posts a few ideas, spends its
// votes, comments on the focused item and gives feedback at the end. All
// loops are bounded and end when the context is cancelled.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"roundtable/server/client"
)

// Config says where the bots join and how they behave.
type Config struct {
	URL          string  // the hub, e.g. "ws://127.0.0.1:7777/ws"
	Code         string  // the join code
	Participants int     // how many bots; at least 1
	Speed        float64 // 1 is a human pace; 10 is ten times faster; ≤ 0 means 1
	Seed         uint64  // makes the bots' choices repeatable (timing still varies)
	// Logf, when set, receives one line per notable thing a bot does.
	Logf func(format string, args ...any)
	// Earlier (issue 16): bot i's resume token of an earlier session of
	// the programme, if any: the bot joins as the same person (the hub
	// knows the token), falling back to joining afresh.
	Earlier []string
}

// Bots is a running crowd of simulated participants.
type Bots struct {
	bots   []*bot
	cancel context.CancelFunc
	wg     sync.WaitGroup
	stats  *tally
}

// Start joins every bot and starts them. It returns once all have joined
// (or the first that could not, after closing the others).
func Start(ctx context.Context, cfg Config) (*Bots, error) {
	if cfg.Participants < 1 {
		return nil, fmt.Errorf("demo: need at least one participant, got %d", cfg.Participants)
	}
	if cfg.Speed <= 0 {
		cfg.Speed = 1
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	bctx, cancel := context.WithCancel(ctx)
	b := &Bots{cancel: cancel, stats: newTally()}
	for i := 0; i < cfg.Participants; i++ {
		name := people[i%len(people)]
		if i >= len(people) {
			name = fmt.Sprintf("%s %d", name, i/len(people)+1)
		}
		inst := institutions[(i*7)%len(institutions)]
		dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
		ccfg := client.Config{URL: cfg.URL, Code: cfg.Code, Name: name, Institution: inst}
		if i < len(cfg.Earlier) && cfg.Earlier[i] != "" {
			ccfg.Earlier = []string{cfg.Earlier[i]}
		}
		c, err := client.Dial(dctx, ccfg)
		dcancel()
		if err != nil {
			b.Stop()
			return nil, fmt.Errorf("demo: bot %d (%s) could not join: %w", i+1, name, err)
		}
		b.bots = append(b.bots, newBot(i, c, cfg, b.stats))
	}
	for _, bt := range b.bots {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			bt.run(bctx)
		}()
	}
	return b, nil
}

// Tokens returns each bot's resume token, in bot order: what Config.Earlier
// takes for the next session of a programme.
func (b *Bots) Tokens() []string {
	out := make([]string, len(b.bots))
	for i, bt := range b.bots {
		out[i] = bt.c.ResumeToken()
	}
	return out
}

// Len returns how many bots joined.
func (b *Bots) Len() int { return len(b.bots) }

// Stats returns what the bots have done so far.
func (b *Bots) Stats() Stats { return b.stats.get() }

// Stop ends every bot, waits for their goroutines and closes their
// connections. Calling it again does nothing.
func (b *Bots) Stop() {
	b.cancel()
	b.wg.Wait()
	for _, bt := range b.bots {
		bt.c.Close()
	}
}

// newRand returns a generator for bot i, repeatable for a seed.
func newRand(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(i)*0x9E3779B97F4A7C15+1))
}
