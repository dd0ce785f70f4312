package demo

import (
	"testing"

	"roundtable/session"
)

// TestConsentOutcome checks how the scripted facilitator reads a round.
func TestConsentOutcome(t *testing.T) {
	tests := map[string]struct {
		dist [6]int
		want string
	}{
		"every hand open":                {[6]int{0, 0, 0, 2, 5, 3}, session.ConsentAgreed},
		"a few doubts in a large room":   {[6]int{3, 4, 5, 15, 20, 18}, session.ConsentReservations},
		"one 2":                          {[6]int{0, 0, 1, 3, 4, 2}, session.ConsentReservations},
		"fists from more than one in 10": {[6]int{2, 0, 0, 3, 4, 3}, session.ConsentNotAgreed},
		"a quarter with 0 or 1":          {[6]int{0, 3, 0, 3, 3, 3}, session.ConsentNotAgreed},
		"nobody took part":               {[6]int{}, session.ConsentNotAgreed},
	}
	for name, tc := range tests {
		r := &session.ConsentResult{Distribution: tc.dist}
		for _, n := range tc.dist {
			r.TookPart += n
		}
		if got := consentOutcome(r); got != tc.want {
			t.Errorf("%s %v: %s, want %s", name, tc.dist, got, tc.want)
		}
	}
}
