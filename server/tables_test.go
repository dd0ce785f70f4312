package server

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// Breakout tables over the real websocket (issue 16): what a participant
// at one table receives, live, on resuming and in a snapshot, never holds
// another table's ideas, comments or votes; and a participant who sends
// commands on another table's items learns nothing from the refusal.

// spy is a participant on a bare websocket, whose every frame is kept.
type spy struct {
	*rawClient
	id, resume string
	seq        int64
	frames     []string
}

// readTo reads frames until the spy has applied seq.
func (s *spy) readTo(t *testing.T, seq int64) {
	t.Helper()
	for s.seq < seq {
		f := s.read()
		s.frames = append(s.frames, string(f.Raw))
		switch {
		case f.T == protocol.KindEvent:
			s.seq = f.Event.Seq
		case f.T == protocol.KindWelcome && f.Snapshot != nil:
			s.seq = max(s.seq, f.Snapshot.Seq)
		case f.T == protocol.KindRoster:
			s.seq = max(s.seq, f.Seq)
		}
	}
}

// holds fails the test when a frame the spy received holds text.
func (s *spy) never(t *testing.T, when, text string) {
	t.Helper()
	for _, f := range s.frames {
		if strings.Contains(f, text) {
			t.Fatalf("%s: the participant at table 1 received %q: %s", when, text, f)
		}
	}
}

func (s *spy) saw(t *testing.T, when, text string) {
	t.Helper()
	for _, f := range s.frames {
		if strings.Contains(f, text) {
			return
		}
	}
	t.Fatalf("%s: the participant at table 1 never received %q", when, text)
}

func hubSeq(h *Host) int64 {
	var seq int64
	h.Room.Query(func(st *session.State) { seq = st.Seq })
	return seq
}

// TestTablesIsolatedOnTheWire seats seven participants at three tables by
// hand; tables 2 and 3 post, comment and vote. The participant at table 1
// (a bare websocket) never receives their texts: live, on resuming after
// its connection dropped, or in a fresh snapshot; it does receive its own
// table's, and once the tables close the items promoted, never those
// that stayed. Every client's copy equals the hub's view for it.
func TestTablesIsolatedOnTheWire(t *testing.T) {
	t.Parallel() // its own host
	h := startTestHost(t, HostConfig{CommandRate: 1000, CommandBurst: 1000})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	var people []*tracker
	var clients []*client.Client
	for i := range 6 {
		c := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("P%d", i), Institution: institutions[i%len(institutions)]})
		people = append(people, track(c))
		clients = append(clients, c)
	}
	raw, w := joinRaw(t, h, "Spy", institutions[0])
	sp := &spy{rawClient: raw, id: w.You, resume: w.Resume}
	ids := make([]string, len(people))
	for i, c := range clients {
		waitFor(t, fmt.Sprintf("participant %d to join", i), func() bool { id, _ := c.Me(); ids[i] = id; return id != "" })
	}
	// table 1: the spy, P0, P1; table 2: P2, P3; table 3: P4, P5
	seats := map[string]string{sp.id: "1", ids[0]: "1", ids[1]: "1", ids[2]: "2", ids[3]: "2", ids[4]: "3", ids[5]: "3"}
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	fac.must(t, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 3, Seats: seats})
	for i, p := range people {
		at := []string{"T1", "T1", "T2", "T2", "T3", "T3"}[i]
		text := fmt.Sprintf("SECRET-%s-%d", at, i)
		switch {
		case at == "T1":
			text = fmt.Sprintf("MINE-%d", i)
		case i == 4: // table 3 votes on nothing: its first idea is promoted
			text = "PROMOTED-T3"
		}
		p.must(t, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: text})
	}
	people[2].must(t, session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "PROMOTED-T2"})
	caughtUp(t, h, clients)
	board := func(c *client.Client, text string) string {
		for id, i := range c.State().Ideas {
			if i.Text == text {
				return id
			}
		}
		t.Fatalf("no idea %q in the copy", text)
		return ""
	}
	secret, promoted := board(clients[3], "SECRET-T2-2"), board(clients[3], "PROMOTED-T2")
	people[3].must(t, session.Command{Type: session.CmdComment, Item: secret, Text: "SECRET-COMMENT-T2"})
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	people[2].must(t, session.Command{Type: session.CmdVote, Item: promoted, Delta: 1})
	people[3].must(t, session.Command{Type: session.CmdVote, Item: promoted, Delta: 1})
	sp.readTo(t, hubSeq(h))
	for _, s := range []string{"SECRET", promoted + `","delta`} {
		sp.never(t, "live", s)
	}
	sp.saw(t, "live", "MINE-0")

	// The spy's connection drops; table 2 goes on; it resumes.
	sp.ws.Close()
	people[2].must(t, session.Command{Type: session.CmdVote, Item: secret, Delta: 1})
	people[4].must(t, session.Command{Type: session.CmdComment, Item: board(clients[4], "SECRET-T3-5"), Text: "SECRET-COMMENT-T3"})
	sp.rawClient = dialRaw(t, h.URL())
	sp.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: sp.resume, Since: sp.seq})
	sp.readTo(t, hubSeq(h))
	sp.never(t, "after resuming", "SECRET")

	// A fresh snapshot.
	fresh := &spy{rawClient: dialRaw(t, h.URL())}
	fresh.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: sp.resume})
	fresh.readTo(t, hubSeq(h))
	fresh.never(t, "in a snapshot", "SECRET")
	fresh.saw(t, "in a snapshot", "MINE-1")

	converged(t, h, append(clients, fac.c))

	// The tables close: table 2's voted item reaches everyone, the rest stays.
	fac.must(t, session.Command{Type: session.CmdCloseTables, Count: 1})
	sp.readTo(t, hubSeq(h))
	sp.saw(t, "after closing", "PROMOTED-T2")
	sp.saw(t, "after closing", "PROMOTED-T3")
	sp.never(t, "after closing", "SECRET")
	converged(t, h, append(clients, fac.c))
	if st := clients[2].State(); st.Ideas[secret] == nil || st.Ideas[secret].Table == "" {
		t.Error("table 2's member no longer sees its unpromoted idea after the close")
	}
}

