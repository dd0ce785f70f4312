package session_test

import (
	"roundtable/session"
)

func voteCases() map[string]decideCase {
	vote := ideas(session.PhaseVote)
	spent := func(evs ...session.Event) []session.Event { return concat(vote, evs) }
	five := spent(voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p5", "i8", 1), voted("p5", "i8", 1), voted("p5", "i9", 1))
	three := spent(voted("p5", "i9", 1), voted("p5", "i9", 1), voted("p5", "i9", 1))
	budget7 := session.DefaultSettings()
	budget7.VoteBudget = 7
	return map[string]decideCase{
		"participant votes": {
			given: vote, actor: p5,
			cmd:  session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			want: at("p5", voted("p5", "i9", 1)),
		},
		"participant takes a vote back": {
			given: spent(voted("p6", "i7", 1)), actor: p6,
			cmd:  session.Command{Type: session.CmdVote, Item: "i7", Delta: -1},
			want: at("p6", voted("p6", "i7", -1)),
		},
		"participant votes for a group": {
			given: spent(grouped("g10", "Data", "t1", "i7", "i8")), actor: p6,
			cmd:  session.Command{Type: session.CmdVote, Item: "g10", Delta: 1},
			want: at("p6", voted("p6", "g10", 1)),
		},
		"a sixth vote over the budget of five": {
			given: five, actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.ELIMIT,
		},
		"a sixth vote once the budget is seven": {
			given: concat(five, []session.Event{{Type: session.EvSettingsUpdated, Actor: session.FacilitatorID, Settings: &budget7}}),
			actor: p5,
			cmd:   session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			want:  at("p5", voted("p5", "i9", 1)),
		},
		"a fourth vote on one item over the cap of three": {
			given: three, actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.ELIMIT,
		},
		"another participant's votes do not count towards my cap": {
			given: three, actor: p6,
			cmd:  session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			want: at("p6", voted("p6", "i9", 1)),
		},
		"removing a vote you do not have": {
			given: spent(voted("p6", "i7", 1)), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i7", Delta: -1},
			wantCode: session.ECONFLICT,
		},
		"a delta of two": {
			given: vote, actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i7", Delta: 2},
			wantCode: session.EINVALID,
		},
		"a delta of zero": {
			given: vote, actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i7"},
			wantCode: session.EINVALID,
		},
		"voting for an idea inside a group": {
			given: spent(grouped("g10", "Data", "t1", "i7", "i8")), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i7", Delta: 1},
			wantCode: session.ECONFLICT,
		},
		"voting for a hidden idea": {
			given: spent(facEvent(session.EvIdeaHidden, "i9")), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.ENOTFOUND,
		},
		"voting for something that does not exist": {
			given: vote, actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "g1", Delta: 1},
			wantCode: session.ENOTFOUND,
		},
		"voting in the ideas phase": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.EFORBIDDEN,
		},
		"voting in the discuss phase": {
			given: ideas(session.PhaseDiscuss), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.EFORBIDDEN,
		},
		"voting once voting is closed": {
			given: spent(facEvent(session.EvVotingClosed, "")), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.EFORBIDDEN,
		},
		"voting once voting is open again": {
			given: spent(facEvent(session.EvVotingClosed, ""), facEvent(session.EvVotingOpened, "")), actor: p5,
			cmd:  session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			want: at("p5", voted("p5", "i9", 1)),
		},
		"facilitator votes": {
			given: vote, actor: fac,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator reveals the votes": {
			given: spent(voted("p5", "i7", 1), voted("p6", "i7", 1), voted("p6", "i9", 1), voted("p6", "i9", -1)), actor: fac,
			cmd:  session.Command{Type: session.CmdRevealVotes},
			want: at("facilitator", session.Event{Type: session.EvVotesRevealed, Tallies: map[string]int{"i7": 2}}),
		},
		"revealing revealed votes": {
			given: spent(facEvent(session.EvVotesRevealed, "")), actor: fac,
			cmd:      session.Command{Type: session.CmdRevealVotes},
			wantCode: session.ECONFLICT,
		},
		"participant reveals the votes": {
			given: vote, actor: p5,
			cmd:      session.Command{Type: session.CmdRevealVotes},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator hides the votes": {
			given: spent(facEvent(session.EvVotesRevealed, "")), actor: fac,
			cmd:  session.Command{Type: session.CmdHideVotes},
			want: at("facilitator", facEvent(session.EvVotesHidden, "")),
		},
		"hiding hidden votes": {
			given: vote, actor: fac,
			cmd:      session.Command{Type: session.CmdHideVotes},
			wantCode: session.ECONFLICT,
		},
		"facilitator closes voting": {
			given: vote, actor: fac,
			cmd:  session.Command{Type: session.CmdCloseVoting},
			want: at("facilitator", facEvent(session.EvVotingClosed, "")),
		},
		"closing closed voting": {
			given: spent(facEvent(session.EvVotingClosed, "")), actor: fac,
			cmd:      session.Command{Type: session.CmdCloseVoting},
			wantCode: session.ECONFLICT,
		},
		"facilitator opens voting": {
			given: spent(facEvent(session.EvVotingClosed, "")), actor: fac,
			cmd:  session.Command{Type: session.CmdOpenVoting},
			want: at("facilitator", facEvent(session.EvVotingOpened, "")),
		},
		"opening open voting": {
			given: vote, actor: fac,
			cmd:      session.Command{Type: session.CmdOpenVoting},
			wantCode: session.ECONFLICT,
		},
		"participant closes voting": {
			given: vote, actor: p6,
			cmd:      session.Command{Type: session.CmdCloseVoting},
			wantCode: session.EFORBIDDEN,
		},
	}
}
