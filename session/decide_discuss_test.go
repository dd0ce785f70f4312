package session_test

import (
	"strings"
	"time"

	"roundtable/session"
)

func discussCases() map[string]decideCase {
	discuss := ideas(session.PhaseDiscuss)
	with := func(evs ...session.Event) []session.Event { return concat(discuss, evs) }
	hidden := with(facEvent(session.EvIdeaHidden, "i8"))
	return map[string]decideCase{
		"participant comments": {
			given: discuss, actor: p5,
			cmd:  session.Command{Type: session.CmdComment, Item: "i9", Text: "We tried this\x1b[8m in 2024"},
			want: at("p5", masked(commented("c10", "i9", "We tried this in 2024", "p5", "IRIA"))),
		},
		"participant comments on a group in the vote phase": {
			given: concat(ideas(session.PhaseVote), []session.Event{grouped("g10", "Data", "t1", "i7", "i8")}), actor: p6,
			cmd:  session.Command{Type: session.CmdComment, Item: "g10", Text: "Yes\nplease"},
			want: at("p6", masked(commented("c11", "g10", "Yes\nplease", "p6", "ASAN"))),
		},
		"participant comments in the lobby": {
			given: ideas(session.PhaseLobby), actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i9", Text: "early"},
			wantCode: session.EFORBIDDEN,
		},
		"participant comments in a closed session": {
			given: ideas(session.PhaseClosed), actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i9", Text: "late"},
			wantCode: session.EFORBIDDEN,
		},
		"participant comments on a hidden idea": {
			given: hidden, actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i8", Text: "hm"},
			wantCode: session.ENOTFOUND,
		},
		"facilitator comments on a hidden idea": {
			given: hidden, actor: fac,
			cmd:  session.Command{Type: session.CmdComment, Item: "i8", Text: "Hidden: off topic"},
			want: at("facilitator", commented("c10", "i8", "Hidden: off topic", session.FacilitatorID, "")),
		},
		"a comment on nothing": {
			given: discuss, actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "c1", Text: "x"},
			wantCode: session.ENOTFOUND,
		},
		"an empty comment": {
			given: discuss, actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i9", Text: "\r\n\t"},
			wantCode: session.EINVALID,
		},
		"a comment over 1000 characters": {
			given: discuss, actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i9", Text: strings.Repeat("я", 1001)},
			wantCode: session.EINVALID,
		},
		"a comment that is not valid UTF-8": {
			given: discuss, actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i9", Text: "\xed\xa0\x80"},
			wantCode: session.EINVALID,
		},

		"author deletes their comment": {
			given: with(commented("c10", "i9", "x", "p5", "IRIA")), actor: p5,
			cmd:  session.Command{Type: session.CmdDeleteComment, Item: "c10"},
			want: at("p5", session.Event{Type: session.EvCommentDeleted, Item: "c10", Comment: &session.Comment{ID: "c10", Item: "i9", Text: "x", Author: "p5", Institution: "IRIA", At: epoch.Add(8 * time.Second)}}),
		},
		"deleting someone else's comment": {
			given: with(commented("c10", "i9", "x", "p5", "IRIA")), actor: p6,
			cmd:      session.Command{Type: session.CmdDeleteComment, Item: "c10"},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator deletes a comment": {
			given: with(commented("c10", "i9", "x", "p5", "IRIA")), actor: fac,
			cmd:  session.Command{Type: session.CmdDeleteComment, Item: "c10"},
			want: at("facilitator", session.Event{Type: session.EvCommentDeleted, Item: "c10", Comment: &session.Comment{ID: "c10", Item: "i9", Text: "x", Author: "p5", Institution: "IRIA", At: epoch.Add(8 * time.Second)}}),
		},
		"deleting a comment that does not exist": {
			given: discuss, actor: fac,
			cmd:      session.Command{Type: session.CmdDeleteComment, Item: "c10"},
			wantCode: session.ENOTFOUND,
		},

		"facilitator focuses an idea": {
			given: discuss, actor: fac,
			cmd:  session.Command{Type: session.CmdFocus, Item: "i9"},
			want: at("facilitator", facEvent(session.EvItemFocused, "i9")),
		},
		"facilitator clears the focus": {
			given: with(facEvent(session.EvItemFocused, "i9")), actor: fac,
			cmd:  session.Command{Type: session.CmdFocus},
			want: at("facilitator", facEvent(session.EvItemFocused, "")),
		},
		"focusing the focused item": {
			given: with(facEvent(session.EvItemFocused, "i9")), actor: fac,
			cmd:      session.Command{Type: session.CmdFocus, Item: "i9"},
			wantCode: session.ECONFLICT,
		},
		"clearing no focus": {
			given: discuss, actor: fac,
			cmd:      session.Command{Type: session.CmdFocus},
			wantCode: session.ECONFLICT,
		},
		"focusing a hidden idea": {
			given: hidden, actor: fac,
			cmd:      session.Command{Type: session.CmdFocus, Item: "i8"},
			wantCode: session.ECONFLICT,
		},
		"focusing nothing that exists": {
			given: discuss, actor: fac,
			cmd:      session.Command{Type: session.CmdFocus, Item: "g1"},
			wantCode: session.ENOTFOUND,
		},
		"participant focuses": {
			given: discuss, actor: p5,
			cmd:      session.Command{Type: session.CmdFocus, Item: "i9"},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator records a note": {
			given: discuss, actor: fac,
			cmd:  session.Command{Type: session.CmdNote, Item: "i9", Notes: "ASAN leads\n\x1b[1mpilot\x1b[0m in Q1", Decision: "Go"},
			want: at("facilitator", session.Event{Type: session.EvNoteRecorded, Item: "i9", Notes: "ASAN leads\npilot in Q1", Decision: "Go"}),
		},
		"facilitator clears a note": {
			given: discuss, actor: fac,
			cmd:  session.Command{Type: session.CmdNote, Item: "i9"},
			want: at("facilitator", facEvent(session.EvNoteRecorded, "i9")),
		},
		"a note on nothing": {
			given: discuss, actor: fac,
			cmd:      session.Command{Type: session.CmdNote, Item: "i99", Notes: "x"},
			wantCode: session.ENOTFOUND,
		},
		"a note over 4000 characters": {
			given: discuss, actor: fac,
			cmd:      session.Command{Type: session.CmdNote, Item: "i9", Decision: strings.Repeat("d", 4001)},
			wantCode: session.EINVALID,
		},
		"participant records a note": {
			given: discuss, actor: p5,
			cmd:      session.Command{Type: session.CmdNote, Item: "i9", Notes: "x"},
			wantCode: session.EFORBIDDEN,
		},
	}
}

