package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// tracker follows one client's acks and nacks by op id.
type tracker struct {
	c     *client.Client
	mu    sync.Mutex
	acked map[string]bool
	nacks map[string]client.Nack
}

func track(c *client.Client) *tracker {
	return &tracker{c: c, acked: map[string]bool{}, nacks: map[string]client.Nack{}}
}

// drain takes what the client has to say.
func (tr *tracker) drain() {
	u := tr.c.Drain()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for _, op := range u.Acked {
		tr.acked[op] = true
	}
	for _, n := range u.Nacks {
		tr.nacks[n.Op] = n
	}
}

// result waits until op is answered and returns its nack, or nil for an ack.
func (tr *tracker) result(t *testing.T, op string) *client.Nack {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		tr.drain()
		tr.mu.Lock()
		ok := tr.acked[op]
		n, refused := tr.nacks[op]
		tr.mu.Unlock()
		if ok {
			return nil
		}
		if refused {
			return &n
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("op %s not answered within 10 s", op)
	return nil
}

// must sends a command and fails the test unless it is acked.
func (tr *tracker) must(t *testing.T, cmd session.Command) {
	t.Helper()
	if n := tr.result(t, tr.c.Send(cmd)); n != nil {
		t.Fatalf("%s refused: %s %s", cmd.Type, n.Code, n.Message)
	}
}

// waitFor polls until cond holds for the client's replica.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func dialClient(t *testing.T, cfg client.Config) *client.Client {
	t.Helper()
	cfg.MinBackoff, cfg.MaxBackoff = 20*time.Millisecond, 200*time.Millisecond
	c, err := client.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// converged waits until every client has the hub's last seq, then checks
// that each replica equals the hub's state as that viewer may see it.
func converged(t *testing.T, h *Host, clients []*client.Client) {
	t.Helper()
	var seq int64
	h.Room.Query(func(st *session.State) { seq = st.Seq })
	for i, c := range clients {
		waitFor(t, fmt.Sprintf("client %d to reach seq %d", i, seq), func() bool { return c.State().Seq >= seq })
	}
	for i, c := range clients {
		id, role := c.Me()
		var want string
		h.Room.Query(func(st *session.State) {
			want = jsonOf(t, session.RedactState(st, session.Viewer{ID: id, Role: role}))
		})
		if got := jsonOf(t, c.State()); got != want {
			t.Fatalf("client %d (%s %s) diverged from the hub's view:\n%s", i, role, id, firstDiff(got, want))
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d:\nreplica: %s\nhub:     %s\ncontext:\n%s", i, al[i], bl[i], strings.Join(al[lo:i+1], "\n"))
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}

var institutions = []string{
	"İnnovasiya və Rəqəmsal İnkişaf Agentliyi", "Ministry of Economy", "Министерство цифрового развития",
	"State Customs Committee", "ASAN Xidmət", "Central Bank", "Ministry of Education",
}

// TestWorkshopWith20Clients runs a whole session on loopback: a real host,
// a facilitator, an observer and 20 participants on real websockets.
func TestWorkshopWith20Clients(t *testing.T) {
	t.Parallel() // its own host; runs beside the other parallel tests
	h := startTestHost(t, HostConfig{Title: "Rəqəmsal liderlik 🚀"})
	ctx := context.Background()
	_ = ctx
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	wall := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Observer: true})
	var people []*tracker
	all := []*client.Client{fac.c, wall}
	for i := 0; i < 20; i++ {
		c := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("Participant %d", i+1), Institution: institutions[i%len(institutions)]})
		people = append(people, track(c))
		all = append(all, c)
	}
	rng := rand.New(rand.NewPCG(1, 2))

	// Ideas: two each, in parallel.
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	var wg sync.WaitGroup
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 2; k++ {
				topic := fmt.Sprintf("t%d", 1+(i+k)%4)
				p.must(t, session.Command{Type: session.CmdPostIdea, Topic: topic, Text: fmt.Sprintf("Idea %d.%d: Şəffaflıq, Координация 🚀", i, k)})
			}
		}()
	}
	wg.Wait()
	// Participants cannot steer.
	if n := people[0].result(t, people[0].c.Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})); n == nil || n.Code != session.EFORBIDDEN {
		t.Fatalf("participant changed the phase: %+v", n)
	}

	// Group: merge two ideas.
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	st := fac.c.State()
	ideas := st.IdeaList()
	fac.must(t, session.Command{Type: session.CmdGroupIdeas, Ideas: []string{ideas[0].ID, ideas[1].ID}, Name: "Məlumat mübadiləsi"})

	// Vote: everyone spends the budget, and a sixth vote is refused.
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	waitFor(t, "participants to see the vote phase", func() bool {
		for _, p := range people {
			if p.c.State().Phase != session.PhaseVote {
				return false
			}
		}
		return true
	})
	items := fac.c.State().Candidates()
	for _, p := range people {
		wg.Add(1)
		order := rng.Perm(len(items))
		go func() {
			defer wg.Done()
			spent := 0
			for _, k := range order {
				for v := 0; v < 2 && spent < 5; v++ {
					p.must(t, session.Command{Type: session.CmdVote, Item: items[k], Delta: 1})
					spent++
				}
				if spent == 5 {
					break
				}
			}
			n := p.result(t, p.c.Send(session.Command{Type: session.CmdVote, Item: items[order[len(order)-1]], Delta: 1}))
			if n == nil || n.Code != session.ELIMIT {
				t.Errorf("a sixth vote was not refused with ELIMIT: %+v", n)
			}
		}()
	}
	wg.Wait()
	// The per-item cap: participant 0 gave 2, 2 and 1 votes to three items.
	p0 := people[0]
	me0, _ := p0.c.Me()
	var twos []string
	var one string
	for item, v := range p0.c.State().Votes {
		switch v[me0] {
		case 2:
			twos = append(twos, item)
		case 1:
			one = item
		}
	}
	if len(twos) != 2 || one == "" {
		t.Fatalf("participant 0 votes: %v", p0.c.State().Votes)
	}
	p0.must(t, session.Command{Type: session.CmdVote, Item: one, Delta: -1})
	p0.must(t, session.Command{Type: session.CmdVote, Item: twos[0], Delta: 1}) // 3: the cap
	p0.must(t, session.Command{Type: session.CmdVote, Item: twos[1], Delta: -1})
	if n := p0.result(t, p0.c.Send(session.Command{Type: session.CmdVote, Item: twos[0], Delta: 1})); n == nil || n.Code != session.ELIMIT {
		t.Fatalf("a fourth vote on one item was not refused with ELIMIT: %+v", n)
	}
	fac.must(t, session.Command{Type: session.CmdRevealVotes})

	// Discuss: focus the top item; everyone comments; the facilitator notes.
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss})
	top := fac.c.State().Candidates()[0]
	fac.must(t, session.Command{Type: session.CmdFocus, Item: top})
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.must(t, session.Command{Type: session.CmdComment, Item: top, Text: fmt.Sprintf("Comment %d \x1b[31mred\x1b[0m", i)})
		}()
	}
	wg.Wait()
	fac.must(t, session.Command{Type: session.CmdNote, Item: top, Notes: "Pilot with three ministries", Decision: "Agreed"})

	// Road map: place three items; close; feedback.
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	cands := fac.c.State().Candidates()
	for k, horizon := range []string{"Now", "Next", "Later"} {
		fac.must(t, session.Command{Type: session.CmdPlace, Item: cands[k], Horizon: horizon, Lead: institutions[k], Supporters: institutions[3:5]})
	}
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	for i, p := range people {
		p.must(t, session.Command{Type: session.CmdFeedback, Rating: 1 + i%5, Text: "Useful"})
	}

	converged(t, h, all)

	// What participants may not see.
	for _, p := range people {
		me, _ := p.c.Me()
		s := p.c.State()
		for _, i := range s.Ideas {
			if i.Author != "" && i.Author != me {
				t.Fatalf("%s sees the author %s of idea %s", me, i.Author, i.ID)
			}
		}
		for _, c := range s.Comments {
			if c.Author != "" && c.Author != me {
				t.Fatalf("%s sees the author %s of comment %s", me, c.Author, c.ID)
			}
		}
		for item, votes := range s.Votes {
			for who := range votes {
				if who != "" && who != me {
					t.Fatalf("%s sees %s's votes on %s", me, who, item)
				}
			}
		}
		if len(s.Feedback) != 1 {
			t.Fatalf("%s sees %d feedback entries, want only its own", me, len(s.Feedback))
		}
		if strings.Contains(s.Comments[firstComment(s)].Text, "\x1b") {
			t.Fatal("a comment kept its escape sequence")
		}
	}
	// Tallies seen by a participant equal the hub's.
	hub := fac.c.State()
	for _, item := range hub.Candidates() {
		if got, want := people[5].c.State().Tally(item), hub.Tally(item); got != want {
			t.Fatalf("tally of %s: participant sees %d, hub %d", item, got, want)
		}
	}
	if len(hub.Roadmap) != 3 || hub.Phase != session.PhaseClosed || len(hub.Feedback) != 20 {
		t.Fatalf("final state: %d on road map, phase %s, %d feedback", len(hub.Roadmap), hub.Phase, len(hub.Feedback))
	}
}

func firstComment(s *session.State) string {
	for id := range s.Comments {
		return id
	}
	return ""
}