// TestAnotherTablesItemIsAsNothing: a participant who sends commands on
// another table's items (their ids learned from the redacted events) gets
// the very refusal an id that names nothing gets.
func TestAnotherTablesItemIsAsNothing(t *testing.T) {
	t.Parallel() // its own host
	h := startTestHost(t, HostConfig{CommandRate: 1000, CommandBurst: 1000})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	var people []*tracker
	for i := range 4 {
		people = append(people, track(dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("P%d", i), Institution: institutions[i]})))
	}
	ids := make([]string, 4)
	for i, p := range people {
		waitFor(t, fmt.Sprintf("participant %d to join", i), func() bool { id, _ := p.c.Me(); ids[i] = id; return id != "" })
	}
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	fac.must(t, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 2,
		Seats: map[string]string{ids[0]: "1", ids[1]: "1", ids[2]: "2", ids[3]: "2"}})
	people[2].must(t, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "at table two"})
	people[2].must(t, session.Command{Type: session.CmdSetRapporteur})
	var idea, comment string
	h.Room.Query(func(st *session.State) {
		for id := range st.Ideas {
			idea = id
		}
	})
	people[3].must(t, session.Command{Type: session.CmdComment, Item: idea, Text: "a comment at table two"})
	h.Room.Query(func(st *session.State) {
		for id := range st.Comments {
			comment = id
		}
	})
	// The attacker (P0, table 1's rapporteur) has the ids: they came in the
	// redacted events.
	attacker := people[0]
	attacker.must(t, session.Command{Type: session.CmdSetRapporteur})
	caughtUp(t, h, []*client.Client{attacker.c})
	missing := map[string]string{idea: "i999", comment: "c999"}
	for _, c := range []session.Command{
		{Type: session.CmdEditIdea, Item: idea, Text: "mine"},
		{Type: session.CmdDeleteIdea, Item: idea},
		{Type: session.CmdComment, Item: idea, Text: "hello"},
		{Type: session.CmdDeleteComment, Item: comment},
		{Type: session.CmdPickPromotion, Items: []string{idea}},
	} {
		real := attacker.result(t, attacker.c.Send(c))
		c2 := c
		if c2.Item != "" {
			c2.Item = missing[c.Item]
		}
		if len(c2.Items) > 0 {
			c2.Items = []string{missing[c.Items[0]]}
		}
		bogus := attacker.result(t, attacker.c.Send(c2))
		if real == nil || bogus == nil {
			t.Fatalf("%s on another table's item: %v; on nothing: %v", c.Type, real, bogus)
		}
		same := func(n *client.Nack, id string) string {
			args := maps.Clone(n.Args)
			if args["ID"] == id {
				args["ID"] = "X"
			}
			return fmt.Sprint(n.Code, n.Key, args, strings.ReplaceAll(n.Message, id, "X"))
		}
		id := idea
		if c.Type == session.CmdDeleteComment {
			id = comment
		}
		if a, b := same(real, id), same(bogus, missing[id]); a != b || real.Code != session.ENOTFOUND {
			t.Errorf("%s on another table's: %s; on nothing: %s", c.Type, a, b)
		}
	}
	var text string
	h.Room.Query(func(st *session.State) { text = st.Ideas[idea].Text })
	if text != "at table two" {
		t.Fatalf("the idea changed: %q", text)
	}
}
