package session_test

import (
	"testing"
	"time"

	"roundtable/session"
)

// TestIdeaTopicFollowsTheGroup: ideas merged from two topics are under the
// group's topic (its first idea's) while grouped, and under their own
// again once taken out.
func TestIdeaTopicFollowsTheGroup(t *testing.T) {
	s := session.NewState("s1")
	at := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	s.Apply(session.Event{Seq: 1, Type: session.EvSessionCreated, At: at, Topics: []string{"A", "B"}})
	s.Apply(session.Event{Seq: 2, Type: session.EvIdeaPosted, ID: "i3", Topic: "t1", Text: "one", At: at})
	s.Apply(session.Event{Seq: 3, Type: session.EvIdeaPosted, ID: "i4", Topic: "t2", Text: "two", At: at})
	if got := s.IdeaTopic(s.Ideas["i4"]); got != "t2" {
		t.Fatalf("a loose idea's topic is %q, want its own t2", got)
	}
	s.Apply(session.Event{Seq: 4, Type: session.EvGroupCreated, ID: "g5", Name: "G", Topic: "t1", Ideas: []string{"i3", "i4"}, At: at})
	if got := s.IdeaTopic(s.Ideas["i4"]); got != "t1" {
		t.Errorf("a grouped idea's topic is %q, want the group's t1", got)
	}
	s.Apply(session.Event{Seq: 5, Type: session.EvIdeaUngrouped, Item: "i4", ID: "g5", At: at})
	if got := s.IdeaTopic(s.Ideas["i4"]); got != "t2" {
		t.Errorf("taken out, the idea's topic is %q, want its own t2", got)
	}
	if got := s.IdeaTopic(nil); got != "" {
		t.Errorf("no idea has topic %q", got)
	}
}
