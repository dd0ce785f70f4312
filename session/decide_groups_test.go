package session_test

import (
	"strings"

	"roundtable/session"
)

func groupCases() map[string]decideCase {
	withGroup := concat(ideas(session.PhaseGroup), []session.Event{grouped("g10", "Data", "t1", "i7")})
	long := strings.Repeat("ə", 70)
	return map[string]decideCase{
		"facilitator groups two ideas": {
			given: ideas(session.PhaseGroup), actor: fac,
			cmd:  session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i8", "i7"}, Name: " Open data "},
			want: at("facilitator", grouped("g10", "Open data", "t1", "i7", "i8")),
		},
		"a group without a name takes the first idea's text": {
			given: ideas(session.PhaseGroup), actor: fac,
			cmd:  session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i9", "i7"}, Name: "\x1b[0m"},
			want: at("facilitator", grouped("g10", "Common e-signature", "t2", "i9", "i7")),
		},
		"a default name is cut at 60 characters": {
			given: concat(room(session.PhaseIdeas), []session.Event{posted("i7", "t1", long, "p5", "IRIA"), phase(session.PhaseGroup)}),
			actor: fac,
			cmd:   session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7"}},
			want:  at("facilitator", grouped("g8", strings.Repeat("ə", 59)+"…", "t1", "i7")),
		},
		"facilitator adds ideas to a group": {
			given: withGroup, actor: fac,
			cmd:  session.Command{Type: session.CmdGroupIdeas, Group: "g10", Ideas: []string{"i7", "i8"}},
			want: at("facilitator", addedTo("g10", "i8")),
		},
		"adding ideas that are already in the group": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Group: "g10", Ideas: []string{"i7"}},
			wantCode: session.ECONFLICT,
		},
		"grouping an idea that is in another group": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i8", "i7"}},
			wantCode: session.ECONFLICT,
		},
		"grouping a hidden idea": {
			given:    concat(ideas(session.PhaseGroup), []session.Event{facEvent(session.EvIdeaHidden, "i8")}),
			actor:    fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i8"}},
			wantCode: session.ECONFLICT,
		},
		"grouping nothing": {
			given: ideas(session.PhaseGroup), actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas},
			wantCode: session.EINVALID,
		},
		"grouping an idea that does not exist": {
			given: ideas(session.PhaseGroup), actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i77"}},
			wantCode: session.ENOTFOUND,
		},
		"adding to a group that does not exist": {
			given: ideas(session.PhaseGroup), actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Group: "g77", Ideas: []string{"i7"}},
			wantCode: session.ENOTFOUND,
		},
		"a group name over 120 characters": {
			given: ideas(session.PhaseGroup), actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7"}, Name: strings.Repeat("g", 121)},
			wantCode: session.EINVALID,
		},
		"participant groups ideas": {
			given: ideas(session.PhaseGroup), actor: p5,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i8"}},
			wantCode: session.EFORBIDDEN,
		},
		"merged votes over the cap go back to the voter": {
			given: concat(ideas(session.PhaseVote), []session.Event{
				voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p5", "i8", 1), voted("p5", "i8", 1),
				voted("p6", "i8", 1), voted("p6", "i8", 1),
			}),
			actor: fac,
			cmd:   session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i8"}, Name: "Data"},
			want:  at("facilitator", grouped("g10", "Data", "t1", "i7", "i8"), voted("p5", "g10", -1)),
		},
		"votes added to a group over the cap go back to the voter": {
			given: concat(ideas(session.PhaseVote), []session.Event{
				grouped("g10", "Data", "t1", "i7"),
				voted("p5", "g10", 1), voted("p5", "g10", 1), voted("p5", "i8", 1), voted("p5", "i8", 1),
				voted("p6", "i8", 1), voted("p6", "i8", 1), voted("p6", "i8", 1), voted("p6", "g10", 1),
			}),
			actor: fac,
			cmd:   session.Command{Type: session.CmdGroupIdeas, Group: "g10", Ideas: []string{"i8"}},
			want:  at("facilitator", addedTo("g10", "i8"), voted("p5", "g10", -1), voted("p6", "g10", -1)),
		},

		"facilitator takes an idea out of a group": {
			given: concat(withGroup, []session.Event{addedTo("g10", "i8")}), actor: fac,
			cmd:  session.Command{Type: session.CmdUngroupIdea, Item: "i8"},
			want: at("facilitator", session.Event{Type: session.EvIdeaUngrouped, Item: "i8", ID: "g10"}),
		},
		"ungrouping an idea that is not grouped": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdUngroupIdea, Item: "i8"},
			wantCode: session.ECONFLICT,
		},
		"ungrouping an idea that does not exist": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdUngroupIdea, Item: "g10"},
			wantCode: session.ENOTFOUND,
		},

		"facilitator renames a group": {
			given: withGroup, actor: fac,
			cmd:  session.Command{Type: session.CmdRenameGroup, Item: "g10", Name: "Açıq məlumat"},
			want: at("facilitator", session.Event{Type: session.EvGroupRenamed, Item: "g10", Name: "Açıq məlumat"}),
		},
		"renaming a group to nothing": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdRenameGroup, Item: "g10", Name: "  "},
			wantCode: session.EINVALID,
		},
		"renaming a group that does not exist": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdRenameGroup, Item: "i7", Name: "x"},
			wantCode: session.ENOTFOUND,
		},

		"facilitator dissolves a group": {
			given: withGroup, actor: fac,
			cmd:  session.Command{Type: session.CmdDissolveGroup, Item: "g10"},
			want: at("facilitator", facEvent(session.EvGroupDissolved, "g10")),
		},
		"dissolving a group that does not exist": {
			given: withGroup, actor: fac,
			cmd:      session.Command{Type: session.CmdDissolveGroup, Item: "g11"},
			wantCode: session.ENOTFOUND,
		},
		"participant dissolves a group": {
			given: withGroup, actor: p6,
			cmd:      session.Command{Type: session.CmdDissolveGroup, Item: "g10"},
			wantCode: session.EFORBIDDEN,
		},
	}
}
