package session_test

import (
	"encoding/json"
	"testing"
	"time"

	"roundtable/session"
)

// epoch is the fixed clock of every test: given events happen at epoch plus
// one second per event, commands are decided at now.
var epoch = time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)

// now is the time every command in a table test is decided at.
var now = epoch.Add(time.Hour)

// The actors of the table tests. The given fixture below makes p5 and p6
// participants; p99 never joins.
var (
	fac      = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	p5       = session.Actor{ID: "p5", Role: session.RoleParticipant}
	p6       = session.Actor{ID: "p6", Role: session.RoleParticipant}
	stranger = session.Actor{ID: "p99", Role: session.RoleParticipant}
	observer = session.Actor{Role: session.RoleObserver}
)

// given returns a state with the events applied in order. Events without a
// sequence number get the next one; events without a time get epoch plus
// their position in seconds.
func given(t testing.TB, events ...session.Event) *session.State {
	t.Helper()
	s := session.NewState("s1")
	for k, e := range events {
		if e.Seq == 0 {
			e.Seq = s.Seq + 1
		}
		if e.At.IsZero() {
			e.At = epoch.Add(time.Duration(k) * time.Second)
		}
		s.Apply(e)
	}
	return s
}

// concat joins event lists, so a table entry can extend a fixture.
func concat(lists ...[]session.Event) []session.Event {
	var out []session.Event
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Event builders. They give the fields Decide would give, without Seq and
// At, which given fills in.

// created is session_created with default settings (anonymous, budget 5,
// cap 3, horizons Now/Next/Later) and topics t1..t4.
func created() session.Event {
	st := session.DefaultSettings()
	return session.Event{Type: session.EvSessionCreated, Actor: session.FacilitatorID, Settings: &st, Topics: session.DefaultTopics()}
}

// createdWith is session_created with the given settings and topics.
func createdWith(st session.Settings, topics ...string) session.Event {
	return session.Event{Type: session.EvSessionCreated, Actor: session.FacilitatorID, Settings: &st, Topics: topics}
}

func joined(id, name, inst string) session.Event {
	return session.Event{Type: session.EvParticipantJoined, Actor: id, ID: id, Name: name, Institution: inst}
}

func phase(p session.Phase) session.Event {
	return session.Event{Type: session.EvPhaseChanged, Actor: session.FacilitatorID, Phase: p}
}

func posted(id, topic, text, author, inst string) session.Event {
	return session.Event{Type: session.EvIdeaPosted, Actor: author, ID: id, Topic: topic, Text: text, Institution: inst}
}

func grouped(id, name, topic string, ideas ...string) session.Event {
	return session.Event{Type: session.EvGroupCreated, Actor: session.FacilitatorID, ID: id, Name: name, Topic: topic, Ideas: ideas}
}

func addedTo(group string, ideas ...string) session.Event {
	return session.Event{Type: session.EvIdeasGrouped, Actor: session.FacilitatorID, Item: group, Ideas: ideas}
}

func voted(actor, item string, delta int) session.Event {
	return session.Event{Type: session.EvVoteCast, Actor: actor, Item: item, Delta: delta}
}

func facEvent(typ, item string) session.Event {
	return session.Event{Type: typ, Actor: session.FacilitatorID, Item: item}
}

func commented(id, item, text, author, inst string) session.Event {
	return session.Event{Type: session.EvCommentPosted, Actor: author, ID: id, Item: item, Text: text, Institution: inst}
}

func placed(item, horizon string, order int) session.Event {
	return session.Event{Type: session.EvRoadmapPlaced, Actor: session.FacilitatorID, Item: item, Horizon: horizon, Order: order}
}

// room is the common fixture: a default session, two participants (p5 of
// IRIA and p6 of ASAN) and the session in phase p.
func room(p session.Phase) []session.Event {
	evs := []session.Event{created(), joined("p5", "Aysel", "IRIA"), joined("p6", "Rashad", "ASAN")}
	if p != session.PhaseLobby {
		evs = append(evs, phase(p))
	}
	return evs
}

// ideas is room(ideas) with i7 and i8 by p5 under t1 and i9 by p6 under t2,
// then the session in phase p.
func ideas(p session.Phase) []session.Event {
	evs := concat(room(session.PhaseIdeas), []session.Event{
		posted("i7", "t1", "Open data portal", "p5", "IRIA"),
		posted("i8", "t1", "Shared registry", "p5", "IRIA"),
		posted("i9", "t2", "Common e-signature", "p6", "ASAN"),
	})
	if p != session.PhaseIdeas {
		evs = append(evs, phase(p))
	}
	return evs
}

// at fills in what Decide sets on every event: the decision time and the
// actor.
func at(actor string, evs ...session.Event) []session.Event {
	out := make([]session.Event, len(evs))
	for k, e := range evs {
		e.At = now
		if e.Actor == "" {
			e.Actor = actor
		}
		out[k] = e
	}
	return out
}

// jsonOf returns the JSON of v for comparisons that must ignore the
// difference between nil and empty.
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }
