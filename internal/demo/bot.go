package demo

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// bot is one simulated participant. Only its own goroutine touches it.
type bot struct {
	i     int
	c     *client.Client
	cfg   Config
	rng   *rand.Rand
	stats *tally
	me    string
	sent  map[string]session.Command // op -> command awaiting its ack or nack

	ideaBudget int // ideas this bot posts in the whole session
	posted     int
	texts      map[string]bool // texts this bot posted

	phase     session.Phase
	entered   bool
	actAt     time.Time // next action of the phase (post, vote, comment, feedback)
	doneAt    time.Time // when the bot marks itself done, if nothing else decides it
	unvoted   bool      // took a vote back in this voting phase
	focusSeen map[string]bool
	feedback  bool
	roadmap   bool // commented on the road map
	// issue 16: the consent rounds seen, by item#round: when to answer
	// (zero once answered) (consent.go)
	consented map[string]time.Time
}

func newBot(i int, c *client.Client, cfg Config, stats *tally) *bot {
	me, _ := c.Me()
	rng := newRand(cfg.Seed, i)
	return &bot{
		i: i, c: c, cfg: cfg, rng: rng, stats: stats, me: me,
		sent:       map[string]session.Command{},
		ideaBudget: 2 + rng.IntN(3),
		texts:      map[string]bool{},
		focusSeen:  map[string]bool{},
	}
}

// maxActions bounds what one bot sends in a session, whatever happens.
const maxActions = 400

// run acts until ctx ends or the connection closes for good.
func (b *bot) run(ctx context.Context) {
	t := time.NewTimer(b.between(200*time.Millisecond, 2*time.Second))
	defer t.Stop()
	changes := b.c.Changes()
	actions := 0
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
			b.drain()
		case <-t.C:
			if actions < maxActions && b.c.Pending() == 0 {
				if b.act(time.Now()) {
					actions++
				}
			}
			t.Reset(b.between(time.Second, 3*time.Second))
		}
	}
}

// between returns a random wait between lo and hi at the configured speed.
func (b *bot) between(lo, hi time.Duration) time.Duration {
	d := lo + time.Duration(b.rng.Int64N(int64(hi-lo)+1))
	d = time.Duration(float64(d) / b.cfg.Speed)
	return max(d, 5*time.Millisecond)
}

// drain takes in acks and nacks.
func (b *bot) drain() {
	u := b.c.Drain()
	for _, op := range u.Acked {
		if cmd, ok := b.sent[op]; ok {
			b.stats.acked(cmd.Type, cmd.Delta)
			delete(b.sent, op)
		}
	}
	for _, n := range u.Nacks {
		delete(b.sent, n.Op)
		b.stats.refused(n.Command.Type, n.Code, n.Message)
		b.cfg.Logf("bot %d: %s refused: %s %s", b.i+1, n.Command.Type, n.Code, n.Message)
	}
}

func (b *bot) send(cmd session.Command) {
	b.sent[b.c.Send(cmd)] = cmd
}

// act does the next thing the phase calls for, if any, and reports
// whether it sent a command.
func (b *bot) act(now time.Time) bool {
	st := b.c.State()
	if st == nil {
		return false
	}
	if !b.entered || st.Phase != b.phase {
		b.enter(st.Phase, now)
	}
	if b.atTables(st) { // issue 16: tables.go
		return true
	}
	switch st.Phase {
	case session.PhaseIdeas:
		return b.ideas(st, now)
	case session.PhaseGroup:
		return b.markDone(st, now)
	case session.PhaseVote:
		return b.vote(st, now)
	case session.PhaseDiscuss:
		return b.discuss(st, now)
	case session.PhaseRoadmap:
		if b.consent(st, now) { // issue 16
			return true
		}
		return b.roadmapComment(st, now)
	case session.PhaseClosed:
		return b.close(st, now)
	}
	return false // lobby: wait
}

// enter plans a new phase.
func (b *bot) enter(p session.Phase, now time.Time) {
	b.phase, b.entered = p, true
	b.unvoted = false
	switch p {
	case session.PhaseIdeas:
		b.actAt = now.Add(b.between(3*time.Second, 20*time.Second))
		b.doneAt = time.Time{}
	case session.PhaseGroup:
		b.doneAt = now.Add(b.between(5*time.Second, 25*time.Second))
	case session.PhaseVote:
		b.actAt = now.Add(b.between(2*time.Second, 10*time.Second))
		b.doneAt = time.Time{}
	case session.PhaseDiscuss, session.PhaseRoadmap:
		b.actAt = now.Add(b.between(5*time.Second, 30*time.Second))
		b.doneAt = now.Add(b.between(20*time.Second, 60*time.Second))
	case session.PhaseClosed:
		b.actAt = now.Add(b.between(3*time.Second, 20*time.Second))
		b.doneAt = time.Time{}
	}
}

// markDone marks the bot done with the phase once doneAt has passed.
func (b *bot) markDone(st *session.State, now time.Time) bool {
	if b.doneAt.IsZero() || now.Before(b.doneAt) || st.Done[st.Phase][b.me] {
		return false
	}
	b.send(session.Command{Type: session.CmdMarkDone})
	return true
}

