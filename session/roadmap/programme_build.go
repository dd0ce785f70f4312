package roadmap

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"roundtable/lang"
	"roundtable/session"
)

// BuildProgramme merges the road maps of a programme's sessions, given in
// programme order (by day, then creation; store.ProgrammeSessions), into one
// document. It reads the states and never changes them.
//
// Every item a session placed is on the merged road map once: an item
// carried into a later session (session.Idea.Origin), alone or merged there
// into a group, is shown at the latest session that placed it, with the
// steps before it (its history: each session's text, votes, placement,
// consent, notes and decisions, table) and the later sessions that carried
// it without placing it. A purged session is listed with what its
// tombstone says; its items live on only as far as later sessions carried
// them, from what those recorded (the step is then Recorded).
//
// Authors, institutions and consent reasons are shown as each session's own
// export shows them; the coverage names no institution a session's export
// withholds (programme_coverage.go).
func BuildProgramme(name string, sessions []SessionRecord, opts Options) *Programme {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	g := &progGraph{recs: sessions, at: map[string]int{}, b: make([]*builder, len(sessions)), p: opts.Printer, loc: loc}
	for k, rec := range sessions {
		if _, dup := g.at[rec.ID]; !dup {
			g.at[rec.ID] = k
		}
		if rec.State != nil && rec.PurgedAt.IsZero() {
			b := &builder{s: rec.State, p: opts.Printer, anon: rec.State.Settings.Anonymous, comments: map[string][]*session.Comment{}, loc: loc}
			b.index()
			g.b[k] = b
		}
	}
	g.link()
	r := &Programme{
		Info:      ProgrammeInfo{Name: line(name), Generated: opts.Generated.In(loc), Days: []int{}, Pending: []string{}},
		Sessions:  g.sessions(),
		Horizons:  []string{},
		Sections:  []ProgrammeSection{},
		say:       opts.Printer,
		csvHeader: opts.LocalizedCSVHeader,
	}
	for _, rec := range sessions {
		if t := rec.LastChange; t.After(r.Info.LastChange) {
			r.Info.LastChange = t
		}
		if !slices.Contains(r.Info.Days, rec.Day) {
			r.Info.Days = append(r.Info.Days, rec.Day)
		}
	}
	r.Info.LastChange = r.Info.LastChange.In(loc)
	slices.Sort(r.Info.Days)
	heads := g.heads()
	cov := newCoverage(g)
	r.names = cov.names
	items := make([]ProgrammeItem, 0, len(heads))
	for _, h := range heads {
		items = append(items, g.item(h, cov))
	}
	r.Coverage = cov.summary(items)
	r.Horizons = g.horizons(items)
	r.Sections = sections(r.Horizons, items)
	r.Info.Status = ProgrammeAgreed
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			r.Info.Items++
			if !agreed(it.outcome()) {
				r.Info.Pending = append(r.Info.Pending, it.Ref)
			}
		}
	}
	if r.Info.Items == 0 || len(r.Info.Pending) > 0 {
		r.Info.Status = ProgrammeDraft
	}
	return r
}

// agreed reports whether a consent outcome lets the programme be agreed.
func agreed(outcome string) bool {
	return outcome == session.ConsentAgreed || outcome == session.ConsentReservations
}

// outcome is the consent outcome recorded for a step, "" when none.
func (st ProgrammeStep) outcome() string {
	if st.Consent == nil {
		return ""
	}
	return st.Consent.Outcome
}

// progNode is an item of one session: a group or an idea not in a group.
// A node with si < 0 is known only from what a later session recorded when
// it carried the item (its Origin): its session was purged or is not in
// the programme.
type progNode struct {
	si     int
	item   string
	origin *session.Origin
}

// key identifies a node.
func (n progNode) key() string {
	if n.si < 0 {
		return "~" + n.origin.Session + "/" + n.origin.Item
	}
	return strconv.Itoa(n.si) + "/" + n.item
}

// progGraph links the items of a programme's sessions by what was carried.
type progGraph struct {
	recs     []SessionRecord
	at       map[string]int // session id -> its index in recs
	b        []*builder     // per session; nil for a purged one
	p        *lang.Printer
	loc      *time.Location
	nodes    map[string]progNode
	parents  map[string][]string // node -> the nodes it was carried from
	children map[string][]string // node -> the nodes carried from it
}

// state returns session k's state, or nil when it is purged.
func (g *progGraph) state(k int) *session.State {
	if k < 0 || g.b[k] == nil {
		return nil
	}
	return g.b[k].s
}

// node returns the node of item id in session k: a grouped idea's group.
func (g *progGraph) node(k int, id string) progNode {
	s := g.state(k)
	if i, ok := s.Ideas[id]; ok && i.Group != "" {
		if _, ok := s.Groups[i.Group]; ok {
			id = i.Group
		}
	}
	return progNode{si: k, item: id}
}

