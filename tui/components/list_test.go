package components

import (
	"strconv"
	"testing"

	"roundtable/tui"
)

func TestPickList(t *testing.T) {
	// H = heading, i = item
	rows := []bool{false, true, true, false, true, false, false, true}
	tests := map[string]struct {
		want  int
		moves []int
		end   int
	}{
		"starts on the first item":      {want: 0, end: 1},
		"keeps the wanted item":         {want: 4, end: 4},
		"skips headings down":           {want: 2, moves: []int{1}, end: 4},
		"skips headings up":             {want: 7, moves: []int{-1}, end: 4},
		"stops at the end":              {want: 4, moves: []int{1, 1, 1}, end: 7},
		"stops at the start":            {want: 2, moves: []int{-1, -1, -5}, end: 1},
		"a heading wanted moves down":   {want: 5, end: 7},
		"past the end is the last item": {want: 99, end: 7},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var l List
			l.SetRows(rows, tc.want)
			for _, d := range tc.moves {
				l.Move(d)
			}
			if l.cursor != tc.end {
				t.Errorf("cursor = %d, want %d", l.cursor, tc.end)
			}
		})
	}
	var empty List
	empty.SetRows([]bool{false, false}, 0)
	empty.Move(1)
	if empty.cursor != -1 {
		t.Errorf("a list of headings has cursor %d", empty.cursor)
	}
}

func TestPickListWindowShowsTheSelection(t *testing.T) {
	sel := make([]bool, 100)
	for i := range sel {
		sel[i] = i%10 != 0 // a heading every ten rows
	}
	var l List
	l.SetRows(sel, 0)
	for step := 0; step < 95; step++ {
		l.Move(1)
		l.Follow(10)
		for _, selH := range []int{1, 3, 12} {
			off := l.Window(10, selH)
			if l.cursor < off || l.cursor+min(selH, 10) > off+10 {
				t.Fatalf("cursor %d (height %d) is off a window from %d", l.cursor, selH, off)
			}
		}
	}
	tx := tui.Cells{}
	draw := func(i int, selected bool, w int) []string {
		if selected {
			return []string{"> " + strconv.Itoa(i), "  more"}
		}
		return []string{"  " + strconv.Itoa(i)}
	}
	lines := l.Render(tx, 20, 10, draw)
	if len(lines) != 10 {
		t.Fatalf("render drew %d lines, want 10", len(lines))
	}
	if got := l.Render(tx, 0, 10, draw); got != nil {
		t.Errorf("a zero-width render drew %q", got)
	}
}

// row is a test row of a Picker: "" is a heading.
type row string

func (r row) RowKey() string { return string(r) }

// TestPickerKeepsTheSelectionAcrossRebuilds: the selection follows its
// row when rows come and go; a row that is gone leaves the selection at the
// fallback, and headings are never selected.
func TestPickerKeepsTheSelectionAcrossRebuilds(t *testing.T) {
	var p Picker[row]
	p.Set([]row{"", "a", "b", "c"}, 0)
	if r := p.Selected(); r == nil || *r != "a" {
		t.Fatalf("the first selectable row is not selected: %v", r)
	}
	p.Move(2)
	p.Set([]row{"", "new", "a", "", "b", "c"}, 0)
	if r := p.Selected(); r == nil || *r != "c" {
		t.Fatalf("after a rebuild the selection is %v, want c", r)
	}
	p.Set([]row{"", "a", "b"}, 2)
	if r := p.Selected(); r == nil || *r != "b" || p.Current() != "b" {
		t.Fatalf("with c gone the selection is %v (remembered %q), want the fallback b", r, p.Current())
	}
	p.Remember("")
	p.Set([]row{"x", "y"}, 1)
	if r := p.Selected(); r == nil || *r != "y" {
		t.Fatalf("after forgetting, the selection is %v, want the fallback y", r)
	}
	p.Reset()
	p.Set([]row{"", ""}, 0)
	if p.Selected() != nil || p.Cursor() != -1 {
		t.Errorf("a list of headings selects row %d", p.Cursor())
	}
}
