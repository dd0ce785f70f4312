package client

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"

	"roundtable/protocol"
	"roundtable/session"
)

// drainAll collects updates until cond holds for the latest state.
func drainAll(t *testing.T, c *Client, cond func() bool) Update {
	t.Helper()
	var all Update
	waitFor(t, "the updates", func() bool {
		u := c.Drain()
		all.Events = append(all.Events, u.Events...)
		all.Acked = append(all.Acked, u.Acked...)
		all.Nacks = append(all.Nacks, u.Nacks...)
		all.Snapshot = all.Snapshot || u.Snapshot
		all.Presence = all.Presence || u.Presence
		all.StatusChanged = all.StatusChanged || u.StatusChanged
		all.Status, all.Err = u.Status, u.Err
		all.Node, all.NodeChanged = u.Node, all.NodeChanged || u.NodeChanged
		return cond()
	})
	return all
}

func TestOutboxResendAfterLostAck(t *testing.T) {
	h := newFakeHub(t)
	c := dial(t, participantConfig(h, "Aysel"))
	c.Drain()
	seq := c.State().Seq
	h.set(func(h *fakeHub) { h.loseNext = true })

	op := c.Send(idea("A shared registry of state services"))
	u := drainAll(t, c, func() bool { return c.Pending() == 0 && c.Status() == Online })

	h.mu.Lock()
	sent := h.opCount[op]
	h.mu.Unlock()
	if sent != 2 {
		t.Fatalf("the hub received op %s %d times; want 2 (sent, then re-sent)", op, sent)
	}
	if n := ideasWith(c.State(), "A shared registry of state services"); n != 1 {
		t.Fatalf("the replica holds the idea %d times; want once", n)
	}
	if !slices.Equal(u.Acked, []string{op}) || len(u.Nacks) != 0 {
		t.Fatalf("acked %v, nacked %v; want exactly %s acked", u.Acked, u.Nacks, op)
	}
	posted := 0
	for _, e := range u.Events {
		if e.Type == session.EvIdeaPosted {
			posted++
		}
	}
	if posted != 1 {
		t.Fatalf("the updates carried %d idea_posted events; want 1", posted)
	}
	hellos := h.helloList()
	if len(hellos) != 2 {
		t.Fatalf("hub saw %d hellos; want 2", len(hellos))
	}
	re := hellos[1]
	if re.Resume != c.ResumeToken() || re.Since != seq || re.Name != "" || re.Code != h.code {
		t.Fatalf("resume hello = %+v; want code, resume token and since %d", re, seq)
	}
}

func TestReconnectAfterClose(t *testing.T) {
	tests := map[string]struct {
		code int
	}{
		"too slow":      {code: protocol.CloseTooSlow},
		"host shutdown": {code: websocket.CloseGoingAway},
		"other":         {code: 4500},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			cfg := participantConfig(h, "Aysel")
			cfg.MinBackoff, cfg.MaxBackoff = 100*time.Millisecond, 200*time.Millisecond
			c := dial(t, cfg)
			c.Drain()
			seq := c.State().Seq

			// The hub stays down until the offline state has been seen, so
			// that a quick reconnect on a busy machine cannot skip it.
			h.set(func(h *fakeHub) { h.down = true })
			h.kick(tc.code)
			waitFor(t, "offline", func() bool { return c.Status() == Offline })
			u := c.Drain()
			if !u.StatusChanged || u.Status != Offline || u.Err == nil {
				t.Fatalf("Drain while offline = %+v; want offline with an error", u)
			}
			op := c.Send(idea("Sent while offline"))
			if c.Pending() != 1 {
				t.Fatalf("Pending() = %d while offline; want 1", c.Pending())
			}
			h.set(func(h *fakeHub) { h.down = false })
			u = drainAll(t, c, func() bool { return c.Pending() == 0 })
			if u.Status != Online || u.Err != nil || !slices.Equal(u.Acked, []string{op}) {
				t.Fatalf("after reconnect: %+v; want online, no error, %s acked", u, op)
			}
			if n := ideasWith(c.State(), "Sent while offline"); n != 1 {
				t.Fatalf("the replica holds the idea %d times; want once", n)
			}
			hellos := h.helloList()
			last := hellos[len(hellos)-1]
			if len(hellos) != 2 || last.Since != seq || last.Resume == "" {
				t.Fatalf("hellos %+v; want a second one resuming from %d", hellos, seq)
			}
			h.mu.Lock()
			sent := h.opCount[op]
			h.mu.Unlock()
			if sent != 1 {
				t.Fatalf("the hub received the op %d times; want 1", sent)
			}
		})
	}
}

