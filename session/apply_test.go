package session_test

import (
	"testing"
	"time"

	"roundtable/session"
)

// applyCase reads: given these events, then this part of the state is want.
// Parts are compared as JSON so nil and empty collections agree.
type applyCase struct {
	given []session.Event
	then  func(s *session.State) any
	want  any
}

func runApply(t *testing.T, cases map[string]applyCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := given(t, tc.given...)
			if got, want := jsonOf(t, tc.then(s)), jsonOf(t, tc.want); got != want {
				t.Fatalf("\n got  %s\n want %s", got, want)
			}
		})
	}
}

// spent returns every participant's VotesSpent.
func spent(s *session.State) any {
	out := map[string]int{}
	for id, p := range s.Participants {
		out[id] = p.VotesSpent
	}
	return out
}

func votes(s *session.State) any { return s.Votes }

type votesAndSpent struct {
	Votes map[string]map[string]int
	Spent any
}

func votesSpent(s *session.State) any { return votesAndSpent{s.Votes, spent(s)} }

func TestApplyVotes(t *testing.T) {
	cast := concat(ideas(session.PhaseVote), []session.Event{
		voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p6", "i7", 1), voted("p5", "i8", 1),
	})
	with := func(evs ...session.Event) []session.Event { return concat(cast, evs) }
	type vs = map[string]map[string]int
	type sp = map[string]int
	runApply(t, map[string]applyCase{
		"votes add up per item and participant": {
			given: cast, then: votesSpent,
			want: votesAndSpent{vs{"i7": {"p5": 2, "p6": 1}, "i8": {"p5": 1}}, sp{"p5": 3, "p6": 1}},
		},
		"taking the last vote back removes the entry": {
			given: with(voted("p5", "i8", -1)), then: votesSpent,
			want: votesAndSpent{vs{"i7": {"p5": 2, "p6": 1}}, sp{"p5": 2, "p6": 1}},
		},
		"grouping moves the votes to the group": {
			given: with(grouped("g10", "Data", "t1", "i7", "i8")), then: votesSpent,
			want: votesAndSpent{vs{"g10": {"p5": 3, "p6": 1}}, sp{"p5": 3, "p6": 1}},
		},
		"adding to a group adds the votes": {
			given: with(grouped("g10", "Data", "t1", "i8"), voted("p6", "g10", 1), addedTo("g10", "i7")), then: votesSpent,
			want: votesAndSpent{vs{"g10": {"p5": 3, "p6": 2}}, sp{"p5": 3, "p6": 2}},
		},
		"dissolving a group returns its votes": {
			given: with(grouped("g10", "Data", "t1", "i7", "i8"), voted("p6", "g10", 1), facEvent(session.EvGroupDissolved, "g10")), then: votesSpent,
			want: votesAndSpent{vs{}, sp{"p5": 0, "p6": 0}},
		},
		"taking the last idea out of a group dissolves it and returns its votes": {
			given: with(grouped("g10", "Data", "t1", "i7"),
				session.Event{Type: session.EvIdeaUngrouped, Actor: session.FacilitatorID, Item: "i7", ID: "g10"}), then: votesSpent,
			want: votesAndSpent{vs{"i8": {"p5": 1}}, sp{"p5": 1, "p6": 0}},
		},
		"taking one idea out of a group leaves the votes on the group": {
			given: with(grouped("g10", "Data", "t1", "i7", "i8"),
				session.Event{Type: session.EvIdeaUngrouped, Actor: session.FacilitatorID, Item: "i7", ID: "g10"}), then: votesSpent,
			want: votesAndSpent{vs{"g10": {"p5": 3, "p6": 1}}, sp{"p5": 3, "p6": 1}},
		},
		"deleting an idea returns its votes": {
			given: with(facEvent(session.EvIdeaDeleted, "i7")), then: votesSpent,
			want: votesAndSpent{vs{"i8": {"p5": 1}}, sp{"p5": 1, "p6": 0}},
		},
		"hiding an idea returns its votes": {
			given: with(facEvent(session.EvIdeaHidden, "i7")), then: votesSpent,
			want: votesAndSpent{vs{"i8": {"p5": 1}}, sp{"p5": 1, "p6": 0}},
		},
		"showing an idea again does not bring its votes back": {
			given: with(facEvent(session.EvIdeaHidden, "i7"), facEvent(session.EvIdeaShown, "i7")), then: votesSpent,
			want: votesAndSpent{vs{"i8": {"p5": 1}}, sp{"p5": 1, "p6": 0}},
		},
		"deleting the last idea of a group dissolves it and returns its votes": {
			given: with(grouped("g10", "Data", "t1", "i8"), facEvent(session.EvIdeaDeleted, "i8")), then: votesSpent,
			want: votesAndSpent{vs{"i7": {"p5": 2, "p6": 1}}, sp{"p5": 2, "p6": 1}},
		},
		"a vote on something that does not exist changes nothing": {
			given: with(voted("p5", "i99", 1)), then: votesSpent,
			want: votesAndSpent{vs{"i7": {"p5": 2, "p6": 1}, "i8": {"p5": 1}}, sp{"p5": 3, "p6": 1}},
		},
		"revealing fills in the others in a participant's copy": {
			given: concat(ideas(session.PhaseVote), []session.Event{
				voted("p5", "i7", 1),
				{Type: session.EvVotesRevealed, Actor: session.FacilitatorID, Tallies: map[string]int{"i7": 4, "i9": 2}},
			}), then: votes,
			want: vs{"i7": {"p5": 1, "": 3}, "i9": {"": 2}},
		},
		"others' votes while revealed, then hiding clears the others": {
			given: concat(ideas(session.PhaseVote), []session.Event{
				voted("p5", "i7", 1),
				{Type: session.EvVotesRevealed, Actor: session.FacilitatorID, Tallies: map[string]int{"i7": 2}},
				voted("", "i7", 1), voted("", "i9", 1), voted("", "i9", 1), voted("", "i9", -1),
				facEvent(session.EvVotesHidden, ""),
			}), then: votes,
			want: vs{"i7": {"p5": 1}},
		},
		"grouping in a participant's copy moves the others too": {
			given: concat(ideas(session.PhaseVote), []session.Event{
				voted("p5", "i7", 1),
				{Type: session.EvVotesRevealed, Actor: session.FacilitatorID, Tallies: map[string]int{"i7": 2, "i8": 3}},
				grouped("g10", "Data", "t1", "i7", "i8"),
				voted("", "g10", -1),
			}), then: votes,
			want: vs{"g10": {"p5": 1, "": 3}},
		},
	})
}

