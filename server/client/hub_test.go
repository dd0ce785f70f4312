package client

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// fakeHub is a small hub that speaks the protocol for these tests: it keeps
// one session with the real domain rules, welcomes with a snapshot or a
// replay, acks (with dup on a retried op), nacks, and can misbehave on
// request. Every write happens under mu, so there is one writer per
// connection at a time.
type fakeHub struct {
	t    *testing.T
	srv  *httptest.Server
	code string
	tok  string
	wg   sync.WaitGroup

	mu      sync.Mutex
	st      *session.State
	log     []session.Event
	tokens  map[string]string // resume token -> participant id
	ops     map[string]int64  // actor + op -> seq of its last event
	opCount map[string]int    // op -> times received
	hellos  []protocol.Hello
	helloAt []int // the node each hello came to (0: srv; see addNode)
	closes  []int // close codes received from clients
	conns   map[*hubConn]bool
	online  map[string]int
	nextTok int

	// Misbehaviour, each used once unless said otherwise.
	loseNext     bool          // commit the next command, then drop its connection before its events and ack
	skipNext     bool          // do not send the next event to anyone (a gap)
	refuseResume bool          // refuse every resume token with 4401 (stays set)
	overlap      int64         // replay this many events before since, as duplicates (stays set)
	down         bool          // answer every websocket upgrade with HTTP 503, as a stopped host's port would refuse (stays set)
	refuseHello  int           // refuse every hello with this close code and no error frame (stays set)
	turnedAway   int           // upgrades answered 503 while down
	lag          map[int]int64 // node -> how far behind the session that node welcomes a resume (stays set)
}

// hubConn is one client connection of the fake hub.
type hubConn struct {
	ws    *websocket.Conn
	node  int // which of the hub's listeners it came through
	actor session.Actor
	ready bool
}

func newFakeHub(t *testing.T) *fakeHub {
	t.Helper()
	h := &fakeHub{
		t: t, code: "K7Q2M", tok: "facilitator-secret",
		st:      session.NewState("s1"),
		tokens:  map[string]string{},
		ops:     map[string]int64{},
		opCount: map[string]int{},
		conns:   map[*hubConn]bool{},
		online:  map[string]int{},
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	h.mustCommit(fac, session.Command{Type: session.CmdCreateSession})
	h.mustCommit(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.close)
	return h
}

// url returns the hub's address the way a person would type it.
func (h *fakeHub) url() string { return strings.TrimPrefix(h.srv.URL, "http://") }

// close drops every connection and waits for the handlers to end.
func (h *fakeHub) close() {
	h.srv.Close()
	h.mu.Lock()
	for hc := range h.conns {
		hc.ws.Close()
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// mustCommit decides and commits a command as actor, failing the test on
// refusal.
func (h *fakeHub) mustCommit(a session.Actor, cmd session.Command) []session.Event {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	evs, err := h.commit(a, cmd, nil)
	if err != nil {
		h.t.Fatalf("commit %s: %v", cmd.Type, err)
	}
	return evs
}

// commit decides, applies, logs and broadcasts, skipping the connection
// except (it gets nothing). h.mu is held.
func (h *fakeHub) commit(a session.Actor, cmd session.Command, except *hubConn) ([]session.Event, error) {
	evs, err := session.Decide(h.st, a, cmd, time.Now())
	if err != nil {
		return nil, err
	}
	for i := range evs {
		evs[i].Seq = h.st.Seq + 1
		h.st.Apply(evs[i])
		h.log = append(h.log, evs[i])
	}
	for _, e := range evs {
		if h.skipNext {
			h.skipNext = false
			continue
		}
		for hc := range h.conns {
			if hc.ready && hc != except {
				h.send(hc, protocol.EventFrame{T: protocol.KindEvent, Event: h.redact(e, hc.actor)})
			}
		}
	}
	return evs, nil
}

func (h *fakeHub) redact(e session.Event, v session.Viewer) session.Event {
	return session.Redact(e, v, h.st.Settings.Anonymous, h.st.VotesRevealed)
}

// send writes one frame; h.mu is held. Errors end the connection through
// its reader.
func (h *fakeHub) send(hc *hubConn, v any) {
	hc.ws.SetWriteDeadline(time.Now().Add(time.Second))
	if err := hc.ws.WriteJSON(v); err != nil {
		hc.ws.Close()
	}
}

// kick closes every connection with a close code, as the real hub does
// for a slow client (4408) or when it stops (4410, 4503).
func (h *fakeHub) kick(code int) { h.kickWith(code, "kicked") }

// kickWith closes every connection with a close code and reason.
func (h *fakeHub) kickWith(code int, reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for hc := range h.conns {
		hc.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
		hc.ws.Close()
	}
}

// set changes the hub's misbehaviour under its lock.
func (h *fakeHub) set(f func(h *fakeHub)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f(h)
}

// helloList returns the hellos received so far.
func (h *fakeHub) helloList() []protocol.Hello {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]protocol.Hello(nil), h.hellos...)
}

func (h *fakeHub) serve(w http.ResponseWriter, r *http.Request) { h.serveAt(0, w, r) }

// serveAt serves a websocket that came through the hub's listener node.
func (h *fakeHub) serveAt(node int, w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	down := h.down
	if down {
		h.turnedAway++
	}
	h.mu.Unlock()
	if down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.wg.Add(1)
	defer h.wg.Done()
	defer ws.Close()
	hc := &hubConn{ws: ws, node: node}
	var hello protocol.Hello
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := ws.ReadJSON(&hello); err != nil {
		return
	}
	ws.SetReadDeadline(time.Time{})
	if !h.join(hc, hello) {
		return
	}
	defer h.leave(hc)
	for {
		var f protocol.Command
		if err := ws.ReadJSON(&f); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				h.mu.Lock()
				h.closes = append(h.closes, ce.Code)
				h.mu.Unlock()
			}
			return
		}
		h.command(hc, f)
	}
}

