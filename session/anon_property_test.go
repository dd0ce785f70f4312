package session_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"roundtable/session"
)

// The promise of issue 15: in an anonymous session nobody can single out
// the author of an idea or comment, through the institution shown or
// through other per-participant events. TestPropertyAnonymity checks it
// over random rooms (random institutions of random sizes, joining in
// random order) and random commands, from what each viewer received: the
// snapshot they were welcomed with and every event after it, redacted.
//
// A viewer's candidates for an anonymous item are the participants who had
// joined before it was posted (ids come from one counter, so the viewer
// knows the order) and whose institution fits what the viewer was shown:
// that institution when it is named; when it is withheld, every
// institution the rule (anon.go) withholds for that room, which the viewer
// can work out as well as the hub. There must be at least k of them, or
// the whole room when it has fewer than k people.

// anonViewer is what one participant or observer received.
type anonViewer struct {
	v        session.Viewer
	snapshot *session.State
	events   []session.Event
}

// anonRoom drives one random anonymous session.
type anonRoom struct {
	t       *testing.T
	r       *rand.Rand
	s       *session.State
	clock   time.Time
	k       int
	waiting []string // institutions of the participants yet to join, in joining order
	joined  []session.Actor
	viewers []*anonViewer
	posted  int
}

func TestPropertyAnonymity(t *testing.T) {
	seeds := 60
	if testing.Short() {
		seeds = 10
	}
	named, withheld := 0, 0
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 0xa11))
		m := newAnonRoom(t, r)
		for range 300 {
			m.step()
		}
		n, w := m.check()
		named += n
		withheld += w
	}
	t.Logf("items checked: %d with their institution named, %d withheld", named, withheld)
	if named == 0 || withheld == 0 {
		t.Errorf("the rooms never named (%d) or never withheld (%d) an institution", named, withheld)
	}
}

func newAnonRoom(t *testing.T, r *rand.Rand) *anonRoom {
	m := &anonRoom{t: t, r: r, s: session.NewState("anon"), clock: epoch, k: 2 + r.IntN(3)}
	sizes := []int{1, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6}
	for k := range 1 + r.IntN(8) {
		for range sizes[r.IntN(len(sizes))] {
			m.waiting = append(m.waiting, "Inst"+strconv.Itoa(k))
		}
	}
	r.Shuffle(len(m.waiting), func(i, j int) { m.waiting[i], m.waiting[j] = m.waiting[j], m.waiting[i] })
	m.viewers = append(m.viewers, &anonViewer{v: observer, snapshot: session.NewState("anon")})
	m.do(fac, session.Command{Type: session.CmdCreateSession, Anonymous: ptr(true), AnonK: ptr(m.k)})
	m.do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	return m
}

// do decides and applies a command, and delivers its events to every
// viewer redacted; it reports whether it was accepted.
func (m *anonRoom) do(a session.Actor, c session.Command) bool {
	evs, err := session.Decide(m.s, a, c, m.clock)
	if err != nil {
		return false
	}
	for _, e := range evs {
		e.Seq = m.s.Seq + 1
		m.s.Apply(e)
		for _, v := range m.viewers {
			v.events = append(v.events, session.Redact(e, v.v, m.s.Settings.Anonymous, m.s.VotesRevealed))
		}
	}
	return true
}

