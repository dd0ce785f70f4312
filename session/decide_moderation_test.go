package session_test

import (
	"testing"

	"roundtable/session"
)

// Builders of the moderation events, as Decide gives them.

func renamed(id, name, was string) session.Event {
	return session.Event{Type: session.EvParticipantRenamed, Actor: session.FacilitatorID, ID: id, Name: name, Was: was}
}

func removed(id, attribution string) session.Event {
	return session.Event{Type: session.EvParticipantRemoved, Actor: session.FacilitatorID, ID: id, Attribution: attribution}
}

func readmitted(id, attribution string) session.Event {
	return session.Event{Type: session.EvParticipantReadmitted, Actor: session.FacilitatorID, ID: id, Attribution: attribution}
}

func madeReadOnly(id string) session.Event {
	return session.Event{Type: session.EvParticipantMadeReadOnly, Actor: session.FacilitatorID, ID: id}
}

func readOnlyLifted(id string) session.Event {
	return session.Event{Type: session.EvParticipantReadOnlyLifted, Actor: session.FacilitatorID, ID: id}
}

func moderationCases() map[string]decideCase {
	votes := ideas(session.PhaseVote)
	withIdeas := func(p session.Phase, evs ...session.Event) []session.Event { return concat(ideas(p), evs) }
	return map[string]decideCase{
		// renaming
		"facilitator renames a participant": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdRenameParticipant, Participant: "p5", Name: "  Aysel \x1b[1mMəmmədova "},
			want: at("facilitator", renamed("p5", "Aysel Məmmədova", "Aysel")),
		},
		"renaming to the same name": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdRenameParticipant, Participant: "p5", Name: "Aysel"},
			wantCode: session.ECONFLICT,
		},
		"renaming to nothing": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdRenameParticipant, Participant: "p5", Name: " \x1b[0m "},
			wantCode: session.EINVALID,
		},
		"renaming someone who never joined": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdRenameParticipant, Participant: "p99", Name: "X"},
			wantCode: session.ENOTFOUND,
		},
		"a participant renames another": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdRenameParticipant, Participant: "p6", Name: "X"},
			wantCode: session.EFORBIDDEN,
		},

		// removing and re-admitting
		"facilitator removes a participant, keeping their name on their ideas": {
			given: withIdeas(session.PhaseGroup), actor: fac,
			cmd:  session.Command{Type: session.CmdRemoveParticipant, Participant: "p6"},
			want: at("facilitator", removed("p6", session.AttributionKeep)),
		},
		"facilitator removes a participant, showing their ideas as a removed participant's": {
			given: withIdeas(session.PhaseGroup), actor: fac,
			cmd:  session.Command{Type: session.CmdRemoveParticipant, Participant: "p6", Attribution: session.AttributionRemoved},
			want: at("facilitator", removed("p6", session.AttributionRemoved)),
		},
		"an attribution that does not exist": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdRemoveParticipant, Participant: "p6", Attribution: "forget"},
			wantCode: session.EINVALID,
		},
		"removing someone already removed": {
			given: concat(room(session.PhaseIdeas), []session.Event{removed("p6", session.AttributionKeep)}), actor: fac,
			cmd:      session.Command{Type: session.CmdRemoveParticipant, Participant: "p6"},
			wantCode: session.ECONFLICT,
		},
		"a participant removes another": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdRemoveParticipant, Participant: "p6"},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator re-admits a removed participant": {
			given: concat(room(session.PhaseIdeas), []session.Event{removed("p6", session.AttributionRemoved)}), actor: fac,
			cmd:  session.Command{Type: session.CmdReadmitParticipant, Participant: "p6"},
			want: at("facilitator", readmitted("p6", session.AttributionRemoved)),
		},
		"re-admitting someone who was not removed": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdReadmitParticipant, Participant: "p6"},
			wantCode: session.ECONFLICT,
		},
		"a removed participant posts": {
			given: concat(room(session.PhaseIdeas), []session.Event{removed("p6", session.AttributionKeep)}), actor: p6,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "back door"},
			wantCode: session.EFORBIDDEN,
		},
		"a removed participant says they are done": {
			given: concat(room(session.PhaseIdeas), []session.Event{removed("p6", session.AttributionKeep)}), actor: p6,
			cmd:      session.Command{Type: session.CmdMarkDone},
			wantCode: session.EFORBIDDEN,
		},
		"a re-admitted participant posts again": {
			given: concat(room(session.PhaseIdeas), []session.Event{removed("p6", session.AttributionKeep), readmitted("p6", session.AttributionKeep)}), actor: p6,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "back"},
			want: at("p6", masked(posted("i7", "t1", "back", "p6", "ASAN"))), // two in the room: masked (anon.go)
		},

		// read-only
		"facilitator makes a participant read-only": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdMakeReadOnly, Participant: "p5"},
			want: at("facilitator", madeReadOnly("p5")),
		},
		"making read-only twice": {
			given: concat(room(session.PhaseIdeas), []session.Event{madeReadOnly("p5")}), actor: fac,
			cmd:      session.Command{Type: session.CmdMakeReadOnly, Participant: "p5"},
			wantCode: session.ECONFLICT,
		},
		"a participant makes themself read-only": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdMakeReadOnly, Participant: "p5"},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator lifts read-only": {
			given: concat(room(session.PhaseIdeas), []session.Event{madeReadOnly("p5")}), actor: fac,
			cmd:  session.Command{Type: session.CmdLiftReadOnly, Participant: "p5"},
			want: at("facilitator", readOnlyLifted("p5")),
		},
		"lifting read-only from someone who is not": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdLiftReadOnly, Participant: "p5"},
			wantCode: session.ECONFLICT,
		},
		"lifting read-only from nobody": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdLiftReadOnly, Participant: ""},
			wantCode: session.ENOTFOUND,
		},
		"a read-only participant posts": {
			given: concat(room(session.PhaseIdeas), []session.Event{madeReadOnly("p5")}), actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "x"},
			wantCode: session.EFORBIDDEN,
		},
		"a read-only participant edits their idea": {
			given: withIdeas(session.PhaseIdeas, madeReadOnly("p5")), actor: p5,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "x"},
			wantCode: session.EFORBIDDEN,
		},
		"a read-only participant votes": {
			given: concat(votes, []session.Event{madeReadOnly("p5")}), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			wantCode: session.EFORBIDDEN,
		},
		"a read-only participant comments": {
			given: withIdeas(session.PhaseDiscuss, madeReadOnly("p5")), actor: p5,
			cmd:      session.Command{Type: session.CmdComment, Item: "i9", Text: "x"},
			wantCode: session.EFORBIDDEN,
		},
		"a read-only participant gives feedback": {
			given: withIdeas(session.PhaseClosed, madeReadOnly("p5")), actor: p5,
			cmd:      session.Command{Type: session.CmdFeedback, Rating: 4},
			wantCode: session.EFORBIDDEN,
		},
		"a read-only participant deletes their own idea": {
			given: withIdeas(session.PhaseIdeas, madeReadOnly("p5")), actor: p5,
			cmd:  session.Command{Type: session.CmdDeleteIdea, Item: "i7"},
			want: at("p5", session.Event{Type: session.EvIdeaDeleted, Item: "i7"}),
		},
		"others may still post while one is read-only": {
			given: concat(room(session.PhaseIdeas), []session.Event{madeReadOnly("p5")}), actor: p6,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "x"},
			want: at("p6", masked(posted("i7", "t1", "x", "p6", "ASAN"))),
		},
		"after read-only is lifted they vote again": {
			given: concat(votes, []session.Event{madeReadOnly("p5"), readOnlyLifted("p5")}), actor: p5,
			cmd:  session.Command{Type: session.CmdVote, Item: "i9", Delta: 1},
			want: at("p5", voted("p5", "i9", 1)),
		},
	}
}