// from returns the node an Origin points to.
func (g *progGraph) from(o *session.Origin) progNode {
	if k, ok := g.at[o.Session]; ok && g.state(k) != nil && g.state(k).IsItem(o.Item) {
		return g.node(k, o.Item)
	}
	return progNode{si: -1, item: o.Item, origin: o}
}

// link finds, for every item of every session, the items it was carried
// from: an idea's Origin, or a group's member ideas' Origins.
func (g *progGraph) link() {
	g.nodes, g.parents, g.children = map[string]progNode{}, map[string][]string{}, map[string][]string{}
	for k := range g.recs {
		s := g.state(k)
		if s == nil {
			continue
		}
		for _, id := range s.Candidates() {
			n := progNode{si: k, item: id}
			g.nodes[n.key()] = n
			for _, o := range g.origins(k, id) {
				p := g.from(o)
				if p.si == k || (p.si > k && p.si >= 0) {
					continue // an Origin naming this session or a later one is not history
				}
				pk := p.key()
				if _, seen := g.nodes[pk]; !seen {
					g.nodes[pk] = p
				}
				if !slices.Contains(g.parents[n.key()], pk) {
					g.parents[n.key()] = append(g.parents[n.key()], pk)
					g.children[pk] = append(g.children[pk], n.key())
				}
			}
		}
	}
}

// origins returns the Origins of an item of session k: its own, or its
// visible member ideas', in their order.
func (g *progGraph) origins(k int, id string) []*session.Origin {
	s := g.state(k)
	var out []*session.Origin
	if grp, ok := s.Groups[id]; ok {
		for _, mid := range grp.Ideas {
			if i := s.Ideas[mid]; i != nil && !i.Hidden && i.Origin != nil {
				out = append(out, i.Origin)
			}
		}
		return out
	}
	if i := s.Ideas[id]; i != nil && i.Origin != nil {
		out = append(out, i.Origin)
	}
	return out
}

// placed reports whether a node is on its session's road map.
func (g *progGraph) placed(key string) bool {
	n := g.nodes[key]
	s := g.state(n.si)
	if s == nil {
		return false
	}
	return s.Roadmap[n.item] != nil && g.b[n.si].visible(n.item)
}

// reach returns the nodes reachable from key along edges, without key.
func reach(key string, edges map[string][]string) []string {
	seen := map[string]bool{key: true}
	var out []string
	stack := []string{key}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, next := range edges[k] {
			if !seen[next] {
				seen[next] = true
				out = append(out, next)
				stack = append(stack, next)
			}
		}
	}
	return out
}

// heads returns the placed nodes that no later placed node was carried
// from, in programme order.
func (g *progGraph) heads() []string {
	var out []string
	for key := range g.nodes {
		if !g.placed(key) {
			continue
		}
		superseded := false
		for _, d := range reach(key, g.children) {
			if g.placed(d) {
				superseded = true
				break
			}
		}
		if !superseded {
			out = append(out, key)
		}
	}
	g.sortNodes(out)
	return out
}

// sortNodes orders nodes by programme order: day, then session, then id.
func (g *progGraph) sortNodes(keys []string) {
	slices.SortFunc(keys, func(a, b string) int {
		na, nb := g.nodes[a], g.nodes[b]
		if c := cmp.Compare(g.day(na), g.day(nb)); c != 0 {
			return c
		}
		if c := cmp.Compare(g.pos(na), g.pos(nb)); c != 0 {
			return c
		}
		if c := strings.Compare(g.sessionID(na), g.sessionID(nb)); c != 0 {
			return c
		}
		return session.CompareIDs(na.item, nb.item)
	})
}

// pos is a node's session's place in the programme; -1 for a session
// outside it.
func (g *progGraph) pos(n progNode) int {
	if n.si >= 0 {
		return n.si
	}
	if k, ok := g.at[n.origin.Session]; ok {
		return k
	}
	return -1
}

func (g *progGraph) day(n progNode) int {
	if k := g.pos(n); k >= 0 {
		return g.recs[k].Day
	}
	return n.origin.Day
}

func (g *progGraph) sessionID(n progNode) string {
	if n.si >= 0 {
		return g.recs[n.si].ID
	}
	return n.origin.Session
}