// ideas posts the bot's next idea when its time has come; with all posted,
// the bot is done.
func (b *bot) ideas(st *session.State, now time.Time) bool {
	if b.posted >= b.ideaBudget {
		if b.doneAt.IsZero() {
			b.doneAt = now.Add(b.between(time.Second, 5*time.Second))
		}
		return b.markDone(st, now)
	}
	if now.Before(b.actAt) || len(st.Topics) == 0 {
		return false
	}
	ti := b.topicChoice(len(st.Topics))
	text := b.ideaText(st, ti)
	b.send(session.Command{Type: session.CmdPostIdea, Topic: st.Topics[ti].ID, Text: text})
	b.texts[text] = true
	b.posted++
	b.actAt = now.Add(b.between(15*time.Second, 45*time.Second))
	return true
}

// topicChoice picks a topic: the first three a little more often than the
// rest, as in the reference workshop.
func (b *bot) topicChoice(n int) int {
	w := make([]int, n)
	total := 0
	for i := range w {
		w[i] = 3
		if i >= 3 {
			w[i] = 1
		}
		total += w[i]
	}
	r := b.rng.IntN(total)
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return n - 1
}

// ideaText picks an idea for topic ti that nobody has posted yet when it
// can; once the pool is used up, a repeat, which gives the facilitator
// something to merge.
func (b *bot) ideaText(st *session.State, ti int) string {
	pool := ideas[ti%len(ideas)]
	taken := map[string]bool{}
	for _, i := range st.Ideas {
		taken[i.Text] = true
	}
	start := b.rng.IntN(len(pool))
	for k := range pool {
		t := pool[(start+k)%len(pool)]
		if !taken[t] {
			return t
		}
	}
	for k := range pool {
		if t := pool[(start+k)%len(pool)]; !b.texts[t] {
			return t
		}
	}
	return pool[start]
}

// appeal is how much the bots like an item before tallies are shown: the
// same for every bot, so some items become clearly popular.
func appeal(seed uint64, item string) int {
	h := fnv.New64a()
	h.Write([]byte(item))
	x := int((h.Sum64() ^ seed) % 6)
	return 1 + x*x
}

// vote spends the budget one vote at a time, popular items more often,
// within the per-item cap; now and then it takes one back.
func (b *bot) vote(st *session.State, now time.Time) bool {
	if st.VotingClosed || now.Before(b.actAt) {
		return false
	}
	spent := 0
	var mine []string
	for item, by := range st.Votes {
		if n := by[b.me]; n > 0 {
			spent += n
			mine = append(mine, item)
		}
	}
	if p := st.Participants[b.me]; p != nil {
		spent = p.VotesSpent // issue 16: a table's votes came back when the tables closed
	}
	session.ByID(mine)
	b.actAt = now.Add(b.between(2*time.Second, 8*time.Second))
	if len(mine) > 0 && spent < st.Settings.VoteBudget && !b.unvoted && b.rng.IntN(8) == 0 {
		b.unvoted = true
		b.send(session.Command{Type: session.CmdVote, Item: mine[b.rng.IntN(len(mine))], Delta: -1})
		return true
	}
	if spent >= st.Settings.VoteBudget {
		if b.doneAt.IsZero() {
			b.doneAt = now.Add(b.between(time.Second, 5*time.Second))
		}
		return b.markDone(st, now)
	}
	var items []string
	var weights []int
	total := 0
	for _, id := range b.votable(st) { // issue 16: at a table, its board
		if st.Votes[id][b.me] >= st.Settings.VoteCap {
			continue
		}
		w := appeal(b.cfg.Seed, id)
		if st.VotesRevealed {
			w += 2 * st.Tally(id)
		}
		items, weights = append(items, id), append(weights, w)
		total += w
	}
	if total == 0 {
		return false
	}
	r := b.rng.IntN(total)
	for k, w := range weights {
		if r < w {
			b.send(session.Command{Type: session.CmdVote, Item: items[k], Delta: 1})
			return true
		}
		r -= w
	}
	return false
}

// discuss comments on some of the items the facilitator focuses.
func (b *bot) discuss(st *session.State, now time.Time) bool {
	if st.Focus != "" && !b.focusSeen[st.Focus] {
		b.focusSeen[st.Focus] = true
		if b.rng.IntN(100) < 35 {
			b.actAt = now.Add(b.between(4*time.Second, 25*time.Second))
		} else {
			b.actAt = time.Time{}
		}
		return false
	}
	if st.Focus != "" && !b.actAt.IsZero() && !now.Before(b.actAt) {
		b.actAt = time.Time{}
		b.send(session.Command{Type: session.CmdComment, Item: st.Focus, Text: comments[b.rng.IntN(len(comments))]})
		return true
	}
	return b.markDone(st, now)
}

// roadmapComment now and then comments on an item placed on the road map.
func (b *bot) roadmapComment(st *session.State, now time.Time) bool {
	if !b.roadmap && len(st.Roadmap) > 0 && !now.Before(b.actAt) {
		b.roadmap = true
		if b.rng.IntN(100) < 15 {
			var placed []string
			for id := range st.Roadmap {
				placed = append(placed, id)
			}
			session.ByID(placed)
			b.send(session.Command{Type: session.CmdComment, Item: placed[b.rng.IntN(len(placed))], Text: comments[b.rng.IntN(len(comments))]})
			return true
		}
	}
	return b.markDone(st, now)
}

// close gives feedback once, then marks the bot done.
func (b *bot) close(st *session.State, now time.Time) bool {
	if !b.feedback {
		if now.Before(b.actAt) {
			return false
		}
		b.feedback = true
		ratings := []int{5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 2}
		b.send(session.Command{Type: session.CmdFeedback, Rating: ratings[b.rng.IntN(len(ratings))], Text: feedback[b.rng.IntN(len(feedback))]})
		b.doneAt = now.Add(b.between(time.Second, 4*time.Second))
		return true
	}
	return b.markDone(st, now)
}
