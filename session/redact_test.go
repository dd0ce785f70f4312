package session_test

import (
	"reflect"
	"testing"

	"roundtable/session"
)

func TestRedact(t *testing.T) {
	vote := session.Event{Seq: 12, Type: session.EvVoteCast, At: now, Actor: "p5", Item: "i7", Delta: 1}
	idea := session.Event{Seq: 13, Type: session.EvIdeaPosted, At: now, Actor: "p5", ID: "i7", Topic: "t1", Text: "x", Institution: "IRIA"}
	feedback := session.Event{Seq: 14, Type: session.EvFeedbackGiven, At: now, Actor: "p5", Rating: 4, Text: "good"}
	join := session.Event{Seq: 15, Type: session.EvParticipantJoined, At: now, Actor: "p5", ID: "p5", Name: "Aysel", TokenHash: "secret"}
	facIdea := session.Event{Seq: 16, Type: session.EvIdeaPosted, At: now, Actor: session.FacilitatorID, ID: "i8", Topic: "t1", Text: "y"}
	with := func(e session.Event, f func(*session.Event)) session.Event { f(&e); return e }
	redacted := func(e session.Event) session.Event {
		return session.Event{Seq: e.Seq, Type: session.EvRedacted, At: e.At}
	}
	noActor := func(e *session.Event) { e.Actor = "" }
	tests := map[string]struct {
		e                   session.Event
		v                   session.Viewer
		anonymous, revealed bool
		want                session.Event
	}{
		"the facilitator sees a vote":              {e: vote, v: fac, want: vote},
		"the voter sees their vote":                {e: vote, v: p5, anonymous: true, want: vote},
		"another participant, votes hidden":        {e: vote, v: p6, anonymous: true, want: redacted(vote)},
		"another participant, votes revealed":      {e: vote, v: p6, revealed: true, want: with(vote, noActor)},
		"an observer, votes hidden":                {e: vote, v: observer, want: redacted(vote)},
		"an observer, votes revealed":              {e: vote, v: observer, anonymous: true, revealed: true, want: with(vote, noActor)},
		"the author sees their anonymous idea":     {e: idea, v: p5, anonymous: true, want: idea},
		"another participant, anonymous idea":      {e: idea, v: p6, anonymous: true, want: with(idea, noActor)},
		"an observer, anonymous idea":              {e: idea, v: observer, anonymous: true, want: with(idea, noActor)},
		"another participant, open idea":           {e: idea, v: p6, want: idea},
		"the facilitator's idea is never hidden":   {e: facIdea, v: p6, anonymous: true, want: facIdea},
		"the facilitator sees an anonymous idea":   {e: idea, v: fac, anonymous: true, want: idea},
		"the giver sees their feedback":            {e: feedback, v: p5, anonymous: true, want: feedback},
		"another participant's feedback":           {e: feedback, v: p6, want: redacted(feedback)},
		"feedback to an observer":                  {e: feedback, v: observer, revealed: true, want: redacted(feedback)},
		"the facilitator sees feedback":            {e: feedback, v: fac, want: feedback},
		"token hashes reach nobody, facilitator":   {e: join, v: fac, want: with(join, func(e *session.Event) { e.TokenHash = "" })},
		"token hashes reach nobody, themself":      {e: join, v: p5, anonymous: true, want: with(join, func(e *session.Event) { e.TokenHash = "" })},
		"token hashes reach nobody, anonymous":     {e: join, v: p6, anonymous: true, want: with(join, func(e *session.Event) { e.TokenHash = ""; e.Actor = "" })},
		"an observer with no id is nobody's self":  {e: with(idea, noActor), v: observer, anonymous: true, want: with(idea, noActor)},
		"a participant with no id sees no authors": {e: idea, v: session.Viewer{Role: session.RoleParticipant}, anonymous: true, want: with(idea, noActor)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := session.Redact(tc.e, tc.v, tc.anonymous, tc.revealed)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

func TestRedactState(t *testing.T) {
	s := given(t, concat(ideas(session.PhaseVote), []session.Event{
		{Type: session.EvParticipantJoined, Actor: "p10", ID: "p10", Name: "Leyla", Institution: "DTX", TokenHash: "secret"},
		commented("c11", "i9", "c", "p6", "ASAN"),
		commented("c12", "i9", "f", session.FacilitatorID, ""),
		voted("p5", "i7", 2), voted("p6", "i7", 1), voted("p6", "i9", 1),
		phase(session.PhaseClosed),
		{Type: session.EvFeedbackGiven, Actor: "p5", Rating: 5},
		{Type: session.EvFeedbackGiven, Actor: "p6", Rating: 3},
	})...)
	type view struct {
		Authors  map[string]string
		Votes    map[string]map[string]int
		Spent    map[string]int
		Feedback []string
		Tokens   int
	}
	look := func(r *session.State) view {
		v := view{Authors: map[string]string{}, Spent: map[string]int{}}
		for id, i := range r.Ideas {
			v.Authors[id] = i.Author
		}
		for id, c := range r.Comments {
			v.Authors[id] = c.Author
		}
		v.Votes = r.Votes
		for id, p := range r.Participants {
			v.Spent[id] = p.VotesSpent
			if p.TokenHash != "" {
				v.Tokens++
			}
		}
		for id := range r.Feedback {
			v.Feedback = append(v.Feedback, id)
		}
		session.ByID(v.Feedback)
		return v
	}
	revealed := given(t, concat(ideas(session.PhaseVote), []session.Event{
		voted("p5", "i7", 2), voted("p6", "i7", 1), voted("p6", "i9", 1),
		{Type: session.EvVotesRevealed, Actor: session.FacilitatorID, Tallies: map[string]int{"i7": 3, "i9": 1}},
	})...)
	type vs = map[string]map[string]int
	tests := map[string]struct {
		s    *session.State
		v    session.Viewer
		want view
	}{
		"facilitator": {s: s, v: fac, want: view{
			Authors:  map[string]string{"i7": "p5", "i8": "p5", "i9": "p6", "c11": "p6", "c12": "facilitator"},
			Votes:    vs{"i7": {"p5": 2, "p6": 1}, "i9": {"p6": 1}},
			Spent:    map[string]int{"p5": 2, "p6": 2, "p10": 0},
			Feedback: []string{"p5", "p6"},
		}},
		"participant": {s: s, v: p5, want: view{
			Authors:  map[string]string{"i7": "p5", "i8": "p5", "i9": "", "c11": "", "c12": "facilitator"},
			Votes:    vs{"i7": {"p5": 2}},
			Spent:    map[string]int{"p5": 2, "p6": 0, "p10": 0},
			Feedback: []string{"p5"},
		}},
		"observer": {s: s, v: observer, want: view{
			Authors: map[string]string{"i7": "", "i8": "", "i9": "", "c11": "", "c12": "facilitator"},
			Votes:   vs{},
			Spent:   map[string]int{"p5": 0, "p6": 0, "p10": 0},
		}},
		"participant once revealed": {s: revealed, v: p6, want: view{
			Authors: map[string]string{"i7": "", "i8": "", "i9": "p6"},
			Votes:   vs{"i7": {"p6": 1, "": 2}, "i9": {"p6": 1}},
			Spent:   map[string]int{"p5": 0, "p6": 2},
		}},
		"observer once revealed": {s: revealed, v: observer, want: view{
			Authors: map[string]string{"i7": "", "i8": "", "i9": ""},
			Votes:   vs{"i7": {"": 3}, "i9": {"": 1}},
			Spent:   map[string]int{"p5": 0, "p6": 0},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := jsonOf(t, tc.s)
			got := look(session.RedactState(tc.s, tc.v))
			if jsonOf(t, got) != jsonOf(t, tc.want) {
				t.Fatalf("\n got  %s\n want %s", jsonOf(t, got), jsonOf(t, tc.want))
			}
			if jsonOf(t, tc.s) != before {
				t.Fatal("RedactState changed the state it redacted")
			}
		})
	}
}

func TestRedactCrowdListsOnlyTheViewer(t *testing.T) {
	s := session.NewState("s1")
	for i, name := range []string{"Aysel", "Rauf", "Nigar"} {
		id := "p" + string(rune('1'+i))
		s.Participants[id] = &session.Participant{ID: id, Name: name, Institution: "IRIA", VotesSpent: i + 1, TokenHash: "h" + id}
	}
	got := session.RedactCrowd(s, session.Viewer{ID: "p2", Role: session.RoleParticipant})
	if len(got.Participants) != 1 || got.Participants["p2"] == nil {
		t.Fatalf("a crowd's participant sees %v; want only itself", got.Participants)
	}
	if p := got.Participants["p2"]; p.VotesSpent != 2 || p.TokenHash != "" {
		t.Errorf("the viewer's own entry is %+v; want its votes spent and no token hash", p)
	}
	if obs := session.RedactCrowd(s, session.Viewer{Role: session.RoleObserver}); len(obs.Participants) != 0 {
		t.Errorf("a crowd's observer sees %v; want nobody", obs.Participants)
	}
	if len(s.Participants) != 3 || s.Participants["p2"].TokenHash != "hp2" {
		t.Errorf("redacting changed the hub's state: %v", s.Participants)
	}
}
