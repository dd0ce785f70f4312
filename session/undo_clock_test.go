package session_test

import (
	"testing"
	"time"

	"roundtable/session"
)

// Undo with the agenda, private rounds, moderation and votes given back
// (issue 15, undo_clock.go, undo_moderation.go): given an action, when
// its actor undoes, then the inverse events.

// restored is timer_restored setting t again.
func restored(t session.Timer) session.Event {
	return session.Event{Type: session.EvTimerRestored, Actor: session.FacilitatorID, Timer: &t}
}

// atTime sets the time of events, as given otherwise numbers them.
func atTime(t time.Time, evs ...session.Event) []session.Event {
	for k := range evs {
		evs[k].At = t
	}
	return evs
}

func undoMoreCases() map[string]decideCase {
	undo := session.Command{Type: session.CmdUndo}
	room := plannedRoom() // ideas, fifteen minutes running since epoch+3s
	running := stateAfter(room...).Timer
	// set_phase group four minutes ago: the ideas clock stopped, the
	// group's ten minutes started
	toGroup := concat(room, atTime(lastFive, phaseFrom(session.PhaseGroup, session.PhaseIdeas), stoppedTimer(room...), startedAt(10*time.Minute, lastFive)))
	pausedRoom := concat(room, []session.Event{{Type: session.EvTimerPaused, Actor: session.FacilitatorID, Duration: 4 * time.Minute}})
	paused := stateAfter(pausedRoom...).Timer
	pausedToGroup := concat(pausedRoom, atTime(lastFive, phaseFrom(session.PhaseGroup, session.PhaseIdeas), stoppedTimer(pausedRoom...), startedAt(10*time.Minute, lastFive)))
	// no timer in the lobby; the ideas phase's fifteen minutes started
	lobby := []session.Event{createdWith(planned(), session.DefaultTopics()...), joined("p5", "Aysel", "IRIA")}
	fromLobby := concat(lobby, atTime(lastFive, phaseFrom(session.PhaseIdeas, session.PhaseLobby), startedAt(15*time.Minute, lastFive)))
	// a focus in the discuss phase starts the item's five minutes
	discussing := concat(room, []session.Event{phase(session.PhaseDiscuss)})
	focused := concat(discussing, atTime(lastFive, facEvent(session.EvItemFocused, "i7"), stoppedTimer(discussing...), startedAt(5*time.Minute, lastFive)))

	// private rounds
	privLobby := []session.Event{createdWith(privateSettings(), session.DefaultTopics()...), joined("p5", "Aysel", "IRIA")}
	begun := concat(privLobby, atTime(lastFive, phaseFrom(session.PhaseIdeas, session.PhaseLobby), concealed()))
	postedSince := concat(begun, []session.Event{privatePosted("i4", "t1", "Open data", "p5", "IRIA")})
	emptyRound := concat(privLobby, []session.Event{phaseFrom(session.PhaseIdeas, session.PhaseLobby), concealed()})
	endedEmpty := concat(emptyRound, atTime(lastFive, session.Event{Type: session.EvIdeasRevealed, Actor: session.FacilitatorID},
		endingRound(phaseFrom(session.PhaseGroup, session.PhaseIdeas))))
	privRoom := privateRoom()
	endedWithIdeas := concat(privRoom, atTime(lastFive, revealedOf(privRoom, "i7", "i9"), endingRound(phaseFrom(session.PhaseGroup, session.PhaseIdeas))))

	// votes given back after a vote
	voteThenRefund := concat(ideas(session.PhaseVote), []session.Event{voted("p5", "i9", 1), voted("p5", "i9", 1),
		{Type: session.EvSettingsUpdated, Actor: session.FacilitatorID, Settings: &session.Settings{Title: "Roundtable", VoteBudget: 5, VoteCap: 1, Anonymous: true, Horizons: []string{"Now", "Next", "Later"}}},
		refunded("p5", "i9", 1)})

	return map[string]decideCase{
		"undo a phase change: the clock it stopped runs again": {
			given: toGroup, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(toGroup)-2, phaseFrom(session.PhaseIdeas, session.PhaseGroup), restored(running))...),
		},
		"undo a phase change: a paused clock is paused again, as it was": {
			given: pausedToGroup, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(pausedToGroup)-2, phaseFrom(session.PhaseIdeas, session.PhaseGroup), restored(paused))...),
		},
		"undo a phase change from a phase without a clock stops the new one": {
			given: fromLobby, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(fromLobby)-1, phaseFrom(session.PhaseLobby, session.PhaseIdeas), stoppedTimer(fromLobby...))...),
		},
		"undo a focus: the item's clock gives way to the one before": {
			given: focused, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(focused)-2, facEvent(session.EvItemFocused, ""), restored(running))...),
		},
		"undo entering a private round before anyone posted: the round ends with nothing to reveal": {
			given: begun, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(begun)-1, session.Event{Type: session.EvIdeasRevealed}, endingRound(phaseFrom(session.PhaseLobby, session.PhaseIdeas)))...),
		},
		"undo entering a private round once private ideas were posted": {
			given: postedSince, actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undo leaving an empty private round: it begins again": {
			given: endedEmpty, actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(endedEmpty), phaseFrom(session.PhaseIdeas, session.PhaseGroup), concealed())...),
		},
		"undo leaving a private round that revealed ideas": {
			given: endedWithIdeas, actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undo a rename": {
			given: concat(room, []session.Event{renamed("p5", "Aysel Quliyeva", "Aysel")}), actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(room)+1, renamed("p5", "Aysel", "Aysel Quliyeva"))...),
		},
		"undo a removal re-admits": {
			given: concat(room, []session.Event{removed("p6", session.AttributionRemoved)}), actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(room)+1, readmitted("p6", session.AttributionRemoved))...),
		},
		"undo a re-admission removes again, attributed as before": {
			given: concat(room, []session.Event{removed("p6", session.AttributionRemoved), readmitted("p6", session.AttributionRemoved)}), actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(room)+2, removed("p6", session.AttributionRemoved))...),
		},
		"undo read-only lifts it": {
			given: concat(room, []session.Event{madeReadOnly("p5")}), actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(room)+1, readOnlyLifted("p5"))...),
		},
		"undo lifting read-only": {
			given: concat(room, []session.Event{madeReadOnly("p5"), readOnlyLifted("p5")}), actor: fac, cmd: undo,
			want: at("facilitator", undone(seqOf(room)+2, madeReadOnly("p5"))...),
		},
		"a participant's vote whose votes were given back since": {
			given: voteThenRefund, actor: p5, cmd: undo, wantCode: session.ECONFLICT,
		},
	}
}

// TestUndoMoreRefusalsSayWhy: the refusals of undo_clock.go name their reason.
func TestUndoMoreRefusalsSayWhy(t *testing.T) {
	cases := undoMoreCases()
	for name, key := range map[string]string{
		"undo entering a private round once private ideas were posted": "errors.undo_private_since",
		"undo leaving a private round that revealed ideas":             "errors.undo_ideas_revealed",
		"a participant's vote whose votes were given back since":       "errors.undo_changed",
	} {
		tc := cases[name]
		_, err := session.Decide(given(t, tc.given...), tc.actor, tc.cmd, now)
		if got := session.AsError(err); got == nil || got.Key != key {
			t.Errorf("%s: refused with %v, want %s", name, err, key)
		}
	}
}
