package sshd

import (
	"encoding/binary"
	"fmt"
)

// The largest terminal the app draws. A client may ask for any size (a pty
// request of 10000×10000 costs nothing to send), and a session's memory
// grows with it, about 280 bytes a cell: 0.7 MiB at 80×24, 8 MiB at
// 300×100 (BenchmarkSessionMemory), so 10000×10000 would be about 27 GB.
// Larger sizes, in the pty request and in every window change, are cut
// down to these before anything else sees them; the app then draws in the
// top-left 300×100 of the terminal and says so when it ends. 300 columns
// is a full-screen terminal on a 2560-pixel-wide display.
const (
	MaxColumns = 300
	MaxRows    = 100
	// maxPixels bounds the pixel sizes sent beside the cells, which the
	// app does not use.
	maxPixels = 1 << 14
)

// clampedKey is the ssh.Context key under which the largest size a client
// asked for beyond the limits is kept, as "W×H", for its exit note.
type clampedKey struct{}

// clampSize returns the payload of a "pty-req" or "window-change" request
// with its size cut down to MaxColumns×MaxRows (and its pixel sizes to
// maxPixels), the sizes asked for and used ("WxH"), and whether anything
// was cut. A payload it cannot read is left to the SSH library, which
// refuses it.
//
//	pty-req:       string TERM, uint32 columns, rows, width px, height px, string modes
//	window-change: uint32 columns, rows, width px, height px
func clampSize(typ string, payload []byte) (out []byte, asked, used string, ok bool) {
	at := 0
	if typ == "pty-req" {
		if len(payload) < 4 {
			return nil, "", "", false
		}
		n := binary.BigEndian.Uint32(payload)
		if uint64(n) > uint64(len(payload)-4) {
			return nil, "", "", false
		}
		at = 4 + int(n)
	}
	if len(payload)-at < 16 {
		return nil, "", "", false
	}
	w := payload[at : at+16]
	cols, rows := binary.BigEndian.Uint32(w[0:]), binary.BigEndian.Uint32(w[4:])
	wpx, hpx := binary.BigEndian.Uint32(w[8:]), binary.BigEndian.Uint32(w[12:])
	if cols <= MaxColumns && rows <= MaxRows && wpx <= maxPixels && hpx <= maxPixels {
		return nil, "", "", false
	}
	out = append([]byte(nil), payload...)
	w = out[at : at+16]
	binary.BigEndian.PutUint32(w[0:], min(cols, MaxColumns))
	binary.BigEndian.PutUint32(w[4:], min(rows, MaxRows))
	binary.BigEndian.PutUint32(w[8:], min(wpx, maxPixels))
	binary.BigEndian.PutUint32(w[12:], min(hpx, maxPixels))
	return out, fmt.Sprintf("%dx%d", cols, rows), fmt.Sprintf("%dx%d", min(cols, MaxColumns), min(rows, MaxRows)), true
}
