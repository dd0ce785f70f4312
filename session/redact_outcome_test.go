package session_test

import (
	"reflect"
	"testing"

	"roundtable/session"
)

// TestOutcomeReachesEveryone: notes, decisions and the road map are the
// room's outcome: a participant and an observer receive them whole, in an
// anonymous session too (the facilitator is their actor).
func TestOutcomeReachesEveryone(t *testing.T) {
	events := []session.Event{
		{Seq: 20, Type: session.EvNoteRecorded, At: now, Actor: session.FacilitatorID, Item: "g9", Notes: "Two ministries first.", Decision: "Pilot in Q2"},
		{Seq: 21, Type: session.EvRoadmapPlaced, At: now, Actor: session.FacilitatorID, Item: "g9", Horizon: "Now", Lead: "İRİA", Supporters: []string{"ASAN xidmət"}, Order: 1},
		{Seq: 22, Type: session.EvRoadmapRemoved, At: now, Actor: session.FacilitatorID, Item: "g9"},
	}
	for _, v := range []session.Viewer{{ID: "p5", Role: session.RoleParticipant}, {Role: session.RoleObserver}} {
		for _, e := range events {
			if got := session.Redact(e, v, true, false); !reflect.DeepEqual(got, e) {
				t.Errorf("%s to %s: got %+v, want it whole", e.Type, v.Role, got)
			}
		}
	}
}
