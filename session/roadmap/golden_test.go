package roadmap

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
)

// TestGolden renders the reference workshop, anonymous and named (and with
// consent rounds, issue 16), in every
// format and compares the bytes with testdata/TestGolden/<session>/<format>.golden;
// in Azerbaijani and Russian with testdata/TestGolden/<session>_<lang>/…,
// their CSV with its header row in the language.
// Run `go test ./session/roadmap/ -update` to refresh them.
func TestGolden(t *testing.T) {
	sessions := map[string]struct {
		anonymous bool
		rounds    consentRounds
	}{
		"anonymous": {anonymous: true},
		"named":     {anonymous: false},
		// issue 16: consent rounds, an agreed road map and a draft one
		"consent":       {anonymous: true, rounds: allAgreed},
		"consent_named": {anonymous: false, rounds: someDisagree},
	}
	for name, tc := range sessions {
		for _, tag := range lang.All {
			sub := name
			opts := Options{Generated: generated, Printer: lang.New(tag)}
			if tag != lang.EN {
				sub += "_" + string(tag)
				opts.LocalizedCSVHeader = true
			}
			t.Run(sub, func(t *testing.T) {
				r := Build(workshopWith(t, tc.anonymous, tc.rounds).s, opts)
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
}
