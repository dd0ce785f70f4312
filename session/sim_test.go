package session_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"roundtable/session"
)

// chooser makes the simulator's choices: a seeded *rand.Rand in the
// property test, the fuzzer's bytes in FuzzDecide.
type chooser interface {
	IntN(n int) int
}

// byteChooser turns fuzz input into choices, one byte each; once the bytes
// run out every choice is 0 and done reports true.
type byteChooser struct {
	data []byte
	pos  int
}

func (b *byteChooser) IntN(n int) int {
	if b.pos >= len(b.data) {
		b.pos++
		return 0
	}
	v := int(b.data[b.pos])
	b.pos++
	return v % n
}

func (b *byteChooser) done() bool { return b.pos >= len(b.data) }

// logged is one stored event with the session's anonymity and reveal state
// right after it was applied: what the live hub redacts it with.
type logged struct {
	e         session.Event
	anonymous bool
	revealed  bool
}

// replica is one viewer's copy of the session, built only from redacted
// events, as a client builds it.
type replica struct {
	v     session.Viewer
	live  *session.State // applied every redacted event since the start
	snap  *session.State // started from a JSON snapshot taken when the viewer joined, then events
	label string
}

// sim drives random commands from random actors through Decide and keeps
// the server state, the log and every viewer's replica.
type sim struct {
	tb       testing.TB
	c        chooser
	s        *session.State
	clock    time.Time
	log      []logged
	slots    []string // participant ids by slot; "" until that slot joins
	replicas []*replica
	accepted map[string]int // command type -> accepted count
	refused  map[string]int // error code -> count
	refunds  int            // merges that went over the cap and gave votes back
	// settingRefunds: votes given back when the cap or budget was lowered
	settingRefunds int
	// noTables: the room never opens breakout tables (issue 16), so that
	// a test of other things reaches them as often as before tables
	noTables bool
}

// newSim creates a session with random settings and an observer's and the
// facilitator's replicas.
func newSim(tb testing.TB, c chooser, participants int) *sim {
	m := &sim{
		tb: tb, c: c, s: session.NewState("prop"), clock: epoch,
		slots: make([]string, participants), accepted: map[string]int{}, refused: map[string]int{},
	}
	m.replicas = []*replica{
		{v: fac, live: session.NewState("prop"), label: "facilitator"},
		{v: observer, live: session.NewState("prop"), label: "observer"},
	}
	cmd := session.Command{
		Type:       session.CmdCreateSession,
		Title:      ptr("Property"),
		VoteBudget: ptr(1 + c.IntN(6)),
		VoteCap:    ptr(1 + c.IntN(3)),
		Anonymous:  ptr(c.IntN(4) != 0),
		Topics:     []string{"Development", "Coordination", "Integration"},
	}
	if participants%2 == 0 { // issue 15: half the sessions brainstorm in private
		cmd.PrivateIdeas = ptr(true)
	}
	if !m.do(fac, cmd) {
		tb.Fatal("the session was not created")
	}
	return m
}

// actor picks who acts: the facilitator, the observer, a stranger, or a
// participant slot (joining first if the slot is empty).
func (m *sim) actor() (session.Actor, bool) {
	switch n := m.c.IntN(20); {
	case n < 5:
		return fac, true
	case n == 5:
		return observer, true
	case n == 6:
		return stranger, true
	}
	slot := m.c.IntN(len(m.slots))
	if m.slots[slot] == "" {
		before := len(m.log)
		if !m.do(session.Actor{Role: session.RoleParticipant}, session.Command{
			Type: session.CmdJoin, Name: simText(m.c), Institution: []string{"IRIA", "ASAN", "DTX"}[m.c.IntN(3)],
			TokenHash: fmt.Sprintf("hash%d", slot),
		}) {
			return session.Actor{}, false
		}
		pid := m.log[before].e.ID
		m.slots[slot] = pid
		m.addReplica(session.Actor{ID: pid, Role: session.RoleParticipant})
		return session.Actor{}, false
	}
	return session.Actor{ID: m.slots[slot], Role: session.RoleParticipant}, true
}

// addReplica gives a new participant two copies: one replayed from the
// whole log (as if connected from the start) and one from a snapshot.
func (m *sim) addReplica(v session.Viewer) {
	r := &replica{v: v, live: session.NewState("prop"), label: v.ID}
	for _, l := range m.log {
		r.live.Apply(hubRedact(m.s, l.e, v, l.anonymous, l.revealed))
	}
	b, err := json.Marshal(session.RedactState(m.s, v))
	if err != nil {
		m.tb.Fatal(err)
	}
	r.snap = &session.State{}
	if err := json.Unmarshal(b, r.snap); err != nil {
		m.tb.Fatal(err)
	}
	r.snap.Normalize()
	m.replicas = append(m.replicas, r)
}

// step gives one random command.
func (m *sim) step() {
	m.clock = m.clock.Add(time.Duration(m.c.IntN(40)) * time.Second)
	a, ok := m.actor()
	if !ok {
		return
	}
	m.do(a, m.command(a))
}

// do decides a command and, if accepted, stores, applies and delivers its
// events; it reports whether it was accepted.
func (m *sim) do(a session.Actor, cmd session.Command) bool {
	m.tb.Helper()
	evs, err := session.Decide(m.s, a, cmd, m.clock)
	if err != nil {
		code := session.ErrorCode(err)
		if code == session.EINTERNAL || code == "" || session.ErrorMessage(err) == "" {
			m.tb.Fatalf("%s by %+v: bad error %q %v", cmd.Type, a, code, err)
		}
		m.refused[code]++
		return false
	}
	if len(evs) == 0 {
		m.tb.Fatalf("%s by %+v: accepted with no events", cmd.Type, a)
	}
	m.accepted[cmd.Type]++
	if cmd.Type == session.CmdGroupIdeas {
		m.refunds += len(evs) - 1
	}
	for _, e := range evs {
		if e.Type == session.EvVotesRefunded { // issue 15
			m.settingRefunds++
		}
	}
	for _, e := range evs {
		e.Seq = m.s.Seq + 1
		m.s.Apply(e)
		l := logged{e: e, anonymous: m.s.Settings.Anonymous, revealed: m.s.VotesRevealed}
		m.log = append(m.log, l)
		for _, r := range m.replicas {
			re := hubRedact(m.s, e, r.v, l.anonymous, l.revealed)
			m.checkTableEvent(e, re, r.v) // issue 16
			r.live.Apply(re)
			if r.snap != nil {
				r.snap.Apply(re)
			}
		}
	}
	m.checkBudgets()
	m.checkTables() // issue 16
	return true
}

// hubRedact redacts e for viewer v as the hub encodes it (server/room_send.go,
// eventFor): the facilitator's view, the actor's own view, or one view for
// everyone else, whoever they are, and the view of the participant an
// event concerns (session.Concerns). An event whose redaction depended on
// the viewer in any other way would reach some viewer wrong (issue 15:
// votes_refunded once named its voter outside the actor). Issue 16: an
// event about a table's item has two views for everyone else, those who
// sit or sat at the table and the rest; s is the state the hub holds when
// it sends e (e applied; a resume's replay: today's).
func hubRedact(s *session.State, e session.Event, v session.Viewer, anonymous, revealed bool) session.Event {
	v = s.TableViewer(v, e)
	if v.Role == session.RoleFacilitator || v.ID != "" && v.ID == e.Actor || session.Concerns(e, v.ID) {
		return session.Redact(e, v, anonymous, revealed)
	}
	return session.Redact(e, session.Viewer{Role: session.RoleParticipant, Table: v.Table}, anonymous, revealed)
}
