package session_test

import (
	"strings"
	"testing"
	"time"

	"roundtable/session"
)

// Consent rounds (issue 16): given a road map with i7 (Now) and i9 (Next)
// placed, when the facilitator opens, participants answer, the facilitator
// reveals and records, then these events.

// consentMap is ideas(roadmap) with i7 and i9 placed; i8 is not.
func consentMap() []session.Event {
	return concat(ideas(session.PhaseRoadmap), []session.Event{placed("i7", "Now", 0), placed("i9", "Next", 0)})
}

func consentOpened(item string, round int) session.Event {
	return session.Event{Type: session.EvConsentOpened, Actor: session.FacilitatorID, Item: item, Round: round}
}

func answered(actor, item string, round, level int, reason string) session.Event {
	return session.Event{Type: session.EvConsentGiven, Actor: actor, Item: item, Round: round, Level: ptr(level), Text: reason}
}

func consentRevealed(item string, r session.ConsentResult) session.Event {
	return session.Event{Type: session.EvConsentRevealed, Actor: session.FacilitatorID, Item: item, Round: r.Round, Result: &r}
}

func consentRecorded(item string, round int, outcome string) session.Event {
	return session.Event{Type: session.EvConsentRecorded, Actor: session.FacilitatorID, Item: item, Round: round, Outcome: outcome}
}

// dist is a distribution from levels 0 to 5.
func dist(n ...int) [6]int {
	var d [6]int
	copy(d[:], n)
	return d
}