func TestApplyModerationOfParticipants(t *testing.T) {
	s := given(t, concat(room(session.PhaseIdeas), []session.Event{
		renamed("p5", "Aysel M.", "Aysel"),
		madeReadOnly("p6"),
		removed("p5", session.AttributionRemoved),
	})...)
	p5, p6 := s.Participants["p5"], s.Participants["p6"]
	if p5.Name != "Aysel M." || !p5.Removed || p5.Attribution != session.AttributionRemoved || !s.Unnamed("p5") {
		t.Fatalf("p5 = %+v", p5)
	}
	if !p6.ReadOnly || p6.Removed || s.Unnamed("p6") {
		t.Fatalf("p6 = %+v", p6)
	}
	if got := len(s.Present()); got != 1 {
		t.Fatalf("%d present, want 1", got)
	}
	s.Apply(readmitted("p5", session.AttributionRemoved))
	s.Apply(readOnlyLifted("p6"))
	if p5.Removed || p5.Attribution != "" || p6.ReadOnly || len(s.Present()) != 2 {
		t.Fatalf("after re-admitting and lifting: p5 %+v, p6 %+v", p5, p6)
	}
	// an event about someone unknown changes no one, and is no act
	before := jsonOf(t, []any{s.Participants, s.Audit})
	s.Apply(session.Event{Seq: s.Seq, Type: session.EvParticipantRemoved, Actor: session.FacilitatorID, ID: "p77", Attribution: session.AttributionKeep})
	if after := jsonOf(t, []any{s.Participants, s.Audit}); after != before {
		t.Fatalf("removing an unknown participant changed the state:\n%s\n%s", before, after)
	}
}
