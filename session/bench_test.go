package session_test

import (
	"fmt"
	"testing"
	"time"

	"roundtable/session"
)

// bigSession builds, through Decide and Apply, the reference workshop at
// scale: 65 participants from 45 institutions, 1,000 ideas, 50 groups of
// three, a comment on every tenth idea, every participant's five votes
// cast, and the session in the vote phase.
func bigSession(tb testing.TB) (*session.State, []session.Actor) {
	tb.Helper()
	s := session.NewState("bench")
	clock := epoch
	do := func(a session.Actor, c session.Command) []session.Event {
		tb.Helper()
		evs, err := session.Decide(s, a, c, clock)
		if err != nil {
			tb.Fatalf("%s: %v", c.Type, err)
		}
		for _, e := range evs {
			e.Seq = s.Seq + 1
			s.Apply(e)
		}
		clock = clock.Add(time.Second)
		return evs
	}
	do(fac, session.Command{Type: session.CmdCreateSession, Title: ptr("Digital leadership")})
	var people []session.Actor
	for k := range 65 {
		e := do(session.Actor{Role: session.RoleParticipant}, session.Command{
			Type: session.CmdJoin, Name: fmt.Sprintf("Participant %d", k), Institution: fmt.Sprintf("Institution %d", k%45),
		})
		people = append(people, session.Actor{ID: e[0].ID, Role: session.RoleParticipant})
	}
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	var ideas []string
	for k := range 1000 {
		e := do(people[k%len(people)], session.Command{
			Type: session.CmdPostIdea, Topic: s.Topics[k%len(s.Topics)].ID, Text: fmt.Sprintf("Rəqəmsal inkişaf idea %d: shared registries", k),
		})
		ideas = append(ideas, e[0].ID)
		if k%10 == 0 {
			do(people[(k+1)%len(people)], session.Command{Type: session.CmdComment, Item: e[0].ID, Text: "Agreed"})
		}
	}
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})
	for g := range 50 {
		do(fac, session.Command{Type: session.CmdGroupIdeas, Ideas: ideas[g*3 : g*3+3], Name: fmt.Sprintf("Theme %d", g)})
	}
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	cands := s.Candidates()
	for k, p := range people {
		for v := range 5 {
			do(p, session.Command{Type: session.CmdVote, Item: cands[(k*7+v*13)%len(cands)], Delta: 1})
		}
	}
	return s, people
}

func BenchmarkApply(b *testing.B) {
	s, people := bigSession(b)
	b.Run("idea_posted", func(b *testing.B) {
		s := s.Clone()
		b.ReportAllocs()
		for k := 0; b.Loop(); k++ {
			s.Apply(session.Event{
				Seq: s.Seq + 1, Type: session.EvIdeaPosted, At: now, Actor: people[k%len(people)].ID,
				ID: "i" + fmt.Sprint(s.Counter+1), Topic: "t1", Text: "A new idea", Institution: "Institution 1",
			})
		}
	})
	b.Run("vote_cast", func(b *testing.B) {
		s := s.Clone()
		item := s.Candidates()[len(s.Candidates())-1]
		voter := people[0].ID
		b.ReportAllocs()
		for k := 0; b.Loop(); k++ {
			delta := 1
			if k%2 == 1 {
				delta = -1
			}
			s.Apply(session.Event{Seq: s.Seq + 1, Type: session.EvVoteCast, At: now, Actor: voter, Item: item, Delta: delta})
		}
	})
}

func BenchmarkDecideVote(b *testing.B) {
	s, _ := bigSession(b)
	// A participant with budget left: raise the budget for everyone.
	st := s.Settings
	st.VoteBudget = 10
	s.Apply(session.Event{Seq: s.Seq + 1, Type: session.EvSettingsUpdated, Settings: &st})
	p := session.Actor{ID: "p5", Role: session.RoleParticipant}
	item := s.Candidates()[100]
	cmd := session.Command{Type: session.CmdVote, Item: item, Delta: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := session.Decide(s, p, cmd, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRedact(b *testing.B) {
	viewer := session.Viewer{ID: "p6", Role: session.RoleParticipant}
	events := map[string]session.Event{
		"vote_cast":   {Seq: 9, Type: session.EvVoteCast, At: now, Actor: "p5", Item: "i7", Delta: 1},
		"idea_posted": {Seq: 9, Type: session.EvIdeaPosted, At: now, Actor: "p5", ID: "i7", Topic: "t1", Text: "Open data", Institution: "IRIA"},
		"joined":      {Seq: 9, Type: session.EvParticipantJoined, At: now, Actor: "p5", ID: "p5", Name: "Aysel", TokenHash: "secret"},
	}
	for name, e := range events {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = session.Redact(e, viewer, true, false)
			}
		})
	}
}

func BenchmarkRedactState(b *testing.B) {
	s, people := bigSession(b)
	for name, v := range map[string]session.Viewer{"participant": people[3], "facilitator": fac, "observer": observer} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = session.RedactState(s, v)
			}
		})
	}
}

func BenchmarkClone(b *testing.B) {
	s, _ := bigSession(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Clone()
	}
}