func consentCases() map[string]decideCase {
	open := func(item string) session.Command { return session.Command{Type: session.CmdOpenConsent, Item: item} }
	answer := func(level int, reason string) session.Command {
		return session.Command{Type: session.CmdConsent, Item: "i7", Level: ptr(level), Text: reason}
	}
	reveal := session.Command{Type: session.CmdRevealConsent, Item: "i7"}
	record := func(outcome string) session.Command {
		return session.Command{Type: session.CmdRecordConsent, Item: "i7", Outcome: outcome}
	}
	undo := session.Command{Type: session.CmdUndo}

	opened := concat(consentMap(), []session.Event{consentOpened("i7", 1)})
	answeredBoth := concat(opened, []session.Event{answered("p5", "i7", 1, 4, ""), answered("p6", "i7", 1, 0, "No budget line for it")})
	firstResult := session.ConsentResult{Round: 1, Distribution: dist(1, 0, 0, 0, 1), TookPart: 2, At: epoch,
		Reasons: []session.ConsentReason{{Level: 0, Text: "No budget line for it", InstitutionMasked: true}}}
	revealed := concat(answeredBoth, []session.Event{consentRevealed("i7", firstResult)})
	recorded := concat(revealed, []session.Event{consentRecorded("i7", 1, session.ConsentNotAgreed)})
	named := session.DefaultSettings()
	named.Anonymous = false
	namedRoom := concat([]session.Event{createdWith(named, "Development", "Coordination")}, consentMap()[1:],
		[]session.Event{consentOpened("i7", 1), answered("p5", "i7", 1, 1, "Needs a pilot first"), answered("p6", "i7", 1, 0, "Overlaps with e-gov")})

	return map[string]decideCase{
		// open_consent
		"the facilitator opens a round on a placed item": {
			given: consentMap(), actor: fac, cmd: open("i7"),
			want: at(session.FacilitatorID, consentOpened("i7", 1)),
		},
		"a participant cannot open a round": {
			given: consentMap(), actor: p5, cmd: open("i7"), wantCode: session.EFORBIDDEN,
		},
		"a round opens in the road map phase only": {
			given: concat(consentMap(), []session.Event{phase(session.PhaseDiscuss)}), actor: fac, cmd: open("i7"), wantCode: session.ECONFLICT,
		},
		"a round opens on a placed item only": {
			given: consentMap(), actor: fac, cmd: open("i8"), wantCode: session.ECONFLICT,
		},
		"a round opens on an item that exists": {
			given: consentMap(), actor: fac, cmd: open("i404"), wantCode: session.ENOTFOUND,
		},
		"a round already open on the item": {
			given: opened, actor: fac, cmd: open("i7"), wantCode: session.ECONFLICT,
		},
		"one round open at a time in the session": {
			given: opened, actor: fac, cmd: open("i9"), wantCode: session.ECONFLICT,
		},
		"a new round after a reveal is round 2": {
			given: recorded, actor: fac, cmd: open("i7"),
			want: at(session.FacilitatorID, consentOpened("i7", 2)),
		},

		// consent
		"a participant answers 4": {
			given: opened, actor: p5, cmd: answer(4, "ignored for a 4"),
			want: at("p5", answered("p5", "i7", 1, 4, "")),
		},
		"a 1 with a reason, sanitised": {
			given: opened, actor: p6, cmd: answer(1, "Not \x1b[31myet\x1b[0m\nfunded"),
			want: at("p6", answered("p6", "i7", 1, 1, "Not yet funded")),
		},
		"answering again changes the answer": {
			given: concat(opened, []session.Event{answered("p5", "i7", 1, 2, "")}), actor: p5, cmd: answer(5, ""),
			want: at("p5", session.Event{Type: session.EvConsentGiven, Item: "i7", Round: 1, Level: ptr(5), Changed: true}),
		},
		"a 0 needs a reason": {
			given: opened, actor: p5, cmd: answer(0, ""), wantCode: session.EINVALID,
		},
		"a 1 needs a reason that is more than blanks": {
			given: opened, actor: p5, cmd: answer(1, " \u200b "), wantCode: session.EINVALID,
		},
		"a reason is at most 500 characters": {
			given: opened, actor: p5, cmd: answer(0, strings.Repeat("ə", 501)), wantCode: session.EINVALID,
		},
		"a level above 5": {
			given: opened, actor: p5, cmd: answer(6, ""), wantCode: session.EINVALID,
		},
		"a level below 0": {
			given: opened, actor: p5, cmd: answer(-1, "x"), wantCode: session.EINVALID,
		},
		"an answer without a level": {
			given: opened, actor: p5, cmd: session.Command{Type: session.CmdConsent, Item: "i7"}, wantCode: session.EINVALID,
		},
		"no round open on the item": {
			given: consentMap(), actor: p5, cmd: answer(3, ""), wantCode: session.ECONFLICT,
		},
		"no answer after the reveal": {
			given: revealed, actor: p5, cmd: answer(3, ""), wantCode: session.ECONFLICT,
		},
		"a read-only participant cannot answer": {
			given: concat(opened, []session.Event{madeReadOnly("p5")}), actor: p5, cmd: answer(3, ""), wantCode: session.EFORBIDDEN,
		},
		"a removed participant cannot answer": {
			given: concat(opened, []session.Event{removed("p5", session.AttributionKeep)}), actor: p5, cmd: answer(3, ""), wantCode: session.EFORBIDDEN,
		},
		"answers are given in the road map phase": {
			given: concat(opened, []session.Event{phase(session.PhaseClosed)}), actor: p5, cmd: answer(3, ""), wantCode: session.EFORBIDDEN,
		},
		"the facilitator does not answer": {
			given: opened, actor: fac, cmd: answer(3, ""), wantCode: session.EFORBIDDEN,
		},

		// reveal_consent
		"the reveal counts everyone when the hub does not say who is online": {
			given: answeredBoth, actor: fac, cmd: reveal,
			want: at(session.FacilitatorID, session.Event{Type: session.EvConsentRevealed, Item: "i7", Round: 1,
				Result: &session.ConsentResult{Round: 1, Distribution: dist(1, 0, 0, 0, 1), TookPart: 2, At: now,
					Reasons: []session.ConsentReason{{Level: 0, Text: "No budget line for it", InstitutionMasked: true}}}}),
		},
		"one who left mid-round is absent, not a vote": {
			given: answeredBoth, actor: fac, cmd: session.Command{Type: session.CmdRevealConsent, Item: "i7", Online: []string{"p5"}},
			want: at(session.FacilitatorID, session.Event{Type: session.EvConsentRevealed, Item: "i7", Round: 1,
				Result: &session.ConsentResult{Round: 1, Distribution: dist(0, 0, 0, 0, 1), TookPart: 1, Absent: 1, At: now}}),
		},
		"nobody online: every answer is absent": {
			given: answeredBoth, actor: fac, cmd: session.Command{Type: session.CmdRevealConsent, Item: "i7", Online: []string{}},
			want: at(session.FacilitatorID, session.Event{Type: session.EvConsentRevealed, Item: "i7", Round: 1,
				Result: &session.ConsentResult{Round: 1, TookPart: 0, Absent: 2, At: now}}),
		},
		"a removed participant's answer is absent": {
			given: concat(answeredBoth, []session.Event{removed("p6", session.AttributionKeep)}), actor: fac, cmd: reveal,
			want: at(session.FacilitatorID, session.Event{Type: session.EvConsentRevealed, Item: "i7", Round: 1,
				Result: &session.ConsentResult{Round: 1, Distribution: dist(0, 0, 0, 0, 1), TookPart: 1, Absent: 1, At: now}}),
		},
		"a session that is not anonymous names who gave each reason, by level then text": {
			given: namedRoom, actor: fac, cmd: reveal,
			want: at(session.FacilitatorID, session.Event{Type: session.EvConsentRevealed, Item: "i7", Round: 1,
				Result: &session.ConsentResult{Round: 1, Distribution: dist(1, 1), TookPart: 2, At: now,
					Reasons: []session.ConsentReason{
						{Level: 0, Text: "Overlaps with e-gov", Author: "p6", Institution: "ASAN"},
						{Level: 1, Text: "Needs a pilot first", Author: "p5", Institution: "IRIA"},
					}}}),
		},
		"a reveal with nothing open": {
			given: revealed, actor: fac, cmd: reveal, wantCode: session.ECONFLICT,
		},
		"a participant cannot reveal": {
			given: answeredBoth, actor: p5, cmd: reveal, wantCode: session.EFORBIDDEN,
		},

		// record_consent
		"the facilitator records the outcome": {
			given: revealed, actor: fac, cmd: record(session.ConsentReservations),
			want: at(session.FacilitatorID, consentRecorded("i7", 1, session.ConsentReservations)),
		},
		"recording again changes the outcome": {
			given: recorded, actor: fac, cmd: record(session.ConsentAgreed),
			want: at(session.FacilitatorID, consentRecorded("i7", 1, session.ConsentAgreed)),
		},
		"an outcome before the reveal": {
			given: answeredBoth, actor: fac, cmd: record(session.ConsentAgreed), wantCode: session.ECONFLICT,
		},
		"an outcome without a round": {
			given: consentMap(), actor: fac, cmd: record(session.ConsentAgreed), wantCode: session.ECONFLICT,
		},
		"an unknown outcome": {
			given: revealed, actor: fac, cmd: record("maybe"), wantCode: session.EINVALID,
		},

		// after "not agreed": the facilitator edits the item in this phase
		"the facilitator edits an idea in the road map phase, after not agreed": {
			given: recorded, actor: fac, cmd: session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "Open data portal, piloted first"},
			want: at(session.FacilitatorID, session.Event{Type: session.EvIdeaEdited, Item: "i7", Text: "Open data portal, piloted first"}),
		},
		"the facilitator renames a group in the road map phase": {
			given: concat(consentMap(), []session.Event{grouped("g10", "Data", "t1", "i8")}), actor: fac,
			cmd:  session.Command{Type: session.CmdRenameGroup, Item: "g10", Name: "Data, piloted"},
			want: at(session.FacilitatorID, session.Event{Type: session.EvGroupRenamed, Item: "g10", Name: "Data, piloted"}),
		},

		// undo
		"undoing an opening nobody answered cancels the round": {
			given: opened, actor: fac, cmd: undo,
			want: at(session.FacilitatorID, undone(seqOf(opened), session.Event{Type: session.EvConsentCancelled, Item: "i7", Round: 1})...),
		},
		"an opening cannot be undone once someone answered": {
			given: answeredBoth, actor: fac, cmd: undo, wantCode: session.ECONFLICT,
		},
		"undoing an outcome records the one before": {
			given: concat(recorded, []session.Event{consentRecorded("i7", 1, session.ConsentAgreed)}), actor: fac, cmd: undo,
			want: at(session.FacilitatorID, undone(seqOf(recorded)+1, consentRecorded("i7", 1, session.ConsentNotAgreed))...),
		},
		"undoing the first outcome leaves none": {
			given: recorded, actor: fac, cmd: undo,
			want: at(session.FacilitatorID, undone(seqOf(recorded), consentRecorded("i7", 1, ""))...),
		},
		"a reveal is not undone: the undo reaches the action before the round": {
			given: revealed, actor: fac, cmd: undo,
			want: at(session.FacilitatorID, undone(seqOf(consentMap()), facEvent(session.EvRoadmapRemoved, "i9"))...),
		},
		"a participant's undo passes over their answer, to their idea (not deletable in this phase)": {
			given: answeredBoth, actor: p5, cmd: undo, wantCode: session.EFORBIDDEN,
		},
	}
}

