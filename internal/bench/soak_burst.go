package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"roundtable/session"
)

// answerWait is how long a soak client waits for a command's answer before
// it moves on (the command stays in its outbox).
const answerWait = 30 * time.Second

// burst runs one burst: the facilitator moves to its phase, then every
// participant acts a few times at random moments within it, one command
// at a time (each waits for its answer, as a person waits for the
// screen). It returns once every participant is done, so the quiet spell
// that follows is quiet.
func (s *soak) burst(ctx context.Context, sp Spell) error {
	phase := session.Phase(sp.Phase)
	st := s.fac.c.State()
	if st.Phase != phase {
		if err := s.fac.do(session.Command{Type: session.CmdSetPhase, Phase: phase}, answerWait); err != nil {
			return fmt.Errorf("facilitator: %w", err)
		}
	}
	if phase == session.PhaseDiscuss {
		// Focus the next item in turn, for comments.
		st = s.fac.c.State()
		if cands := st.Candidates(); len(cands) > 0 {
			item := cands[s.rng.IntN(len(cands))]
			if item != st.Focus {
				if err := s.fac.do(session.Command{Type: session.CmdFocus, Item: item}, answerWait); err != nil {
					return fmt.Errorf("facilitator: %w", err)
				}
			}
		}
	}
	d := time.Duration(sp.Seconds * float64(time.Second))
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range s.parts {
		// Each participant's moments, drawn here from the soak's one
		// generator so that a seed gives the same plan.
		n := actionsIn(phase, s.rng)
		at := make([]time.Duration, n)
		for k := range at {
			at[k] = time.Duration(s.rng.Float64() * 0.9 * float64(d))
		}
		seed := s.rng.Uint64()
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(seed, 3))
			for _, off := range sortedDurations(at) {
				if !sleepCtx(ctx, time.Until(start.Add(off))) {
					return
				}
				cmd, ok := participantCommand(p.c.State(), p.me(), phase, rng)
				if !ok {
					continue
				}
				p.do(cmd, answerWait)
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if phase == session.PhaseDiscuss {
		// The facilitator notes the discussion, as at the end of one.
		if st := s.fac.c.State(); st.Focus != "" {
			s.fac.do(session.Command{Type: session.CmdNote, Item: st.Focus, Notes: "Discussed in the soak: " + sp.Phase + fmt.Sprintf(" at %.0f s", sp.StartS), Decision: "Keep"}, answerWait)
		}
	}
	// Let the last events reach everyone before the quiet spell starts.
	sleepCtx(ctx, time.Until(start.Add(d)))
	return nil
}

// actionsIn is how many times a participant acts in a burst of the phase.
func actionsIn(phase session.Phase, rng *rand.Rand) int {
	switch phase {
	case session.PhaseIdeas:
		return 1 + rng.IntN(3)
	case session.PhaseVote:
		return 2 + rng.IntN(3)
	case session.PhaseDiscuss:
		return 1 + rng.IntN(2)
	case session.PhaseClosed:
		return 1
	}
	return 0
}

func sortedDurations(ds []time.Duration) []time.Duration {
	out := append([]time.Duration(nil), ds...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// participantCommand is what a participant does next in the phase, from
// what its replica shows: a legal command, so that a refusal means
// something went wrong. It reports false when there is nothing to do.
func participantCommand(st *session.State, me string, phase session.Phase, rng *rand.Rand) (session.Command, bool) {
	if st == nil || st.Phase != phase {
		return session.Command{}, false
	}
	switch phase {
	case session.PhaseIdeas:
		if len(st.Topics) == 0 {
			return session.Command{}, false
		}
		t := st.Topics[rng.IntN(len(st.Topics))].ID
		return session.Command{Type: session.CmdPostIdea, Topic: t, Text: fmt.Sprintf("%s (%d)", ideaTexts[rng.IntN(len(ideaTexts))], rng.IntN(1000))}, true
	case session.PhaseVote:
		if st.VotingClosed {
			return session.Command{}, false
		}
		p := st.Participants[me]
		cands := st.Candidates()
		if p == nil || len(cands) == 0 {
			return session.Command{}, false
		}
		if p.VotesSpent < st.Settings.VoteBudget {
			for range 8 {
				item := cands[rng.IntN(len(cands))]
				if st.VotesBy(item, me) < st.Settings.VoteCap {
					return session.Command{Type: session.CmdVote, Item: item, Delta: 1}, true
				}
			}
		}
		// Out of votes: take one back, as people do.
		for _, item := range cands {
			if st.VotesBy(item, me) > 0 {
				return session.Command{Type: session.CmdVote, Item: item, Delta: -1}, true
			}
		}
	case session.PhaseDiscuss:
		if st.Focus == "" {
			return session.Command{}, false
		}
		return session.Command{Type: session.CmdComment, Item: st.Focus, Text: fmt.Sprintf("We could pilot this with three ministries first (%d)", rng.IntN(1000))}, true
	case session.PhaseClosed:
		return session.Command{Type: session.CmdFeedback, Rating: 1 + rng.IntN(5), Text: "Useful session"}, true
	}
	return session.Command{}, false
}

// converge waits (up to two minutes each) until every command has been
// answered and every client has the hub's last event, then compares each
// participant's replica with the facilitator's, redacted as that
// participant may see it (the facilitator's replica is the hub's state).
func (s *soak) converge(ctx context.Context) {
	clients := s.clients()
	waitUntil(ctx, 2*time.Minute, func() bool {
		for _, c := range clients {
			if c.c.Pending() > 0 {
				return false
			}
		}
		return true
	})
	var hubSeq int64
	waitUntil(ctx, 2*time.Minute, func() bool {
		hubSeq = s.host.sample("").Seq
		for _, c := range clients {
			if st := c.c.State(); st == nil || st.Seq < hubSeq {
				return false
			}
		}
		return true
	})
	s.res.Replicas.HubSeq = hubSeq
	want := s.fac.c.State()
	if want.Seq != hubSeq {
		s.res.Replicas.Diverged = append(s.res.Replicas.Diverged, fmt.Sprintf("facilitator: at seq %d, the hub at %d", want.Seq, hubSeq))
	}
	for _, p := range s.parts {
		got := p.c.State()
		id, role := p.c.Me()
		view := session.RedactState(want, session.Viewer{ID: id, Role: role})
		if _, crowd := p.c.Crowd(); crowd {
			// A crowd's participant is told only of itself (PROTOCOL.md,
			// roster).
			for pid := range view.Participants {
				if pid != id {
					delete(view.Participants, pid)
				}
			}
		}
		w, _ := json.Marshal(view)
		g, _ := json.Marshal(got)
		if string(w) != string(g) {
			s.res.Replicas.Diverged = append(s.res.Replicas.Diverged, fmt.Sprintf("%s: its replica (seq %d) differs from the hub's view (seq %d)", p.name, got.Seq, want.Seq))
			continue
		}
		s.res.Replicas.Converged++
	}
	s.res.Replicas.Checked = len(s.parts)
	s.res.Replicas.Ideas = len(want.Ideas)
	s.res.Replicas.Comments = len(want.Comments)
}

// me is the participant id the hub gave this client.
func (c *soakClient) me() string {
	id, _ := c.c.Me()
	return id
}

// waitUntil polls ok every 100 ms until it holds, ctx ends or timeout
// passes; it reports whether ok held.
func waitUntil(ctx context.Context, timeout time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) || !sleepCtx(ctx, 100*time.Millisecond) {
			return false
		}
	}
	return true
}
