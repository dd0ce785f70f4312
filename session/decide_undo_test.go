package session_test

import (
	"testing"
	"time"

	"roundtable/session"
)

// Undo (issue 15): given an action, when its actor undoes, then the inverse
// events, each naming the action's seq in undoes.

// undone marks events as undoing the action at seq.
func undone(seq int64, evs ...session.Event) []session.Event {
	for k := range evs {
		evs[k].Undoes = seq
	}
	return evs
}

// masked marks an idea_posted or comment_posted as withholding its
// institution from others (anon.go).
func masked(e session.Event) session.Event {
	e.InstitutionMasked = true
	return e
}

// seqOf is the seq given() gives the last of evs.
func seqOf(evs []session.Event) int64 { return int64(len(evs)) }

// lastFive is the time a phase change was made, for undoing it at now:
// four minutes before.
var lastFive = now.Add(-4 * time.Minute)

func undoCases() map[string]decideCase {
	undo := session.Command{Type: session.CmdUndo}
	merged := concat(ideas(session.PhaseGroup), []session.Event{grouped("g10", "Open data", "t1", "i7", "i8")})
	// Votes on i7 and i8 before a merge that goes over the cap of 3: p5
	// holds 2 + 2 and gets 1 back at the time of the merge.
	mergeAt := epoch.Add(time.Hour - time.Minute)
	votedThenMerged := concat(ideas(session.PhaseVote), []session.Event{
		voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p5", "i8", 1), voted("p5", "i8", 1), voted("p6", "i7", 1),
		{Type: session.EvGroupCreated, Actor: session.FacilitatorID, ID: "g15", Name: "Data", Topic: "t1", Ideas: []string{"i7", "i8"}, At: mergeAt},
		{Type: session.EvVoteCast, Actor: "p5", Item: "g15", Delta: -1, At: mergeAt},
	})
	threeInGroup := concat(merged, []session.Event{addedTo("g10", "i9")})
	takenOut := concat(threeInGroup, []session.Event{{Type: session.EvIdeaUngrouped, Actor: session.FacilitatorID, Item: "i9", ID: "g10"}})
	lastOut := concat(merged, []session.Event{
		{Type: session.EvIdeaUngrouped, Actor: session.FacilitatorID, Item: "i7", ID: "g10"},
		{Type: session.EvIdeaUngrouped, Actor: session.FacilitatorID, Item: "i8", ID: "g10"},
	})
	votedGroup := concat(merged, []session.Event{phase(session.PhaseVote), voted("p6", "g10", 1), voted("p6", "g10", 1),
		placed("g10", "Next", 0), {Type: session.EvNoteRecorded, Actor: session.FacilitatorID, Item: "g10", Decision: "Pilot"},
		facEvent(session.EvGroupDissolved, "g10")})
	hiddenWithVotes := concat(ideas(session.PhaseVote), []session.Event{voted("p6", "i9", 1), placed("i9", "Now", 0),
		facEvent(session.EvItemFocused, "i9"), facEvent(session.EvIdeaHidden, "i9")})
	shown := concat(ideas(session.PhaseVote), []session.Event{facEvent(session.EvIdeaHidden, "i9"), facEvent(session.EvIdeaShown, "i9")})
	moved := concat(ideas(session.PhaseGroup), []session.Event{{Type: session.EvIdeaMoved, Actor: session.FacilitatorID, Item: "i7", Topic: "t3"}})
	edited := concat(ideas(session.PhaseGroup), []session.Event{{Type: session.EvIdeaEdited, Actor: session.FacilitatorID, Item: "i7", Text: "Open data portal for all"}})
	placedTwice := concat(ideas(session.PhaseRoadmap), []session.Event{placed("i7", "Now", 0), placed("i9", "Now", 0),
		{Type: session.EvRoadmapPlaced, Actor: session.FacilitatorID, Item: "i7", Horizon: "Later", Lead: "IRIA"}})
	unplaced := concat(ideas(session.PhaseRoadmap), []session.Event{placed("i7", "Now", 0), placed("i9", "Now", 0),
		facEvent(session.EvRoadmapRemoved, "i7")})
	voting := concat(ideas(session.PhaseVote), []session.Event{voted("p5", "i9", 1), voted("p6", "i7", 1)})
	phased := concat(ideas(session.PhaseIdeas), []session.Event{{Type: session.EvPhaseChanged, Actor: session.FacilitatorID, Phase: session.PhaseGroup, At: lastFive}})
	noted := concat(ideas(session.PhaseDiscuss), []session.Event{
		{Type: session.EvNoteRecorded, Actor: session.FacilitatorID, Item: "i7", Notes: "first"},
		{Type: session.EvNoteRecorded, Actor: session.FacilitatorID, Item: "i7", Notes: "first", Decision: "Pilot"},
	})
	focused := concat(ideas(session.PhaseDiscuss), []session.Event{facEvent(session.EvItemFocused, "i7"), facEvent(session.EvItemFocused, "i9")})
	postedByP5 := concat(room(session.PhaseIdeas), []session.Event{posted("i7", "t1", "Open data portal", "p5", "IRIA")})
	editedByP5 := concat(ideas(session.PhaseIdeas), []session.Event{{Type: session.EvIdeaEdited, Actor: "p5", Item: "i8", Text: "Shared registries"}})
	commentedByP6 := concat(ideas(session.PhaseDiscuss), []session.Event{commented("c10", "i7", "Yes", "p6", "ASAN")})
	removedVote := concat(voting, []session.Event{voted("p5", "i9", -1)})

	return map[string]decideCase{
		// the facilitator
		"undo a merge": {
			given: merged, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(merged), facEvent(session.EvGroupDissolved, "g10"))...),
		},
		"undo a merge that went over the cap: every vote goes back to its idea": {
			given: votedThenMerged, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(votedThenMerged)-1,
				facEvent(session.EvGroupDissolved, "g15"),
				voted("p5", "i7", 2), voted("p6", "i7", 1), voted("p5", "i8", 2))...),
		},
		"undo adding an idea to a group": {
			given: threeInGroup, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(threeInGroup), session.Event{Type: session.EvIdeaUngrouped, Item: "i9", ID: "g10"})...),
		},
		"undo a merge after an idea of it was deleted": {
			given: concat(merged, []session.Event{{Type: session.EvIdeaDeleted, Actor: "p5", Item: "i8"}}), actor: fac, cmd: undo,
			wantCode: session.ECONFLICT,
		},
		"undo taking an idea out of a group": {
			given: takenOut, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(takenOut), session.Event{Type: session.EvIdeasGrouped, Item: "g10", Ideas: []string{"i9"}})...),
		},
		"undo taking out the last idea, which dissolved the group": {
			given: lastOut, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(lastOut), grouped("g10", "Open data", "t1", "i8"))...),
		},
		"undo dissolving a group: its votes, placement, decision come back": {
			given: votedGroup, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(votedGroup),
				grouped("g10", "Open data", "t1", "i7", "i8"), voted("p6", "g10", 2), placed("g10", "Next", 1),
				session.Event{Type: session.EvNoteRecorded, Item: "g10", Decision: "Pilot"})...),
		},
		"undo dissolving a group whose comments went with it": {
			given: concat(merged, []session.Event{commented("c10", "g10", "Yes", "p6", "ASAN"), facEvent(session.EvGroupDissolved, "g10")}),
			actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undo renaming a group": {
			given: concat(merged, []session.Event{{Type: session.EvGroupRenamed, Actor: session.FacilitatorID, Item: "g10", Name: "Data"}}),
			actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(merged)+1, session.Event{Type: session.EvGroupRenamed, Item: "g10", Name: "Open data"})...),
		},
		"undo hiding an idea: its votes, placement and focus come back": {
			given: hiddenWithVotes, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(hiddenWithVotes),
				facEvent(session.EvIdeaShown, "i9"), voted("p6", "i9", 1), placed("i9", "Now", 1), facEvent(session.EvItemFocused, "i9"))...),
		},
		"undo showing an idea": {
			given: shown, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(shown), facEvent(session.EvIdeaHidden, "i9"))...),
		},
		"undo showing an idea that got a vote since": {
			given: concat(shown, []session.Event{voted("p5", "i9", 1)}), actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undo moving an idea": {
			given: moved, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(moved), session.Event{Type: session.EvIdeaMoved, Item: "i7", Topic: "t1"})...),
		},
		"undo the facilitator's edit": {
			given: edited, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(edited), session.Event{Type: session.EvIdeaEdited, Item: "i7", Text: "Open data portal"})...),
		},
		"undo moving an item on the road map": {
			given: placedTwice, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(placedTwice), placed("i7", "Now", 1))...),
		},
		"undo placing an item": {
			given: placedTwice[:len(placedTwice)-1], actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(placedTwice)-1, facEvent(session.EvRoadmapRemoved, "i9"))...),
		},
		"undo taking an item off the road map": {
			given: unplaced, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(unplaced), placed("i7", "Now", 1))...),
		},
		"undo revealing the tallies": {
			given: concat(voting, []session.Event{{Type: session.EvVotesRevealed, Actor: session.FacilitatorID, Tallies: map[string]int{"i9": 1, "i7": 1}}}),
			actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(voting)+1, session.Event{Type: session.EvVotesHidden})...),
		},
		"undo hiding the tallies reveals them as they are now": {
			given: concat(voting, []session.Event{{Type: session.EvVotesRevealed, Actor: session.FacilitatorID}, {Type: session.EvVotesHidden, Actor: session.FacilitatorID}}),
			actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(voting)+2, session.Event{Type: session.EvVotesRevealed, Tallies: map[string]int{"i9": 1, "i7": 1}})...),
		},
		"undo closing voting": {
			given: concat(voting, []session.Event{{Type: session.EvVotingClosed, Actor: session.FacilitatorID}}), actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(voting)+1, session.Event{Type: session.EvVotingOpened})...),
		},
		"undo a phase change four minutes on": {
			given: phased, actor: fac, cmd: undo,
			// the agenda's rule: a phase change says the phase it leaves
			want: at("facilitator", undone(seqOf(phased), phaseFrom(session.PhaseIdeas, session.PhaseGroup))...),
		},
		"undo a phase change six minutes on": {
			given: concat(ideas(session.PhaseIdeas), []session.Event{{Type: session.EvPhaseChanged, Actor: session.FacilitatorID, Phase: session.PhaseGroup, At: now.Add(-6 * time.Minute)}}),
			actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undo a decision: the notes stay": {
			given: noted, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(noted), session.Event{Type: session.EvNoteRecorded, Item: "i7", Notes: "first"})...),
		},
		"undo the first note removes it": {
			given: noted[:len(noted)-1], actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(noted)-1, session.Event{Type: session.EvNoteRecorded, Item: "i7"})...),
		},
		"undo a focus": {
			given: focused, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(focused), facEvent(session.EvItemFocused, "i7"))...),
		},
		"nothing to undo": {
			given: []session.Event{created()}, actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},

		// a participant
		"undo my idea": {
			given: postedByP5, actor: p5, cmd: undo,
			want: at("p5", undone(seqOf(postedByP5), session.Event{Type: session.EvIdeaDeleted, Item: "i7"})...),
		},
		"undo my idea once someone commented on it": {
			given: concat(postedByP5, []session.Event{commented("c8", "i7", "Good", "p6", "ASAN")}), actor: p5, cmd: undo,
			wantCode: session.ECONFLICT,
		},
		"undo my idea after the ideas phase": {
			given: concat(postedByP5, []session.Event{phase(session.PhaseGroup)}), actor: p5, cmd: undo,
			wantCode: session.EFORBIDDEN,
		},
		"undo my edit": {
			given: editedByP5, actor: p5, cmd: undo,
			want: at("p5", undone(seqOf(editedByP5), session.Event{Type: session.EvIdeaEdited, Item: "i8", Text: "Shared registry"})...),
		},
		"undo my vote": {
			given: voting, actor: p5, cmd: undo,
			want: at("p5", undone(seqOf(voting)-1, voted("p5", "i9", -1))...),
		},
		"undo taking a vote back": {
			given: removedVote, actor: p5, cmd: undo,
			want: at("p5", undone(seqOf(removedVote), voted("p5", "i9", 1))...),
		},
		"undo my vote once voting is closed": {
			given: concat(voting, []session.Event{{Type: session.EvVotingClosed, Actor: session.FacilitatorID}}), actor: p5, cmd: undo,
			wantCode: session.EFORBIDDEN,
		},
		"undo my vote once it went into a group": {
			given: votedThenMerged, actor: p5, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undo my comment": {
			given: commentedByP6, actor: p6, cmd: undo,
			want: at("p6", undone(seqOf(commentedByP6), session.Event{Type: session.EvCommentDeleted, Item: "c10"})...),
		},
		"another's action is not mine to undo": {
			given: commentedByP6, actor: p5, cmd: undo, wantCode: session.EFORBIDDEN, // p5's newest is an idea, and the phase is over
		},
		"nothing of mine to undo": {
			given: room(session.PhaseIdeas), actor: p5, cmd: undo, wantCode: session.ECONFLICT,
		},
	}
}

