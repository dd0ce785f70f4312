package roadmap

import (
	"cmp"
	"slices"
	"strings"

	"roundtable/lang"
	"roundtable/session"
)

// Coverage across a programme, and how it keeps each session's anonymity.
//
// Institutions are one across sessions when their names fold alike
// (instKey: lang.Fold, spaces collapsed). An institution is named, in the
// coverage and in an item's backing, only from what a session's export
// itself names:
//
//   - in a named session, every participant's institution, except a
//     participant the facilitator removed as "a removed participant";
//   - in an anonymous session, the institutions the anonymity rule names
//     (session.NamedInstitutions: at least k of its people present), and
//     those shown on an idea or comment that was posted unmasked;
//   - anywhere, the leads and supporters the facilitator typed on a road
//     map.
//
// An idea or comment a session's export shows without an institution (the
// anonymity rule withheld it, or its author was removed as "a removed
// participant") counts in Withheld and in no institution's figures. Votes
// count towards an institution's "voted" only in a named session, or in an
// anonymous one where the rule names the institution, so that no vote is
// pinned on one person. Totals (how many institutions took part, how many
// back an item) count everyone, as a session's export counts them; they
// name no one. The spelling shown for an institution is the one its named
// occurrences use most (ties: the first in byte order).

// instKey is the key two spellings of one institution share.
func instKey(s string) string {
	return strings.Join(strings.Fields(lang.Fold(line(s))), " ")
}

// coverage gathers the programme's institutions.
type coverage struct {
	all       map[string]bool           // every institution that took part
	sessions  map[string]map[int]bool   // named institution -> sessions where it may be named
	ideas     map[string]int            // named institution -> ideas
	comments  map[string]int            // named institution -> comments
	voted     map[string]bool           // named institution -> voted where that names no one
	spellings map[string]map[string]int // institution -> spelling -> uses
	names     map[string]string         // institution -> the spelling shown
	withheld  ProgrammeWithheld
}

// spell records a named spelling of an institution.
func (c *coverage) spell(key, name string) {
	if key == "" {
		return
	}
	if c.spellings[key] == nil {
		c.spellings[key] = map[string]int{}
	}
	c.spellings[key][line(name)]++
}

// newCoverage reads every session whose events remain.
func newCoverage(g *progGraph) *coverage {
	c := &coverage{
		all: map[string]bool{}, sessions: map[string]map[int]bool{}, ideas: map[string]int{}, comments: map[string]int{},
		voted: map[string]bool{}, spellings: map[string]map[string]int{}, names: map[string]string{},
	}
	for k := range g.recs {
		if g.b[k] != nil {
			c.read(g, k)
		}
	}
	// leads and supporters are the facilitator's text, shown by every export
	for key := range g.nodes {
		n := g.nodes[key]
		if s := g.state(n.si); s != nil && g.placed(key) {
			r := s.Roadmap[n.item]
			c.spell(instKey(r.Lead), r.Lead)
			for _, sup := range r.Supporters {
				c.spell(instKey(sup), sup)
			}
		}
	}
	for key, uses := range c.spellings {
		best, most := "", 0
		for name, n := range uses {
			if n > most || n == most && name < best {
				best, most = name, n
			}
		}
		c.names[key] = best
	}
	return c
}

// read takes one session's part.
func (c *coverage) read(g *progGraph, k int) {
	b := g.b[k]
	s := b.s
	ruled := map[string]bool{} // the institutions a vote may name
	if s.Settings.Anonymous {
		for inst := range session.NamedInstitutions(s) {
			ruled[instKey(inst)] = true
		}
	}
	nameable := map[string]bool{}
	present := func(pid, inst string) {
		key := instKey(inst)
		if key == "" || s.Unnamed(pid) {
			return
		}
		if !s.Settings.Anonymous || ruled[key] {
			nameable[key] = true
			c.spell(key, inst)
		}
	}
	for _, p := range s.ParticipantList() {
		if key := instKey(p.Institution); key != "" {
			c.all[key] = true
		}
		present(p.ID, p.Institution)
	}
	// a post counts where it is the session's own: a carried copy counts
	// in the session it came from, when that one is here
	own := func(o *session.Origin) bool {
		if o == nil {
			return true
		}
		j, ok := g.at[o.Session]
		return !ok || g.state(j) == nil
	}
	post := func(pid, inst string, masked bool, count map[string]int, withheld *int) {
		if pid == session.FacilitatorID || pid == "" && inst == "" {
			return
		}
		a := b.author(pid, inst, masked)
		switch {
		case a.Removed || a.Withheld || a.Institution == "":
			*withheld++
		default:
			key := instKey(a.Institution)
			c.all[key] = true
			count[key]++
			nameable[key] = true
			c.spell(key, a.Institution)
		}
	}
	for _, i := range b.ideas {
		if own(i.Origin) {
			post(i.Author, i.Institution, i.InstitutionMasked, c.ideas, &c.withheld.Ideas)
		}
	}
	ids := make([]string, 0, len(s.Comments))
	for id := range s.Comments {
		ids = append(ids, id)
	}
	session.ByID(ids)
	for _, id := range ids {
		cm := s.Comments[id]
		post(cm.Author, cm.Institution, cm.InstitutionMasked, c.comments, &c.withheld.Comments)
	}
	for _, votes := range s.Votes {
		for pid, n := range votes {
			p := s.Participants[pid]
			if n <= 0 || p == nil || s.Unnamed(pid) {
				continue
			}
			if key := instKey(p.Institution); key != "" && (!s.Settings.Anonymous || ruled[key]) {
				c.voted[key] = true
			}
		}
	}
	for key := range nameable {
		if c.sessions[key] == nil {
			c.sessions[key] = map[int]bool{}
		}
		c.sessions[key][k] = true
	}
}

