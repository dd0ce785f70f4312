package tui

import (
	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// Conn is what the TUI needs from a connection to the hub, in the client's
// own words: *client.Client satisfies it. Tests use a fake that applies
// commands through session.Decide and Apply like the hub does.
type Conn interface {
	// Send queues a command and returns its operation id; it never blocks.
	Send(cmd session.Command) string
	// State returns a deep copy of the replica.
	State() *session.State
	// Me returns this participant's id and role.
	Me() (id string, role session.Role)
	// Status is the connection's status now.
	Status() client.Status
	// Pending counts the commands not yet acknowledged.
	Pending() int
	// Online returns the ids of the participants connected now.
	Online() []string
	// Crowd returns the roster as counts when the room is a crowd for
	// this connection (the hub then tells participants and observers how
	// many, not who); false otherwise, and always for the facilitator.
	Crowd() (protocol.Counts, bool)
	// Changes is signalled when Drain has news and closed when the
	// connection closes for good.
	Changes() <-chan struct{}
	// Drain returns what changed since the last Drain.
	Drain() client.Update
}

var _ Conn = (*client.Client)(nil)

// ConnView is what a model caches about its connection, so that View never
// calls the connection: the status, the commands waiting to be sent, and
// who is online, or in a crowd how many are here.
type ConnView struct {
	Status  client.Status
	Waiting int
	Online  map[string]bool
	// Crowd is the roster as counts in a crowd, nil otherwise: then it,
	// not the replica's Participants or Online, says who is here.
	Crowd *protocol.Counts
	// Node is the host:port of the node connected to or tried next, when
	// the connection has several to choose from (issue 17: a cluster);
	// "" with one.
	Node string
}

// nodes is what a connection to several nodes tells of them
// (*client.Client does).
type nodes interface {
	Node() string
	Nodes() []string
}

// ReadConn refreshes the cache from c.
func (v *ConnView) ReadConn(c Conn) {
	v.Status = c.Status()
	v.Waiting = c.Pending()
	v.Online = map[string]bool{}
	for _, id := range c.Online() {
		v.Online[id] = true
	}
	v.Crowd = nil
	if n, ok := c.Crowd(); ok {
		v.Crowd = &n
	}
	v.Node = ""
	if n, ok := c.(nodes); ok && len(n.Nodes()) > 1 {
		v.Node = n.Node()
	}
}

// errNews passes a connection error on once, when it first appears: the
// client reports its last error at every Drain, and the apps tell it only
// when it is news.
type errNews struct{ last string }

// drain drains c, keeping Err only when it differs from the last one seen.
func (n *errNews) drain(c Conn) client.Update {
	u := c.Drain()
	msg := ""
	if u.Err != nil {
		msg = u.Err.Error()
	}
	if msg == n.last {
		u.Err = nil
	}
	n.last = msg
	return u
}
