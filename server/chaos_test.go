package server

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"

	"roundtable/server/client"
	"roundtable/session"
)

// severer remembers each client's latest network connection so that a
// fault injector can cut it, as a dropped Wi-Fi would: no close frame.
type severer struct {
	mu    sync.Mutex
	conns map[string]net.Conn
}

// dialer returns a dialer for the client called name; a small receive
// buffer makes that client's stalls show at the hub sooner.
func (s *severer) dialer(name string, smallBuffer bool) *websocket.Dialer {
	return &websocket.Dialer{HandshakeTimeout: 5 * time.Second, NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if smallBuffer {
			c.(*net.TCPConn).SetReadBuffer(4096)
		}
		s.mu.Lock()
		s.conns[name] = c
		s.mu.Unlock()
		return c, nil
	}}
}

// cut closes the connection of one client chosen at random.
func (s *severer) cut(rng *rand.Rand, names []string) {
	name := names[rng.IntN(len(names))]
	s.mu.Lock()
	c := s.conns[name]
	s.mu.Unlock()
	if c != nil {
		c.Close()
	}
}

// local returns the local address of the client called name, as the hub
// sees it.
func (s *severer) local(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.conns[name]; c != nil {
		return c.LocalAddr().String()
	}
	return ""
}

// cutSome closes, from the hub's side, the connections of a share of the
// clients, except the one from address skip.
func cutSome(s *Server, rng *rand.Rand, share float64, skip string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for c := range s.conns {
		if c.Addr() != skip && rng.Float64() < share {
			c.NetConn().Close()
			n++
		}
	}
	return n
}

// hasConnFrom reports whether s has a connection from address addr.
func hasConnFrom(s *Server, addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.Addr() == addr {
			return true
		}
	}
	return false
}

// sent is one command a chaos participant sent and what became of it.
type sent struct {
	who string // participant id
	cmd session.Command
}

