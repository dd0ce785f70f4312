package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"roundtable/session"
)

// institutions are the participants' institutions: 45, as in the
// reference workshop.
var institutions = func() []string {
	base := []string{"Ministry of Economy", "Ministry of Finance", "Ministry of Education", "Ministry of Health",
		"State Customs Committee", "Central Bank", "ASAN Xidmət", "Innovation and Digital Development Agency",
		"State Statistics Committee"}
	var out []string
	for i := 0; len(out) < 45; i++ {
		out = append(out, fmt.Sprintf("%s %d", base[i%len(base)], i/len(base)+1))
	}
	return out
}()

// ideaTexts are what participants post, with a number appended.
var ideaTexts = []string{
	"One registry of permits that every institution reads from",
	"Single sign-on for all e-services, with the same identity everywhere",
	"Open data portal where each ministry publishes its datasets monthly",
	"Shared cloud platform so that small agencies stop running their own servers",
	"A digital skills programme for civil servants, with certificates",
	"Interoperability rules: every new system exposes an API to the others",
	"Joint procurement of software licences across institutions",
	"A coordination council that meets monthly and publishes its decisions",
}

// workload drives the workshop: the facilitator moves through the phases
// while the participants, chosen at random, act at the offered rate.
type workload struct {
	cfg  Config
	fac  *facilitator
	bots []*bot
	rng  *rand.Rand // the scheduler's only
	jobs chan func()
}

func (w *workload) run(ctx context.Context) error {
	var workers sync.WaitGroup
	w.jobs = make(chan func(), 1024)
	for range 8 {
		workers.Go(func() {
			for job := range w.jobs {
				job()
			}
		})
	}
	defer func() {
		close(w.jobs)
		workers.Wait()
	}()
	d := w.cfg.Duration
	part := func(f float64) time.Duration { return time.Duration(float64(d) * f) }
	rate := w.cfg.Rate
	fac := func(c session.Command) error { return w.fac.do(c) }
	phase := func(p session.Phase) error { return fac(session.Command{Type: session.CmdSetPhase, Phase: p}) }

	// Ideas.
	if err := phase(session.PhaseIdeas); err != nil {
		return err
	}
	topics := w.fac.state().Topics
	w.emit(ctx, rate, part(0.35), func(b *bot, rng *rand.Rand) {
		t := topics[rng.IntN(len(topics))].ID
		text := fmt.Sprintf("%s (%d)", ideaTexts[rng.IntN(len(ideaTexts))], rng.IntN(1000))
		b.send(session.Command{Type: session.CmdPostIdea, Topic: t, Text: text})
	})

	// Group: the facilitator merges a few pairs of ideas.
	groupEnd := time.Now().Add(part(0.05))
	if err := phase(session.PhaseGroup); err != nil {
		return err
	}
	ideas := w.fac.state().IdeaList()
	for k := 0; k+1 < len(ideas) && k < 10; k += 2 {
		if err := fac(session.Command{Type: session.CmdGroupIdeas, Ideas: []string{ideas[k].ID, ideas[k+1].ID}, Name: fmt.Sprintf("Theme %d", k/2+1)}); err != nil {
			return err
		}
	}
	sleepUntil(ctx, groupEnd)

	// Vote: a burst at twice the rate as the phase opens, then a trickle.
	if err := phase(session.PhaseVote); err != nil {
		return err
	}
	cands := w.fac.state().Candidates()
	vote := func(b *bot, rng *rand.Rand) {
		if len(cands) == 0 {
			return
		}
		b.mu.Lock()
		item := cands[rng.IntN(len(cands))]
		delta := 1
		if b.spent >= 5 || b.votes[item] >= 3 {
			// Out of votes (or at the cap): take one back, as people do.
			delta = -1
			item = ""
			for it, n := range b.votes {
				if n > 0 {
					item = it
					break
				}
			}
		}
		if item == "" {
			b.mu.Unlock()
			return
		}
		b.votes[item] += delta
		b.spent += delta
		b.mu.Unlock()
		b.send(session.Command{Type: session.CmdVote, Item: item, Delta: delta})
	}
	w.emit(ctx, 2*rate, part(0.10), vote)
	w.emit(ctx, rate/2, part(0.15), vote)
	if err := fac(session.Command{Type: session.CmdRevealVotes}); err != nil {
		return err
	}

	// Discuss: everyone may comment on the focused item.
	if err := phase(session.PhaseDiscuss); err != nil {
		return err
	}
	cands = w.fac.state().Candidates()
	if len(cands) > 0 {
		top := cands[0]
		if err := fac(session.Command{Type: session.CmdFocus, Item: top}); err != nil {
			return err
		}
		w.emit(ctx, rate, part(0.20), func(b *bot, rng *rand.Rand) {
			b.send(session.Command{Type: session.CmdComment, Item: top, Text: fmt.Sprintf("We could pilot this with three ministries first (%d)", rng.IntN(1000))})
		})
		if err := fac(session.Command{Type: session.CmdNote, Item: top, Notes: "Pilot with three ministries", Decision: "Agreed"}); err != nil {
			return err
		}
	}

	// Road map: the facilitator places the top items.
	roadEnd := time.Now().Add(part(0.05))
	if err := phase(session.PhaseRoadmap); err != nil {
		return err
	}
	for k, horizon := range []string{"Now", "Next", "Later"} {
		if k >= len(cands) {
			break
		}
		if err := fac(session.Command{Type: session.CmdPlace, Item: cands[k], Horizon: horizon, Lead: institutions[k], Supporters: institutions[3:5]}); err != nil {
			return err
		}
	}
	sleepUntil(ctx, roadEnd)

	// Closed: feedback.
	if err := phase(session.PhaseClosed); err != nil {
		return err
	}
	w.emit(ctx, rate, part(0.10), func(b *bot, rng *rand.Rand) {
		b.send(session.Command{Type: session.CmdFeedback, Rating: 1 + rng.IntN(5), Text: "Useful session"})
	})
	return ctx.Err()
}

// emit has random participants act at rate per second for d. A
// participant with three commands unanswered is skipped, as a person
// waits for the screen to catch up.
func (w *workload) emit(ctx context.Context, rate float64, d time.Duration, act func(*bot, *rand.Rand)) {
	start := time.Now()
	end := start.Add(d)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	emitted := 0
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if now.After(end) {
				return
			}
			due := int(rate*now.Sub(start).Seconds()) - emitted
			for ; due > 0; due-- {
				emitted++
				b := w.bots[w.rng.IntN(len(w.bots))]
				if b.inFlight() >= 3 {
					continue
				}
				seed := w.rng.Uint64()
				w.jobs <- func() { act(b, rand.New(rand.NewPCG(seed, uint64(b.idx)))) }
			}
		}
	}
}

func sleepUntil(ctx context.Context, t time.Time) {
	select {
	case <-ctx.Done():
	case <-time.After(time.Until(t)):
	}
}
