package session_test

import (
	"testing"

	"roundtable/session"
)

func TestLabelsTellNamesApart(t *testing.T) {
	s := given(t,
		created(),
		joined("p2", "Aynur Quliyeva", "ASAN xidmət"),
		joined("p3", "AYNUR  QULİYEVA", "İqtisadiyyat Nazirliyi"),
		joined("p4", "Rəşad", "IRIA"),
		joined("p5", "Leyla", "DTX"),
		joined("p6", "leyla", "dtx"),
		joined("p7", "Leyla", "ASAN xidmət"),
		joined("p8", "Ilkin", ""),
		joined("p9", "ılkin", ""),
	)
	for name, tc := range map[string]struct {
		beside bool
		want   map[string]string
	}{
		"shown alone": {false, map[string]string{
			"p2": "Aynur Quliyeva (ASAN xidmət)",
			"p3": "AYNUR  QULİYEVA (İqtisadiyyat Nazirliyi)",
			"p4": "Rəşad",
			"p5": "Leyla (DTX #1)",
			"p6": "leyla (dtx #2)",
			"p7": "Leyla (ASAN xidmət)",
			"p8": "Ilkin (#1)",
			"p9": "ılkin (#2)",
		}},
		"beside the institution": {true, map[string]string{
			"p2": "Aynur Quliyeva",
			"p3": "AYNUR  QULİYEVA",
			"p4": "Rəşad",
			"p5": "Leyla #1",
			"p6": "leyla #2",
			"p7": "Leyla",
			"p8": "Ilkin #1",
			"p9": "ılkin #2",
		}},
	} {
		t.Run(name, func(t *testing.T) {
			got := s.Labels(tc.beside)
			if jsonOf(t, got) != jsonOf(t, tc.want) {
				t.Fatalf("labels\n got  %v\n want %v", got, tc.want)
			}
		})
	}
}