// step joins the next participant or has someone act.
func (m *anonRoom) step() {
	m.clock = m.clock.Add(time.Duration(m.r.IntN(30)) * time.Second)
	if len(m.waiting) > 0 && (len(m.joined) == 0 || m.r.IntN(4) == 0) {
		inst := m.waiting[0]
		m.waiting = m.waiting[1:]
		if !m.do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: "P" + strconv.Itoa(len(m.joined)), Institution: inst}) {
			m.t.Fatal("a join was refused")
		}
		a := session.Actor{ID: "p" + strconv.FormatInt(m.s.Counter, 10), Role: session.RoleParticipant}
		m.joined = append(m.joined, a)
		// The new participant is welcomed with a snapshot after its join.
		b, err := json.Marshal(session.RedactState(m.s, a))
		if err != nil {
			m.t.Fatal(err)
		}
		snap := &session.State{}
		if err := json.Unmarshal(b, snap); err != nil {
			m.t.Fatal(err)
		}
		snap.Normalize()
		m.viewers = append(m.viewers, &anonViewer{v: a, snapshot: snap})
		return
	}
	r, s := m.r, m.s
	if r.IntN(8) == 0 {
		phases := []session.Phase{session.PhaseIdeas, session.PhaseIdeas, session.PhaseVote, session.PhaseDiscuss}
		c := session.Command{Type: session.CmdSetPhase, Phase: phases[r.IntN(len(phases))]}
		if r.IntN(3) == 0 {
			c = session.Command{Type: []string{session.CmdRevealVotes, session.CmdHideVotes, session.CmdUndo}[r.IntN(3)]}
		}
		if r.IntN(4) == 0 {
			// private brainstorming on or off, or its ideas revealed
			c = session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: ptr(r.IntN(2) == 0)}
			if r.IntN(2) == 0 {
				c = session.Command{Type: session.CmdRevealIdeas}
			}
		}
		if r.IntN(3) == 0 && len(m.joined) > 0 {
			// a participant removed or re-admitted: who is present changes
			who := m.joined[r.IntN(len(m.joined))].ID
			c = session.Command{Type: []string{session.CmdRemoveParticipant, session.CmdReadmitParticipant}[r.IntN(2)], Participant: who}
		}
		m.do(fac, c)
		return
	}
	a := m.joined[r.IntN(len(m.joined))]
	ideas := keys(s.Ideas)
	item := ""
	if len(ideas) > 0 {
		item = ideas[r.IntN(len(ideas))]
	}
	var c session.Command
	switch r.IntN(10) {
	case 0, 1, 2:
		c = session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: fmt.Sprintf("idea %d", m.posted)}
		m.posted++
	case 3:
		c = session.Command{Type: session.CmdComment, Item: item, Text: "a comment"}
	case 4:
		c = session.Command{Type: session.CmdVote, Item: item, Delta: 1 - 2*r.IntN(2)}
	case 5:
		c = session.Command{Type: session.CmdMarkDone}
	case 6:
		c = session.Command{Type: session.CmdClearDone}
	case 7:
		c = session.Command{Type: session.CmdEditIdea, Item: item, Text: "edited"}
	case 8:
		c = session.Command{Type: session.CmdDeleteIdea, Item: item}
	default:
		c = session.Command{Type: session.CmdUndo}
	}
	m.do(a, c)
}