func roadmapCases() map[string]decideCase {
	rm := ideas(session.PhaseRoadmap)
	with := func(evs ...session.Event) []session.Event { return concat(rm, evs) }
	return map[string]decideCase{
		"facilitator places an idea": {
			given: rm, actor: fac,
			cmd: session.Command{
				Type: session.CmdPlace, Item: "i9", Horizon: "Now", Lead: " ASAN ",
				Supporters: []string{"IRIA", "IRIA", " DTX\x1b[1m"}, Order: 2,
			},
			want: at("facilitator", session.Event{
				Type: session.EvRoadmapPlaced, Item: "i9", Horizon: "Now", Lead: "ASAN",
				Supporters: []string{"IRIA", "DTX"}, Order: 2,
			}),
		},
		"facilitator places a group": {
			given: with(grouped("g10", "Data", "t1", "i7", "i8")), actor: fac,
			cmd:  session.Command{Type: session.CmdPlace, Item: "g10", Horizon: "Later"},
			want: at("facilitator", session.Event{Type: session.EvRoadmapPlaced, Item: "g10", Horizon: "Later", Supporters: []string{}}),
		},
		"placing on a horizon that does not exist": {
			given: rm, actor: fac,
			cmd:      session.Command{Type: session.CmdPlace, Item: "i9", Horizon: "Someday"},
			wantCode: session.EINVALID,
		},
		"placing an idea inside a group": {
			given: with(grouped("g10", "Data", "t1", "i7", "i8")), actor: fac,
			cmd:      session.Command{Type: session.CmdPlace, Item: "i7", Horizon: "Now"},
			wantCode: session.ECONFLICT,
		},
		"placing a hidden idea": {
			given: with(facEvent(session.EvIdeaHidden, "i9")), actor: fac,
			cmd:      session.Command{Type: session.CmdPlace, Item: "i9", Horizon: "Now"},
			wantCode: session.ECONFLICT,
		},
		"placing nothing that exists": {
			given: rm, actor: fac,
			cmd:      session.Command{Type: session.CmdPlace, Item: "g9", Horizon: "Now"},
			wantCode: session.ENOTFOUND,
		},
		"placing at a negative position": {
			given: rm, actor: fac,
			cmd:      session.Command{Type: session.CmdPlace, Item: "i9", Horizon: "Now", Order: -1},
			wantCode: session.EINVALID,
		},
		"placing with 65 supporters": {
			given: rm, actor: fac,
			cmd:      session.Command{Type: session.CmdPlace, Item: "i9", Horizon: "Now", Supporters: make([]string, 65)},
			wantCode: session.EINVALID,
		},
		"participant places": {
			given: rm, actor: p5,
			cmd:      session.Command{Type: session.CmdPlace, Item: "i9", Horizon: "Now"},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator takes an item off the road map": {
			given: with(placed("i9", "Now", 0)), actor: fac,
			cmd:  session.Command{Type: session.CmdUnplace, Item: "i9"},
			want: at("facilitator", facEvent(session.EvRoadmapRemoved, "i9")),
		},
		"taking off an item that is not placed": {
			given: with(placed("i9", "Now", 0)), actor: fac,
			cmd:      session.Command{Type: session.CmdUnplace, Item: "i8"},
			wantCode: session.ENOTFOUND,
		},
	}
}
