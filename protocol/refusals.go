package protocol

import (
	"maps"

	"roundtable/session"
)

// refusals are the hub's own refusals (hub) and the client library's (client)
// in English, by their id in the errors catalogue, as the session keeps its
// own (session.Refusals): the hub must not know its readers' languages, so
// its frames name the message and each app says it. The errors catalogue's
// English must say exactly this; a test in tui checks it.
var refusals = map[string]string{
	// the hub: hello and commands
	"errors.hub.hello_first":          "Send hello before commands.",
	"errors.hub.already_joined":       "You have already joined on this connection.",
	"errors.hub.shutting_down":        "The host is shutting down.",
	"errors.hub.protocol_version":     "This host speaks protocol version {{.Version}}; please update your Roundtable.",
	"errors.hub.hello_needs_code":     "Hello needs a join code or a facilitator token.",
	"errors.hub.wrong_code":           "Wrong join code. Check the code on the facilitator's screen.",
	"errors.hub.wrong_token":          "Wrong facilitator token.",
	"errors.hub.unknown_resume":       "Unknown resume token: join again with your name.",
	"errors.hub.failed_joins":         "Too many failed attempts to join. Wait a minute and try again.",
	"errors.hub.op_id":                "A command needs an op id of 1 to {{.Max}} characters.",
	"errors.hub.not_a_client_command": `"{{.Type}}" is not a command clients send.`,
	"errors.hub.room_stopped":         "The room has stopped.",
	"errors.hub.code_taken":           "The join code {{.Code}} is taken by session {{.Session}}; give a new session another code, or reopen that one without asking for a new session.",

	// the hub: a programme's earlier resume tokens (issue 16)
	"errors.hub.earlier_too_many": "A hello may carry at most {{.N}} resume tokens of earlier sessions.",

	// the hub: a participant the facilitator removed (close 4403)
	"errors.hub.removed": "The facilitator removed you from this session.",

	// the hub: limits per connection and per address
	"errors.hub.slow_down":                "Too many frames; slow down.",
	"errors.hub.flood":                    "Too many frames; the connection is closed.",
	"errors.hub.commands_at_once":         "Too many commands at once; it will be sent again.",
	"errors.hub.commands_from_network":    "Many commands from your network at once; it will be sent again.",
	"errors.hub.connections_from_network": "Too many connections from your network. Close some, or try again in a minute.",
	"errors.hub.joins_from_network":       "Many people have just joined from your network; try again in {{.Seconds}} s.",

	// the hub: frames it cannot read (Path is a JSON field's name)
	"errors.hub.frame_too_large":    "Frame too large: the limit is {{.Max}} bytes.",
	"errors.hub.binary_frame":       "Frames are JSON text; binary frames are not accepted.",
	"errors.hub.invalid_utf8":       "Frames must be valid UTF-8.",
	"errors.hub.unknown_frame_kind": `Unknown frame kind "{{.Kind}}".`,
	"errors.hub.frame_not_json":     "Malformed frame: not valid JSON.",
	"errors.hub.frame_not_object":   "Malformed frame: not a JSON object.",
	"errors.hub.frame_wrong_type":   `Malformed frame: field "{{.Path}}" has the wrong type.`,
	"errors.hub.hello_not_json":     "Malformed hello: not valid JSON.",
	"errors.hub.hello_not_object":   "Malformed hello: not a JSON object.",
	"errors.hub.hello_wrong_type":   `Malformed hello: field "{{.Path}}" has the wrong type.`,
	"errors.hub.command_not_json":   "Malformed command: not valid JSON.",
	"errors.hub.command_not_object": "Malformed command: not a JSON object.",
	"errors.hub.command_wrong_type": `Malformed command: field "{{.Path}}" has the wrong type.`,

	// the client library: commands it could not send, and closes that came
	// without an error frame
	"errors.client.too_long":           "This is too long to send.",
	"errors.client.not_connected":      "Not connected: the connection to the host is closed.",
	"errors.client.ended_nothing_sent": "The session has ended; nothing more can be sent.",
	"errors.client.refused_secret":     "The host refused the join code or token.",
	"errors.client.hello_unread":       "The host could not read our hello; update Roundtable.",
	"errors.client.join_attempts":      "Too many attempts to join; wait a minute.",
	"errors.client.session_ended":      "The session has ended.",
	"errors.client.host_paused":        "The facilitator has stopped the host for now; it keeps the session. Try again when it is back.",
	"errors.client.closed":             "The host closed the connection ({{.Code}}).",
}

// Refuse builds one of the hub's or the client library's refusals (see
// session.RefuseFrom): its code, its id in the errors catalogue, its
// parameters as name/value pairs, and its English message.
func Refuse(code, key string, args ...any) *session.Error {
	return session.RefuseFrom(refusals, code, key, args...)
}

// Refusals returns the hub's and the client library's refusals in English
// by id: for the tests that hold the catalogues to them.
func Refusals() map[string]string { return maps.Clone(refusals) }

// NackOf is the nack that refuses the command op with e.
func NackOf(op string, e *session.Error) Nack {
	return Nack{T: KindNack, Op: op, Code: e.Code, Message: e.Message, Key: e.Key, Args: e.Args}
}

// ErrorOf is the error frame that tells a client of e.
func ErrorOf(e *session.Error) Error {
	return Error{T: KindError, Code: e.Code, Message: e.Message, Key: e.Key, Args: e.Args}
}

// Refused is the error a nack or an error frame carries, as the session
// writes it.
func (n Nack) Refused() *session.Error {
	return &session.Error{Code: n.Code, Key: n.Key, Args: n.Args, Message: n.Message}
}

// Refused is the error an error frame carries, as the session writes it.
func (e Error) Refused() *session.Error {
	return &session.Error{Code: e.Code, Key: e.Key, Args: e.Args, Message: e.Message}
}