// item builds the merged road map item whose latest placed step is head.
func (g *progGraph) item(head string, cov *coverage) ProgrammeItem {
	n := g.nodes[head]
	it := ProgrammeItem{Ref: line(g.sessionID(n) + "/" + n.item), ProgrammeStep: g.step(head), History: []ProgrammeStep{}, Later: []ProgrammeStep{}, pos: n.si}
	before := reach(head, g.parents)
	g.sortNodes(before)
	for _, k := range before {
		it.History = append(it.History, g.step(k))
	}
	after := reach(head, g.children)
	g.sortNodes(after)
	for _, k := range after {
		it.Later = append(it.Later, g.step(k))
	}
	it.Institutions = cov.backing(g, append(append([]string{head}, before...), after...), it)
	return it
}

// ref names a node's session.
func (g *progGraph) ref(n progNode) ProgrammeSessionRef {
	if k := g.pos(n); k >= 0 {
		rec := g.recs[k]
		return ProgrammeSessionRef{ID: line(rec.ID), Title: line(rec.Title), Day: rec.Day}
	}
	return ProgrammeSessionRef{ID: line(n.origin.Session), Title: line(n.origin.Title), Day: n.origin.Day}
}

// step describes a node as its session had it, as that session's export
// shows it.
func (g *progGraph) step(key string) ProgrammeStep {
	n := g.nodes[key]
	if n.si < 0 {
		return g.recorded(n)
	}
	b := g.b[n.si]
	s := b.s
	it := b.item(n.item)
	st := ProgrammeStep{
		Session: g.ref(n), Item: n.item, Kind: it.Kind, Title: it.Title, Topic: it.Topic.Name,
		Votes: it.Votes, ProposedBy: it.ProposedBy, Ideas: []ProgrammeIdea{},
		Notes: it.Notes, Decision: it.Decision, Comments: it.Comments,
		Consent: consentOf(b, n.item),
	}
	if b.visible(n.item) {
		st.Placement = it.Placement
	}
	if grp, ok := s.Groups[n.item]; ok {
		st.Table = tableOf(grp.Promotion)
		for _, mid := range grp.Ideas {
			i := s.Ideas[mid]
			if i == nil || i.Hidden {
				continue
			}
			pi := b.idea(i)
			m := ProgrammeIdea{ID: pi.ID, Text: pi.Text, Author: pi.Author, Votes: pi.Votes, Table: tableOf(i.Promotion), From: g.originOf(i.Origin)}
			st.Carried = st.Carried || m.From != nil
			st.Ideas = append(st.Ideas, m)
		}
	} else if i := s.Ideas[n.item]; i != nil {
		st.Table = tableOf(i.Promotion)
		st.Carried = i.Origin != nil
	}
	return st
}

// recorded describes an item known only from a later session's Origin.
func (g *progGraph) recorded(n progNode) ProgrammeStep {
	o := n.origin
	kind := KindIdea
	if strings.HasPrefix(o.Item, "g") {
		kind = KindGroup
	}
	st := ProgrammeStep{Session: g.ref(n), Item: line(o.Item), Kind: kind, Title: g.recordedTitle(n), Votes: o.Votes, Ideas: []ProgrammeIdea{}, Comments: []Comment{}, Recorded: true}
	if o.Placed != "" {
		st.Placement = &Placement{Horizon: line(o.Placed), Supporters: []string{}}
	}
	if o.Table != "" {
		st.Table = &ProgrammeTable{Label: line(o.Table)}
	}
	if o.Outcome != "" {
		st.Consent = &ProgrammeConsent{Rounds: []ProgrammeRound{}, Outcome: outcomeID(o.Outcome)}
	}
	return st
}

// recordedTitle is the text of the idea that carried an Origin's item:
// what the later session called it.
func (g *progGraph) recordedTitle(n progNode) string {
	var titles []string
	for _, child := range g.children[n.key()] {
		c := g.nodes[child]
		s := g.state(c.si)
		if s == nil {
			continue
		}
		for _, i := range s.IdeaList() {
			if i.Origin != nil && i.Origin.Session == n.origin.Session && i.Origin.Item == n.origin.Item && !i.Hidden {
				titles = append(titles, line(i.Text))
			}
		}
	}
	sort.Strings(titles)
	if len(titles) == 0 {
		return line(n.origin.Item)
	}
	return titles[0]
}

// originOf says where a carried idea came from, nil for one that was not.
func (g *progGraph) originOf(o *session.Origin) *ProgrammeOrigin {
	if o == nil {
		return nil
	}
	n := g.from(o)
	ref := g.ref(n)
	item := o.Item
	if n.si >= 0 {
		item = n.item
	}
	return &ProgrammeOrigin{Session: ref.ID, Title: ref.Title, Day: ref.Day, Item: line(item)}
}

// tableOf describes a promotion from a breakout table.
func tableOf(p *session.Promotion) *ProgrammeTable {
	if p == nil {
		return nil
	}
	return &ProgrammeTable{No: p.No, Round: p.Round, Votes: p.Votes, By: p.By}
}
