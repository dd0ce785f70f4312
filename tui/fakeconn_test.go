package tui

import (
	"strconv"
	"sync"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// fakeConn is a hub and a connection in one: commands go through
// session.Decide on the full state, the events are applied there and,
// redacted for this participant, to the replica — like the real hub.
// Offline, commands wait in an outbox and are sent on SetOnline(true).
type fakeConn struct {
	mu      sync.Mutex
	srv     *session.State // the hub's full state
	rep     *session.State // this participant's replica
	me      session.Actor
	now     time.Time
	status  client.Status
	outbox  []queued
	sent    []session.Command // every command Send got, in order
	change  client.Update
	ch      chan struct{}
	ops     int
	online  []string
	closed  bool
	refuse  map[string]string // command type -> message, to refuse it regardless of the rules
	visible []session.Event   // events as the participant received them
}

type queued struct {
	op  string
	cmd session.Command
}

// newFakeConn returns a connection to a fresh session created by the
// facilitator, with the participant not yet joined.
func newFakeConn(now time.Time, title string, topics []string) *fakeConn {
	f := &fakeConn{
		srv:    session.NewState("s1"),
		rep:    session.NewState("s1"),
		now:    now,
		status: client.Online,
		ch:     make(chan struct{}, 1),
	}
	anon := true
	f.fac(session.Command{Type: session.CmdCreateSession, Title: &title, Topics: topics, Anonymous: &anon})
	return f
}

// fac runs a facilitator command and panics when it is refused: fixtures
// must be valid.
func (f *fakeConn) fac(c session.Command) {
	if err := f.as(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, c); err != nil {
		panic(c.Type + ": " + err.Error())
	}
}

// join adds a participant and returns its id.
func (f *fakeConn) join(name, institution string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	evs, err := session.Decide(f.srv, session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: name, Institution: institution}, f.now)
	if err != nil {
		panic(err)
	}
	f.commit(evs)
	return evs[0].ID
}

// by runs a command as another participant and panics when refused.
func (f *fakeConn) by(pid string, c session.Command) {
	if err := f.as(session.Actor{ID: pid, Role: session.RoleParticipant}, c); err != nil {
		panic(c.Type + " by " + pid + ": " + err.Error())
	}
}

func (f *fakeConn) as(a session.Actor, c session.Command) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	evs, err := session.Decide(f.srv, a, c, f.now)
	if err != nil {
		return err
	}
	f.commit(evs)
	return nil
}

// commit stores events, applies them, and passes them on redacted.
// The caller holds mu.
func (f *fakeConn) commit(evs []session.Event) {
	for _, e := range evs {
		e.Seq = f.srv.Seq + 1
		f.srv.Apply(e)
		r := session.Redact(e, f.me, f.srv.Settings.Anonymous, f.srv.VotesRevealed)
		f.rep.Apply(r)
		f.visible = append(f.visible, r)
		f.change.Events = append(f.change.Events, r)
	}
	f.signal()
}

func (f *fakeConn) signal() {
	if f.closed {
		return
	}
	select {
	case f.ch <- struct{}{}:
	default:
	}
}

// setMe makes the connection belong to participant pid, with a snapshot of
// what that participant may see.
func (f *fakeConn) setMe(pid string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.me = session.Actor{ID: pid, Role: session.RoleParticipant}
	f.rep = session.RedactState(f.srv, f.me)
	f.change.Snapshot = true
	f.signal()
}

// Send queues a command; online, the hub decides it at once.
func (f *fakeConn) Send(c session.Command) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops++
	op := "op" + strconv.Itoa(f.ops)
	f.sent = append(f.sent, c)
	if f.status == client.Ended {
		f.change.Nacks = append(f.change.Nacks, client.Nack{Op: op, Command: c, Code: session.EFORBIDDEN, Message: "The session has ended; nothing more can be sent."})
		f.signal()
		return op
	}
	f.outbox = append(f.outbox, queued{op, c})
	if f.status == client.Online {
		f.flush()
	}
	return op
}

// flush sends the outbox. The caller holds mu.
func (f *fakeConn) flush() {
	for _, q := range f.outbox {
		if msg, ok := f.refuse[q.cmd.Type]; ok {
			f.change.Nacks = append(f.change.Nacks, client.Nack{Op: q.op, Command: q.cmd, Code: session.EFORBIDDEN, Message: msg})
			continue
		}
		evs, err := session.Decide(f.srv, f.me, q.cmd, f.now)
		if err != nil {
			f.change.Nacks = append(f.change.Nacks, client.Nack{Op: q.op, Command: q.cmd, Code: session.ErrorCode(err), Message: session.ErrorMessage(err)})
			continue
		}
		f.commit(evs)
		f.change.Acked = append(f.change.Acked, q.op)
	}
	f.outbox = nil
	f.signal()
}

// setOnline drops or restores the connection.
func (f *fakeConn) setOnline(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if on {
		f.status = client.Online
		f.flush()
	} else {
		f.status = client.Offline
	}
	f.signal()
}

// setStatus moves the connection to a status as the client would report
// it: "paused" keeps the outbox for later, "ended" keeps it unsent for good
// and refuses new commands, "online" sends it.
func (f *fakeConn) setStatus(s client.Status) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = s
	if s == client.Online {
		f.flush()
	}
	f.signal()
}

func (f *fakeConn) sentOf(typ string) []session.Command {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []session.Command
	for _, c := range f.sent {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeConn) State() *session.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rep.Clone()
}

func (f *fakeConn) Me() (string, session.Role) { return f.me.ID, f.me.Role }

func (f *fakeConn) Status() client.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

func (f *fakeConn) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.outbox)
}

func (f *fakeConn) Online() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.online...)
}

func (f *fakeConn) Changes() <-chan struct{} { return f.ch }

func (f *fakeConn) Drain() client.Update {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.change
	f.change = client.Update{}
	return c
}

// drained reports whether the app has taken in all the news.
func (f *fakeConn) drained() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.change
	return len(f.ch) == 0 && c.Events == nil && c.Acked == nil && c.Nacks == nil && !c.Snapshot
}

// close ends the connection for good.
func (f *fakeConn) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		f.status = client.Closed
		close(f.ch)
	}
}
