package session

import (
	"cmp"
	"slices"
	"strings"
)

// Institution-aware anonymity (issue 15). In an anonymous session an
// author's institution is named to others only when at least k
// participants of that institution are present; otherwise it is withheld
// and the apps say "another institution". When the institutions withheld
// together have fewer than k people, naming the others would single them
// out, so the smallest named institutions are withheld too, until the
// withheld pool has no one or at least k people (or is the whole room).
//
// The decision is made when an idea or comment is posted, from the
// participants present then, and travels with it (InstitutionMasked): so a
// reader who knows who had joined at that moment still has at least k
// candidates for its author. Deciding again later would let an institution
// named once the third person joined point at the two who were there when
// the idea was written.

// DefaultAnonK is k when the session does not set it.
const DefaultAnonK = 3

// MaxAnonK is the largest k the settings accept.
const MaxAnonK = 50

// K returns the session's k of institution-aware anonymity.
func (st Settings) K() int {
	if st.AnonK <= 0 {
		return DefaultAnonK
	}
	return st.AnonK
}

// Present reports whether participant p counts as present for anonymity:
// joined and not removed. Not "online": connections come and go, and a
// count that followed them would tell the room who just left. This is the
// one place that says who is present: a participant taken out of the room
// must stop counting here. The counts per institution are kept by Apply
// (notePresence): an event that changes who is present must have a type
// that starts with "participant_", which has the room counted again.
func Present(s *State, p *Participant) bool {
	return !p.Removed
}

// presentCount is the number of present participants per institution,
// kept by Apply, so that posting an idea in a room of thousands does not
// count the room.
type presentCount struct {
	counts map[string]int // nil: not counted yet
	stale  bool           // a participant_ event other than a join was applied: count again
}

// countPresent counts the present participants per institution.
func countPresent(s *State) map[string]int {
	out := map[string]int{}
	for _, p := range s.Participants {
		if Present(s, p) {
			out[p.Institution]++
		}
	}
	return out
}

// notePresence keeps the counts by event e, before e is applied: a join
// adds one; another participant_ event has the room counted again before
// the next event (meanwhile NamedInstitutions counts it itself).
func (s *State) notePresence(e Event) {
	if s.present.stale || s.present.counts == nil {
		s.present = presentCount{counts: countPresent(s)}
	}
	switch {
	case e.Type == EvParticipantJoined:
		if _, known := s.Participants[e.ID]; known {
			s.present.stale = true
			return
		}
		s.present.counts[e.Institution]++
	case strings.HasPrefix(e.Type, "participant_"):
		s.present.stale = true
	}
}

// NamedInstitutions returns the institutions an anonymous author's idea or
// comment may name if posted now, by the rule above.
func NamedInstitutions(s *State) map[string]bool {
	k := s.Settings.K()
	count := s.present.counts
	if count == nil || s.present.stale {
		count = countPresent(s)
	}
	return namedAmong(count, k)
}

// namedAmong applies the rule above to count, the people present per
// institution (issue 16: a table's, decide_tables_rules.go).
func namedAmong(count map[string]int, k int) map[string]bool {
	var named []string
	pool := 0
	for inst, n := range count {
		if n >= k {
			named = append(named, inst)
		} else {
			pool += n
		}
	}
	// Smallest first, ties by name, so the pool grows by as few people as
	// it can and the choice is the same on every replica.
	slices.SortFunc(named, func(a, b string) int {
		if c := cmp.Compare(count[a], count[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for pool > 0 && pool < k && len(named) > 0 {
		pool += count[named[0]]
		named = named[1:]
	}
	out := make(map[string]bool, len(named))
	for _, inst := range named {
		out[inst] = true
	}
	return out
}

// masked reports whether an idea or comment the actor posts now withholds
// its institution from others: only a participant's, in an anonymous
// session, when the institution is not named.
func (d *decider) masked(inst string) bool {
	if d.a.Role != RoleParticipant || !d.s.Settings.Anonymous {
		return false
	}
	return !NamedInstitutions(d.s)[inst]
}

// DoneCount returns how many participants are done with phase p, named or
// counted in this copy.
func (s *State) DoneCount(p Phase) int {
	return len(s.Done[p]) + s.DoneOthers[p]
}

// setAnonK takes the command's k into the settings, if it gives one: from
// 1 (every institution named, as before the setting) to MaxAnonK. It
// applies to ideas and comments posted from then on.
func (d *decider) setAnonK(st *Settings) error {
	if d.c.AnonK == nil {
		return nil
	}
	if k := *d.c.AnonK; k < 1 || k > MaxAnonK {
		return Refuse(EINVALID, "errors.anon_k_range", "Max", MaxAnonK)
	}
	st.AnonK = *d.c.AnonK
	return nil
}

// countDone changes the count of others done with phase p by delta.
func (s *State) countDone(p Phase, delta int) {
	n := s.DoneOthers[p] + delta
	if n <= 0 {
		delete(s.DoneOthers, p)
		return
	}
	if s.DoneOthers == nil {
		s.DoneOthers = map[Phase]int{}
	}
	s.DoneOthers[p] = n
}

// redactAnonymity is RedactState's part for issue 15, on out, the copy for
// viewer v (not the facilitator): masked institutions withheld, others'
// done marks as counts, and only v's own undo list.
func redactAnonymity(s, out *State, v Viewer, hide func(author string) bool) {
	for _, i := range out.Ideas {
		if i.InstitutionMasked && hide(i.Author) {
			i.Institution = ""
		}
	}
	for _, c := range out.Comments {
		if c.InstitutionMasked && hide(c.Author) {
			c.Institution = ""
		}
	}
	out.DoneOthers = nil
	for p, d := range out.Done {
		for pid := range d {
			if v.ID == "" || pid != v.ID {
				delete(d, pid)
				out.countDone(p, 1)
			}
		}
		if len(d) == 0 {
			delete(out.Done, p)
		}
	}
	out.Undo = map[string][]*UndoEntry{}
	if list := s.Undo[v.ID]; v.ID != "" && len(list) > 0 {
		out.Undo[v.ID] = slices.Clone(list)
	}
}