func TestFacilitatorAndObserverResume(t *testing.T) {
	tests := map[string]struct {
		cfg   func(h *fakeHub) Config
		check func(t *testing.T, hello protocol.Hello, h *fakeHub)
	}{
		"facilitator": {
			cfg: func(h *fakeHub) Config { return Config{URL: h.url(), Token: h.tok, MinBackoff: time.Millisecond} },
			check: func(t *testing.T, hello protocol.Hello, h *fakeHub) {
				if hello.Token != h.tok || hello.Code != "" {
					t.Fatalf("facilitator resume hello = %+v", hello)
				}
			},
		},
		"observer": {
			cfg: func(h *fakeHub) Config {
				return Config{URL: h.url(), Code: h.code, Observer: true, MinBackoff: time.Millisecond}
			},
			check: func(t *testing.T, hello protocol.Hello, h *fakeHub) {
				if hello.Code != h.code || hello.Role != "observer" || hello.Resume != "" {
					t.Fatalf("observer resume hello = %+v", hello)
				}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			c := dial(t, tc.cfg(h))
			h.kick(websocket.CloseGoingAway)
			h.mustCommit(facilitator, idea("Posted while they were away"))
			waitFor(t, "the missed idea", func() bool {
				st := c.State()
				return c.Status() == Online && ideasWith(st, "Posted while they were away") == 1
			})
			hellos := h.helloList()
			if len(hellos) < 2 {
				t.Fatalf("hub saw %d hellos; want a resume", len(hellos))
			}
			tc.check(t, hellos[len(hellos)-1], h)
			if hellos[len(hellos)-1].Since == 0 {
				t.Fatal("the resume asked for a snapshot; want since = the last seq")
			}
		})
	}
}

func TestRefusedForGood(t *testing.T) {
	tests := map[string]struct {
		refuse func(h *fakeHub)
	}{
		"resume refused": {refuse: func(h *fakeHub) {
			h.set(func(h *fakeHub) { h.refuseResume = true })
			h.kick(websocket.CloseGoingAway)
		}},
		"revoked while online": {refuse: func(h *fakeHub) {
			h.mu.Lock()
			defer h.mu.Unlock()
			for hc := range h.conns {
				h.refuse(hc, session.EFORBIDDEN, "Unknown resume token.", protocol.CloseUnauthorized)
			}
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			c := dial(t, participantConfig(h, "Aysel"))
			tc.refuse(h)
			waitFor(t, "closed", func() bool { return c.Status() == Closed })
			u := c.Drain()
			var se *session.Error
			if u.Status != Closed || !errors.As(u.Err, &se) || se.Code != session.EFORBIDDEN || se.Message != "Unknown resume token." {
				t.Fatalf("Drain = %+v; want closed with the hub's EFORBIDDEN error", u)
			}
			n := len(h.helloList())
			time.Sleep(100 * time.Millisecond) // 20 backoffs' worth
			if m := len(h.helloList()); m != n {
				t.Fatalf("the client kept trying: %d hellos, then %d", n, m)
			}
			op := c.Send(idea("Too late"))
			u = c.Drain()
			if len(u.Nacks) != 1 || u.Nacks[0].Op != op || c.Pending() != 0 {
				t.Fatalf("Send after closed: %+v, pending %d; want a local nack", u.Nacks, c.Pending())
			}
		})
	}
}

func TestGapTriggersResume(t *testing.T) {
	h := newFakeHub(t)
	c := dial(t, participantConfig(h, "Aysel"))
	c.Drain()
	seq := c.State().Seq

	h.set(func(h *fakeHub) { h.skipNext = true })
	h.mustCommit(facilitator, idea("one"))
	h.mustCommit(facilitator, idea("two"))
	u := drainAll(t, c, func() bool {
		st := c.State()
		return ideasWith(st, "one") == 1 && ideasWith(st, "two") == 1
	})

	hellos := h.helloList()
	if len(hellos) != 2 || hellos[1].Since != seq {
		t.Fatalf("hellos = %+v; want a resume from seq %d", hellos, seq)
	}
	var seqs []int64
	for _, e := range u.Events {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int64{seq + 1, seq + 2}) {
		t.Fatalf("events applied %v; want %d and %d once each", seqs, seq+1, seq+2)
	}
	if u.Snapshot {
		t.Fatal("the resume fetched a snapshot; want the missed events")
	}
}

