// Package protocol holds the frames that the hub and its clients exchange
// over a websocket: JSON text frames, one object each, told apart by "t".
// docs/PROTOCOL.md is the full description; this package is its Go form.
package protocol

import (
	"encoding/json"

	"roundtable/session"
)

// Version is the protocol version a client names in hello.
const Version = 1

// Frame kinds ("t").
const (
	KindHello    = "hello"    // client: the first frame, to join or resume
	KindCommand  = "cmd"      // client: a command with an operation id
	KindWelcome  = "welcome"  // server: the answer to hello
	KindEvent    = "event"    // server: one event of the session's log
	KindAck      = "ack"      // server: a command took effect
	KindNack     = "nack"     // server: a command was refused
	KindError    = "error"    // server: a frame-level error, usually followed by close
	KindPresence = "presence" // server: a participant came online or went offline
	KindRoster   = "roster"   // server, in a crowd: the roster's counts, and the seqs of roster news skipped
)

// Close codes the hub uses beside the standard 1000 (normal), 1001 (going
// away: the hub is closing connections without stopping the session, e.g. a
// hello while it stops) and 1011 (its storage failed). Each 44xx/45xx code
// is 4000 plus the HTTP status of the same meaning.
const (
	CloseBadFrame     = 4400 // a frame broke the protocol (malformed, oversize, invalid UTF-8, no hello)
	CloseUnauthorized = 4401 // wrong join code, facilitator token or resume token
	CloseTooSlow      = 4408 // the client did not read fast enough; resume from the last seq
	CloseRateLimited  = 4429 // too many frames or failed joins

	// CloseSessionEnded: the host stopped while the session was in its
	// closed phase. The session is over: do not reconnect; keep the replica
	// to show the final road map.
	CloseSessionEnded = 4410
	// CloseHostPaused: the facilitator stopped the host while the session
	// was still open. The session is kept on the host's disk: keep unsent
	// commands and reconnect (with backoff) until the host is back.
	CloseHostPaused = 4503
	// CloseRemoved: the facilitator removed this participant from the
	// session (their connections close at once), or a hello named the
	// resume token of a removed participant. Do not reconnect with that
	// token; it works again if the facilitator re-admits them.
	CloseRemoved = 4403
)

// Close reasons sent with CloseSessionEnded and CloseHostPaused.
const (
	ReasonSessionEnded = "session ended"
	ReasonHostPaused   = "host paused"
)

// Limits of the protocol.
const (
	MaxFrameBytes = 16 << 10 // the largest frame a client may send
	OpIDMaxLen    = 64       // the longest operation id
)

// Hello is the client's first frame.
//
// A new participant sends Code, Name and Institution. A returning
// participant sends Code and Resume (the token its first welcome gave) and
// Since (the last sequence number it applied, or 0 for a snapshot). A
// facilitator sends Token. An observer sends Code and Role "observer".
type Hello struct {
	T           string `json:"t"`
	V           int    `json:"v"`
	Code        string `json:"code,omitempty"`
	Token       string `json:"token,omitempty"`
	Resume      string `json:"resume,omitempty"`
	Role        string `json:"role,omitempty"` // "observer" for a read-only client; otherwise left out
	Name        string `json:"name,omitempty"`
	Institution string `json:"institution,omitempty"`
	Since       int64  `json:"since,omitempty"`
	// Earlier (issue 16) are resume tokens the client holds from earlier
	// sessions at the same hub, at most MaxEarlier: a hub serving a session
	// of a programme joins the participant of another session of that
	// programme whom one of them names, as themself, without asking who
	// they are; it ignores tokens it does not know. Sent instead of Resume,
	// with or without Name and Institution (used when none is known).
	Earlier []string `json:"earlier,omitempty"`
}

// MaxEarlier is how many earlier resume tokens a hello may carry
// (Hello.Earlier): enough for the last few sessions of a programme.
const MaxEarlier = 4

// Welcome answers a hello. When Snapshot is set the client replaces its
// replica with it; otherwise the events after the client's Since follow as
// event frames, before anything newer.
type Welcome struct {
	T        string         `json:"t"`
	V        int            `json:"v"`
	Session  string         `json:"session"`
	Role     session.Role   `json:"role"`
	You      string         `json:"you"`              // your actor id: participant id, "facilitator", or "" for an observer
	Resume   string         `json:"resume,omitempty"` // participant resume token; keep it to rejoin as the same person
	Seq      int64          `json:"seq"`              // the session's last sequence number
	Snapshot *session.State `json:"snapshot,omitempty"`
	Crowd    *Counts        `json:"crowd,omitempty"` // in a crowd: the roster's counts (Online is then empty)
	Online   []string       `json:"online"`          // participant ids connected now
}

// Counts is the roster of a crowd as numbers.
type Counts struct {
	Participants int `json:"participants"` // participants who have joined
	Online       int `json:"online"`       // of them, connected now
	Institutions int `json:"institutions"` // different institutions among them
}

// Command is a client's command frame. Op is chosen by the client, unique
// per actor; a retry with the same Op takes effect at most once.
type Command struct {
	T   string          `json:"t"`
	Op  string          `json:"op"`
	Cmd session.Command `json:"cmd"`
}

// EventFrame carries one event.
type EventFrame struct {
	T     string        `json:"t"`
	Event session.Event `json:"event"`
}

// Ack tells the sender its command took effect; Seq is the sequence number
// of its last event. Dup is set when the op had already taken effect.
type Ack struct {
	T   string `json:"t"`
	Op  string `json:"op"`
	Seq int64  `json:"seq"`
	Dup bool   `json:"dup,omitempty"`
}

// Nack tells the sender its command was refused and changed nothing. When
// RetryAfterMS is set the refusal is temporary (the connection sent too many
// commands at once): send the same command, with the same op, again after
// that many milliseconds. Message is in English; Key and Args let the
// reader's app say it in the reader's language (session.Error).
type Nack struct {
	T            string            `json:"t"`
	Op           string            `json:"op"`
	Code         string            `json:"code"`
	Message      string            `json:"message"`
	Key          string            `json:"key,omitempty"`  // the message's id in the errors catalogue
	Args         map[string]string `json:"args,omitempty"` // the message's named parameters
	RetryAfterMS int64             `json:"retry_after_ms,omitempty"`
}

// Error is a frame-level error not tied to an operation; Message, Key and
// Args as in Nack.
type Error struct {
	T       string            `json:"t"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Key     string            `json:"key,omitempty"`
	Args    map[string]string `json:"args,omitempty"`
}

// Presence says a participant connected or disconnected.
type Presence struct {
	T      string `json:"t"`
	ID     string `json:"id"`
	Online bool   `json:"online"`
}

// Roster tells a client of a crowd the roster's counts now, and that every
// event up to Seq it did not get was another participant's
// participant_joined.
type Roster struct {
	T            string `json:"t"`
	Seq          int64  `json:"seq"`
	Participants int    `json:"participants"`
	Online       int    `json:"online"`
	Institutions int    `json:"institutions"`
}

// Counts returns the counts r carries.
func (r Roster) Counts() Counts {
	return Counts{Participants: r.Participants, Online: r.Online, Institutions: r.Institutions}
}

// Envelope reads the kind of a frame before decoding the rest.
type Envelope struct {
	T string `json:"t"`
}

// Kind returns the "t" of a frame, or an error when it is not a JSON object.
func Kind(data []byte) (string, error) {
	var e Envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return "", err
	}
	return e.T, nil
}
