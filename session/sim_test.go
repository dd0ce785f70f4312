package session_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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

// simText returns a text for a command: plain, Azerbaijani, Russian, emoji,
// escapes, empty, invalid UTF-8 and over-long.
func simText(c chooser) string {
	pool := []string{
		"Open data portal", "Rəqəmsal inkişaf", "Şəffaflıq", "Координация", "🚀 launch", "👩🏽‍💻 with ZWJ",
		"\x1b[31mred\x1b[0m", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "line one\nline two", "", "  ", "bad \xff",
		strings.Repeat("x", 501), "\u202eevil", "tab\there",
	}
	return pool[c.IntN(len(pool))]
}

// pick returns one of the ids, or a bogus one now and then.
func pick(c chooser, ids []string, bogus string) string {
	if len(ids) == 0 || c.IntN(10) == 0 {
		return bogus
	}
	return ids[c.IntN(len(ids))]
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	session.ByID(out)
	return out
}

// command makes a random command of a random type for the state.
func (m *sim) command(a session.Actor) session.Command {
	c, s := m.c, m.s
	ideas, groups := keys(s.Ideas), keys(s.Groups)
	items := append(slices.Clone(ideas), groups...)
	topics := make([]string, len(s.Topics))
	for k, t := range s.Topics {
		topics[k] = t.ID
	}
	types := session.CommandTypes()
	typ := types[c.IntN(len(types))]
	// Removing people and making them read-only are picked as often as any
	// command but mostly turned into bringing them back, so the room keeps
	// enough active people to reach budgets, caps and merges.
	switch {
	case typ == session.CmdRemoveParticipant && c.IntN(4) != 0:
		typ = session.CmdReadmitParticipant
	case typ == session.CmdMakeReadOnly && c.IntN(4) != 0:
		typ = session.CmdLiftReadOnly
	}
	// Participants mostly do what their phase is for, so votes and ideas
	// are common enough to test budgets and merges.
	if a.Role == session.RoleParticipant && c.IntN(3) != 0 {
		switch s.Phase {
		case session.PhaseIdeas:
			typ = session.CmdPostIdea
		case session.PhaseVote:
			typ = session.CmdVote
		case session.PhaseDiscuss, session.PhaseRoadmap:
			typ = session.CmdComment
		case session.PhaseClosed:
			typ = session.CmdFeedback
		}
	}
	removed := false
	for _, p := range s.Participants {
		removed = removed || p.Removed
	}
	if a.Role == session.RoleFacilitator && removed && c.IntN(6) == 0 {
		typ = session.CmdReadmitParticipant // someone removed comes back, or the removal is undone
	} else if a.Role == session.RoleFacilitator && len(ideas) > 1 && c.IntN(5) == 0 {
		// the facilitator groups often once there are ideas, so that merges,
		// renames and splits (and their undos) are common enough
		typ = []string{session.CmdGroupIdeas, session.CmdGroupIdeas, session.CmdRenameGroup, session.CmdUngroupIdea}[c.IntN(4)]
	} else if a.Role == session.RoleFacilitator && c.IntN(4) == 0 {
		typ = []string{session.CmdSetPhase, session.CmdGroupIdeas, session.CmdRevealVotes, session.CmdHideVotes, session.CmdPlace, session.CmdTimer, session.CmdOpenVoting, session.CmdOpenVoting,
			session.CmdShowIdea, session.CmdRenameGroup, session.CmdUngroupIdea, session.CmdRevealIdeas}[c.IntN(12)]
		if c.IntN(10) == 0 { // moderation of participants, now and then; re-admitting often enough that votes go on
			typ = []string{session.CmdRenameParticipant, session.CmdRemoveParticipant, session.CmdReadmitParticipant,
				session.CmdReadmitParticipant, session.CmdMakeReadOnly, session.CmdLiftReadOnly, session.CmdLiftReadOnly}[c.IntN(7)]
		}
	}
	cmd := session.Command{Type: typ}
	switch c.IntN(40) {
	case 0:
		cmd.Type = "no_such_command"
	case 1:
		cmd.Type = session.CmdCreateSession
	}
	cmd.Item = pick(c, items, "i999")
	cmd.Topic = pick(c, topics, "t999")
	cmd.Text = simText(c)
	cmd.Name = simText(c)
	cmd.Institution = []string{"IRIA", "ASAN", "DTX", "Nazirlik"}[c.IntN(4)]
	cmd.Phase = session.Phases()[c.IntN(7)]
	if c.IntN(2) == 0 {
		cmd.Phase = []session.Phase{session.PhaseIdeas, session.PhaseVote, session.PhaseVote}[c.IntN(3)]
	}
	cmd.Delta = []int{1, 1, 1, 1, -1, -1, 0, 2}[c.IntN(8)]
	cmd.Horizon = pick(c, s.Settings.Horizons, "Someday")
	cmd.Lead = cmd.Institution
	cmd.Order = c.IntN(5)
	cmd.Rating = c.IntN(7)
	cmd.Action = []string{session.TimerStart, session.TimerPause, session.TimerResume, session.TimerExtend, session.TimerStop, "rewind"}[c.IntN(6)]
	cmd.Seconds = c.IntN(1200) - 300
	switch typ {
	case session.CmdGroupIdeas:
		var loose []string
		for _, id := range ideas {
			if i := s.Ideas[id]; i.Group == "" && !i.Hidden {
				loose = append(loose, id)
			}
		}
		// Ideas one voter gave votes, so merges go over the cap.
		var withVotes []string
		// The voter is one who gave votes to two loose ideas or more, when
		// there is one.
		var voters []string
		for _, pid := range keys(s.Participants) {
			n := 0
			for _, id := range loose {
				if s.Votes[id][pid] > 0 {
					n++
				}
			}
			if n >= 2 {
				voters = append(voters, pid)
			}
		}
		if len(voters) == 0 {
			voters = keys(s.Participants)
		}
		voter := pick(c, voters, "p992")
		for _, id := range loose {
			if s.Votes[id][voter] > 0 {
				withVotes = append(withVotes, id)
			}
		}
		switch c.IntN(4) {
		case 0:
			loose = ideas
		case 1, 2:
			if len(withVotes) > 0 {
				loose = withVotes
			}
		}
		n := 1 + c.IntN(4)
		for range n {
			cmd.Ideas = append(cmd.Ideas, pick(c, loose, "i998"))
		}
		if c.IntN(2) == 0 {
			cmd.Group = pick(c, groups, "g997")
		}
		if c.IntN(2) == 0 {
			cmd.Name = ""
		}
	case session.CmdVote:
		if cands := s.Candidates(); c.IntN(5) != 0 {
			if len(cands) > 3 && c.IntN(2) == 0 {
				cands = cands[:3]
			}
			cmd.Item = pick(c, cands, "g995")
		}
	case session.CmdShowIdea, session.CmdUngroupIdea:
		var some []string
		for _, id := range ideas {
			if i := s.Ideas[id]; (typ == session.CmdShowIdea && i.Hidden) || (typ == session.CmdUngroupIdea && i.Group != "") {
				some = append(some, id)
			}
		}
		cmd.Item = pick(c, some, "i994")
	case session.CmdRenameGroup, session.CmdDissolveGroup:
		cmd.Item = pick(c, groups, "g993")
	case session.CmdDeleteComment:
		cmd.Item = pick(c, keys(s.Comments), "c999")
	case session.CmdRenameParticipant, session.CmdRemoveParticipant, session.CmdReadmitParticipant, session.CmdMakeReadOnly, session.CmdLiftReadOnly:
		// Lifting and re-admitting pick among those it would apply to most
		// of the time, so that read-only and removed people come back and
		// votes go on.
		var some []string
		for id, p := range s.Participants {
			if (typ == session.CmdLiftReadOnly && p.ReadOnly) || (typ == session.CmdReadmitParticipant && p.Removed) {
				some = append(some, id)
			}
		}
		slices.Sort(some)
		if len(some) == 0 || c.IntN(4) == 0 {
			some = keys(s.Participants)
		}
		cmd.Participant = pick(c, some, "p991")
		cmd.Attribution = []string{"", session.AttributionKeep, session.AttributionRemoved, "forget"}[c.IntN(4)]
	case session.CmdPlace:
		cmd.Supporters = []string{"IRIA", "ASAN"}[:c.IntN(3)]
	case session.CmdUnplace:
		cmd.Item = pick(c, keys(s.Roadmap), "i996")
	case session.CmdUpdateSettings:
		if len(s.Votes) > 0 && c.IntN(3) == 0 {
			// votes were given: lower the cap or the budget now and then
			// below what someone gave, so that votes go back (issue 15)
			most, spent := 0, 0
			for _, votes := range s.Votes {
				for pid, n := range votes {
					most = max(most, n)
					if p := s.Participants[pid]; p != nil {
						spent = max(spent, p.VotesSpent)
					}
				}
			}
			if most > 1 && c.IntN(2) == 0 {
				cmd.VoteCap = ptr(most - 1)
			} else {
				cmd.VoteBudget = ptr(max(spent-1, 0))
			}
			break
		}
		switch c.IntN(7) {
		case 5: // issue 15
			cmd.PrivateIdeas = ptr(c.IntN(2) == 0)
		case 6:
			cmd.Agenda = &session.Agenda{Phases: map[session.Phase]time.Duration{cmd.Phase: time.Duration(c.IntN(3)) * time.Minute}, Item: time.Duration(c.IntN(2)) * time.Minute}
		case 0:
			cmd.VoteBudget = ptr(c.IntN(8))
			if c.IntN(3) != 0 { // mostly more than spent: low budgets leave too few votes to merge
				cmd.VoteBudget = ptr(3 + c.IntN(5))
			}
		case 1:
			cmd.VoteCap = ptr(c.IntN(5))
		case 2:
			cmd.Anonymous = ptr(c.IntN(2) == 0)
		case 3:
			cmd.Horizons = [][]string{{"Now", "Next", "Later"}, {"Now", "Q2 2027"}, {}}[c.IntN(3)]
		case 4:
			cmd.Title = ptr(simText(c))
		}
	case session.CmdFocus:
		if c.IntN(4) == 0 {
			cmd.Item = ""
		}
	case session.CmdNote:
		cmd.Notes, cmd.Decision = simText(c), simText(c)
	case session.CmdTimer:
		if cmd.Action == session.TimerStart && cmd.Seconds <= 0 {
			cmd.Seconds = 60
		}
	}
	return cmd
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
		r.live.Apply(hubRedact(l.e, v, l.anonymous, l.revealed))
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
			re := hubRedact(e, r.v, l.anonymous, l.revealed)
			r.live.Apply(re)
			if r.snap != nil {
				r.snap.Apply(re)
			}
		}
	}
	m.checkBudgets()
	return true
}

