package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
)

// Three nodes serve one session: the facilitator at the owner, a
// participant at each follower; commands at a follower go to the owner and
// every event reaches every node's clients, with presence across nodes.
func TestClusterServesOneSessionOnEveryNode(t *testing.T) {
	c := newTestCluster(t, 3)
	c.startAll()
	o := c.owner(-1)
	f1, f2 := (o+1)%3, (o+2)%3
	if c.nodes[f1].SessionID != c.nodes[o].SessionID || c.nodes[f2].SessionID != c.nodes[o].SessionID {
		t.Fatalf("the nodes serve different sessions: %s %s %s", c.nodes[0].SessionID, c.nodes[1].SessionID, c.nodes[2].SessionID)
	}
	fac := dial(t, c.urls(o), client.Config{Token: testToken})
	a := dial(t, c.urls(f1), client.Config{Code: c.code, Name: "Aysel Məmmədova", Institution: "Rəqəmsal İnkişaf Nazirliyi"})
	b := dial(t, c.urls(f2), client.Config{Code: c.code, Name: "Дмитрий Иванов", Institution: "Координация"})
	aid, _ := a.Me()
	bid, _ := b.Me()
	if aid == "" || bid == "" || aid == bid {
		t.Fatalf("participants %q and %q", aid, bid)
	}
	fac.Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	eventually(t, "the ideas phase at a follower", 10*time.Second, func() bool { return a.State().Phase == session.PhaseIdeas })
	topic := a.State().Topics[0].ID
	a.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Şəffaflıq 🚀"})
	b.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Координация"})
	for _, cl := range []*client.Client{fac, a, b} {
		eventually(t, "both ideas everywhere", 10*time.Second, func() bool {
			return hasIdea(cl, "Şəffaflıq 🚀") && hasIdea(cl, "Координация") && cl.Pending() == 0
		})
	}
	// Presence: the facilitator at the owner sees both, online at other nodes.
	eventually(t, "both online at the owner", 10*time.Second, func() bool {
		on := map[string]bool{}
		for _, id := range fac.Online() {
			on[id] = true
		}
		return on[aid] && on[bid]
	})
	// The NATS ports ask for the cluster's secret: a stranger cannot write
	// to the log.
	if nc, err := nats.Connect(c.nodes[o].Conn.ClientURL(), nats.Timeout(2*time.Second)); err == nil {
		nc.Close()
		t.Fatal("a NATS client without the secret was let in")
	}
	// The same log on every node.
	seq := fac.State().Seq
	for i, nd := range c.nodes {
		eventually(t, "every room at the same seq", 10*time.Second, func() bool { return nd.Room() != nil && nd.Room().Seq() == seq })
		_ = i
	}
}

// A follower that misses the stream's republished messages (they are at
// most once) catches up from the log: at the next message, or, when none
// comes, by asking for the log's last message.
func TestFollowerCatchesUpWhatItMissed(t *testing.T) {
	c := newTestCluster(t, 1)
	c.startAll()
	nd := c.nodes[0]
	fac := dial(t, c.from(0), client.Config{Token: testToken})
	startIdeas(t, c, fac)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ld, err := nd.Conn.Load(ctx, nd.SessionID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	fac.Send(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 120})
	eventually(t, "the command acknowledged", 10*time.Second, func() bool { return fac.Pending() == 0 })
	want := fac.State().Seq
	if want <= ld.State.Seq {
		t.Fatalf("nothing after the load: %d <= %d", want, ld.State.Seq)
	}
	room := server.NewRoom(server.RoomConfig{Session: ld.State, Recent: ld.Recent, Code: c.code, Owner: nowhere{}})
	go room.Run()
	defer room.Stop()
	stop := make(chan struct{})
	defer close(stop)
	go nd.follow(nd.SessionID, ld.Last, make(chan *nats.Msg), room, stop)
	eventually(t, "the follower at the log's end", 10*time.Second, func() bool { return room.Seq() == want })
}

// nowhere is an owner that never answers.
type nowhere struct{}

func (nowhere) Forward(server.Forwarded, func(server.Answer)) {}