func TestApplyGroupMergeRefund(t *testing.T) {
	s := given(t, concat(ideas(session.PhaseVote), []session.Event{
		voted("p5", "i7", 1), voted("p5", "i7", 1), voted("p5", "i7", 1),
		voted("p5", "i8", 1), voted("p5", "i8", 1),
	})...)
	evs, err := session.Decide(s, fac, session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i8"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		s.Apply(e)
	}
	if got := s.Votes["g10"]["p5"]; got != s.Settings.VoteCap {
		t.Errorf("votes on the group = %d, want the cap %d", got, s.Settings.VoteCap)
	}
	if got := s.Participants["p5"].VotesSpent; got != 3 {
		t.Errorf("votes spent = %d, want 3 after 2 went back", got)
	}
}

func TestApplyForgetsWhatHangsOnAnItem(t *testing.T) {
	base := concat(ideas(session.PhaseDiscuss), []session.Event{
		commented("c10", "i7", "first", "p6", "ASAN"),
		commented("c11", "i9", "other", "p6", "ASAN"),
		{Type: session.EvNoteRecorded, Actor: session.FacilitatorID, Item: "i7", Notes: "n"},
		facEvent(session.EvItemFocused, "i7"),
		placed("i8", "Now", 0), placed("i7", "Now", 0), placed("i9", "Now", 0),
	})
	type view struct {
		Comments []string
		Notes    []string
		Focus    string
		Roadmap  map[string]int
	}
	look := func(s *session.State) any {
		v := view{Focus: s.Focus, Roadmap: map[string]int{}}
		for id := range s.Comments {
			v.Comments = append(v.Comments, id)
		}
		session.ByID(v.Comments)
		for id := range s.Notes {
			v.Notes = append(v.Notes, id)
		}
		for id, r := range s.Roadmap {
			v.Roadmap[id] = r.Order
		}
		return v
	}
	runApply(t, map[string]applyCase{
		"before": {
			given: base, then: look,
			want: view{Comments: []string{"c10", "c11"}, Notes: []string{"i7"}, Focus: "i7", Roadmap: map[string]int{"i8": 1, "i7": 2, "i9": 3}},
		},
		"deleting an idea drops its comments, notes, focus and placement": {
			given: concat(base, []session.Event{facEvent(session.EvIdeaDeleted, "i7")}), then: look,
			want: view{Comments: []string{"c11"}, Focus: "", Roadmap: map[string]int{"i8": 1, "i9": 2}},
		},
		"hiding an idea keeps its comments and notes but drops focus and placement": {
			given: concat(base, []session.Event{facEvent(session.EvIdeaHidden, "i7")}), then: look,
			want: view{Comments: []string{"c10", "c11"}, Notes: []string{"i7"}, Roadmap: map[string]int{"i8": 1, "i9": 2}},
		},
		"grouping an idea moves the focus to the group and takes the idea off the road map": {
			given: concat(base, []session.Event{grouped("g12", "G", "t1", "i7")}), then: look,
			want: view{Comments: []string{"c10", "c11"}, Notes: []string{"i7"}, Focus: "g12", Roadmap: map[string]int{"i8": 1, "i9": 2}},
		},
		"dissolving a group drops its comments, notes and placement": {
			given: concat(base, []session.Event{
				grouped("g12", "G", "t1", "i7"), placed("g12", "Now", 1),
				commented("c13", "g12", "on the group", "p5", "IRIA"),
				{Type: session.EvNoteRecorded, Actor: session.FacilitatorID, Item: "g12", Decision: "d"},
				facEvent(session.EvGroupDissolved, "g12"),
			}), then: look,
			want: view{Comments: []string{"c10", "c11"}, Notes: []string{"i7"}, Roadmap: map[string]int{"i8": 1, "i9": 2}},
		},
		"a note with nothing in it is removed": {
			given: concat(base, []session.Event{facEvent(session.EvNoteRecorded, "i7")}), then: look,
			want: view{Comments: []string{"c10", "c11"}, Focus: "i7", Roadmap: map[string]int{"i8": 1, "i7": 2, "i9": 3}},
		},
	})
}