// checkBudgets checks the vote invariants and the shape of the server state.
func (m *sim) checkBudgets() {
	m.tb.Helper()
	s := m.s
	sum := map[string]int{}
	for item, votes := range s.Votes {
		if !s.Votable(item) {
			m.tb.Fatalf("votes on %s, which takes no votes: %v", item, votes)
		}
		for pid, n := range votes {
			if _, ok := s.Participants[pid]; !ok {
				m.tb.Fatalf("votes on %s by %q, not a participant", item, pid)
			}
			if n <= 0 || n > s.Settings.VoteCap {
				m.tb.Fatalf("%s has %d votes on %s; the cap is %d", pid, n, item, s.Settings.VoteCap)
			}
			sum[pid] += n
		}
	}
	for pid, p := range s.Participants {
		if p.VotesSpent != sum[pid] {
			m.tb.Fatalf("%s: VotesSpent %d, but their votes add up to %d", pid, p.VotesSpent, sum[pid])
		}
		if p.VotesSpent > s.Settings.VoteBudget {
			m.tb.Fatalf("%s spent %d votes; the budget is %d", pid, p.VotesSpent, s.Settings.VoteBudget)
		}
	}
	for gid, g := range s.Groups {
		if len(g.Ideas) == 0 {
			m.tb.Fatalf("group %s is empty", gid)
		}
		for _, id := range g.Ideas {
			if i := s.Ideas[id]; i == nil || i.Group != gid {
				m.tb.Fatalf("group %s lists %s, which is not in it", gid, id)
			}
		}
	}
	for id, i := range s.Ideas {
		if i.Group != "" && !slices.Contains(s.Groups[i.Group].Ideas, id) {
			m.tb.Fatalf("idea %s names group %s, which does not list it", id, i.Group)
		}
		if i.Hidden && i.Group != "" {
			m.tb.Fatalf("idea %s is hidden inside group %s", id, i.Group)
		}
	}
	for _, h := range s.Settings.Horizons {
		for k, r := range s.RoadmapIn(h) {
			if r.Order != k+1 {
				m.tb.Fatalf("road map %s: %s has order %d at position %d", h, r.Item, r.Order, k+1)
			}
		}
	}
	for item, r := range s.Roadmap {
		if !s.Votable(item) || !slices.Contains(s.Settings.Horizons, r.Horizon) {
			m.tb.Fatalf("road map holds %s on %q, which it should not", item, r.Horizon)
		}
	}
	if s.Focus != "" && !s.IsItem(s.Focus) {
		m.tb.Fatalf("focus on %s, which does not exist", s.Focus)
	}
}

