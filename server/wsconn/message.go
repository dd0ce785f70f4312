package wsconn

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// Message is a text message, or a piece of a long one, ready to send:
// framed once, and written as is by every connection that sends it.
type Message struct {
	wire []byte // the frame, unmasked, as a server sends it
}

// Text prepares a whole text message with payload.
func Text(payload []byte) Message { return Message{wire: frame(opText, true, payload)} }

// Opening, Piece and Closing prepare the pieces of one long text message,
// sent in order (one Opening, any Pieces, one Closing), so that a part
// many messages share is framed once and written as is by each.
func Opening(payload []byte) Message { return Message{wire: frame(opText, false, payload)} }

// Piece prepares a middle piece of a long message (see Opening).
func Piece(payload []byte) Message { return Message{wire: frame(opContinuation, false, payload)} }

// Closing prepares the last piece of a long message (see Opening).
func Closing(payload []byte) Message { return Message{wire: frame(opContinuation, true, payload)} }

// Payload returns what the message (or piece) carries.
func (m Message) Payload() []byte {
	switch m.wire[1] {
	case 126:
		return m.wire[4:]
	case 127:
		return m.wire[10:]
	}
	return m.wire[2:]
}

// Final reports whether m ends its message: a whole message, or a Closing.
func (m Message) Final() bool { return m.wire[0]&0x80 != 0 }

// Websocket opcodes.
const (
	opContinuation = 0x0
	opText         = 0x1
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// Message types of what Conn.Read returns, and the close codes of RFC 6455
// the hub uses (gorilla's values).
const (
	TextMessage   = websocket.TextMessage
	BinaryMessage = websocket.BinaryMessage

	CloseNormalClosure     = websocket.CloseNormalClosure
	CloseGoingAway         = websocket.CloseGoingAway
	CloseNoStatusReceived  = websocket.CloseNoStatusReceived
	CloseAbnormalClosure   = websocket.CloseAbnormalClosure
	CloseInternalServerErr = websocket.CloseInternalServerErr
)

// pingFrame is the hub's ping: no payload.
var pingFrame = frame(opPing, true, nil)

// closeFrame encodes a close frame with a code and a reason (already cut
// to fit); 1005 (no code) has an empty payload.
func closeFrame(code int, reason string) []byte {
	if code == websocket.CloseNoStatusReceived {
		return frame(opClose, true, nil)
	}
	payload := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(reason)), uint16(code))
	return frame(opClose, true, append(payload, reason...))
}

// frame encodes one frame: a text message's first fragment (opText), a
// later one (opContinuation), or a control frame; final or not.
func frame(op byte, final bool, payload []byte) []byte {
	n := len(payload)
	var out []byte
	switch {
	case n < 126:
		out = make([]byte, 2, 2+n)
		out[1] = byte(n)
	case n <= 0xFFFF:
		out = make([]byte, 4, 4+n)
		out[1] = 126
		binary.BigEndian.PutUint16(out[2:], uint16(n))
	default:
		out = make([]byte, 10, 10+n)
		out[1] = 127
		binary.BigEndian.PutUint64(out[2:], uint64(n))
	}
	out[0] = op
	if final {
		out[0] |= 0x80
	}
	return append(out, payload...)
}

// closeReason cuts a reason to what a close frame can carry (123 bytes),
// at a character boundary.
func closeReason(s string) string {
	const most = 123
	if len(s) <= most {
		return s
	}
	s = s[:most]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