// TestChaos runs a scripted session while a fault injector, within bounds,
// cuts random client connections (from the client side, and from the hub
// side once the hub runs in this process), keeps one participant from
// reading for most of the session, and kills the host process with SIGKILL
// and restarts it on the same database. At the end every acknowledged
// command is present exactly once (ideas and comments by their unique text,
// votes by each participant's tally), no refused one is, every replica
// equals the hub's view for its viewer, and no goroutine is left behind.
func TestChaos(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a host process and kills it")
	}
	ignore := goleak.IgnoreCurrent()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	db := filepath.Join(t.TempDir(), "chaos.db")
	proc := startHostProcess(t, addr, db, "RT_SENDBUF=16384")
	var hostMu sync.Mutex
	var h *Host // the restarted host, in this process
	defer func() {
		hostMu.Lock()
		defer hostMu.Unlock()
		if h == nil {
			proc.kill()
		}
	}()
	url := "ws://" + addr + "/ws"
	rng := rand.New(rand.NewPCG(42, 7))
	sev := &severer{conns: map[string]net.Conn{}}

	open := func(name string, cfg client.Config, small bool) *client.Client {
		cfg.URL, cfg.Dialer = url, sev.dialer(name, small)
		cfg.MinBackoff, cfg.MaxBackoff = 20*time.Millisecond, 200*time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := client.Dial(ctx, cfg)
		if err != nil {
			t.Fatalf("dial %s: %v", name, err)
		}
		return c
	}
	fac := track(open("facilitator", client.Config{Token: "kill-test-token"}, false))
	wall := open("wall", client.Config{Code: "KILL9", Observer: true}, false)
	const people = 8
	var names []string
	var trackers []*tracker
	for i := range people {
		name := fmt.Sprintf("p%d", i)
		names = append(names, name)
		trackers = append(trackers, track(open(name, client.Config{Code: "KILL9", Name: "Chaos " + name, Institution: institutions[i%len(institutions)]}, false)))
	}
	// The stalled reader: its events go through a one-event channel that
	// nobody reads from its connection to the restarted host to the end,
	// so it stops reading that connection and the hub has to close it as
	// too slow.
	stalled := open("stalled", client.Config{Code: "KILL9", Name: "Stalled", Institution: "Slow Agency", EventBuffer: 1}, true)
	var stall sync.Mutex // held while the reader stalls
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range stalled.Events() {
			stall.Lock()
			stall.Unlock()
		}
	}()
	all := []*client.Client{fac.c, wall, stalled}
	for _, tr := range trackers {
		all = append(all, tr.c)
	}
	names = append(names, "facilitator", "wall") // the stalled reader is left to the hub

	// The fault injector: a cut every 20-60 ms; the host killed when the
	// script asks (in the middle of the ideas) and restarted 300 ms later
	// in this process, where the hub then cuts connections from its side
	// too.
	stop := make(chan struct{})
	kill := make(chan struct{})
	var slowKicks atomic.Int64
	var killOnce sync.Once
	var faults sync.WaitGroup
	cuts := 0
	faults.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-kill:
				kill = nil
				proc.kill()
				time.Sleep(300 * time.Millisecond)
				restarted, err := StartHost(context.Background(), HostConfig{Addr: addr, DB: db, Code: "KILL9", FacilitatorHash: HashToken("kill-test-token"),
					CommandRate: 1000, CommandBurst: 1000, SendBuffer: 16 << 10, Logger: slog.New(countHandler{msg: "disconnecting slow client", n: &slowKicks})})
				if err != nil {
					t.Errorf("restart: %v", err)
					return
				}
				hostMu.Lock()
				h = restarted
				hostMu.Unlock()
				// The reader stalls once it is connected to the restarted
				// host: stalled earlier, it could block on events from the
				// killed host's connection before noticing it had died, and
				// never connect again, so no hub would have it to close.
				deadline := time.Now().Add(time.Minute)
				for !hasConnFrom(restarted.Server, sev.local("stalled")) && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				stall.Lock()
			case <-time.After(time.Duration(20+rng.IntN(40)) * time.Millisecond):
				sev.cut(rng, names)
				cuts++
				hostMu.Lock()
				if h != nil && rng.IntN(3) == 0 {
					cuts += cutSome(h.Server, rng, 0.1, sev.local("stalled"))
				}
				hostMu.Unlock()
			}
		}
	})

	// The script: ideas, votes, comments; each participant's commands go
	// through its outbox, which survives every cut and the restart.
	var mu sync.Mutex
	ops := map[string]sent{} // op -> what it was
	act := func(phase session.Phase, each int, command func(i, k int, tr *tracker) session.Command) {
		fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: phase})
		var wg sync.WaitGroup
		for i, tr := range trackers {
			wg.Go(func() {
				me, _ := tr.c.Me()
				for k := range each {
					if phase == session.PhaseIdeas && k == each/2 {
						killOnce.Do(func() { close(kill) })
					}
					c := command(i, k, tr)
					op := tr.c.Send(c)
					mu.Lock()
					ops[op] = sent{who: me, cmd: c}
					mu.Unlock()
					time.Sleep(10 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		for i, tr := range trackers {
			waitFor(t, fmt.Sprintf("participant %d's outbox in %s", i, phase), func() bool { return tr.c.Pending() == 0 })
		}
	}
	act(session.PhaseIdeas, 60, func(i, k int, _ *tracker) session.Command {
		return session.Command{Type: session.CmdPostIdea, Topic: fmt.Sprintf("t%d", 1+k%4), Text: fmt.Sprintf("idea %d/%d", i, k)}
	})
	items := fac.c.State().Candidates()
	act(session.PhaseVote, 8, func(i, k int, _ *tracker) session.Command {
		delta := 1
		if k%4 == 3 {
			delta = -1 // sometimes one of the votes just given is taken back
		}
		return session.Command{Type: session.CmdVote, Item: items[(i+k/4*3+k%4%3)%len(items)], Delta: delta}
	})
	act(session.PhaseDiscuss, 40, func(i, k int, _ *tracker) session.Command {
		return session.Command{Type: session.CmdComment, Item: items[k%len(items)], Text: fmt.Sprintf("comment %d/%d", i, k)}
	})
	// The facilitator keeps taking notes until the hub has closed the
	// stalled reader (its queue is full). How many that takes depends on
	// how much the kernel buffers between the hub and the stalled client,
	// which grows with the machine's load, so the notes are long (2 KB)
	// and the bound (20,000 notes, about 40 MB) is far beyond any buffer.
	pad := strings.Repeat("·", 1000)
	for k := 0; slowKicks.Load() == 0 && k < 20000; k++ {
		fac.c.Send(session.Command{Type: session.CmdNote, Item: items[0], Notes: fmt.Sprintf("note %d %s", k, pad)})
		if k%100 == 99 {
			waitFor(t, "the facilitator's notes", func() bool { return fac.c.Pending() == 0 })
		}
	}
	waitFor(t, "the facilitator's notes", func() bool { return fac.c.Pending() == 0 })
	close(stop)
	faults.Wait()
	hostMu.Lock()
	defer hostMu.Unlock()
	if h == nil {
		t.Fatal("the host was never killed and restarted: the session ended too soon")
	}
	t.Logf("%d cuts, one SIGKILL and restart, %d commands, %d slow clients closed", cuts, len(ops), slowKicks.Load())
	if slowKicks.Load() == 0 {
		t.Error("the hub never closed the stalled reader as too slow")
	}
	// Let the stalled reader catch up.
	stall.Unlock()
	for _, tr := range append(trackers, fac) {
		tr.drain()
	}
	converged(t, h, all)

	// Exactly once: what was acknowledged is there once, what was refused
	// is not there.
	var final *session.State
	h.Room.Query(func(st *session.State) { final = st.Clone() })
	texts := map[string]int{}
	for _, i := range final.Ideas {
		texts[i.Text]++
	}
	for _, c := range final.Comments {
		texts[c.Text]++
	}
	votes := map[[2]string]int{} // participant, item -> acknowledged delta
	acked := 0
	for _, tr := range trackers {
		tr.mu.Lock()
		for op, s := range ops {
			if s.who == "" {
				continue
			}
			me, _ := tr.c.Me()
			if s.who != me {
				continue
			}
			ok := tr.acked[op]
			_, refused := tr.nacks[op]
			if ok == refused {
				t.Errorf("op %s (%s) acked=%v refused=%v: want exactly one answer", op, s.cmd.Type, ok, refused)
			}
			if ok {
				acked++
			}
			switch s.cmd.Type {
			case session.CmdPostIdea, session.CmdComment:
				want := 0
				if ok {
					want = 1
				}
				if texts[s.cmd.Text] != want {
					t.Errorf("%q (acked %v) is stored %d times", s.cmd.Text, ok, texts[s.cmd.Text])
				}
			case session.CmdVote:
				if ok {
					votes[[2]string{s.who, s.cmd.Item}] += s.cmd.Delta
				}
			}
		}
		tr.mu.Unlock()
	}
	for key, n := range votes {
		if got := final.Votes[key[1]][key[0]]; got != n {
			t.Errorf("%s has %d votes on %s, its acknowledged votes add up to %d", key[0], got, key[1], n)
		}
	}
	if acked < len(ops)*3/4 {
		t.Errorf("only %d of %d commands were acknowledged", acked, len(ops))
	}

	for _, c := range all {
		c.Close()
	}
	<-drained
	if err := h.Close(); err != nil {
		t.Errorf("closing the host: %v", err)
	}
	goleak.VerifyNone(t, ignore)
}
