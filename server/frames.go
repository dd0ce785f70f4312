package server

import (
	"encoding/json"
	"errors"
	"unicode/utf8"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
)

// inbound is what one frame from a client asks of the hub: a hello or a
// command to pass to the room, or an error frame to send back (and maybe
// a close).
type inbound struct {
	kind    string // protocol.KindHello or protocol.KindCommand when there is something to pass on
	hello   protocol.Hello
	op      string
	cmd     session.Command
	refused *session.Error // when not nil: send it in an error frame
	close   int            // when not 0: then close the connection with this code
}

// parseFrame decides what a client frame means, from its websocket type,
// its bytes and whether the connection has sent its hello. It is a pure
// function (the read loop adds the rate limit, which every frame counts
// against), so it can be fuzzed.
func parseFrame(typ int, data []byte, helloed bool) inbound {
	fail := func(e *session.Error, close int) inbound {
		return inbound{refused: e, close: close}
	}
	if len(data) > protocol.MaxFrameBytes {
		return fail(protocol.Refuse(session.EINVALID, "errors.hub.frame_too_large", "Max", protocol.MaxFrameBytes), protocol.CloseBadFrame)
	}
	if typ != wsconn.TextMessage {
		return fail(protocol.Refuse(session.EINVALID, "errors.hub.binary_frame"), 0)
	}
	if !utf8.Valid(data) {
		return fail(protocol.Refuse(session.EINVALID, "errors.hub.invalid_utf8"), 0)
	}
	kind, err := protocol.Kind(data)
	if err != nil {
		return fail(malformed(err, "errors.hub.frame_not_json", "errors.hub.frame_wrong_type", "errors.hub.frame_not_object"), 0)
	}
	switch kind {
	case protocol.KindHello:
		var in inbound
		if err := json.Unmarshal(data, &in.hello); err != nil {
			return fail(malformed(err, "errors.hub.hello_not_json", "errors.hub.hello_wrong_type", "errors.hub.hello_not_object"), protocol.CloseBadFrame)
		}
		in.kind = protocol.KindHello
		return in
	case protocol.KindCommand:
		if !helloed {
			return fail(protocol.Refuse(session.EINVALID, "errors.hub.hello_first"), protocol.CloseBadFrame)
		}
		var c protocol.Command
		if err := json.Unmarshal(data, &c); err != nil {
			return fail(malformed(err, "errors.hub.command_not_json", "errors.hub.command_wrong_type", "errors.hub.command_not_object"), 0)
		}
		return inbound{kind: protocol.KindCommand, op: c.Op, cmd: c.Cmd}
	}
	return fail(protocol.Refuse(session.EINVALID, "errors.hub.unknown_frame_kind", "Kind", quoted(kind)), 0)
}

// quoted is s as a JSON string without its quotes, which the messages
// carry.
func quoted(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// malformed is the refusal of a frame JSON could not decode: not JSON at
// all, a field of the wrong type (named by Path), or not an object.
func malformed(err error, notJSON, wrongType, notObject string) *session.Error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return protocol.Refuse(session.EINVALID, notJSON)
	case errors.As(err, &te):
		return protocol.Refuse(session.EINVALID, wrongType, "Path", quoted(te.Field))
	}
	return protocol.Refuse(session.EINVALID, notObject)
}
