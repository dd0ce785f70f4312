package tui

// pickList is the cursor and scroll position of a list of rows, some of
// which can be selected (items) and some not (headings). Every row but the
// selected one is one line; the selected row may expand. Rows are drawn by
// the caller, and only the rows on screen are drawn.
type pickList struct {
	sel    []bool // selectable rows
	cursor int    // the selected row, or -1 when nothing can be selected
	offset int    // the first row on screen
}

// setRows replaces the rows and puts the cursor on row want (or the nearest
// selectable row after, then before it).
func (l *pickList) setRows(sel []bool, want int) {
	l.sel = sel
	l.cursor = -1
	if want < 0 {
		want = 0
	}
	if want >= len(sel) {
		want = len(sel) - 1
	}
	for i := want; i >= 0 && i < len(sel); i++ {
		if sel[i] {
			l.cursor = i
			break
		}
	}
	if l.cursor < 0 {
		for i := min(want, len(sel)-1); i >= 0; i-- {
			if sel[i] {
				l.cursor = i
				break
			}
		}
	}
	if l.offset >= len(sel) {
		l.offset = max(0, len(sel)-1)
	}
}

// move steps the cursor by d selectable rows, stopping at the ends.
func (l *pickList) move(d int) {
	if l.cursor < 0 {
		return
	}
	step := 1
	if d < 0 {
		step, d = -1, -d
	}
	for ; d > 0; d-- {
		next := -1
		for i := l.cursor + step; i >= 0 && i < len(l.sel); i += step {
			if l.sel[i] {
				next = i
				break
			}
		}
		if next < 0 {
			if step < 0 {
				l.offset = 0 // show the headings above the first item
			}
			return
		}
		l.cursor = next
	}
}

// jump puts the cursor on the first selectable row at or after i.
func (l *pickList) jump(i int) {
	for ; i >= 0 && i < len(l.sel); i++ {
		if l.sel[i] {
			l.cursor = i
			return
		}
	}
}

// follow scrolls so that the cursor is on screen in a list h rows high,
// counting every row as one line.
func (l *pickList) follow(h int) {
	l.offset = l.window(h, 1)
}

// window returns the first row to draw so that the selected row, selH lines
// high, is on screen in h lines, moving as little as possible from the
// stored offset.
func (l pickList) window(h, selH int) int {
	n := len(l.sel)
	off := l.offset
	if h <= 0 || n == 0 {
		return 0
	}
	if l.cursor >= 0 {
		if l.cursor < off {
			off = l.cursor
			// keep a heading just above the cursor in view
			if off > 0 && !l.sel[off-1] {
				off--
			}
		}
		if selH > h {
			selH = h
		}
		if low := l.cursor + selH - h; off < low {
			off = low
		}
	}
	// no empty space at the bottom while rows are hidden at the top
	extra := 0
	if l.cursor >= 0 {
		extra = selH - 1
	}
	if last := n + extra - h; off > last {
		off = max(0, last)
	}
	return max(0, min(off, n-1))
}

// render draws the visible rows into at most h lines of width w. draw
// returns the lines of one row; only the selected row may return more than
// one.
func (l pickList) render(tx Cells, w, h int, draw func(i int, selected bool, w int) []string) []string {
	if w <= 0 || h <= 0 || len(l.sel) == 0 {
		return nil
	}
	var selLines []string
	if l.cursor >= 0 {
		selLines = draw(l.cursor, true, w)
	}
	off := l.window(h, max(1, len(selLines)))
	out := make([]string, 0, h)
	for i := off; i < len(l.sel) && len(out) < h; i++ {
		if i == l.cursor {
			out = append(out, selLines...)
			continue
		}
		lines := draw(i, false, w)
		if len(lines) > 0 {
			out = append(out, lines[0])
		}
	}
	return tx.Clip(out, w, h)
}
