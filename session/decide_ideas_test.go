package session_test

import (
	"strings"

	"roundtable/session"
)

func ideaCases() map[string]decideCase {
	hidden := concat(ideas(session.PhaseIdeas), []session.Event{facEvent(session.EvIdeaHidden, "i7")})
	return map[string]decideCase{
		"participant posts an idea": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Rəqəmsal inkişaf 🚀"},
			want: at("p5", masked(posted("i7", "t1", "Rəqəmsal inkişaf 🚀", "p5", "IRIA"))),
		},
		"ANSI escapes are stripped at ingest": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd: session.Command{Type: session.CmdPostIdea, Topic: "t1",
				Text: "\x1b[31mRed\x1b[0m alert\x1b]0;pwned\x07\x1b[2J\x1b[H\u202e!"},
			want: at("p5", masked(posted("i7", "t1", "Red alert!", "p5", "IRIA"))),
		},
		"an idea keeps its line breaks": {
			given: room(session.PhaseIdeas), actor: p6,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "First line  \r\nsecond\tline\n"},
			want: at("p6", masked(posted("i7", "t2", "First line\nsecond line", "p6", "ASAN"))),
		},
		"an idea of exactly 500 characters": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: strings.Repeat("ə", 500)},
			want: at("p5", masked(posted("i7", "t1", strings.Repeat("ə", 500), "p5", "IRIA"))),
		},
		"an idea of 501 characters": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: strings.Repeat("ə", 501)},
			wantCode: session.EINVALID,
		},
		"escapes do not count towards the length": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: strings.Repeat("\x1b[1m", 200) + strings.Repeat("a", 500)},
			want: at("p5", masked(posted("i7", "t1", strings.Repeat("a", 500), "p5", "IRIA"))),
		},
		"an idea that is not valid UTF-8": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "caf\xe9"},
			wantCode: session.EINVALID,
		},
		"an idea that is only escapes": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "\x1b[31m\x1b[0m \n"},
			wantCode: session.EINVALID,
		},
		"an idea under a topic that does not exist": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t9", Text: "x"},
			wantCode: session.ENOTFOUND,
		},
		"participant posts in the lobby": {
			given: room(session.PhaseLobby), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "early"},
			wantCode: session.EFORBIDDEN,
		},
		"participant posts in the vote phase": {
			given: room(session.PhaseVote), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "late"},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator posts in the group phase": {
			given: room(session.PhaseGroup), actor: fac,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t4", Text: "From the flip chart"},
			want: at("facilitator", posted("i7", "t4", "From the flip chart", session.FacilitatorID, "")),
		},
		"facilitator posts in a closed session": {
			given: room(session.PhaseClosed), actor: fac,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "too late"},
			wantCode: session.EFORBIDDEN,
		},

		"author edits their idea": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "Open data portal\x1b[5m for all"},
			want: at("p5", session.Event{Type: session.EvIdeaEdited, Item: "i7", Text: "Open data portal for all"}),
		},
		"editing someone else's idea": {
			given: ideas(session.PhaseIdeas), actor: p6,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "mine now"},
			wantCode: session.EFORBIDDEN,
		},
		"author edits after the ideas phase": {
			given: ideas(session.PhaseVote), actor: p5,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "changed"},
			wantCode: session.EFORBIDDEN,
		},
		"author edits a hidden idea": {
			given: hidden, actor: p5,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "changed"},
			wantCode: session.EFORBIDDEN,
		},
		"editing to an over-long text": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i7", Text: strings.Repeat("x", 501)},
			wantCode: session.EINVALID,
		},
		"editing an idea that does not exist": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i70", Text: "x"},
			wantCode: session.ENOTFOUND,
		},
		"facilitator edits anyone's idea in any phase": {
			given: ideas(session.PhaseDiscuss), actor: fac,
			cmd:  session.Command{Type: session.CmdEditIdea, Item: "i9", Text: "Common e-signature (ASAN)"},
			want: at("facilitator", session.Event{Type: session.EvIdeaEdited, Item: "i9", Text: "Common e-signature (ASAN)"}),
		},

		"author deletes their idea": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdDeleteIdea, Item: "i8"},
			want: at("p5", session.Event{Type: session.EvIdeaDeleted, Item: "i8"}),
		},
		"deleting someone else's idea": {
			given: ideas(session.PhaseIdeas), actor: p6,
			cmd:      session.Command{Type: session.CmdDeleteIdea, Item: "i8"},
			wantCode: session.EFORBIDDEN,
		},
		"author deletes in the group phase": {
			given: ideas(session.PhaseGroup), actor: p5,
			cmd:      session.Command{Type: session.CmdDeleteIdea, Item: "i8"},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator deletes an idea": {
			given: ideas(session.PhaseVote), actor: fac,
			cmd:  session.Command{Type: session.CmdDeleteIdea, Item: "i9"},
			want: at("facilitator", session.Event{Type: session.EvIdeaDeleted, Item: "i9"}),
		},

		"facilitator hides an idea": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdHideIdea, Item: "i9"},
			want: at("facilitator", facEvent(session.EvIdeaHidden, "i9")),
		},
		"hiding a hidden idea": {
			given: hidden, actor: fac,
			cmd:      session.Command{Type: session.CmdHideIdea, Item: "i7"},
			wantCode: session.ECONFLICT,
		},
		"hiding a grouped idea": {
			given:    concat(ideas(session.PhaseGroup), []session.Event{grouped("g10", "Data", "t1", "i7", "i8")}),
			actor:    fac,
			cmd:      session.Command{Type: session.CmdHideIdea, Item: "i7"},
			wantCode: session.ECONFLICT,
		},
		"hiding an idea that does not exist": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdHideIdea, Item: "g7"},
			wantCode: session.ENOTFOUND,
		},
		"participant hides their own idea": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdHideIdea, Item: "i7"},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator shows a hidden idea": {
			given: hidden, actor: fac,
			cmd:  session.Command{Type: session.CmdShowIdea, Item: "i7"},
			want: at("facilitator", facEvent(session.EvIdeaShown, "i7")),
		},
		"showing a visible idea": {
			given: hidden, actor: fac,
			cmd:      session.Command{Type: session.CmdShowIdea, Item: "i8"},
			wantCode: session.ECONFLICT,
		},

		"facilitator moves an idea": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdMoveIdea, Item: "i8", Topic: "t3"},
			want: at("facilitator", session.Event{Type: session.EvIdeaMoved, Item: "i8", Topic: "t3"}),
		},
		"moving an idea to its own topic": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdMoveIdea, Item: "i8", Topic: "t1"},
			wantCode: session.ECONFLICT,
		},
		"moving an idea to a topic that does not exist": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdMoveIdea, Item: "i8", Topic: "t99"},
			wantCode: session.ENOTFOUND,
		},
		"participant moves their idea": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdMoveIdea, Item: "i8", Topic: "t3"},
			wantCode: session.EFORBIDDEN,
		},
	}
}
