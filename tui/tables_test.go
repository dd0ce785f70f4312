package tui

import (
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// TestMarkPrefix checks the marks of provenance every app puts before an
// item (issue 16): carried from an earlier day, promoted from a table, both.
func TestMarkPrefix(t *testing.T) {
	st := session.NewState("s")
	st.Ideas["i1"] = &session.Idea{ID: "i1", Text: "carried", Origin: &session.Origin{Session: "d1", Item: "g4", Day: 1}}
	st.Ideas["i2"] = &session.Idea{ID: "i2", Text: "carried, no day", Origin: &session.Origin{Session: "x", Item: "i9"}}
	st.Ideas["i3"] = &session.Idea{ID: "i3", Text: "promoted", Promotion: &session.Promotion{Table: "b1", No: 3, Round: 1, By: session.PromotedByVote}}
	st.Ideas["i4"] = &session.Idea{ID: "i4", Text: "new", Group: "g5"}
	st.Ideas["i5"] = &session.Idea{ID: "i5", Text: "carried into a group", Group: "g5", Origin: &session.Origin{Session: "d1", Item: "i2", Day: 2}}
	st.Groups["g5"] = &session.Group{ID: "g5", Name: "merged", Ideas: []string{"i4", "i5"}}
	st.Ideas["i6"] = &session.Idea{ID: "i6", Text: "plain"}
	tests := []struct {
		tag  lang.Tag
		id   string
		want string
	}{
		{lang.EN, "i1", "D1 "},
		{lang.AZ, "i1", "G1 "},
		{lang.RU, "i1", "Д1 "},
		{lang.EN, "i2", "↩ "},
		{lang.EN, "i3", "T3 "},
		{lang.RU, "i3", "С3 "},
		{lang.EN, "g5", "D2 "},
		{lang.EN, "i6", ""},
	}
	for _, tc := range tests {
		if got := MarkPrefix(lang.New(tc.tag), st, tc.id); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.tag, tc.id, got, tc.want)
		}
	}
}
