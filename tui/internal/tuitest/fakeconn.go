package tuitest

import (
	"strconv"
	"sync"
	"time"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// FakeConn is a hub and a connection in one: commands go through
// session.Decide on the full state, the events are applied there and,
// redacted for this participant, to the replica — like the real hub.
// Offline, commands wait in an outbox and are sent on SetOnline(true).
type FakeConn struct {
	Mu      sync.Mutex
	Srv     *session.State // the hub's full state
	Rep     *session.State // this participant's replica
	Actor   session.Actor
	now     time.Time
	status  client.Status
	Outbox  []queued
	Sent    []session.Command // every command Send got, in order
	News    client.Update
	ch      chan struct{}
	ops     int
	online  []string
	closed  bool
	Refuse  map[string]string // command type -> message, to refuse it regardless of the rules
	visible []session.Event   // events as the participant received them
	crowd   *protocol.Counts  // the roster's counts once SetCrowd made the room a crowd
}

type queued struct {
	op  string
	cmd session.Command
}

// newFakeConn returns a connection to a fresh session created by the
// facilitator, with the participant not yet joined.
func newFakeConn(now time.Time, title string, topics []string) *FakeConn {
	f := &FakeConn{
		Srv:    session.NewState("s1"),
		Rep:    session.NewState("s1"),
		now:    now,
		status: client.Online,
		ch:     make(chan struct{}, 1),
	}
	anon := true
	f.Fac(session.Command{Type: session.CmdCreateSession, Title: &title, Topics: topics, Anonymous: &anon})
	return f
}

// Fac runs a facilitator command and panics when it is refused: fixtures
// must be valid.
func (f *FakeConn) Fac(c session.Command) {
	if err := f.as(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, c); err != nil {
		panic(c.Type + ": " + err.Error())
	}
}

// Join adds a participant and returns its id.
func (f *FakeConn) Join(name, institution string) string {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	evs, err := session.Decide(f.Srv, session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: name, Institution: institution}, f.now)
	if err != nil {
		panic(err)
	}
	f.commit(evs)
	return evs[0].ID
}

// By runs a command as another participant and panics when refused.
func (f *FakeConn) By(pid string, c session.Command) {
	if err := f.as(session.Actor{ID: pid, Role: session.RoleParticipant}, c); err != nil {
		panic(c.Type + " by " + pid + ": " + err.Error())
	}
}

func (f *FakeConn) as(a session.Actor, c session.Command) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	evs, err := session.Decide(f.Srv, a, c, f.now)
	if err != nil {
		return err
	}
	f.commit(evs)
	return nil
}

// commit stores events, applies them, and passes them on redacted.
// The caller holds mu.
func (f *FakeConn) commit(evs []session.Event) {
	for _, e := range evs {
		e.Seq = f.Srv.Seq + 1
		f.Srv.Apply(e)
		// issue 16: a table's events reach those who sit or sat at it (TableViewer)
		r := session.Redact(e, f.Srv.TableViewer(f.Actor, e), f.Srv.Settings.Anonymous, f.Srv.VotesRevealed)
		if f.crowd != nil && e.Type == session.EvParticipantJoined && e.ID != f.Actor.ID {
			// A crowd's client is not sent others' joins; a roster
			// covers their seqs.
			f.Rep.Apply(session.Event{Seq: e.Seq, Type: session.EvRedacted})
			continue
		}
		f.Rep.Apply(r)
		f.visible = append(f.visible, r)
		f.News.Events = append(f.News.Events, r)
	}
	f.Signal()
}

func (f *FakeConn) Signal() {
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
func (f *FakeConn) setMe(pid string) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Actor = session.Actor{ID: pid, Role: session.RoleParticipant}
	f.Rep = session.RedactState(f.Srv, f.Actor)
	f.crowdView()
	f.News.Snapshot = true
	f.Signal()
}

// Observe makes the connection an observer's, with a snapshot of what an
// observer may see (the wall's connection).
func (f *FakeConn) Observe() {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Actor = session.Actor{Role: session.RoleObserver}
	f.Rep = session.RedactState(f.Srv, f.Actor)
	f.crowdView()
	f.News.Snapshot = true
	f.Signal()
}

