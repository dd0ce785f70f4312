package roadmap

import (
	"bytes"
	"testing"
)

// render renders r in format, failing the test on error.
func render(tb testing.TB, r *Roadmap, format string) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := Render(&b, r, format); err != nil {
		tb.Fatalf("%s: %v", format, err)
	}
	return b.Bytes()
}

// TestDeterministic renders the same session repeatedly, from the live state,
// from a clone and from a state rebuilt by replaying the event log, and
// expects the same bytes every time. Map iteration order changes between
// runs, so a renderer that leaks it fails here.
func TestDeterministic(t *testing.T) {
	sessions := map[string]struct {
		anonymous bool
		rounds    consentRounds
	}{
		"anonymous": {true, noRounds},
		"named":     {false, noRounds},
		"consent":   {false, someDisagree}, // issue 16
	}
	for name, tc := range sessions {
		t.Run(name, func(t *testing.T) {
			f := workshopWith(t, tc.anonymous, tc.rounds)
			opts := Options{Generated: generated}
			states := map[string]func() *Roadmap{
				"live":     func() *Roadmap { return Build(f.s, opts) },
				"clone":    func() *Roadmap { return Build(f.s.Clone(), opts) },
				"replayed": func() *Roadmap { return Build(f.replay(), opts) },
			}
			for _, format := range Formats() {
				want := render(t, Build(f.s, opts), format)
				for from, build := range states {
					for run := range 5 {
						if got := render(t, build(), format); !bytes.Equal(got, want) {
							t.Fatalf("%s from the %s state, run %d: output differs", format, from, run)
						}
					}
				}
			}
		})
	}
}

// TestBuildDoesNotChangeState checks that exporting leaves the state as it
// was, so the console can export mid-session.
func TestBuildDoesNotChangeState(t *testing.T) {
	f := workshop(t, true)
	before := render(t, Build(f.replay(), Options{Generated: generated}), FormatJSON)
	r := Build(f.s, Options{Generated: generated})
	for _, format := range Formats() {
		render(t, r, format)
	}
	if after := render(t, Build(f.s, Options{Generated: generated}), FormatJSON); !bytes.Equal(before, after) {
		t.Fatal("exporting changed the session state")
	}
}
