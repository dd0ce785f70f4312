package tui

import "roundtable/session"

// Conn is what the TUI needs from a connection to the hub. The reconnecting
// client satisfies it through ClientConn; tests use a fake that applies
// commands through session.Decide and Apply like the hub does.
type Conn interface {
	// Send queues a command and returns its operation id; it never blocks.
	Send(cmd session.Command) string
	// State returns a deep copy of the replica.
	State() *session.State
	// Me returns this participant's id and role.
	Me() (id string, role session.Role)
	// Status is "connecting", "online", "offline", "closed", "paused"
	// (the facilitator stopped the host; work waits for it) or "ended"
	// (the session is over; the replica stays).
	Status() string
	// Pending counts the commands not yet acknowledged.
	Pending() int
	// Online returns the ids of the participants connected now.
	Online() []string
	// Changes is signalled when Drain has news and closed when the
	// connection closes for good.
	Changes() <-chan struct{}
	// Drain returns what changed since the last Drain.
	Drain() Change
}

// Conn status words, as Conn.Status reports them.
const (
	StatusConnecting = "connecting"
	StatusOnline     = "online"
	StatusOffline    = "offline"
	StatusClosed     = "closed"
	StatusPaused     = "paused" // the facilitator stopped the host of an open session; commands wait for it
	StatusEnded      = "ended"  // the host stopped with the session closed: it is over
)

// Change is what happened on a connection since the last Drain.
type Change struct {
	Events   []session.Event // events applied to the replica, in order
	Snapshot bool            // the replica was replaced by a snapshot
	Acked    []string        // op ids the hub acknowledged
	Refused  []Refusal       // commands the hub refused
	Err      error           // a fault worth telling the participant about
}

// Refusal is a command the hub refused, with its reason.
type Refusal struct {
	Op      string
	Command session.Command
	Code    string
	Message string
}

// connView is what a model caches about its connection, so that View never
// calls the connection: the status, the commands waiting to be sent, and
// who is online.
type connView struct {
	status  string
	waiting int
	online  map[string]bool
}

// readConn refreshes the cache from c.
func (v *connView) readConn(c Conn) {
	v.status = c.Status()
	v.waiting = c.Pending()
	v.online = map[string]bool{}
	for _, id := range c.Online() {
		v.online[id] = true
	}
}