func TestApplyRoadmapOrder(t *testing.T) {
	rm := concat(ideas(session.PhaseRoadmap), []session.Event{
		posted("i10", "t3", "Fourth", session.FacilitatorID, ""),
		placed("i7", "Now", 0), placed("i8", "Now", 0), placed("i9", "Now", 0),
	})
	with := func(evs ...session.Event) []session.Event { return concat(rm, evs) }
	order := func(s *session.State) any {
		out := map[string][]string{}
		for _, h := range s.Settings.Horizons {
			for _, r := range s.RoadmapIn(h) {
				out[h] = append(out[h], r.Item)
			}
		}
		// RoadmapIn sorts by Order; check the numbers are 1..n as well.
		for _, h := range s.Settings.Horizons {
			for k, r := range s.RoadmapIn(h) {
				if r.Order != k+1 {
					out["bad order"] = append(out["bad order"], r.Item)
				}
			}
		}
		return out
	}
	type m = map[string][]string
	runApply(t, map[string]applyCase{
		"order 0 appends":            {given: rm, then: order, want: m{"Now": {"i7", "i8", "i9"}}},
		"order 1 inserts first":      {given: with(placed("i10", "Now", 1)), then: order, want: m{"Now": {"i10", "i7", "i8", "i9"}}},
		"order 2 inserts second":     {given: with(placed("i10", "Now", 2)), then: order, want: m{"Now": {"i7", "i10", "i8", "i9"}}},
		"an order past the end":      {given: with(placed("i10", "Now", 9)), then: order, want: m{"Now": {"i7", "i8", "i9", "i10"}}},
		"placing again moves it":     {given: with(placed("i9", "Now", 1)), then: order, want: m{"Now": {"i9", "i7", "i8"}}},
		"moving down within a lane":  {given: with(placed("i7", "Now", 3)), then: order, want: m{"Now": {"i8", "i9", "i7"}}},
		"moving to another horizon":  {given: with(placed("i8", "Later", 0)), then: order, want: m{"Now": {"i7", "i9"}, "Later": {"i8"}}},
		"taking off renumbers":       {given: with(facEvent(session.EvRoadmapRemoved, "i7")), then: order, want: m{"Now": {"i8", "i9"}}},
		"deleting an idea renumbers": {given: with(facEvent(session.EvIdeaDeleted, "i8")), then: order, want: m{"Now": {"i7", "i9"}}},
		"hiding an idea renumbers":   {given: with(facEvent(session.EvIdeaHidden, "i7")), then: order, want: m{"Now": {"i8", "i9"}}},
		"placing nothing that exists": {
			given: with(placed("i99", "Now", 1)), then: order, want: m{"Now": {"i7", "i8", "i9"}},
		},
	})
}