// TestConsentRoundsKeepTheirHistory: a re-run moves the round before, with
// its result and outcome, to the history; cancelling the re-run brings it
// back; a replay of the log gives the same state.
func TestConsentRoundsKeepTheirHistory(t *testing.T) {
	first := session.ConsentResult{Round: 1, Distribution: dist(1, 0, 0, 0, 1), TookPart: 2, At: epoch}
	log := concat(consentMap(), []session.Event{
		consentOpened("i7", 1), answered("p5", "i7", 1, 4, ""), answered("p6", "i7", 1, 0, "No"),
		consentRevealed("i7", first), consentRecorded("i7", 1, session.ConsentNotAgreed),
		consentOpened("i7", 2),
	})
	s := given(t, log...)
	c := s.Consent["i7"]
	if c.Round != 2 || !c.Open || c.Answers != 0 || c.Result != nil || c.Outcome != "" || c.Given != nil {
		t.Fatalf("round 2 = %+v", c)
	}
	want := first
	want.Outcome = session.ConsentNotAgreed
	if len(c.History) != 1 || jsonOf(t, c.History[0]) != jsonOf(t, want) {
		t.Fatalf("history = %s, want [%s]", jsonOf(t, c.History), jsonOf(t, want))
	}
	s.Apply(session.Event{Seq: s.Seq + 1, Type: session.EvConsentCancelled, Actor: session.FacilitatorID, Item: "i7", Round: 2, Undoes: s.Seq})
	c = s.Consent["i7"]
	if c.Round != 1 || c.Open || c.Outcome != session.ConsentNotAgreed || c.Result == nil || c.Result.TookPart != 2 || c.History != nil || c.Answers != 2 {
		t.Fatalf("after cancelling round 2: %s", jsonOf(t, c))
	}
	// Unplacing keeps the record.
	s.Apply(session.Event{Seq: s.Seq + 1, Type: session.EvRoadmapRemoved, Actor: session.FacilitatorID, Item: "i7"})
	if s.Consent["i7"] == nil {
		t.Fatal("unplacing the item lost its consent record")
	}
	// The first round of an item, cancelled, leaves no record.
	s2 := given(t, concat(consentMap(), []session.Event{consentOpened("i9", 1)})...)
	s2.Apply(session.Event{Seq: s2.Seq + 1, Type: session.EvConsentCancelled, Actor: session.FacilitatorID, Item: "i9", Round: 1})
	if _, ok := s2.Consent["i9"]; ok {
		t.Fatal("a cancelled first round left a record")
	}
}