// check goes through what each viewer received; it returns how many items
// had their institution named and how many withheld.
func (m *anonRoom) check() (named, withheld int) {
	for _, vw := range m.viewers {
		roster := map[string]string{} // participant id -> institution, as received
		removed := map[string]bool{}  // participants removed, as received
		for id, p := range vw.snapshot.Participants {
			roster[id] = p.Institution
			removed[id] = p.Removed
		}
		// The snapshot's items come first, then the events in order.
		inSnapshot := true
		// The room as it was when each private idea's placeholder arrived
		// (the placeholder tells the viewer when it was posted).
		posted := map[string]map[string]string{}
		mine := map[string]bool{} // the viewer's own items: what it posted, it knows
		item := func(id, author, inst string, isMasked bool, where string) {
			if author == session.FacilitatorID || (vw.v.ID != "" && author == vw.v.ID) {
				mine[id] = true
				return
			}
			if mine[id] {
				return
			}
			if author != "" {
				m.t.Fatalf("%s: %q sees author %s of %s", where, vw.v.ID, author, id)
			}
			// Who was present when the item was posted, as far as the viewer
			// can tell: for an event, the roster as received up to it; for
			// the snapshot, whoever joined before the item (removed or not:
			// the snapshot does not say when).
			present := map[string]string{}
			for pid, in := range roster {
				if inSnapshot && session.CompareIDs(pid, id) < 0 || !inSnapshot && !removed[pid] {
					present[pid] = in
				}
			}
			if then, ok := posted[id]; ok { // seen before (a private idea's placeholder): the room then
				present = then
			}
			posted[id] = present
			n, w := m.candidates(vw.v, present, id, inst, isMasked, where)
			named += n
			withheld += w
		}
		for _, i := range vw.snapshot.Ideas {
			if i.Private && i.Text == "" { // another's private idea: a placeholder, checked when revealed
				then := map[string]string{}
				for pid, in := range roster {
					if session.CompareIDs(pid, i.ID) < 0 {
						then[pid] = in
					}
				}
				posted[i.ID] = then
				continue
			}
			item(i.ID, i.Author, i.Institution, i.InstitutionMasked, "snapshot")
		}
		for _, c := range vw.snapshot.Comments {
			item(c.ID, c.Author, c.Institution, c.InstitutionMasked, "snapshot")
		}
		for pid := range vw.snapshot.Done[session.PhaseIdeas] {
			if pid != vw.v.ID {
				m.t.Fatalf("%q's snapshot names %s done", vw.v.ID, pid)
			}
		}
		inSnapshot = false
		for _, e := range vw.events {
			where := fmt.Sprintf("event %d (%s)", e.Seq, e.Type)
			switch e.Type {
			case session.EvParticipantRemoved:
				removed[e.ID] = true
			case session.EvParticipantReadmitted:
				removed[e.ID] = false
			}
			self := vw.v.ID != "" && e.Actor == vw.v.ID
			switch {
			case e.Type == session.EvParticipantJoined:
				roster[e.ID] = e.Institution
			case e.Actor != "" && e.Actor != session.FacilitatorID && !self:
				m.t.Fatalf("%s: %q gets another's actor %s", where, vw.v.ID, e.Actor)
			}
			if (e.Type == session.EvDoneMarked || e.Type == session.EvDoneCleared) && e.ID != "" && e.ID != vw.v.ID {
				m.t.Fatalf("%s: %q learns that %s is done", where, vw.v.ID, e.ID)
			}
			if e.Undoes != 0 && !self && e.Actor != session.FacilitatorID {
				m.t.Fatalf("%s: %q learns which action another undid", where, vw.v.ID)
			}
			switch e.Type {
			case session.EvIdeaPosted, session.EvCommentPosted:
				if !e.Private || self { // another's private idea is a placeholder, checked when revealed
					item(e.ID, e.Actor, e.Institution, e.InstitutionMasked, where)
					break
				}
				then := map[string]string{}
				for pid, in := range roster {
					if !removed[pid] {
						then[pid] = in
					}
				}
				posted[e.ID] = then
			case session.EvIdeasRevealed:
				for _, i := range e.Revealed {
					item(i.ID, i.Author, i.Institution, i.InstitutionMasked, where)
				}
			}
		}
	}
	return named, withheld
}

// candidates checks the candidate authors of item id as the viewer can
// work them out; it returns 1, 0 for an item with its institution named
// and 0, 1 for one withheld.
func (m *anonRoom) candidates(v session.Viewer, roster map[string]string, id, inst string, isMasked bool, where string) (int, int) {
	m.t.Helper()
	then := session.NewState("then")
	then.Settings.AnonK = m.k
	for pid, in := range roster {
		then.Participants[pid] = &session.Participant{ID: pid, Institution: in}
	}
	shown := session.NamedInstitutions(then)
	n := 0
	for _, p := range then.Participants {
		if (inst != "" && p.Institution == inst) || (inst == "" && !shown[p.Institution]) {
			n++
		}
	}
	room := len(then.Participants)
	switch {
	case inst == "" && !isMasked:
		m.t.Fatalf("%s: %q sees %s with no institution and no mark that it is withheld", where, v.ID, id)
	case inst != "" && isMasked && shown[inst]:
		m.t.Fatalf("%s: %s is marked withheld but shows %s", where, id, inst)
	case room < m.k && n != room:
		m.t.Fatalf("%s: %q narrows %s to %d of a room of %d (k %d)", where, v.ID, id, n, room, m.k)
	case room >= m.k && n < m.k:
		m.t.Fatalf("%s: %q narrows the author of %s to %d people (k %d, institution %q) ", where, v.ID, id, n, m.k, inst)
	}
	if inst != "" {
		return 1, 0
	}
	return 0, 1
}
