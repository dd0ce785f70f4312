package components

import (
	"testing"

	"roundtable/tui"
)

// TestBigDigits checks that every glyph row of a clock text is equally
// wide, doubled when wide.
func TestBigDigits(t *testing.T) {
	tests := map[string]struct {
		text  string
		wide  bool
		width int
	}{
		"minutes":    {text: "04:32", width: 4*3 + 1 + 4},
		"hours":      {text: "1:04:32", width: 5*3 + 2 + 6},
		"wide":       {text: "00:00", wide: true, width: 4*6 + 2 + 4},
		"all digits": {text: "0123456789", width: 10*3 + 9},
	}
	tx := tui.Cells{}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			rows := BigDigits(tc.text, tc.wide)
			for i, r := range rows {
				if got := tx.Width(r); got != tc.width {
					t.Errorf("row %d is %d cells, want %d: %q", i, got, tc.width, r)
				}
			}
		})
	}
}
