package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
)

// facToken is the facilitator token of the hub startHost runs.
const facToken = "demo-test-facilitator-token"

// startHost runs a real hub on loopback with a temporary database.
func startHost(t *testing.T) *server.Host {
	t.Helper()
	h, err := server.StartHost(context.Background(), server.HostConfig{
		Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "demo.db"), Title: "digital.leadership", Code: "DEMO1",
		FacilitatorHash: server.HashToken(facToken),
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// waitFor polls the facilitator's replica until ok holds or ctx ends.
func waitFor(ctx context.Context, c *client.Client, ok func(st *session.State) bool) error {
	tk := time.NewTicker(20 * time.Millisecond)
	defer tk.Stop()
	for !ok(c.State()) {
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-tk.C:
		}
	}
	return nil
}

// TestWholeSession runs bots through a whole session driven by the
// scripted facilitator, each phase ending when the bots have done their
// part: they post in ideas, vote within budget and cap, comment in
// discussion and give feedback when the session is closed.
func TestWholeSession(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const n = 8
	h := startHost(t)
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	bots, err := Start(ctx, Config{URL: h.URL(), Code: h.Code, Participants: n, Speed: 40, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer bots.Stop()
	fac, err := client.Dial(ctx, client.Config{URL: h.URL(), Token: facToken})
	if err != nil {
		t.Fatal(err)
	}
	defer fac.Close()

	allDone := func(p session.Phase) func(st *session.State) bool {
		return func(st *session.State) bool { return len(st.Done[p]) >= n }
	}
	var phases []session.Phase
	var focused []string
	script := Script{
		Client:  fac,
		Every:   time.Minute,
		Report:  func(p session.Phase, st *session.State) { phases = append(phases, p) },
		Consent: 1, // issue 16
		Dwell: func(ctx context.Context, p session.Phase) error {
			dctx, dcancel := context.WithTimeout(ctx, 15*time.Second)
			defer dcancel()
			switch p {
			case session.PhaseIdeas, session.PhaseGroup, session.PhaseVote, session.PhaseRoadmap:
				return waitFor(dctx, fac, allDone(p))
			case session.PhaseDiscuss:
				focused = append(focused, fac.State().Focus)
				time.Sleep(800 * time.Millisecond) // the bots' comment delays at this speed
				return nil
			case session.PhaseClosed:
				return waitFor(dctx, fac, func(st *session.State) bool { return len(st.Feedback) >= n && len(st.Done[p]) >= n })
			}
			return nil
		},
	}
	if err := script.Run(ctx); err != nil {
		t.Fatalf("script: %v (bots: %v)", err, bots.Stats())
	}
	st := fac.State()

	if got := strings.Join(phasesText(phases), " "); got != "lobby ideas group vote discuss roadmap closed" {
		t.Errorf("phases = %s", got)
	}
	if len(st.Ideas) < 2*n || len(st.Ideas) > 4*n {
		t.Errorf("%d ideas posted by %d bots, want 2 to 4 each", len(st.Ideas), n)
	}
	perVoter := map[string]int{}
	for item, by := range st.Votes {
		for pid, v := range by {
			if v > st.Settings.VoteCap {
				t.Errorf("%s gave %s %d votes, over the cap %d", pid, item, v, st.Settings.VoteCap)
			}
			perVoter[pid] += v
		}
	}
	if len(perVoter) != n {
		t.Errorf("%d bots voted, want %d", len(perVoter), n)
	}
	for pid, v := range perVoter {
		if v != st.Settings.VoteBudget {
			t.Errorf("%s spent %d votes, want the whole budget %d", pid, v, st.Settings.VoteBudget)
		}
	}
	comments := 0
	for _, item := range focused {
		comments += len(st.CommentsOn(item))
	}
	if len(focused) != 3 || comments == 0 {
		t.Errorf("%d items focused with %d comments, want 3 with some comments", len(focused), comments)
	}
	if len(st.Feedback) != n {
		t.Errorf("%d feedback, want %d", len(st.Feedback), n)
	}
	for _, f := range st.Feedback {
		if f.Rating < 1 || f.Rating > 5 {
			t.Errorf("rating %d out of 1–5", f.Rating)
		}
	}
	if len(st.Roadmap) == 0 {
		t.Error("nothing placed on the road map")
	}
	rounds := 0 // issue 16: one consent round, every bot answered
	for item, c := range st.Consent {
		rounds++
		if c.Result == nil || c.Result.TookPart != n || c.Outcome == "" {
			t.Errorf("the consent round on %s: %+v, outcome %q; want %d answers counted and an outcome", item, c.Result, c.Outcome, n)
		}
	}
	if rounds != 1 {
		t.Errorf("%d consent rounds, want 1", rounds)
	}
	s := bots.Stats()
	if len(s.Refused) != 0 {
		t.Errorf("the hub refused bots' commands: %v", s.Reasons)
	}
	if s.Ideas != len(st.Ideas) || s.Feedback != n {
		t.Errorf("stats %v disagree with the session (%d ideas)", s, len(st.Ideas))
	}
}

func phasesText(ps []session.Phase) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

// TestStartRefusals checks that Start reports what stops the bots joining.
func TestStartRefusals(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	h := startHost(t)
	defer h.Close()
	tests := map[string]struct {
		cfg  Config
		want string
	}{
		"no participants": {cfg: Config{URL: h.URL(), Code: h.Code}, want: "at least one"},
		"wrong code":      {cfg: Config{URL: h.URL(), Code: "WRONG9", Participants: 2}, want: "could not join"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := Start(context.Background(), tc.cfg)
			if err == nil {
				b.Stop()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

// TestStopEndsBots checks that bots stop acting and their goroutines end
// when stopped mid-phase.
func TestStopEndsBots(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	h := startHost(t)
	defer h.Close()
	fac, err := client.Dial(context.Background(), client.Config{URL: h.URL(), Token: facToken})
	if err != nil {
		t.Fatal(err)
	}
	defer fac.Close()
	f := facilitator{c: fac}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := f.do(ctx, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}); err != nil {
		t.Fatal(err)
	}
	b, err := Start(ctx, Config{URL: h.URL(), Code: h.Code, Participants: 3, Speed: 100})
	if err != nil {
		t.Fatal(err)
	}
	if err := waitFor(ctx, fac, func(st *session.State) bool { return len(st.Ideas) > 0 }); err != nil {
		t.Fatal(err)
	}
	b.Stop()
	b.Stop()
	// What the bots sent before Stop may still be on its way: once the
	// hub has seen their connections end, it has read every command they
	// sent, and the facilitator's next acknowledged command comes after
	// all of them.
	for h.Room.Connections() > 1 {
		if ctx.Err() != nil {
			t.Fatalf("the bots' connections are still open after Stop: %d", h.Room.Connections())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := f.do(ctx, session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 60}); err != nil {
		t.Fatal(err)
	}
	before := len(fac.State().Ideas)
	time.Sleep(300 * time.Millisecond)
	if err := f.do(ctx, session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 90}); err != nil {
		t.Fatal(err)
	}
	if after := len(fac.State().Ideas); after != before {
		t.Errorf("bots posted %d ideas after Stop", after-before)
	}
}
