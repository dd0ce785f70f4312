package cluster

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// logIdeas counts each idea's text in the session's log, read from a
// node's connection.
func logIdeas(t *testing.T, nd *Node) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ld, err := nd.Conn.Load(ctx, nd.SessionID, 0, 0)
	if err != nil {
		t.Fatalf("loading the log: %v", err)
	}
	out := map[string]int{}
	for _, it := range ld.State.Ideas {
		out[it.Text]++
	}
	return out
}

// exactlyOnce checks that every text sent is in the log once, and nothing
// else is.
func exactlyOnce(t *testing.T, got map[string]int, sent []string) {
	t.Helper()
	want := map[string]bool{}
	for _, s := range sent {
		want[s] = true
		if got[s] != 1 {
			t.Errorf("%q is in the log %d times, want once", s, got[s])
		}
	}
	for s, n := range got {
		if !want[s] {
			t.Errorf("%q is in the log %d times and was never sent", s, n)
		}
	}
}

func startIdeas(t *testing.T, c *testCluster, fac *client.Client) string {
	t.Helper()
	fac.Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	eventually(t, "the ideas phase", 30*time.Second, func() bool { return fac.State().Phase == session.PhaseIdeas && fac.Pending() == 0 })
	return fac.State().Topics[0].ID
}

// Kill the owner mid-stream with participants on every node: every command
// sent is acknowledged and in the log exactly once; the dead node's client
// goes on at another node; a new owner serves.
func TestClusterKillOwnerMidStream(t *testing.T) {
	c := newTestCluster(t, 3)
	c.startAll()
	o := c.owner(-1)
	f := (o + 1) % 3
	fac := dial(t, c.from(f), client.Config{Token: testToken})
	var ps []*client.Client
	for i := 0; i < 3; i++ {
		ps = append(ps, dial(t, c.from(i), client.Config{Code: c.code, Name: fmt.Sprintf("Participant %d", i), Institution: fmt.Sprintf("Nazirlik %d", i)}))
	}
	topic := startIdeas(t, c, fac)

	const each = 30
	var mu sync.Mutex
	var sent []string
	var wg sync.WaitGroup
	killed := make(chan struct{})
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < each; k++ {
				text := fmt.Sprintf("p%d · Şəffaflıq %d", i, k)
				p.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: text})
				mu.Lock()
				sent = append(sent, text)
				mu.Unlock()
				if k == each/3 {
					<-killed // a third sent before the kill, the rest during and after
				}
				time.Sleep(15 * time.Millisecond)
			}
		}()
	}
	eventually(t, "a third of the ideas", 30*time.Second, func() bool { return len(fac.State().Ideas) >= each })
	start := time.Now()
	c.nodes[o].Kill()
	close(killed)
	n := c.owner(o)
	// The first command acknowledged by the new owner.
	fac.Send(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 300})
	eventually(t, "the first command acknowledged after the kill", 60*time.Second, func() bool { return fac.Pending() == 0 })
	t.Logf("failover: node %d owns the session, first command acknowledged %v after the kill", n, time.Since(start).Round(time.Millisecond))
	wg.Wait()
	for i, p := range ps {
		eventually(t, fmt.Sprintf("participant %d's commands acknowledged", i), 60*time.Second, func() bool { return p.Pending() == 0 })
	}
	if node := ps[o].Node(); node == c.nodes[o].URL() {
		t.Errorf("the dead node's participant is still at %s", node)
	}
	exactlyOnce(t, logIdeas(t, c.nodes[n]), sent)
	want := len(sent)
	for i, cl := range append(ps, fac) {
		eventually(t, fmt.Sprintf("client %d has every idea", i), 30*time.Second, func() bool { return len(cl.State().Ideas) == want })
	}
}