func TestApplyTimer(t *testing.T) {
	base := room(session.PhaseIdeas)
	ev := func(typ string, at time.Time, d time.Duration, ends time.Time) session.Event {
		return session.Event{Type: typ, At: at, Actor: session.FacilitatorID, Duration: d, EndsAt: ends}
	}
	t1 := now.Add(2 * time.Minute)
	started := ev(session.EvTimerStarted, now, 10*time.Minute, now.Add(10*time.Minute))
	paused := ev(session.EvTimerPaused, t1, 8*time.Minute, time.Time{})
	type view struct {
		Timer session.Timer
		Left  time.Duration
		Set   bool
	}
	at := func(when time.Time) func(s *session.State) any {
		return func(s *session.State) any { return view{s.Timer, s.Timer.Left(when), s.Timer.Set()} }
	}
	runApply(t, map[string]applyCase{
		"no timer": {given: base, then: at(now), want: view{}},
		"started": {
			given: concat(base, []session.Event{started}), then: at(t1),
			want: view{session.Timer{Running: true, EndsAt: now.Add(10 * time.Minute), Duration: 10 * time.Minute}, 8 * time.Minute, true},
		},
		"run out": {
			given: concat(base, []session.Event{started}), then: at(now.Add(time.Hour)),
			want: view{session.Timer{Running: true, EndsAt: now.Add(10 * time.Minute), Duration: 10 * time.Minute}, 0, true},
		},
		"paused keeps what is left": {
			given: concat(base, []session.Event{started, paused}), then: at(now.Add(time.Hour)),
			want: view{session.Timer{Remaining: 8 * time.Minute, EndsAt: t1.Add(8 * time.Minute), Duration: 10 * time.Minute}, 8 * time.Minute, true},
		},
		"resumed runs again": {
			given: concat(base, []session.Event{started, paused, ev(session.EvTimerResumed, now.Add(5*time.Minute), 0, now.Add(13*time.Minute))}),
			then:  at(now.Add(5 * time.Minute)),
			want:  view{session.Timer{Running: true, EndsAt: now.Add(13 * time.Minute), Duration: 10 * time.Minute}, 8 * time.Minute, true},
		},
		"extended while running": {
			given: concat(base, []session.Event{started, ev(session.EvTimerStarted, t1, 12*time.Minute, t1.Add(10*time.Minute))}),
			then:  at(t1),
			want:  view{session.Timer{Running: true, EndsAt: t1.Add(10 * time.Minute), Duration: 12 * time.Minute}, 10 * time.Minute, true},
		},
		"extended while paused": {
			given: concat(base, []session.Event{started, paused, ev(session.EvTimerPaused, t1, 9*time.Minute, time.Time{})}),
			then:  at(now.Add(time.Hour)),
			want:  view{session.Timer{Remaining: 9 * time.Minute, EndsAt: t1.Add(9 * time.Minute), Duration: 10 * time.Minute}, 9 * time.Minute, true},
		},
		"stopped": {
			given: concat(base, []session.Event{started, paused, ev(session.EvTimerStopped, t1, 0, time.Time{})}),
			then:  at(t1), want: view{},
		},
	})
}

func TestApplyDecidedTimer(t *testing.T) {
	// The same sequence through Decide: start, pause, extend, resume, stop.
	s := given(t, room(session.PhaseIdeas)...)
	clock := now
	step := func(action string, seconds int, advance time.Duration) {
		t.Helper()
		clock = clock.Add(advance)
		evs, err := session.Decide(s, fac, session.Command{Type: session.CmdTimer, Action: action, Seconds: seconds}, clock)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		for _, e := range evs {
			s.Apply(e)
		}
	}
	step(session.TimerStart, 600, 0)
	step(session.TimerPause, 0, 3*time.Minute)
	if left := s.Timer.Left(clock.Add(time.Hour)); left != 7*time.Minute || s.Timer.Running {
		t.Fatalf("paused: left %v running %v, want 7m paused", left, s.Timer.Running)
	}
	step(session.TimerExtend, 60, time.Minute)
	step(session.TimerResume, 0, time.Minute)
	if left := s.Timer.Left(clock.Add(time.Minute)); left != 7*time.Minute || !s.Timer.Running {
		t.Fatalf("resumed: left %v running %v, want 7m running", left, s.Timer.Running)
	}
	step(session.TimerExtend, -120, 0)
	if left := s.Timer.Left(clock); left != 6*time.Minute {
		t.Fatalf("shortened: left %v, want 6m", left)
	}
	step(session.TimerStop, 0, 0)
	if s.Timer.Set() {
		t.Fatalf("stopped timer is still set: %+v", s.Timer)
	}
}

