package session_test

import (
	"testing"
	"time"

	"roundtable/session"
)

// TestRevealKeepsWithheldInstitutions: a private idea whose institution is
// withheld (anon.go) is revealed to others without it, as its idea_posted
// would have been; its author's copy keeps the institution it had, and
// every copy ends equal to the redacted state.
func TestRevealKeepsWithheldInstitutions(t *testing.T) {
	evs := concat(privateRoom()[:5], []session.Event{
		masked(privatePosted("i7", "t1", "Open data portal", "p5", "IRIA")),
	})
	srv := stateAfter(evs...)
	rev, err := session.Decide(srv, fac, session.Command{Type: session.CmdRevealIdeas}, now)
	if err != nil {
		t.Fatal(err)
	}
	evs = append(evs, rev...)
	srv = stateAfter(evs...)
	for _, v := range []session.Viewer{p5, p6, observer} {
		c := session.NewState("s1")
		for k, e := range evs {
			e.Seq = int64(k + 1)
			if e.At.IsZero() {
				e.At = epoch.Add(time.Duration(k) * time.Second)
			}
			// the hub's encodings: the actor's own, one for everyone else
			if e.Actor != v.ID {
				c.Apply(session.Redact(e, session.Viewer{Role: session.RoleParticipant}, true, false))
				continue
			}
			c.Apply(session.Redact(e, v, true, false))
		}
		i := c.Ideas["i7"]
		want := ""
		if v.ID == "p5" {
			want = "IRIA"
		}
		if i == nil || i.Text != "Open data portal" || i.Institution != want || !i.InstitutionMasked {
			t.Fatalf("%q holds the revealed idea as %+v; want institution %q", v.ID, i, want)
		}
		if got, want := jsonOf(t, c), jsonOf(t, session.RedactState(srv, v)); got != want {
			t.Fatalf("%q's copy differs:\n%s\n%s", v.ID, got, want)
		}
	}
}
