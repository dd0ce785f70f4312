package client

import "roundtable/session"

// Status is the state of the client's connection to the hub.
type Status int

// The statuses, in the order a client usually passes through them; Paused
// and Ended are how a host that stops cleanly leaves its clients.
const (
	Connecting Status = iota // the first connection is being made
	Online                   // connected and welcomed
	Offline                  // the connection was lost; the client is retrying
	Closed                   // Close was called, or the hub refused a resume for good
	// Paused: the facilitator stopped the host while the session was open
	// (close 4503). The client keeps its outbox and retries, as when
	// Offline, until the host is back.
	Paused
	// Ended: the host stopped with the session closed (close 4410). The
	// client no longer reconnects; the replica stays, so an app can still
	// show the final road map, and Pending counts the commands that never
	// reached the host. Online is empty. Close leaves the status Ended.
	Ended
)

// String returns "connecting", "online", "offline", "closed", "paused" or
// "ended".
func (s Status) String() string {
	switch s {
	case Connecting:
		return "connecting"
	case Online:
		return "online"
	case Offline:
		return "offline"
	case Closed:
		return "closed"
	case Paused:
		return "paused"
	case Ended:
		return "ended"
	}
	return "unknown"
}

// Nack is a command the hub refused; it changed nothing. Message is in
// English; an app says Key with Args in its reader's language (Key is ""
// from a hub older than keys: then show Message).
type Nack struct {
	Op      string            // the op id Send returned
	Command session.Command   // the command as sent
	Code    string            // session error code, e.g. ELIMIT
	Key     string            // the message's id in the errors catalogue, e.g. "errors.votes_used_all"
	Args    map[string]string // the message's named parameters, e.g. {"N": "5"}
	Message string            // for people, in English
}

// nackOf is the Nack of command cmd, sent as op, refused with e.
func nackOf(op string, cmd session.Command, e *session.Error) Nack {
	return Nack{Op: op, Command: cmd, Code: e.Code, Key: e.Key, Args: e.Args, Message: e.Message}
}

// Refused is the nack's refusal as an error, as the session writes it.
func (n Nack) Refused() *session.Error {
	return &session.Error{Code: n.Code, Key: n.Key, Args: n.Args, Message: n.Message}
}

// Update is what changed since the last Drain.
type Update struct {
	Events        []session.Event // events applied (as received, redacted), in order, since the last snapshot; empty when Config.EventBuffer > 0
	Snapshot      bool            // the replica was replaced by a snapshot
	Acked         []string        // op ids acknowledged
	Nacks         []Nack          // commands refused
	Presence      bool            // the online set or the crowd's counts changed (see Client.Crowd)
	Status        Status          // current status
	StatusChanged bool            // Status differs from the one the previous Drain saw
	Err           error           // last connection error, if any (for display)
	Node          string          // host:port of the node connected to, or while offline the one tried next (see Client.Node)
	NodeChanged   bool            // with several nodes: the client moved on to another node since the previous Drain
}