func TestApplyDone(t *testing.T) {
	mark := func(id string, p session.Phase) session.Event {
		return session.Event{Type: session.EvDoneMarked, Actor: id, ID: id, Phase: p}
	}
	clear := func(id string, p session.Phase) session.Event {
		return session.Event{Type: session.EvDoneCleared, Actor: id, ID: id, Phase: p}
	}
	done := func(s *session.State) any { return s.Done }
	type d = map[session.Phase]map[string]bool
	base := room(session.PhaseIdeas)
	runApply(t, map[string]applyCase{
		"marked": {given: concat(base, []session.Event{mark("p5", session.PhaseIdeas), mark("p6", session.PhaseIdeas)}), then: done,
			want: d{"ideas": {"p5": true, "p6": true}}},
		"per phase": {given: concat(base, []session.Event{mark("p5", session.PhaseIdeas), mark("p5", session.PhaseVote)}), then: done,
			want: d{"ideas": {"p5": true}, "vote": {"p5": true}}},
		"cleared": {given: concat(base, []session.Event{mark("p5", session.PhaseIdeas), mark("p6", session.PhaseIdeas), clear("p5", session.PhaseIdeas)}), then: done,
			want: d{"ideas": {"p6": true}}},
		"the last one cleared removes the phase": {given: concat(base, []session.Event{mark("p5", session.PhaseIdeas), clear("p5", session.PhaseIdeas)}), then: done,
			want: d{}},
	})
}

func TestApplySessionAndMisc(t *testing.T) {
	runApply(t, map[string]applyCase{
		"topics get ids from the counter": {
			given: room(session.PhaseLobby), then: func(s *session.State) any { return []any{s.Topics, s.Counter, s.Seq} },
			want: []any{[]session.Topic{{ID: "t1", Name: "Development"}, {ID: "t2", Name: "Coordination"}, {ID: "t3", Name: "Integration"}, {ID: "t4", Name: "Other"}}, 6, 3},
		},
		"an unknown or redacted event changes only the sequence number": {
			given: concat(room(session.PhaseLobby), []session.Event{{Type: "meteor_strike", ID: "x"}, {Type: session.EvRedacted, Seq: 9}}),
			then:  func(s *session.State) any { return []any{s.Seq, s.Counter, len(s.Ideas), s.Phase} },
			want:  []any{9, 6, 0, "lobby"},
		},
		"feedback given again replaces it": {
			given: concat(room(session.PhaseClosed), []session.Event{
				{Type: session.EvFeedbackGiven, Actor: "p5", Rating: 2, Text: "meh"},
				{Type: session.EvFeedbackGiven, Actor: "p5", Rating: 5, Text: "great"},
			}),
			then: func(s *session.State) any {
				return []any{len(s.Feedback), s.Feedback["p5"].Rating, s.Feedback["p5"].Text}
			},
			want: []any{1, 5, "great"},
		},
		"an edited idea keeps its author and records the time": {
			given: concat(ideas(session.PhaseIdeas), []session.Event{{Type: session.EvIdeaEdited, Actor: session.FacilitatorID, Item: "i7", Text: "new", At: now}}),
			then: func(s *session.State) any {
				return []any{s.Ideas["i7"].Text, s.Ideas["i7"].Author, s.Ideas["i7"].EditedAt}
			},
			want: []any{"new", "p5", now},
		},
		"a removed topic is gone": {
			given: concat(room(session.PhaseLobby), []session.Event{{Type: session.EvTopicRemoved, Actor: session.FacilitatorID, Topic: "t2"}}),
			then:  func(s *session.State) any { return []any{len(s.Topics), s.Topic("t2") == nil, s.TopicIndex("t3")} },
			want:  []any{3, true, 1},
		},
	})
}