// checkReplay checks that replaying the log from an empty state reproduces
// the server state exactly.
func (m *sim) checkReplay() {
	m.tb.Helper()
	r := session.NewState("prop")
	for _, l := range m.log {
		r.Apply(l.e)
	}
	if !reflectEqual(r, m.s) {
		m.tb.Fatalf("replay differs:\nreplay %s\nstate  %s", jsonOf(m.tb, r), jsonOf(m.tb, m.s))
	}
}

// checkReplicas checks that every replica equals the redacted server state
// and that nothing leaked into a participant's or observer's copy.
func (m *sim) checkReplicas() {
	m.tb.Helper()
	for _, r := range m.replicas {
		want := jsonOf(m.tb, session.RedactState(m.s, r.v))
		if got := jsonOf(m.tb, r.live); got != want {
			m.tb.Fatalf("%s's replica differs at seq %d:\nreplica %s\nwant    %s", r.label, m.s.Seq, got, want)
		}
		if r.snap != nil {
			if got := jsonOf(m.tb, r.snap); got != want {
				m.tb.Fatalf("%s's replica from a snapshot differs at seq %d:\nreplica %s\nwant    %s", r.label, m.s.Seq, got, want)
			}
		}
		m.checkLeaks(r.v, r.live)
	}
}

// checkReplayWithCurrentFlags replays the log redacted with today's
// anonymity and reveal state, as the hub does for a resuming client, and
// checks that the copy converges too.
func (m *sim) checkReplayWithCurrentFlags() {
	m.tb.Helper()
	for _, r := range m.replicas {
		c := session.NewState("prop")
		for _, l := range m.log {
			c.Apply(session.Redact(l.e, r.v, m.s.Settings.Anonymous, m.s.VotesRevealed))
		}
		if got, want := jsonOf(m.tb, c), jsonOf(m.tb, session.RedactState(m.s, r.v)); got != want {
			m.tb.Fatalf("%s's copy redacted with the current flags differs:\ncopy %s\nwant %s", r.label, got, want)
		}
	}
}