// TestUndoRefusalsSayWhy: an action that something done since depends on
// is refused with a key that says what.
func TestUndoRefusalsSayWhy(t *testing.T) {
	merged := concat(ideas(session.PhaseGroup), []session.Event{grouped("g10", "Open data", "t1", "i7", "i8")})
	for name, tc := range map[string]struct {
		given []session.Event
		actor session.Actor
		key   string
	}{
		"nothing":              {[]session.Event{created()}, fac, "errors.undo_nothing"},
		"an idea was deleted":  {concat(merged, []session.Event{{Type: session.EvIdeaDeleted, Actor: "p5", Item: "i8"}}), fac, "errors.undo_group_changed"},
		"the group is gone":    {concat(merged, []session.Event{{Type: session.EvIdeaDeleted, Actor: "p5", Item: "i8"}, {Type: session.EvIdeaDeleted, Actor: "p5", Item: "i7"}}), fac, "errors.undo_gone"},
		"votes since":          {concat(ideas(session.PhaseVote), []session.Event{grouped("g10", "Open data", "t1", "i7", "i8"), voted("p6", "g10", 1)}), fac, "errors.undo_votes_since"},
		"comments went with":   {concat(merged, []session.Event{commented("c10", "g10", "Yes", "p6", "ASAN"), facEvent(session.EvGroupDissolved, "g10")}), fac, "errors.undo_comments_lost"},
		"comments on a merge":  {concat(merged, []session.Event{commented("c10", "g10", "Yes", "p6", "ASAN")}), fac, "errors.undo_comments_since"},
		"built on":             {concat(ideas(session.PhaseIdeas), []session.Event{commented("c10", "i9", "Yes", "p5", "IRIA")}), p6, "errors.undo_built_on"},
		"too late":             {concat(ideas(session.PhaseIdeas), []session.Event{{Type: session.EvPhaseChanged, Actor: session.FacilitatorID, Phase: session.PhaseGroup, At: now.Add(-6 * time.Minute)}}), fac, "errors.undo_too_late"},
		"grouped since (vote)": {concat(ideas(session.PhaseVote), []session.Event{voted("p5", "i7", 1), grouped("g10", "Open data", "t1", "i7", "i8"), phase(session.PhaseVote)}), p5, "errors.undo_grouped_since"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := session.Decide(given(t, tc.given...), tc.actor, session.Command{Type: session.CmdUndo}, now)
			if e := session.AsError(err); e == nil || e.Key != tc.key {
				t.Fatalf("refusal %v, want %s", err, tc.key)
			}
		})
	}
}