// name returns the spelling shown for an institution.
func (c *coverage) name(key, fallback string) string {
	if n, ok := c.names[key]; ok {
		return n
	}
	return line(fallback)
}

// backing is the institutions behind a merged item over all its steps:
// nodes are its steps' nodes, it the item built from them.
func (c *coverage) backing(g *progGraph, nodes []string, it ProgrammeItem) ProgrammeBacking {
	all, named := map[string]bool{}, map[string]string{}
	publicly := func(inst string) {
		if key := instKey(inst); key != "" {
			all[key] = true
			named[key] = c.name(key, inst)
		}
	}
	for _, key := range nodes {
		n := g.nodes[key]
		s := g.state(n.si)
		if s == nil {
			continue
		}
		for _, inst := range s.Supporters(n.item) {
			if k := instKey(inst); k != "" {
				all[k] = true
			}
		}
	}
	steps := append(append([]ProgrammeStep{it.ProgrammeStep}, it.History...), it.Later...)
	for _, st := range steps {
		if p := st.Placement; p != nil {
			publicly(p.Lead)
			for _, sup := range p.Supporters {
				publicly(sup)
			}
		}
		authors := []Author{}
		if st.ProposedBy != nil {
			authors = append(authors, *st.ProposedBy)
		}
		for _, i := range st.Ideas {
			authors = append(authors, i.Author)
		}
		for _, a := range authors {
			if !a.Removed && !a.Withheld {
				publicly(a.Institution)
			}
		}
	}
	out := ProgrammeBacking{Count: len(all), Named: make([]string, 0, len(named))}
	keys := make([]string, 0, len(named))
	for k := range named {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Named = append(out.Named, named[k])
	}
	return out
}

// summary makes the programme's coverage, with the merged road map's leads
// and supporters counted once per item.
func (c *coverage) summary(items []ProgrammeItem) ProgrammeCoverage {
	leads, supports := map[string]int{}, map[string]int{}
	others := map[string]string{}
	for _, it := range items {
		led, backed := map[string]bool{}, map[string]bool{}
		for _, st := range append([]ProgrammeStep{it.ProgrammeStep}, it.History...) {
			if p := st.Placement; p != nil {
				if key := instKey(p.Lead); key != "" {
					led[key] = true
					others[key] = c.name(key, p.Lead)
				}
				for _, sup := range p.Supporters {
					if key := instKey(sup); key != "" {
						backed[key] = true
						others[key] = c.name(key, sup)
					}
				}
			}
		}
		for key := range led {
			leads[key]++
		}
		for key := range backed {
			supports[key]++
		}
	}
	out := ProgrammeCoverage{Institutions: len(c.all), Named: []ProgrammeInstitution{}, Others: []string{}, Withheld: c.withheld}
	for key, in := range c.sessions {
		if len(in) == 0 {
			continue
		}
		delete(others, key)
		out.Named = append(out.Named, ProgrammeInstitution{
			Name: c.name(key, key), Sessions: len(in), Ideas: c.ideas[key], Comments: c.comments[key],
			Leads: leads[key], Supports: supports[key], Voted: c.voted[key],
		})
	}
	slices.SortFunc(out.Named, func(a, b ProgrammeInstitution) int {
		return cmp.Or(cmp.Compare(instKey(a.Name), instKey(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	// Leading and backing count every institution the road maps name as a
	// lead or a supporter (the facilitator's text, public in every export),
	// named among the participants or not; backing also counts a named
	// institution's votes.
	backers := map[string]bool{}
	for key := range supports {
		backers[key] = true
	}
	for _, in := range out.Named {
		if in.Contributed() {
			out.Contributed++
		} else {
			out.Quiet++
		}
		if in.Backed() {
			backers[instKey(in.Name)] = true
		}
	}
	out.Led, out.Backed = len(leads), len(backers)
	out.Unnamed = max(0, len(c.all)-len(out.Named))
	for _, name := range others {
		out.Others = append(out.Others, name)
	}
	slices.SortFunc(out.Others, func(a, b string) int { return cmp.Or(cmp.Compare(instKey(a), instKey(b)), cmp.Compare(a, b)) })
	return out
}
