package roadmap

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"roundtable/lang"
)

// TestProgrammeGolden renders the reference programme (two days, three
// sessions: tables and consent on day 1, a purged afternoon, day 2
// carrying and merging) in every format and language, and compares the
// bytes with testdata/TestProgrammeGolden/<lang>/<format>.golden; az and ru
// with the CSV's header in the language. `go test ./session/roadmap/
// -update` refreshes them.
func TestProgrammeGolden(t *testing.T) {
	for _, tag := range lang.All {
		t.Run(string(tag), func(t *testing.T) {
			opts := Options{Generated: generated, Printer: lang.New(tag), LocalizedCSVHeader: tag != lang.EN}
			r := BuildProgramme("digital.leadership", referenceProgramme(t).records(), opts)
			for _, format := range Formats() {
				t.Run(format, func(t *testing.T) {
					var b bytes.Buffer
					if err := RenderProgramme(&b, r, format); err != nil {
						t.Fatal(err)
					}
					golden.RequireEqual(t, b.Bytes())
				})
			}
		})
	}
}
