package wall

import (
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// TestWallNamesTellPeopleApart: in a session that is not anonymous the
// wall names authors by their labels, so two people of one name and
// ministry are told apart, and an author the facilitator removed without
// naming is "a removed participant"; the removed no longer count as here.
func TestWallNamesTellPeopleApart(t *testing.T) {
	st := session.NewState("s")
	named := session.DefaultSettings()
	named.Anonymous = false
	fac := session.FacilitatorID
	evs := []session.Event{
		{Type: session.EvSessionCreated, Actor: fac, Settings: &named, Topics: []string{"İnkişaf"}},
		{Type: session.EvParticipantJoined, ID: "p2", Actor: "p2", Name: "Aynur Quliyeva", Institution: "Təhsil Nazirliyi"},
		{Type: session.EvParticipantJoined, ID: "p3", Actor: "p3", Name: "Aynur Quliyeva", Institution: "Təhsil Nazirliyi"},
		{Type: session.EvParticipantJoined, ID: "p4", Actor: "p4", Name: "Rəşad", Institution: "IRIA"},
		{Type: session.EvPhaseChanged, Actor: fac, Phase: session.PhaseIdeas},
		{Type: session.EvIdeaPosted, ID: "i6", Actor: "p2", Topic: "t1", Text: "Birinci", Institution: "Təhsil Nazirliyi"},
		{Type: session.EvIdeaPosted, ID: "i7", Actor: "p3", Topic: "t1", Text: "İkinci", Institution: "Təhsil Nazirliyi"},
		{Type: session.EvIdeaPosted, ID: "i8", Actor: "p4", Topic: "t1", Text: "Üçüncü", Institution: "IRIA"},
		{Type: session.EvParticipantRemoved, Actor: fac, ID: "p4", Attribution: session.AttributionRemoved},
	}
	for k, e := range evs {
		e.Seq = int64(k + 1)
		st.Apply(e)
	}
	b := newWallBoard(st, nil, lang.New(lang.EN))
	metas := map[string]string{}
	for _, e := range b.topics[0].entries {
		metas[e.text] = e.meta
	}
	want := map[string]string{
		"Birinci": "Aynur Quliyeva #1 · Təhsil Nazirliyi",
		"İkinci":  "Aynur Quliyeva #2 · Təhsil Nazirliyi",
		"Üçüncü":  "a removed participant",
	}
	for text, meta := range want {
		if metas[text] != meta {
			t.Errorf("%s: %q, want %q", text, metas[text], meta)
		}
	}
	if b.people != 2 {
		t.Errorf("%d people here, want 2", b.people)
	}
}
