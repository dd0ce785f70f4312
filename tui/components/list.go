package components

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/tui"
)

// List is the cursor and scroll position of a list of rows, some of
// which can be selected (items) and some not (headings). Every row but the
// selected one is one line; the selected row may expand. Rows are drawn by
// the caller, and only the rows on screen are drawn.
type List struct {
	sel    []bool // selectable rows
	cursor int    // the selected row, or -1 when nothing can be selected
	offset int    // the first row on screen
}

// SetRows replaces the rows and puts the cursor on row want (or the nearest
// selectable row after, then before it).
func (l *List) SetRows(sel []bool, want int) {
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

// Move steps the cursor by d selectable rows, stopping at the ends.
func (l *List) Move(d int) {
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

// Jump puts the cursor on the first selectable row at or after i.
func (l *List) Jump(i int) {
	for ; i >= 0 && i < len(l.sel); i++ {
		if l.sel[i] {
			l.cursor = i
			return
		}
	}
}

// Follow scrolls so that the cursor is on screen in a list h rows high,
// counting every row as one line.
func (l *List) Follow(h int) {
	l.offset = l.Window(h, 1)
}

// Window returns the first row to draw so that the selected row, selH lines
// high, is on screen in h lines, moving as little as possible from the
// stored offset.
func (l List) Window(h, selH int) int {
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

// Render draws the visible rows into at most h lines of width w. draw
// returns the lines of one row; only the selected row may return more than
// one.
func (l List) Render(tx tui.Cells, w, h int, draw func(i int, selected bool, w int) []string) []string {
	if w <= 0 || h <= 0 || len(l.sel) == 0 {
		return nil
	}
	var selLines []string
	if l.cursor >= 0 {
		selLines = draw(l.cursor, true, w)
	}
	off := l.Window(h, max(1, len(selLines)))
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

// Cursor returns the selected row, or -1 when nothing can be selected.
func (l List) Cursor() int { return l.cursor }

// Keyed is a row of a Picker. Its key finds the row again after the rows
// are rebuilt; "" marks a row that cannot be selected (a heading).
type Keyed interface{ RowKey() string }

// Picker is a List that holds its rows and remembers the selected one by
// its key, so that the selection stays on the same idea or item when the
// replica changes and the rows are built again. The zero value is empty
// and ready.
type Picker[R Keyed] struct {
	list List
	rows []R
	cur  string // the key of the selected row, kept across rebuilds
}

// Set replaces the rows and selects the remembered row again, or, when it
// is gone, the selectable row at or nearest after fallback.
func (p *Picker[R]) Set(rows []R, fallback int) {
	p.rows = rows
	sel := make([]bool, len(rows))
	want := fallback
	for i, r := range rows {
		k := r.RowKey()
		sel[i] = k != ""
		if k != "" && k == p.cur {
			want = i
		}
	}
	p.list.SetRows(sel, want)
	p.remember()
}

// Rows returns the rows as last set.
func (p *Picker[R]) Rows() []R { return p.rows }

// Cursor returns the index of the selected row, or -1.
func (p *Picker[R]) Cursor() int { return p.list.cursor }

// Selected returns the selected row, or nil when there is none.
func (p *Picker[R]) Selected() *R {
	if c := p.list.cursor; c >= 0 && c < len(p.rows) {
		return &p.rows[c]
	}
	return nil
}

// Current returns the key of the remembered row.
func (p *Picker[R]) Current() string { return p.cur }

// Remember makes key the row to select at the next Set; "" forgets.
func (p *Picker[R]) Remember(key string) { p.cur = key }

// Reset forgets the rows, the selection and the scroll position.
func (p *Picker[R]) Reset() { *p = Picker[R]{} }

func (p *Picker[R]) remember() {
	if r := p.Selected(); r != nil {
		p.cur = (*r).RowKey()
	}
}

// Move steps the selection by d selectable rows and remembers it.
func (p *Picker[R]) Move(d int) {
	p.list.Move(d)
	p.remember()
}

// Jump selects the first selectable row at or after i and remembers it.
func (p *Picker[R]) Jump(i int) {
	p.list.Jump(i)
	p.remember()
}

// MoveKey moves the selection on the up and down keys and reports whether
// msg was one of them.
func (p *Picker[R]) MoveKey(k *tui.KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		p.Move(-1)
	case key.Matches(msg, k.Down):
		p.Move(1)
	default:
		return false
	}
	return true
}

// Follow scrolls so that the selection is on screen in h rows.
func (p *Picker[R]) Follow(h int) { p.list.Follow(h) }

// Render draws the visible rows into at most h lines of width w, as
// List.Render does.
func (p *Picker[R]) Render(tx tui.Cells, w, h int, draw func(i int, selected bool, w int) []string) []string {
	return p.list.Render(tx, w, h, draw)
}
