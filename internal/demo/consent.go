package demo

import (
	"context"
	"strconv"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// Consent rounds (issue 16): a bot answers the round open now once, a few
// seconds after it first sees it, mostly with support, now and then with
// a 0 or 1 and a reason. It changes nothing else: the facilitator (a
// person at the console, or the scripted one) runs the round.

// consentLevels are the answers a bot picks from: mostly 3 to 5.
var consentLevels = []int{5, 5, 4, 4, 4, 4, 3, 3, 3, 2, 1, 0}

// consentReasons are the reasons a bot gives for a 0 or 1.
var consentReasons = []string{
	"Büdcə mənbəyi göstərilməyib.",
	"Needs a named lead and a budget line first.",
	"Mövcud layihə ilə təkrarlanır; əvvəlcə birləşdirin.",
	"Сроки нереалистичны без пилота.",
}

// consent answers the open round when its time has come; it reports
// whether it sent a command.
func (b *bot) consent(st *session.State, now time.Time) bool {
	c := st.OpenConsent()
	if c == nil {
		return false
	}
	key := c.Item + "#" + strconv.Itoa(c.Round)
	if b.consented == nil {
		b.consented = map[string]time.Time{}
	}
	due, seen := b.consented[key]
	switch {
	case !seen:
		b.consented[key] = now.Add(b.between(2*time.Second, 15*time.Second))
		return false
	case due.IsZero() || now.Before(due):
		return false
	}
	b.consented[key] = time.Time{} // answered
	level := consentLevels[b.rng.IntN(len(consentLevels))]
	cmd := session.Command{Type: session.CmdConsent, Item: c.Item, Level: &level}
	if level <= 1 {
		cmd.Text = consentReasons[b.rng.IntN(len(consentReasons))]
	}
	b.send(cmd)
	return true
}

// consentRounds runs a consent round on each of the first s.Consent items
// of the road map: it opens the round, waits until every participant
// online has answered (at most half of s.Every), reveals it and records an
// outcome from the answers: not agreed with a 0, agreed with reservations
// with a 1 or a 2, agreed otherwise.
func (s Script) consentRounds(ctx context.Context, f facilitator) error {
	st := s.Client.State()
	var items []string
	for _, h := range st.Settings.Horizons {
		for _, r := range st.RoadmapIn(h) {
			items = append(items, r.Item)
		}
	}
	for _, item := range items[:min(len(items), s.Consent)] {
		if err := f.do(ctx, session.Command{Type: session.CmdOpenConsent, Item: item}); err != nil {
			return err
		}
		wctx, cancel := context.WithTimeout(ctx, s.Every/2)
		// when the time is up, what came is revealed
		_ = waitState(wctx, s.Client, func(st *session.State) bool {
			c := st.Consent[item]
			return c != nil && c.Answers >= len(s.Client.Online())
		})
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := f.do(ctx, session.Command{Type: session.CmdRevealConsent, Item: item}); err != nil {
			return err
		}
		outcome := session.ConsentAgreed
		if r := s.Client.State().Consent[item].Result; r != nil {
			outcome = consentOutcome(r)
		}
		if err := f.do(ctx, session.Command{Type: session.CmdRecordConsent, Item: item, Outcome: outcome}); err != nil {
			return err
		}
	}
	return nil
}

// consentOutcome is what the scripted facilitator records, as a room
// would read the hands: not agreed when nobody answered, when a fist comes
// from more than one in ten or the 0s and 1s are a quarter of those who
// took part; agreed with reservations when anyone showed 0 to 2; agreed
// otherwise.
func consentOutcome(r *session.ConsentResult) string {
	low := r.Distribution[0] + r.Distribution[1]
	switch {
	case r.TookPart == 0 || r.Distribution[0]*10 > r.TookPart || low*4 >= r.TookPart:
		return session.ConsentNotAgreed
	case low+r.Distribution[2] > 0:
		return session.ConsentReservations
	}
	return session.ConsentAgreed
}

// waitState waits until ok holds for c's copy, or ctx ends.
func waitState(ctx context.Context, c *client.Client, ok func(st *session.State) bool) error {
	tk := time.NewTicker(50 * time.Millisecond)
	defer tk.Stop()
	for !ok(c.State()) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tk.C:
		}
	}
	return nil
}