// checkReplayWithLaggedFlags redacts each event with the flags of a later
// moment, as the hub does when it broadcasts a committed event after more
// commands were applied: delivery moments never go backwards and trail the
// log by a random lag. The copies must converge once everything arrived.
func (m *sim) checkReplayWithLaggedFlags(c chooser) {
	m.tb.Helper()
	for _, r := range m.replicas {
		cp := session.NewState("prop")
		at := 0
		for k, l := range m.log {
			at = min(max(at, k+c.IntN(6)), len(m.log)-1)
			f := m.log[at]
			cp.Apply(session.Redact(l.e, r.v, f.anonymous, f.revealed))
		}
		if got, want := jsonOf(m.tb, cp), jsonOf(m.tb, session.RedactState(m.s, r.v)); got != want {
			m.tb.Fatalf("%s's copy redacted with lagging flags differs:\ncopy %s\nwant %s", r.label, got, want)
		}
	}
}

// checkLeaks checks that a non-facilitator copy holds no other
// participant's anonymous authorship, individual votes, feedback, vote
// count or token.
func (m *sim) checkLeaks(v session.Viewer, s *session.State) {
	m.tb.Helper()
	if v.Role == session.RoleFacilitator {
		return
	}
	own := func(id string) bool { return v.ID != "" && id == v.ID }
	if m.s.Settings.Anonymous {
		for _, i := range s.Ideas {
			if i.Author != "" && i.Author != session.FacilitatorID && !own(i.Author) {
				m.tb.Fatalf("%q sees author %s of idea %s", v.ID, i.Author, i.ID)
			}
		}
		for _, c := range s.Comments {
			if c.Author != "" && c.Author != session.FacilitatorID && !own(c.Author) {
				m.tb.Fatalf("%q sees author %s of comment %s", v.ID, c.Author, c.ID)
			}
		}
	}
	for item, votes := range s.Votes {
		for pid := range votes {
			if pid != "" && !own(pid) {
				m.tb.Fatalf("%q sees %s's votes on %s", v.ID, pid, item)
			}
		}
		if _, ok := votes[""]; ok && !m.s.VotesRevealed {
			m.tb.Fatalf("%q sees others' votes on %s before they are revealed", v.ID, item)
		}
	}
	for pid := range s.Feedback {
		if !own(pid) {
			m.tb.Fatalf("%q sees %s's feedback", v.ID, pid)
		}
	}
	if len(s.Audit) > 0 {
		m.tb.Fatalf("%q keeps an audit trail of %d acts", v.ID, len(s.Audit))
	}
	for pid, p := range s.Participants {
		if p.ReadOnly && !own(pid) {
			m.tb.Fatalf("%q sees that %s is read-only", v.ID, pid)
		}
		if p.TokenHash != "" {
			m.tb.Fatalf("%q sees %s's token hash", v.ID, pid)
		}
		if !own(pid) && p.VotesSpent != 0 {
			m.tb.Fatalf("%q sees how many votes %s spent", v.ID, pid)
		}
	}
}

// hubRedact redacts e for viewer v as the hub encodes it (server/room_send.go,
// eventFor): the facilitator's view, the actor's own view, or one view for
// everyone else, whoever they are, and the view of the participant an
// event concerns (session.Concerns). An event whose redaction depended on
// the viewer in any other way would reach some viewer wrong (issue 15:
// votes_refunded once named its voter outside the actor).
func hubRedact(e session.Event, v session.Viewer, anonymous, revealed bool) session.Event {
	if v.Role == session.RoleFacilitator || v.ID != "" && v.ID == e.Actor || session.Concerns(e, v.ID) {
		return session.Redact(e, v, anonymous, revealed)
	}
	return session.Redact(e, session.Viewer{Role: session.RoleParticipant}, anonymous, revealed)
}