func TestDuplicatesAfterResumeSkipped(t *testing.T) {
	h := newFakeHub(t)
	cfg := participantConfig(h, "Aysel")
	cfg.MinBackoff = 50 * time.Millisecond
	c := dial(t, cfg)
	h.mustCommit(facilitator, idea("before"))
	waitFor(t, "the first idea", func() bool { return ideasWith(c.State(), "before") == 1 })
	c.Drain()
	seq := c.State().Seq

	// The hub stays down until the client has been seen offline and the
	// next idea is committed, so that it comes through the resume even
	// when a busy machine is slow to look.
	h.set(func(h *fakeHub) { h.overlap = 3; h.down = true })
	h.kick(protocol.CloseTooSlow)
	waitFor(t, "offline", func() bool { return c.Status() != Online })
	after := h.mustCommit(facilitator, idea("after"))[0].Seq
	h.set(func(h *fakeHub) { h.down = false })
	u := drainAll(t, c, func() bool { return c.Status() == Online && c.State().Seq == after })
	var seqs []int64
	for _, e := range u.Events {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int64{after}) || after != seq+1 {
		t.Fatalf("events applied %v; want only %d (replayed duplicates skipped)", seqs, seq+1)
	}
}

func TestNacks(t *testing.T) {
	tests := map[string]struct {
		cmd  session.Command
		code string
		key  string
		args map[string]string
	}{
		"unknown topic": {cmd: session.Command{Type: session.CmdPostIdea, Topic: "t99", Text: "x"}, code: session.ENOTFOUND,
			key: "errors.no_topic", args: map[string]string{"ID": "t99"}},
		"empty idea": {cmd: idea("   "), code: session.EINVALID,
			key: "errors.field_empty", args: map[string]string{"Field": "idea"}},
		"facilitator only": {cmd: session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote}, code: session.EFORBIDDEN,
			key: "errors.facilitator_only"},
		"too long to send": {cmd: idea(strings.Repeat("x", protocol.MaxFrameBytes)), code: session.EINVALID,
			key: "errors.client.too_long"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			c := dial(t, participantConfig(h, "Aysel"))
			c.Drain()
			op := c.Send(tc.cmd)
			u := drainAll(t, c, func() bool { return c.Pending() == 0 })
			if len(u.Nacks) != 1 {
				t.Fatalf("nacks %+v; want one", u.Nacks)
			}
			n := u.Nacks[0]
			if n.Op != op || n.Code != tc.code || n.Message == "" || n.Command.Type != tc.cmd.Type || n.Command.Text != tc.cmd.Text {
				t.Fatalf("nack %+v; want op %s code %s with the command", n, op, tc.code)
			}
			// The key and arguments, to say it in the reader's language.
			if n.Key != tc.key || !maps.Equal(n.Args, tc.args) {
				t.Fatalf("nack key %q args %v; want %q %v", n.Key, n.Args, tc.key, tc.args)
			}
			if r := n.Refused(); r.Key != n.Key || r.Message != n.Message || r.Code != n.Code {
				t.Fatalf("Refused() = %+v", r)
			}
			if len(u.Acked) != 0 || len(u.Events) != 0 {
				t.Fatalf("a refused command changed something: %+v", u)
			}
		})
	}
}

func TestChangesCoalesce(t *testing.T) {
	h := newFakeHub(t)
	c := dial(t, participantConfig(h, "Aysel"))
	<-c.Changes()
	c.Drain()

	var want []int64
	for i := range 5 {
		evs := h.mustCommit(facilitator, idea("idea "+string(rune('a'+i))))
		want = append(want, evs[0].Seq)
	}
	waitFor(t, "the replica to catch up", func() bool { return c.State().Seq == want[4] })
	if n := len(c.Changes()); n != 1 {
		t.Fatalf("Changes holds %d signals; want 1 for five events", n)
	}
	<-c.Changes()
	u := c.Drain()
	var got []int64
	for _, e := range u.Events {
		got = append(got, e.Seq)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Drain events %v; want %v", got, want)
	}
	if u.StatusChanged || u.Snapshot {
		t.Fatalf("Drain = %+v; want only events", u)
	}
	if len(c.Changes()) != 0 {
		t.Fatal("Changes signalled with nothing new")
	}
	if u := c.Drain(); len(u.Events) != 0 || u.Presence || u.StatusChanged {
		t.Fatalf("second Drain = %+v; want empty", u)
	}
}