// refuse sends an error frame and a close, like the real hub.
func (h *fakeHub) refuse(hc *hubConn, code, msg string, closeCode int) {
	h.refuseWith(hc, &session.Error{Code: code, Message: msg}, closeCode)
}

// refuseWith refuses with e, key and arguments included, as the real hub.
func (h *fakeHub) refuseWith(hc *hubConn, e *session.Error, closeCode int) {
	h.send(hc, protocol.ErrorOf(e))
	hc.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeCode, ""), time.Now().Add(time.Second))
}

// join authenticates a hello and welcomes the client.
func (h *fakeHub) join(hc *hubConn, hello protocol.Hello) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hellos = append(h.hellos, hello)
	h.helloAt = append(h.helloAt, hc.node)
	if h.refuseHello != 0 {
		hc.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(h.refuseHello, ""), time.Now().Add(time.Second))
		return false
	}
	token := ""
	switch {
	case hello.Token != "":
		if hello.Token != h.tok {
			h.refuse(hc, session.EFORBIDDEN, "Wrong facilitator token.", protocol.CloseUnauthorized)
			return false
		}
		hc.actor = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	case hello.Code != h.code:
		h.refuse(hc, session.EFORBIDDEN, "Wrong join code.", protocol.CloseUnauthorized)
		return false
	case hello.Role == string(session.RoleObserver):
		hc.actor = session.Actor{Role: session.RoleObserver}
	case hello.Resume != "":
		pid, ok := h.tokens[hello.Resume]
		if !ok || h.refuseResume {
			h.refuse(hc, session.EFORBIDDEN, "Unknown resume token.", protocol.CloseUnauthorized)
			return false
		}
		hc.actor = session.Actor{ID: pid, Role: session.RoleParticipant}
	default:
		evs, err := h.commit(session.Actor{Role: session.RoleParticipant}, session.Command{
			Type: session.CmdJoin, Name: hello.Name, Institution: hello.Institution,
		}, nil)
		if err != nil {
			h.refuseWith(hc, session.AsError(err), protocol.CloseBadFrame)
			return false
		}
		h.nextTok++
		token = "resume-" + strings.Repeat("x", h.nextTok)
		h.tokens[token] = evs[0].ID
		hc.actor = session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
	}
	h.conns[hc] = true
	if pid := hc.actor.ID; hc.actor.Role == session.RoleParticipant {
		h.online[pid]++
		if h.online[pid] == 1 {
			for o := range h.conns {
				if o.ready {
					h.send(o, protocol.Presence{T: protocol.KindPresence, ID: pid, Online: true})
				}
			}
		}
	}
	var online []string
	for pid := range h.online {
		online = append(online, pid)
	}
	w := protocol.Welcome{
		T: protocol.KindWelcome, V: protocol.Version, Session: h.st.ID,
		Role: hc.actor.Role, You: hc.actor.ID, Resume: token, Seq: h.st.Seq, Online: online,
	}
	if lag := h.lag[hc.node]; lag > 0 && hello.Since > 0 {
		// a node that has not caught up: its welcome is behind, nothing follows
		w.Seq = h.st.Seq - lag
		h.send(hc, w)
		hc.ready = true
		return true
	}
	if hello.Since <= 0 || hello.Since > h.st.Seq {
		w.Snapshot = session.RedactState(h.st, hc.actor)
		h.send(hc, w)
	} else {
		h.send(hc, w)
		for _, e := range h.log {
			if e.Seq > hello.Since-h.overlap {
				h.send(hc, protocol.EventFrame{T: protocol.KindEvent, Event: h.redact(e, hc.actor)})
			}
		}
	}
	hc.ready = true
	return true
}

func (h *fakeHub) leave(hc *hubConn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns, hc)
	if pid := hc.actor.ID; hc.actor.Role == session.RoleParticipant {
		h.online[pid]--
		if h.online[pid] == 0 {
			delete(h.online, pid)
			for o := range h.conns {
				if o.ready {
					h.send(o, protocol.Presence{T: protocol.KindPresence, ID: pid, Online: false})
				}
			}
		}
	}
}

// command runs one cmd frame: dedupe by actor and op, decide, commit,
// then ack the sender after its own events.
func (h *fakeHub) command(hc *hubConn, f protocol.Command) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.opCount[f.Op]++
	key := hc.actor.ID + "/" + f.Op
	if seq, ok := h.ops[key]; ok {
		h.send(hc, protocol.Ack{T: protocol.KindAck, Op: f.Op, Seq: seq, Dup: true})
		return
	}
	lose := h.loseNext
	var except *hubConn
	if lose {
		h.loseNext = false
		except = hc
	}
	evs, err := h.commit(hc.actor, f.Cmd, except)
	if err != nil {
		h.send(hc, protocol.NackOf(f.Op, session.AsError(err)))
		return
	}
	h.ops[key] = evs[len(evs)-1].Seq
	if lose {
		hc.ws.Close() // the command took effect, but its sender never hears of it
		return
	}
	h.send(hc, protocol.Ack{T: protocol.KindAck, Op: f.Op, Seq: evs[len(evs)-1].Seq})
}