// A partition isolates the owner: it stops acknowledging, the majority
// takes the session over and goes on; when the partition heals nothing is
// lost or doubled, and the isolated node follows the new owner.
func TestClusterPartitionIsolatesOwner(t *testing.T) {
	c := newTestCluster(t, 3)
	c.startAll()
	o := c.owner(-1)
	f1, f2 := (o+1)%3, (o+2)%3
	fac := dial(t, c.from(f1), client.Config{Token: testToken})
	maj := dial(t, c.from(f2), client.Config{Code: c.code, Name: "Aysel", Institution: "Rəqəmsal İnkişaf"})
	// Only the isolated node's address: this client cannot go elsewhere.
	iso := dial(t, c.urls(o), client.Config{Code: c.code, Name: "Дмитрий", Institution: "Координация"})
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for i, nd := range c.nodes {
			seq := int64(-1)
			if r := nd.Room(); r != nil {
				seq = r.Seq()
			}
			t.Logf("node %d: owner %v, room at seq %d, rooms %d", i, nd.Owner(), seq, nd.Rooms())
		}
		for name, cl := range map[string]*client.Client{"fac": fac, "maj": maj, "iso": iso} {
			t.Logf("%s: at %s, %v, pending %d, seq %d", name, cl.Node(), cl.Status(), cl.Pending(), cl.State().Seq)
		}
	})
	topic := startIdeas(t, c, fac)
	sent := []string{"before the partition"}
	maj.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: sent[0]})
	eventually(t, "the first idea", 30*time.Second, func() bool { return hasIdea(iso, sent[0]) && hasIdea(fac, sent[0]) })

	c.partition(o, true)
	iso.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "from the isolated side"})
	sent = append(sent, "from the isolated side")
	n := c.owner(o)
	t.Logf("node %d owns the session on the majority side", n)
	maj.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "from the majority"})
	sent = append(sent, "from the majority")
	eventually(t, "the majority's idea acknowledged", 60*time.Second, func() bool { return maj.Pending() == 0 && hasIdea(fac, "from the majority") })
	eventually(t, "the isolated node steps down", 30*time.Second, func() bool { return !c.nodes[o].Owner() })
	if iso.Pending() == 0 || hasIdea(fac, "from the isolated side") {
		t.Fatalf("the isolated side's command was acknowledged or applied during the partition")
	}

	c.partition(o, false)
	eventually(t, "the isolated side's command acknowledged after the heal", 90*time.Second, func() bool { return iso.Pending() == 0 })
	for i, cl := range []*client.Client{fac, maj, iso} {
		eventually(t, fmt.Sprintf("client %d has every idea", i), 60*time.Second, func() bool { return len(cl.State().Ideas) == len(sent) })
	}
	exactlyOnce(t, logIdeas(t, c.nodes[n]), sent)
	if c.nodes[o].Owner() {
		t.Errorf("the healed node owns the session again")
	}
}

// Stop every node, start them again: the session is as it was.
func TestClusterFullRestart(t *testing.T) {
	c := newTestCluster(t, 3)
	c.startAll()
	o := c.owner(-1)
	fac := dial(t, c.from(o), client.Config{Token: testToken})
	p := dial(t, c.from((o+1)%3), client.Config{Code: c.code, Name: "Aysel Məmmədova", Institution: "Rəqəmsal İnkişaf"})
	topic := startIdeas(t, c, fac)
	for _, s := range []string{"Rəqəmsal inkişaf", "Координация 🚀"} {
		p.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: s})
	}
	eventually(t, "the ideas", 30*time.Second, func() bool { return len(fac.State().Ideas) == 2 && p.Pending() == 0 })
	fac.Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	eventually(t, "the vote", 30*time.Second, func() bool { return p.State().Phase == session.PhaseVote })
	var item string
	for id := range p.State().Ideas {
		item = id
	}
	p.Send(session.Command{Type: session.CmdVote, Item: item, Delta: 1})
	eventually(t, "the vote acknowledged", 30*time.Second, func() bool { return p.Pending() == 0 && fac.State().Seq == p.State().Seq })
	before := fac.State()
	token := p.ResumeToken()
	fac.Close()
	p.Close()

	var wg sync.WaitGroup
	for _, nd := range c.nodes {
		wg.Add(1)
		go func() { defer wg.Done(); nd.Close() }()
	}
	wg.Wait()
	c.startAll()
	c.owner(-1)
	for i, nd := range c.nodes {
		if nd.SessionID != before.ID {
			t.Fatalf("node %d serves session %s after the restart, want %s", i, nd.SessionID, before.ID)
		}
	}
	fac2 := dial(t, c.from(1), client.Config{Token: testToken})
	back := dial(t, c.from(2), client.Config{Code: c.code, Resume: token})
	for _, cl := range []*client.Client{fac2, back} {
		st := cl.State()
		if st.Seq != before.Seq || st.Phase != before.Phase || len(st.Ideas) != len(before.Ideas) {
			t.Fatalf("after the restart: seq %d, phase %s, %d ideas; before: seq %d, phase %s, %d ideas",
				st.Seq, st.Phase, len(st.Ideas), before.Seq, before.Phase, len(before.Ideas))
		}
	}
	if id, _ := back.Me(); before.Participants[id] == nil {
		t.Fatalf("the participant came back as %q, not as themself", id)
	}
}