// SetCrowd makes the room a crowd for this connection, as a welcome to a
// room of more than 250 participants does: the roster comes as these
// counts, the replica keeps only this participant (nobody for an
// observer), no one else is told online, and others' joins no longer
// arrive. Once a crowd, it changes only the counts, as a roster frame
// does.
func (f *FakeConn) SetCrowd(n protocol.Counts) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if f.crowd == nil {
		f.crowd = &n
		f.crowdView()
		f.online = nil
		f.News.Snapshot = true // what a crowd's welcome brings
	}
	f.crowd = &n
	f.News.Presence = true
	f.Signal()
}

// crowdView drops from the replica the participants a crowd's client is
// not told about. The caller holds mu.
func (f *FakeConn) crowdView() {
	if f.crowd == nil {
		return
	}
	for id := range f.Rep.Participants {
		if id != f.Actor.ID {
			delete(f.Rep.Participants, id)
		}
	}
}

// Send queues a command; online, the hub decides it at once.
func (f *FakeConn) Send(c session.Command) string {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.ops++
	op := "op" + strconv.Itoa(f.ops)
	f.Sent = append(f.Sent, c)
	if f.status == client.Ended {
		f.News.Nacks = append(f.News.Nacks, client.Nack{Op: op, Command: c, Code: session.EFORBIDDEN, Key: "errors.client.ended_nothing_sent", Message: "The session has ended; nothing more can be sent."})
		f.Signal()
		return op
	}
	f.Outbox = append(f.Outbox, queued{op, c})
	if f.status == client.Online {
		f.flush()
	}
	return op
}

// flush sends the outbox. The caller holds mu.
func (f *FakeConn) flush() {
	for _, q := range f.Outbox {
		if msg, ok := f.Refuse[q.cmd.Type]; ok {
			f.News.Nacks = append(f.News.Nacks, client.Nack{Op: q.op, Command: q.cmd, Code: session.EFORBIDDEN, Message: msg})
			continue
		}
		evs, err := session.Decide(f.Srv, f.Actor, q.cmd, f.now)
		if err != nil {
			e := session.AsError(err) // with its key and args, as the hub sends them
			f.News.Nacks = append(f.News.Nacks, client.Nack{Op: q.op, Command: q.cmd, Code: e.Code, Key: e.Key, Args: e.Args, Message: e.Message})
			continue
		}
		f.commit(evs)
		f.News.Acked = append(f.News.Acked, q.op)
	}
	f.Outbox = nil
	f.Signal()
}

// SetOnline drops or restores the connection.
func (f *FakeConn) SetOnline(on bool) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if on {
		f.status = client.Online
		f.flush()
	} else {
		f.status = client.Offline
	}
	f.Signal()
}

// SetStatus moves the connection to a status as the client would report
// it: "paused" keeps the outbox for later, "ended" keeps it unsent for good
// and refuses new commands, "online" sends it.
func (f *FakeConn) SetStatus(s client.Status) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.status = s
	if s == client.Online {
		f.flush()
	}
	f.Signal()
}

func (f *FakeConn) SentOf(typ string) []session.Command {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	var out []session.Command
	for _, c := range f.Sent {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	return out
}

func (f *FakeConn) State() *session.State {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.Rep.Clone()
}

func (f *FakeConn) Me() (string, session.Role) { return f.Actor.ID, f.Actor.Role }

func (f *FakeConn) Status() client.Status {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.status
}

func (f *FakeConn) Pending() int {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return len(f.Outbox)
}

func (f *FakeConn) Online() []string {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return append([]string(nil), f.online...)
}

// Crowd returns the counts SetCrowd gave, or false before it.
func (f *FakeConn) Crowd() (protocol.Counts, bool) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if f.crowd == nil {
		return protocol.Counts{}, false
	}
	return *f.crowd, true
}

func (f *FakeConn) Changes() <-chan struct{} { return f.ch }

func (f *FakeConn) Drain() client.Update {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	c := f.News
	f.News = client.Update{}
	return c
}

// Drained reports whether the app has taken in all the news.
func (f *FakeConn) Drained() bool {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	c := f.News
	return len(f.ch) == 0 && c.Events == nil && c.Acked == nil && c.Nacks == nil && !c.Snapshot
}

// Close ends the connection for good.
func (f *FakeConn) Close() {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.closed {
		f.closed = true
		f.status = client.Closed
		close(f.ch)
	}
}
