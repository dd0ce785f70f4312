package client

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"sync"

	"roundtable/protocol"
	"roundtable/session"
)

// ErrUnreachable is wrapped by the error Dial returns when no hub answers at
// the address (nothing listening, unknown host, no answer, or not a
// Roundtable hub). Test for it with errors.Is.
var ErrUnreachable = errors.New("host unreachable")

// ErrSessionEnded is Update.Err once the session has ended (status Ended),
// and is wrapped by the error Dial returns for such a session.
var ErrSessionEnded = errors.New("the session has ended")

// ErrHostPaused is Update.Err when the facilitator stopped the host of an
// open session (status Paused), and is wrapped by the error Dial returns
// while it is stopping.
var ErrHostPaused = errors.New("the facilitator stopped the host")

// Client is one connection to a hub that survives network loss: it keeps a
// replica of the session, an outbox of unacknowledged commands, and
// reconnects in the background until Close. Its methods are safe to call
// from any goroutine.
type Client struct {
	cfg     Config
	ctx     context.Context // ends when Close is called
	cancel  context.CancelFunc
	done    chan struct{} // closed when the background goroutine has ended
	changes chan struct{}
	events  chan session.Event // nil unless Config.EventBuffer > 0
	once    sync.Once

	mu        sync.Mutex
	replica   *session.State // nil with NoReplica
	lastSeq   int64          // the last event seq applied (or skipped with NoReplica)
	fresh     bool           // ask for a snapshot on the next hello
	sessionID string
	me        string
	role      session.Role
	resume    string
	status    Status
	err       error
	online    map[string]bool
	crowd     *protocol.Counts // the roster as counts, nil unless the room is a crowd for this client
	outbox    []entry
	cur       *conn // the live connection, nil while offline
	at        int   // the node in cfg.URLs connected to, or to try next
	behind    int   // welcomes in a row from nodes behind lastSeq (several nodes)
	upd       Update
	shut      bool // Changes is closed
}

// entry is a command waiting for its ack or nack.
type entry struct {
	op    string
	cmd   session.Command
	frame []byte // the encoded cmd frame, re-sent as is
}

// Dial connects to the hub and completes one hello/welcome synchronously, so
// that a refusal (a *session.Error with the hub's code, such as EFORBIDDEN
// for a wrong join code) or an unreachable host (an error wrapping
// ErrUnreachable) reaches the caller. ctx bounds only this first
// connection; afterwards the client keeps the connection alive and
// reconnects in the background until Close. With several nodes
// (Config.URLs) it tries each in turn, once, and reports what the last
// said unless one refused for good (a wrong code, an ended session: every
// node would say the same).
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:     cfg,
		done:    make(chan struct{}),
		changes: make(chan struct{}, 1),
		online:  map[string]bool{},
		resume:  cfg.Resume,
		status:  Connecting,
	}
	if cfg.EventBuffer > 0 {
		c.events = make(chan session.Event, cfg.EventBuffer)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	cn, err := c.dialFirst(ctx)
	if err != nil {
		c.cancel()
		var r *refusal
		if errors.As(err, &r) {
			if r.close == protocol.CloseSessionEnded || r.close == protocol.CloseHostPaused {
				return nil, r // matches ErrSessionEnded or ErrHostPaused, and unwraps to the hub's error
			}
			return nil, r.err
		}
		return nil, err
	}
	go c.run(cn)
	return c, nil
}

// Send queues a command under a fresh random op id and returns the id. It
// never blocks: the command goes out now when online, otherwise after the
// next reconnect, and is re-sent with the same op id until the hub acks or
// nacks it (the hub applies it at most once). A command too large for a
// frame, or sent after the client closed, comes back at once as a Nack.
func (c *Client) Send(cmd session.Command) string {
	op := rand.Text()
	frame, err := json.Marshal(protocol.Command{T: protocol.KindCommand, Op: op, Cmd: cmd})
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err != nil || len(frame) > protocol.MaxFrameBytes:
		c.refuseLocally(op, cmd, protocol.Refuse(session.EINVALID, "errors.client.too_long"))
	case c.status == Closed:
		c.refuseLocally(op, cmd, protocol.Refuse(session.EINTERNAL, "errors.client.not_connected"))
	case c.status == Ended:
		c.refuseLocally(op, cmd, protocol.Refuse(session.EFORBIDDEN, "errors.client.ended_nothing_sent"))
	default:
		c.outbox = append(c.outbox, entry{op: op, cmd: cmd, frame: frame})
		if c.cur != nil && c.cur.ready {
			c.cur.push(frame)
		}
	}
	return op
}

