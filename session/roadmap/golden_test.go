package roadmap

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden renders the reference workshop, anonymous and named, in every
// format and compares the bytes with testdata/TestGolden/<session>/<format>.golden.
// Run `go test ./session/roadmap/ -update` to refresh them.
func TestGolden(t *testing.T) {
	sessions := map[string]struct {
		anonymous bool
	}{
		"anonymous": {anonymous: true},
		"named":     {anonymous: false},
	}
	for name, tc := range sessions {
		t.Run(name, func(t *testing.T) {
			r := Build(workshop(t, tc.anonymous).s, Options{Generated: generated})
			for _, format := range Formats() {
				t.Run(format, func(t *testing.T) {
					var b bytes.Buffer
					if err := Render(&b, r, format); err != nil {
						t.Fatal(err)
					}
					golden.RequireEqual(t, b.Bytes())
				})
			}
		})
	}
}
