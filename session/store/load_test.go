package store

import (
	"context"
	"fmt"
	"testing"

	"roundtable/session"
)

// TestLoadSession: what a host reads back to serve a session again is its
// state as the events left it, its last events (no more than asked for,
// oldest first), and every operation id with the seq of its last event.
func TestLoadSession(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	w := newWorkshop(t, "s1")
	w.play()
	mustCreate(t, s, "s1", "ALPHA")
	for _, b := range w.batches {
		if err := s.AppendSync(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	n := len(w.events)
	for _, recent := range []int{0, 1, 3, n - 1, n, n + 5} {
		t.Run(fmt.Sprintf("recent=%d", recent), func(t *testing.T) {
			l, err := s.LoadSession(ctx, "latest", recent)
			if err != nil {
				t.Fatal(err)
			}
			if l.Info.ID != "s1" || l.Info.Code != "ALPHA" {
				t.Fatalf("info %+v", l.Info)
			}
			if got, want := stateJSON(t, l.State), stateJSON(t, w.st); got != want {
				t.Fatalf("state\n got: %s\nwant: %s", got, want)
			}
			want := w.events[max(0, n-recent):]
			if len(l.Recent) != len(want) {
				t.Fatalf("%d recent events, want %d", len(l.Recent), len(want))
			}
			for i := range want {
				if l.Recent[i].Seq != want[i].Seq || l.Recent[i].Type != want[i].Type {
					t.Fatalf("recent event %d: seq %d %s, want %d %s", i, l.Recent[i].Seq, l.Recent[i].Type, want[i].Seq, want[i].Type)
				}
			}
			if len(l.Ops) != len(w.batches) {
				t.Fatalf("%d ops, want %d", len(l.Ops), len(w.batches))
			}
			for _, b := range w.batches {
				if seq := l.Ops[OpKey{b.Actor, b.Op}]; seq != b.Events[len(b.Events)-1].Seq {
					t.Fatalf("op %s of %q at seq %d, want %d", b.Op, b.Actor, seq, b.Events[len(b.Events)-1].Seq)
				}
			}
		})
	}
	if _, err := s.LoadSession(ctx, "nope", 10); session.ErrorCode(err) != session.ENOTFOUND {
		t.Fatalf("a missing session: %v; want ENOTFOUND", err)
	}
}