// refuseLocally reports a command that never left as a Nack. c.mu is held.
func (c *Client) refuseLocally(op string, cmd session.Command, e *session.Error) {
	c.upd.Nacks = append(c.upd.Nacks, nackOf(op, cmd, e))
	c.notify()
}

// State returns a deep copy of the replica: the session as this client may
// see it. It is nil with Config.NoReplica.
func (c *Client) State() *session.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.replica == nil {
		return nil
	}
	return c.replica.Clone()
}

// Me returns who the hub says this client is: a participant id and
// RoleParticipant, "facilitator" and RoleFacilitator, or "" and
// RoleObserver.
func (c *Client) Me() (id string, role session.Role) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.me, c.role
}

// ResumeToken returns the participant's resume token, to save so the same
// person can rejoin later; "" for other roles.
func (c *Client) ResumeToken() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.resume
}

// SessionID returns the id of the session the hub welcomed this client to.
func (c *Client) SessionID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessionID
}

// Status returns the connection status now.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Pending returns how many sent commands await their ack or nack.
func (c *Client) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.outbox)
}

// Online returns the ids of the participants connected now, in joining
// order; while offline, the last known set. In a crowd (see Crowd) the hub
// no longer tells who is online, and the set holds at most this
// participant.
func (c *Client) Online() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.online))
	for id := range c.online {
		out = append(out, id)
	}
	session.ByID(out)
	return out
}

// Crowd returns the roster as counts when the room is a crowd for this
// client (more than 250 participants, and this client is not the
// facilitator): then the counts, not State().Participants or Online, say
// who is here. It reports false otherwise; the facilitator is always told
// everyone. While offline, the last known counts.
func (c *Client) Crowd() (protocol.Counts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.crowd == nil {
		return protocol.Counts{}, false
	}
	return *c.crowd, true
}

// Changes is signalled when Drain has something new. It holds at most one
// signal, so many changes between two Drains wake the reader once; the
// client never waits for it. It is closed by Close.
func (c *Client) Changes() <-chan struct{} { return c.changes }

// Drain returns what changed since the previous Drain and forgets it.
func (c *Client) Drain() Update {
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.upd
	u.Status = c.status
	u.Err = c.err
	u.Node = HostPort(c.cfg.URLs[c.at])
	c.upd = Update{}
	return u
}

// Events returns the raw stream of new events, in order, when
// Config.EventBuffer is above zero (for the bench); otherwise nil. The
// channel is closed once Close has stopped the client.
func (c *Client) Events() <-chan session.Event { return c.events }

// Close sends a normal close (1000) to the hub, stops reconnecting, waits
// for the client's goroutines to end and closes Changes and Events.
// Commands still pending are dropped. The status becomes Closed, except
// after the session Ended, which stays. Calling it again does nothing.
func (c *Client) Close() error {
	c.once.Do(func() {
		c.cancel()
		<-c.done
		c.mu.Lock()
		if c.status != Ended {
			c.setStatus(Closed)
		}
		c.shut = true
		close(c.changes)
		c.mu.Unlock()
	})
	return nil
}

// notify signals Changes without waiting. c.mu is held.
func (c *Client) notify() {
	if c.shut {
		return
	}
	select {
	case c.changes <- struct{}{}:
	default:
	}
}

// setStatus records a status change for the next Drain. c.mu is held.
func (c *Client) setStatus(s Status) {
	if c.status == s {
		return
	}
	c.status = s
	c.upd.StatusChanged = true
	c.notify()
}
