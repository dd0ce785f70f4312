package tui

import (
	"roundtable/server/client"
	"roundtable/session"
)

// ClientConn is the Conn of a real hub connection: it adapts the
// reconnecting client to what the TUI needs. Drain must be called from one
// goroutine (the Bubble Tea update loop).
type ClientConn struct {
	c       *client.Client
	lastErr string
}

// NewClientConn wraps a connected client.
func NewClientConn(c *client.Client) *ClientConn { return &ClientConn{c: c} }

// Client returns the wrapped client, for its resume token and Close.
func (a *ClientConn) Client() *client.Client { return a.c }

// Send queues a command; it never blocks.
func (a *ClientConn) Send(cmd session.Command) string { return a.c.Send(cmd) }

// State returns a copy of the replica.
func (a *ClientConn) State() *session.State { return a.c.State() }

// Me returns the participant's id and role.
func (a *ClientConn) Me() (string, session.Role) { return a.c.Me() }

// Status returns "connecting", "online", "offline" or "closed".
func (a *ClientConn) Status() string { return a.c.Status().String() }

// Pending counts the commands not yet acknowledged.
func (a *ClientConn) Pending() int { return a.c.Pending() }

// Online returns the participants connected now.
func (a *ClientConn) Online() []string { return a.c.Online() }

// Changes is signalled when Drain has news and closed when the client is.
func (a *ClientConn) Changes() <-chan struct{} { return a.c.Changes() }

// Drain returns what changed since the last call. A connection error is
// passed on once, when it first appears, not at every drain.
func (a *ClientConn) Drain() Change {
	u := a.c.Drain()
	ch := Change{Events: u.Events, Snapshot: u.Snapshot, Acked: u.Acked}
	for _, n := range u.Nacks {
		ch.Refused = append(ch.Refused, Refusal{Op: n.Op, Command: n.Command, Code: n.Code, Message: n.Message})
	}
	msg := ""
	if u.Err != nil {
		msg = u.Err.Error()
	}
	if msg != a.lastErr {
		a.lastErr = msg
		ch.Err = u.Err
	}
	return ch
}