// TestUndoHistoryIsRebuiltAndPopped: the lists are Apply's, so a replay of
// the log has them; an undo takes its action off, and is not itself an
// action: the next undo reaches the action before.
func TestUndoHistoryIsRebuiltAndPopped(t *testing.T) {
	evs := concat(ideas(session.PhaseGroup), []session.Event{
		facEvent(session.EvIdeaHidden, "i9"),
		{Type: session.EvIdeaMoved, Actor: session.FacilitatorID, Item: "i7", Topic: "t2"},
	})
	s := given(t, evs...)
	if u := s.NextUndo(session.FacilitatorID); u == nil || u.Kind != session.EvIdeaMoved {
		t.Fatalf("next undo %+v, want the move", u)
	}
	out, err := session.Decide(s, fac, session.Command{Type: session.CmdUndo}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range out {
		e.Seq = s.Seq + 1
		s.Apply(e)
	}
	if u := s.NextUndo(session.FacilitatorID); u == nil || u.Kind != session.EvIdeaHidden {
		t.Fatalf("after undoing the move, next undo %+v, want the hide", u)
	}
	if s.Ideas["i7"].Topic != "t1" {
		t.Fatalf("i7 is under %s, want t1", s.Ideas["i7"].Topic)
	}
	if u := s.NextUndo("p5"); u == nil || u.Kind != session.EvIdeaPosted || u.Item != "i8" {
		t.Fatalf("p5's next undo %+v, want posting i8", u)
	}
	// Redacted for p6, the undo's events carry no undoes.
	for _, e := range out {
		if r := session.Redact(e, p6, true, false); r.Undoes != 0 {
			t.Fatalf("p6 sees undoes %d", r.Undoes)
		}
		if r := session.Redact(e, fac, true, false); r.Undoes == 0 {
			t.Fatal("the facilitator does not see which action was undone")
		}
	}
	// Only one's own list survives redaction.
	v := session.RedactState(s, p5)
	if len(v.Undo) != 1 || len(v.Undo["p5"]) == 0 {
		t.Fatalf("p5's copy holds undo lists %v", v.Undo)
	}
}
