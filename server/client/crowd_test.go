package client

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// scriptHub is a hub whose frames the test writes itself, for the crowd's
// frames, which the fake hub's real rules never produce: it answers each
// hello with the welcome the test chose, then hands the connection to the
// test, which alone writes to it from then on.
type scriptHub struct {
	srv   *httptest.Server
	conns chan *scriptConn
	wg    sync.WaitGroup

	mu      sync.Mutex
	hellos  []protocol.Hello
	welcome func(n int, h protocol.Hello) protocol.Welcome // n counts the hellos from 1
}

// scriptConn is one welcomed connection: the test writes, the hub reads
// (commands go to cmds) until the client goes.
type scriptConn struct {
	ws   *websocket.Conn
	cmds chan protocol.Command
}

func newScriptHub(t *testing.T, welcome func(n int, h protocol.Hello) protocol.Welcome) *scriptHub {
	t.Helper()
	h := &scriptHub{conns: make(chan *scriptConn, 8), welcome: welcome}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		up := websocket.Upgrader{}
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		h.wg.Add(1)
		defer h.wg.Done()
		defer ws.Close()
		var hello protocol.Hello
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		if err := ws.ReadJSON(&hello); err != nil {
			return
		}
		ws.SetReadDeadline(time.Time{})
		h.mu.Lock()
		h.hellos = append(h.hellos, hello)
		wel := h.welcome(len(h.hellos), hello)
		h.mu.Unlock()
		if err := ws.WriteJSON(wel); err != nil {
			return
		}
		sc := &scriptConn{ws: ws, cmds: make(chan protocol.Command, 8)}
		h.conns <- sc
		for {
			var f protocol.Command
			if err := ws.ReadJSON(&f); err != nil {
				return
			}
			select {
			case sc.cmds <- f:
			default:
			}
		}
	}))
	t.Cleanup(func() {
		h.srv.CloseClientConnections()
		h.srv.Close()
		h.wg.Wait()
	})
	return h
}

func (h *scriptHub) config() Config {
	return Config{
		URL: strings.TrimPrefix(h.srv.URL, "http://"), Code: "K7Q2M", Name: "Aysel", Institution: "IRIA",
		MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
	}
}

func (h *scriptHub) helloList() []protocol.Hello {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]protocol.Hello(nil), h.hellos...)
}

// next returns the next welcomed connection.
func (h *scriptHub) next(t *testing.T) *scriptConn {
	t.Helper()
	select {
	case sc := <-h.conns:
		return sc
	case <-time.After(5 * time.Second):
		t.Fatal("no connection was welcomed")
		return nil
	}
}

// send writes frames in order.
func (sc *scriptConn) send(t *testing.T, frames ...any) {
	t.Helper()
	for _, f := range frames {
		sc.ws.SetWriteDeadline(time.Now().Add(time.Second))
		if err := sc.ws.WriteJSON(f); err != nil {
			t.Fatalf("writing %+v: %v", f, err)
		}
	}
}

// crowdRoom is the session of a crowd as the hub holds it: 300
// participants have joined (seqs 3 to 302), Aysel (p3) first. seen is
// what Aysel may see of it: the snapshot holds her alone.
func crowdRoom(t *testing.T) (st, seen *session.State) {
	t.Helper()
	st = session.NewState("s1")
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	do := func(a session.Actor, c session.Command) {
		evs, err := session.Decide(st, a, c, now)
		if err != nil {
			t.Fatalf("%s: %v", c.Type, err)
		}
		for i := range evs {
			evs[i].Seq = st.Seq + 1
			st.Apply(evs[i])
		}
	}
	do(facilitator, session.Command{Type: session.CmdCreateSession})
	do(facilitator, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: "Aysel", Institution: "IRIA"})
	for i := range 299 {
		do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: "Bot", Institution: "Agency " + strconv.Itoa(i%20)})
	}
	seen = session.RedactState(st, session.Viewer{ID: "p3", Role: session.RoleParticipant})
	for id := range seen.Participants {
		if id != "p3" {
			delete(seen.Participants, id)
		}
	}
	return st, seen
}

