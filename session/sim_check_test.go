package session_test

import (
	"slices"

	"roundtable/session"
)

// The simulator's checks: the invariants of the server state, replay, and
// every viewer's replica against the redacted state.

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
		if r.snap != nil {
			m.checkLeaks(r.v, r.snap)
		}
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
			c.Apply(session.Redact(l.e, m.s.TableViewer(r.v, l.e), m.s.Settings.Anonymous, m.s.VotesRevealed))
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
			cp.Apply(session.Redact(l.e, m.s.TableViewer(r.v, l.e), f.anonymous, f.revealed))
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
		if _, ok := votes[""]; ok && !m.s.VotesRevealed && m.s.ItemTable(item) == "" { // issue 16: a table's members see its totals live
			m.tb.Fatalf("%q sees others' votes on %s before they are revealed", v.ID, item)
		}
	}
	for pid := range s.Feedback {
		if !own(pid) {
			m.tb.Fatalf("%q sees %s's feedback", v.ID, pid)
		}
	}
	m.checkTableLeaks(v, s) // issue 16
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