func TestLabelsStayWhenSomeoneIsRemoved(t *testing.T) {
	s := given(t, created(), joined("p2", "Aynur Quliyeva", "ASAN"), joined("p3", "Aynur Quliyeva", "IRIA"))
	before := s.Labels(false)
	s.Apply(session.Event{Seq: s.Seq + 1, Type: session.EvParticipantRemoved, Actor: session.FacilitatorID, ID: "p3", Attribution: session.AttributionKeep})
	if after := s.Labels(false); jsonOf(t, after) != jsonOf(t, before) || after["p2"] != "Aynur Quliyeva (ASAN)" {
		t.Fatalf("labels changed on a removal: %v, then %v", before, after)
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"  İlkin   Məmmədov ": "ilkin məmmədov",
		"ILKIN":               "ilkin",
		"ılkın":               "ilkin",
		"Ольга Смирнова":      "ольга смирнова",
		"":                    "",
	} {
		if got := session.FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAuditKeepsTheFacilitatorsModeration: given a session, the
// facilitator's acts on what participants posted and on participants are
// each a line of the audit trail, with what was there before; the
// facilitator's acts on their own ideas and participants' own deletions are
// not moderation.
func TestAuditKeepsTheFacilitatorsModeration(t *testing.T) {
	evs := concat(ideas(session.PhaseIdeas), []session.Event{
		posted("i10", "t1", "The facilitator's own", session.FacilitatorID, ""),
		commented("c11", "i9", "Spam spam", "p6", "ASAN"),
		commented("c12", "i9", "Mine", "p5", "IRIA"),
		facEvent(session.EvIdeaHidden, "i7"),                                                         // 13
		facEvent(session.EvIdeaShown, "i7"),                                                          // 14
		{Type: session.EvIdeaEdited, Actor: "facilitator", Item: "i8", Text: "Shared data registry"}, // 15
		{Type: session.EvIdeaMoved, Actor: "facilitator", Item: "i9", Topic: "t3"},                   // 16
		{Type: session.EvIdeaEdited, Actor: "facilitator", Item: "i10", Text: "Own, edited"},         // not moderation
		facEvent(session.EvIdeaHidden, "i10"),                                                        // not moderation
		{Type: session.EvCommentDeleted, Actor: "facilitator", Item: "c11"},                          // 19
		{Type: session.EvCommentDeleted, Actor: "p5", Item: "c12"},                                   // the author's own
		renamed("p6", "Rəşad Əliyev", "Rashad"),                                                      // 21
		madeReadOnly("p6"),                                              // 22
		readOnlyLifted("p6"),                                            // 23
		removed("p6", session.AttributionRemoved),                       // 24
		readmitted("p6", session.AttributionRemoved),                    // 25
		{Type: session.EvIdeaDeleted, Actor: "facilitator", Item: "i9"}, // 26
	})
	s := given(t, evs...)
	type line struct{ act, item, who, text, from, to string }
	want := []line{
		{session.EvIdeaHidden, "i7", "p5", "Open data portal", "", ""},
		{session.EvIdeaShown, "i7", "p5", "Open data portal", "", ""},
		{session.EvIdeaEdited, "i8", "p5", "Shared registry", "", "Shared data registry"},
		{session.EvIdeaMoved, "i9", "p6", "Common e-signature", "Coordination", "Integration"},
		{session.EvCommentDeleted, "c11", "p6", "Spam spam", "", ""},
		{session.EvParticipantRenamed, "", "p6", "", "Rashad", "Rəşad Əliyev"},
		{session.EvParticipantMadeReadOnly, "", "p6", "", "", ""},
		{session.EvParticipantReadOnlyLifted, "", "p6", "", "", ""},
		{session.EvParticipantRemoved, "", "p6", "", "", session.AttributionRemoved},
		{session.EvParticipantReadmitted, "", "p6", "", "", ""},
		{session.EvIdeaDeleted, "i9", "p6", "Common e-signature", "", ""},
	}
	if len(s.Audit) != len(want) {
		t.Fatalf("%d lines, want %d: %s", len(s.Audit), len(want), jsonOf(t, s.Audit))
	}
	for k, m := range s.Audit {
		got := line{m.Act, m.Item, m.Participant, m.Text, m.From, m.To}
		if got != want[k] {
			t.Errorf("line %d = %+v, want %+v", k+1, got, want[k])
		}
		if m.Seq == 0 || m.At.IsZero() {
			t.Errorf("line %d has no seq or time: %+v", k+1, m)
		}
	}
	// a replay rebuilds it; the facilitator's copy keeps it, nobody else's
	if r := given(t, evs...); jsonOf(t, r.Audit) != jsonOf(t, s.Audit) {
		t.Fatal("a replay gave another audit trail")
	}
	if got := session.RedactState(s, fac); jsonOf(t, got.Audit) != jsonOf(t, s.Audit) {
		t.Fatal("the facilitator's copy lost the audit trail")
	}
	for _, v := range []session.Viewer{p5, p6, observer} {
		if got := session.RedactState(s, v); len(got.Audit) != 0 {
			t.Errorf("%+v's copy keeps the audit trail", v)
		}
		c := session.NewState("s1")
		for k, e := range evs {
			e.Seq = int64(k + 1)
			c.Apply(session.Redact(e, v, true, false))
		}
		if len(c.Audit) != 0 {
			t.Errorf("%+v's copy from redacted events keeps an audit trail: %s", v, jsonOf(t, c.Audit))
		}
	}
}

func TestRedactModeration(t *testing.T) {
	cm := &session.Comment{ID: "c9", Item: "i7", Text: "x", Author: "p5", Institution: "IRIA"}
	for name, tc := range map[string]struct {
		e         session.Event
		v         session.Viewer
		anonymous bool
		wantType  string
		wantActor string
		wantBy    string // the deleted comment's author, when it carries one
	}{
		"the facilitator sees who moderated": {
			e: facEvent(session.EvIdeaHidden, "i7"), v: fac, wantType: session.EvIdeaHidden, wantActor: "facilitator",
		},
		"others see what moderation did, not the act": {
			e: facEvent(session.EvIdeaHidden, "i7"), v: p6, wantType: session.EvIdeaHidden,
		},
		"a rename reaches everyone": {
			e: renamed("p5", "A", "B"), v: observer, wantType: session.EvParticipantRenamed,
		},
		"a removal reaches everyone": {
			e: removed("p5", session.AttributionKeep), v: p6, wantType: session.EvParticipantRemoved,
		},
		"read-only is the concerned participant's to know": {
			e: madeReadOnly("p5"), v: p5, wantType: session.EvParticipantMadeReadOnly,
		},
		"read-only is no one else's": {
			e: madeReadOnly("p5"), v: p6, wantType: session.EvRedacted,
		},
		"lifting is no observer's": {
			e: readOnlyLifted("p5"), v: observer, wantType: session.EvRedacted,
		},
		"a deleted comment keeps its author from others in an anonymous session": {
			e: session.Event{Type: session.EvCommentDeleted, Actor: "facilitator", Item: "c9", Comment: cm}, v: p6, anonymous: true,
			wantType: session.EvCommentDeleted,
		},
		"its author sees it whole": {
			e: session.Event{Type: session.EvCommentDeleted, Actor: "facilitator", Item: "c9", Comment: cm}, v: p5, anonymous: true,
			wantType: session.EvCommentDeleted, wantBy: "p5",
		},
		"a session that is not anonymous shows it": {
			e: session.Event{Type: session.EvCommentDeleted, Actor: "p5", Item: "c9", Comment: cm}, v: p6,
			wantType: session.EvCommentDeleted, wantActor: "p5", wantBy: "p5",
		},
	} {
		t.Run(name, func(t *testing.T) {
			tc.e.Seq = 4
			got := session.Redact(tc.e, tc.v, tc.anonymous, false)
			if got.Type != tc.wantType || got.Actor != tc.wantActor || got.Seq != 4 {
				t.Fatalf("got %s", jsonOf(t, got))
			}
			if got.Comment != nil && got.Comment.Author != tc.wantBy {
				t.Fatalf("the comment's author is %q, want %q", got.Comment.Author, tc.wantBy)
			}
			if cm.Author != "p5" {
				t.Fatal("Redact changed the event's comment")
			}
		})
	}
}

func TestRedactStateKeepsReadOnlyBetweenTheTwo(t *testing.T) {
	s := given(t, concat(room(session.PhaseIdeas), []session.Event{madeReadOnly("p5")})...)
	for v, want := range map[session.Viewer]bool{fac: true, p5: true, p6: false, observer: false} {
		if got := session.RedactState(s, v).Participants["p5"].ReadOnly; got != want {
			t.Errorf("%+v sees read-only %v, want %v", v, got, want)
		}
	}
}