// ideaEvent is a facilitator's idea at seq.
func ideaEvent(seq int64, text string) protocol.EventFrame {
	return protocol.EventFrame{T: protocol.KindEvent, Event: session.Event{
		Seq: seq, Type: session.EvIdeaPosted, Actor: session.FacilitatorID,
		ID: "i" + strconv.FormatInt(seq, 10), Topic: "t1", Text: text,
	}}
}

func roster(seq int64, people, online, insts int) protocol.Roster {
	return protocol.Roster{T: protocol.KindRoster, Seq: seq, Participants: people, Online: online, Institutions: insts}
}

// crowdWelcome welcomes Aysel to the crowd at seq with the snapshot seen
// (taken at seen.Seq, which may be older).
func crowdWelcome(seen *session.State, seq int64, counts protocol.Counts) protocol.Welcome {
	return protocol.Welcome{
		T: protocol.KindWelcome, V: protocol.Version, Session: "s1", Role: session.RoleParticipant, You: "p3",
		Resume: "resume-x", Seq: seq, Snapshot: seen.Clone(), Crowd: &counts, Online: []string{},
	}
}

func TestCrowdRosterCoversSkippedSeqs(t *testing.T) {
	_, seen := crowdRoom(t)
	// The snapshot is taken at Aysel's own join (seq 3); the welcome
	// accounts for the 299 joins after it, which she is never sent.
	seen.Seq = 3
	h := newScriptHub(t, func(int, protocol.Hello) protocol.Welcome {
		return crowdWelcome(seen, 302, protocol.Counts{Participants: 300, Online: 299, Institutions: 21})
	})
	c := dial(t, h.config())
	if got, ok := c.Crowd(); !ok || got != (protocol.Counts{Participants: 300, Online: 299, Institutions: 21}) {
		t.Fatalf("Crowd() after the welcome = %+v, %v; want the welcome's counts", got, ok)
	}
	sc := h.next(t)
	op := c.Send(idea("sent before the roster"))

	// The roster says seqs 4 to 302 were others' joins: the client is now
	// where the welcome said, and its outbox goes out.
	sc.send(t, roster(302, 300, 300, 21))
	select {
	case f := <-sc.cmds:
		if f.Op != op {
			t.Fatalf("the hub got op %s; want %s", f.Op, op)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the outbox was not sent once the roster covered the welcome's seq")
	}
	// Two more joins (303, 304) the client never gets, told by a roster,
	// then an event at 305: no gap.
	sc.send(t, roster(304, 302, 301, 22), ideaEvent(305, "after the joins"))
	waitFor(t, "the event after the roster", func() bool { return c.State().Seq == 305 })
	if n := ideasWith(c.State(), "after the joins"); n != 1 {
		t.Fatalf("the replica holds the idea %d times; want once", n)
	}
	if got, _ := c.Crowd(); got != (protocol.Counts{Participants: 302, Online: 301, Institutions: 22}) {
		t.Fatalf("Crowd() = %+v; want the last roster's counts", got)
	}
	if n := len(h.helloList()); n != 1 {
		t.Fatalf("the client said hello %d times; a roster covering the skipped seqs is no gap", n)
	}
	if c.Status() != Online {
		t.Fatalf("status %v; want online", c.Status())
	}
}

func TestCrowdGapResumes(t *testing.T) {
	_, seen := crowdRoom(t)
	counts := protocol.Counts{Participants: 300, Online: 300, Institutions: 21}
	h := newScriptHub(t, func(n int, hello protocol.Hello) protocol.Welcome {
		if n == 1 {
			return crowdWelcome(seen, 302, counts)
		}
		w := crowdWelcome(seen, 306, counts)
		w.Snapshot = nil
		return w
	})
	c := dial(t, h.config())
	sc := h.next(t)
	// Seqs 303 and 304 are covered; 305 is missing: a real gap.
	sc.send(t, roster(304, 302, 302, 21), ideaEvent(306, "after a gap"))
	sc2 := h.next(t)
	hellos := h.helloList()
	if len(hellos) != 2 || hellos[1].Since != 304 {
		t.Fatalf("hellos = %+v; want a resume from seq 304", hellos)
	}
	sc2.send(t, ideaEvent(305, "missed"), ideaEvent(306, "after a gap"))
	waitFor(t, "the missed events", func() bool { return c.State().Seq == 306 })
	st := c.State()
	if ideasWith(st, "missed") != 1 || ideasWith(st, "after a gap") != 1 {
		t.Fatalf("ideas after the resume: %+v", st.Ideas)
	}
}

func TestCrowdOlderRosterChangesCountsOnly(t *testing.T) {
	_, seen := crowdRoom(t)
	h := newScriptHub(t, func(int, protocol.Hello) protocol.Welcome {
		return crowdWelcome(seen, 302, protocol.Counts{Participants: 300, Online: 300, Institutions: 21})
	})
	c := dial(t, h.config())
	sc := h.next(t)
	sc.send(t, ideaEvent(303, "one"))
	waitFor(t, "the idea", func() bool { return c.State().Seq == 303 })
	c.Drain()

	sc.send(t, roster(301, 300, 250, 21), ideaEvent(304, "two"))
	u := drainAll(t, c, func() bool { return c.State().Seq == 304 })
	if got, _ := c.Crowd(); got.Online != 250 {
		t.Fatalf("Crowd() = %+v; want the older roster's counts taken", got)
	}
	if !u.Presence {
		t.Fatal("new counts did not set Update.Presence")
	}
	if n := len(h.helloList()); n != 1 {
		t.Fatalf("the client said hello %d times; an older roster must not move the seq back", n)
	}
}

func TestWelcomeWithoutCrowdClearsIt(t *testing.T) {
	_, seen := crowdRoom(t)
	h := newScriptHub(t, func(n int, hello protocol.Hello) protocol.Welcome {
		w := crowdWelcome(seen, 302, protocol.Counts{Participants: 300, Online: 300, Institutions: 21})
		if n > 1 {
			w.Snapshot, w.Crowd, w.Online = nil, nil, []string{"p3", "p4"}
		}
		return w
	})
	cfg := h.config()
	c := dial(t, cfg)
	sc := h.next(t)
	if _, ok := c.Crowd(); !ok {
		t.Fatal("Crowd() false after a crowd's welcome")
	}
	sc.ws.Close()
	h.next(t)
	waitFor(t, "the second welcome", func() bool { _, ok := c.Crowd(); return !ok && len(c.Online()) == 2 })
}

func TestRosterMakesACrowdOfARoomWelcomedBefore(t *testing.T) {
	_, seen := crowdRoom(t)
	h := newScriptHub(t, func(int, protocol.Hello) protocol.Welcome {
		w := crowdWelcome(seen, 3, protocol.Counts{})
		w.Crowd, w.Online = nil, []string{"p3"}
		seen := seen.Clone()
		seen.Seq = 3
		w.Snapshot = seen
		return w
	})
	c := dial(t, h.config())
	if _, ok := c.Crowd(); ok {
		t.Fatal("Crowd() true before the room was a crowd")
	}
	sc := h.next(t)
	sc.send(t, roster(302, 300, 300, 21), ideaEvent(303, "in a crowd"))
	waitFor(t, "the idea", func() bool { return c.State().Seq == 303 })
	if got, ok := c.Crowd(); !ok || got.Participants != 300 {
		t.Fatalf("Crowd() = %+v, %v; want the roster's counts", got, ok)
	}
	if n := len(h.helloList()); n != 1 {
		t.Fatalf("the client said hello %d times; want no resume", n)
	}
}
