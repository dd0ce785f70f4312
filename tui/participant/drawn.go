package participant

import "roundtable/tui"

// drawn keeps lines drawn for one width and measure, so that View does not
// wrap every text again at every frame. Screens fill it when the replica,
// the size or the styles change (rebuild), and draw afresh when it does
// not match.
type drawn struct {
	w     int
	tx    tui.Cells
	lines []string
	ok    bool
}

func (d drawn) get(tx tui.Cells, w int) ([]string, bool) {
	if d.ok && d.w == w && d.tx == tx {
		return d.lines, true
	}
	return nil, false
}
