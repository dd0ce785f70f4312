package server

import (
	"bytes"

	"roundtable/protocol"
	"roundtable/server/wsconn"
)

// A welcome is one protocol.Welcome sent in pieces: its head (the fields
// before the snapshot, one client's own), the snapshot (shared by the
// welcomes of a burst of joins), and the online list (shared until it
// changes), so that the large parts are encoded and framed once. The
// pieces, put together, are the bytes json.Marshal gives for the whole
// protocol.Welcome (welcome_test.go).

// onlineNull is how protocol.Welcome's encoding ends when it has no
// snapshot and a nil online list: the online list is its last field.
var onlineNull = []byte(`"online":null}`)

// welcomeHead is the opening piece of welcome w: every field of
// protocol.Welcome before the snapshot. w's Snapshot and Online are
// ignored.
func welcomeHead(w protocol.Welcome) wsconn.Message {
	w.Snapshot, w.Online = nil, nil
	head, ok := bytes.CutSuffix(encode(w), onlineNull)
	if !ok {
		panic("protocol.Welcome no longer ends with its online list")
	}
	return wsconn.Opening(head)
}

// welcomeSnapshot is a welcome's piece carrying snapshot, an encoded
// session.State.
func welcomeSnapshot(snapshot []byte) wsconn.Message {
	p := make([]byte, 0, len(`"snapshot":,`)+len(snapshot))
	p = append(append(append(p, `"snapshot":`...), snapshot...), ',')
	return wsconn.Piece(p)
}

// welcomeOnline is a welcome's last piece: the participants online.
func welcomeOnline(ids []string) wsconn.Message {
	// The list is encoded again whenever it changes, once per burst of
	// joins, and is long in a large room: ids of letters and digits (all
	// of them: the session makes them) are copied as they are.
	p := make([]byte, 0, len(`"online":[]}`)+len(ids)*8)
	p = append(p, `"online":[`...)
	for i, id := range ids {
		if i > 0 {
			p = append(p, ',')
		}
		if plainID(id) {
			p = append(append(append(p, '"'), id...), '"')
		} else {
			p = append(p, encode(id)...)
		}
	}
	return wsconn.Closing(append(p, "]}"...))
}

// plainID reports whether id is letters and digits only, which JSON
// quotes as they are.
func plainID(id string) bool {
	for i := 0; i < len(id); i++ {
		if b := id[i]; !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// welcomeCrowd is the last piece of a welcome in a crowd: the roster's
// counts, and an empty online list.
func welcomeCrowd(n protocol.Counts) wsconn.Message {
	p := append([]byte(`"crowd":`), encode(n)...)
	return wsconn.Closing(append(p, `,"online":[]}`...))
}