func TestPresence(t *testing.T) {
	h := newFakeHub(t)
	a := dial(t, participantConfig(h, "Aysel"))
	ida, _ := a.Me()
	a.Drain()
	b := dial(t, participantConfig(h, "Murad"))
	idb, _ := b.Me()
	u := drainAll(t, a, func() bool { return len(a.Online()) == 2 })
	if !u.Presence || !slices.Equal(a.Online(), []string{ida, idb}) {
		t.Fatalf("Online() = %v, presence %v; want %s and %s", a.Online(), u.Presence, ida, idb)
	}
	if a.State().Participants[idb] == nil {
		t.Fatal("the newcomer's join event did not reach the replica")
	}
	b.Close()
	waitFor(t, "the newcomer to go offline", func() bool { return len(a.Online()) == 1 })
	if !slices.Equal(a.Online(), []string{ida}) {
		t.Fatalf("Online() = %v; want only %s", a.Online(), ida)
	}
}

func TestEventStream(t *testing.T) {
	h := newFakeHub(t)
	cfg := participantConfig(h, "Bot 1")
	cfg.NoReplica, cfg.EventBuffer = true, 4
	c := dial(t, cfg)
	if c.State() != nil {
		t.Fatal("State() with NoReplica; want nil")
	}
	var want []int64
	for i := range 3 {
		want = append(want, h.mustCommit(facilitator, idea("stream "+string(rune('a'+i))))[0].Seq)
	}
	var got []int64
	for len(got) < 3 {
		select {
		case e := <-c.Events():
			got = append(got, e.Seq)
		case <-time.After(5 * time.Second):
			t.Fatalf("got events %v; want %v", got, want)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("events %v; want %v", got, want)
	}
	if u := c.Drain(); len(u.Events) != 0 {
		t.Fatalf("Drain carried %d events beside the stream", len(u.Events))
	}
	c.Close()
	if _, ok := <-c.Events(); ok {
		t.Fatal("Events still open after Close")
	}
}

func TestCloseLeavesNothingRunning(t *testing.T) {
	tests := map[string]struct {
		setup func(t *testing.T, h *fakeHub, c *Client)
		cfg   func(cfg *Config)
		said  bool // the hub hears close 1000
	}{
		"online": {said: true},
		"offline, waiting to retry": {
			cfg: func(cfg *Config) { cfg.MinBackoff, cfg.MaxBackoff = 10*time.Second, 10*time.Second },
			setup: func(t *testing.T, h *fakeHub, c *Client) {
				h.kick(websocket.CloseGoingAway)
				waitFor(t, "offline", func() bool { return c.Status() == Offline })
			},
		},
		"event stream not read": {
			cfg: func(cfg *Config) { cfg.EventBuffer = 1 },
			setup: func(t *testing.T, h *fakeHub, c *Client) {
				for i := range 3 {
					h.mustCommit(facilitator, idea("unread "+string(rune('a'+i))))
				}
				waitFor(t, "the stream to fill", func() bool { return len(c.Events()) == 1 })
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			cfg := participantConfig(h, "Aysel")
			// A reconnect waits an hour: a Close that waited for it would
			// never return in time, however busy the machine.
			cfg.MinBackoff, cfg.MaxBackoff = time.Hour, time.Hour
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			c, err := Dial(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tc.setup != nil {
				tc.setup(t, h, c)
			}
			closed := make(chan struct{})
			go func() { c.Close(); close(closed) }()
			select {
			case <-closed:
			case <-time.After(time.Minute):
				t.Fatal("Close waited (for the reconnect backoff?)")
			}
			if c.Status() != Closed {
				t.Fatalf("Status() = %v after Close", c.Status())
			}
			if _, ok := <-c.Changes(); ok {
				// A pending signal may be buffered; the channel must be
				// closed behind it.
				if _, ok := <-c.Changes(); ok {
					t.Fatal("Changes still open after Close")
				}
			}
			c.Close() // a second Close is harmless
			if tc.said {
				waitFor(t, "the hub to hear the close", func() bool {
					h.mu.Lock()
					defer h.mu.Unlock()
					return slices.Contains(h.closes, websocket.CloseNormalClosure)
				})
			}
			h.close()
			goleak.VerifyNone(t)
		})
	}
}