// TestConsentAnswerIsPrivate: an answer reaches its participant and the
// facilitator whole; other participants and observers get it without
// actor, level or text, and every copy counts the same answers.
func TestConsentAnswerIsPrivate(t *testing.T) {
	log := concat(consentMap(), []session.Event{
		consentOpened("i7", 1), answered("p5", "i7", 1, 0, "Too costly"), answered("p6", "i7", 1, 3, ""),
		{Type: session.EvConsentGiven, Actor: "p6", Item: "i7", Round: 1, Level: ptr(1), Text: "On reflection, no", Changed: true},
	})
	server := given(t, log...)
	for _, tc := range []struct {
		name string
		v    session.Viewer
		own  bool
	}{
		{"facilitator", fac, false},
		{"p5", p5, true},
		{"p6", p6, true},
		{"observer", observer, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			copy := session.NewState("s1")
			for k, e := range log {
				e.Seq = int64(k + 1)
				e.At = epoch.Add(time.Duration(k) * time.Second)
				r := session.Redact(e, tc.v, true, false)
				if e.Type == session.EvConsentGiven && tc.v.Role != session.RoleFacilitator && e.Actor != tc.v.ID {
					if r.Actor != "" || r.Level != nil || r.Text != "" {
						t.Fatalf("%s sees another's answer: %+v", tc.name, r)
					}
				}
				copy.Apply(r)
			}
			c := copy.Consent["i7"]
			if c.Answers != 2 {
				t.Fatalf("%s counts %d answers, want 2", tc.name, c.Answers)
			}
			if got, want := jsonOf(t, copy), jsonOf(t, session.RedactState(server, tc.v)); got != want {
				t.Fatalf("%s's copy differs from its snapshot:\ncopy %s\nwant %s", tc.name, got, want)
			}
			switch {
			case tc.v.Role == session.RoleFacilitator:
				if len(c.Given) != 2 {
					t.Fatalf("the facilitator holds %v", c.Given)
				}
			case tc.own:
				if len(c.Given) != 1 || c.Given[tc.v.ID].At.IsZero() {
					t.Fatalf("%s holds %v, want only their own", tc.name, c.Given)
				}
			default:
				if len(c.Given) != 0 {
					t.Fatalf("%s holds %v", tc.name, c.Given)
				}
			}
		})
	}
}
