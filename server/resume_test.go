package server

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// cutAll closes the TCP connection under every websocket abruptly, as a
// dropped Wi-Fi would: no close frame.
func cutAll(s *Server, rng *rand.Rand, share float64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for c := range s.conns {
		if rng.Float64() < share {
			c.NetConn().Close()
			n++
		}
	}
	return n
}

// TestCutConnectionsResumeNothingLostNothingTwice cuts client connections
// again and again while participants post; every idea arrives exactly once
// and every replica converges.
func TestCutConnectionsResumeNothingLostNothingTwice(t *testing.T) {
	t.Parallel() // its own host; runs beside the other parallel tests
	h := startTestHost(t, HostConfig{CommandRate: 1000, CommandBurst: 1000})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	const people, each = 8, 40
	var clients []*client.Client
	for i := 0; i < people; i++ {
		clients = append(clients, dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("P%d", i), Institution: institutions[i%len(institutions)]}))
	}
	stop := make(chan struct{})
	cuts := 0
	var cutter sync.WaitGroup
	cutter.Add(1)
	go func() {
		defer cutter.Done()
		rng := rand.New(rand.NewPCG(7, 7))
		for {
			select {
			case <-stop:
				return
			case <-time.After(30 * time.Millisecond):
				cuts += cutAll(h.Server, rng, 0.3)
			}
		}
	}()
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < each; k++ {
				c.Send(session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: fmt.Sprintf("idea %d/%d", i, k)})
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	// Keep cutting a while longer, then let everything settle.
	time.Sleep(300 * time.Millisecond)
	close(stop)
	cutter.Wait()
	t.Logf("cut %d connections", cuts)
	if cuts < 10 {
		t.Fatalf("only %d cuts: the test did not exercise resumes", cuts)
	}
	for i, c := range clients {
		waitFor(t, fmt.Sprintf("client %d outbox to empty", i), func() bool { return c.Pending() == 0 })
	}
	count := map[string]int{}
	h.Room.Query(func(st *session.State) {
		for _, idea := range st.Ideas {
			count[idea.Text]++
		}
	})
	for i := 0; i < people; i++ {
		for k := 0; k < each; k++ {
			if n := count[fmt.Sprintf("idea %d/%d", i, k)]; n != 1 {
				t.Fatalf("idea %d/%d stored %d times", i, k, n)
			}
		}
	}
	converged(t, h, append(clients, fac.c))
}
