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
	errCode string // when not "": send an error frame with errMsg
	errMsg  string
	close   int // when not 0: then close the connection with this code
}

// parseFrame decides what a client frame means, from its websocket type,
// its bytes and whether the connection has sent its hello. It is a pure
// function (the read loop adds the rate limit, which every frame counts
// against), so it can be fuzzed.
func parseFrame(typ int, data []byte, helloed bool) inbound {
	fail := func(msg string, close int) inbound {
		return inbound{errCode: session.EINVALID, errMsg: msg, close: close}
	}
	if len(data) > protocol.MaxFrameBytes {
		return fail("Frame too large: the limit is 16384 bytes.", protocol.CloseBadFrame)
	}
	if typ != wsconn.TextMessage {
		return fail("Frames are JSON text; binary frames are not accepted.", 0)
	}
	if !utf8.Valid(data) {
		return fail("Frames must be valid UTF-8.", 0)
	}
	kind, err := protocol.Kind(data)
	if err != nil {
		return fail("Malformed frame: "+jsonProblem(err), 0)
	}
	switch kind {
	case protocol.KindHello:
		var in inbound
		if err := json.Unmarshal(data, &in.hello); err != nil {
			return fail("Malformed hello: "+jsonProblem(err), protocol.CloseBadFrame)
		}
		in.kind = protocol.KindHello
		return in
	case protocol.KindCommand:
		if !helloed {
			return fail("Send hello before commands.", protocol.CloseBadFrame)
		}
		var c protocol.Command
		if err := json.Unmarshal(data, &c); err != nil {
			return fail("Malformed command: "+jsonProblem(err), 0)
		}
		return inbound{kind: protocol.KindCommand, op: c.Op, cmd: c.Cmd}
	}
	return fail("Unknown frame kind "+quote(kind)+".", 0)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "not valid JSON."
	case errors.As(err, &te):
		return "field " + quote(te.Field) + " has the wrong type."
	}
	return "not a JSON object."
}
