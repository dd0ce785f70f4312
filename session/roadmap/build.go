package roadmap

import (
	"math"
	"slices"
	"sort"
	"time"

	"roundtable/lang"
	"roundtable/session"
)

// Options are the inputs to Build that do not come from the session state.
type Options struct {
	// Generated is when the export is made. It is passed in, never read
	// from a clock, so that the same state always gives the same bytes.
	// The session's last change is read from the state (LastEventAt) and
	// given beside it.
	Generated time.Time
	// Location is the time zone for the dates people read; nil means UTC.
	Location *time.Location
	// SessionID names the session in the header; empty means the state's id.
	SessionID string
	// Printer is the language of every word the export adds to what the
	// session holds: headings, labels, dates, numbers, and the names of
	// what has none (a lane without a topic, the facilitator as an
	// author). nil is English. JSON keys, CSV column ids and values such
	// as "idea", "group" and "Draft" are identifiers and never change.
	Printer *lang.Printer
	// LocalizedCSVHeader writes the CSV's header row in Printer's
	// language instead of the stable column ids of CSVHeader, for a person
	// opening the file in a spreadsheet; a program reading it wants the ids.
	LocalizedCSVHeader bool
}

// noTopic names the lane for items and ideas whose topic no longer exists.
// Its id is empty, which no topic's id is.
func noTopic(p *lang.Printer) TopicRef { return TopicRef{ID: "", Name: p.S("export.no_topic")} }

// Build makes the draft road map from the facilitator's full state. It reads
// the state and never changes it. Authors' names appear only when the
// session is not anonymous, and there an institution the room saw withheld
// is withheld here too; hidden ideas never appear.
func Build(s *session.State, opts Options) *Roadmap {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	b := builder{s: s, p: opts.Printer, anon: s.Settings.Anonymous, comments: map[string][]*session.Comment{}, loc: loc}
	b.index()
	id := opts.SessionID
	if id == "" {
		id = s.ID
	}
	r := &Roadmap{
		Session: Info{
			ID:         line(id),
			Title:      line(s.Settings.Title),
			Created:    s.CreatedAt.In(loc),
			Generated:  opts.Generated.In(loc),
			LastChange: lastChange(s).In(loc),
			Status:     Status,
			Phase:      string(s.Phase),
			Anonymous:  b.anon,
		},
		Participants: len(s.Participants),
		Institutions: len(s.Institutions()),
		Horizons:     make([]string, 0, len(s.Settings.Horizons)),
		say:          opts.Printer,
		csvHeader:    opts.LocalizedCSVHeader,
	}
	for _, h := range s.Settings.Horizons {
		r.Horizons = append(r.Horizons, line(h))
	}
	r.Sections = b.sections()
	r.Session.Status, r.agreed, r.placed = status(r.Sections) // issue 16
	r.Topics = b.topics(r.Sections)
	r.Unplaced = b.unplaced()
	r.Feedback = b.feedback()
	r.Appendix = b.appendix()
	r.Audit = b.audit()
	return r
}

// lastChange is the time of the session's last event, or its creation
// when no event says (a state from before the time was kept).
func lastChange(s *session.State) time.Time {
	if s.LastEventAt.IsZero() {
		return s.CreatedAt
	}
	return s.LastEventAt
}

// builder carries one Build's inputs and indexes.
type builder struct {
	s        *session.State
	p        *lang.Printer
	anon     bool
	comments map[string][]*session.Comment // item -> comments in posting order
	ideas    []*session.Idea               // visible ideas in posting order
	labels   map[string]string             // participants' names, told apart (session.State.Labels)
	loc      *time.Location
}

func (b *builder) index() {
	b.labels = b.s.Labels(true) // a byline puts the institution beside the name
	for _, c := range b.s.Comments {
		b.comments[c.Item] = append(b.comments[c.Item], c)
	}
	for _, list := range b.comments {
		sort.Slice(list, func(i, j int) bool { return idLess(list[i].ID, list[j].ID) })
	}
	for _, i := range b.s.IdeaList() {
		if !i.Hidden {
			b.ideas = append(b.ideas, i)
		}
	}
}

// visible reports whether id is a group or an idea that is not hidden.
func (b *builder) visible(id string) bool {
	if _, ok := b.s.Groups[id]; ok {
		return true
	}
	i, ok := b.s.Ideas[id]
	return ok && !i.Hidden
}

// topicRef returns the topic with the given id, or noTopic.
func (b *builder) topicRef(id string) TopicRef {
	if t := b.s.Topic(id); t != nil {
		return TopicRef{ID: t.ID, Name: line(t.Name)}
	}
	return noTopic(b.p)
}

// author describes who posted something, by participant id and the
// institution recorded with it.
func (b *builder) author(pid, institution string, withheld bool) Author {
	if b.s.Unnamed(pid) {
		return unnamed(b.p)
	}
	if b.anon && withheld { // issue 15: the rule the room saw holds in the export too
		return Author{Institution: b.p.S("anon.another_institution"), Withheld: true}
	}
	a := Author{Institution: line(institution)}
	p := b.s.Participants[pid]
	if a.Institution == "" && p != nil {
		a.Institution = line(p.Institution)
	}
	if !b.anon {
		switch {
		case p != nil:
			a.Name = line(b.labels[pid])
		case pid == session.FacilitatorID:
			a.Name = b.p.S("export.facilitator")
		}
	}
	return a
}

// item builds one road map item or candidate, without its rank.
func (b *builder) item(id string) Item {
	s := b.s
	it := Item{
		ID:       id,
		Kind:     KindIdea,
		Title:    line(s.ItemTitle(id)),
		Topic:    b.topicRef(s.ItemTopic(id)),
		Votes:    s.Tally(id),
		Backing:  len(s.Supporters(id)),
		Ideas:    []Idea{},
		Comments: []Comment{},
	}
	if g, ok := s.Groups[id]; ok {
		it.Kind = KindGroup
		it.Table = tableOf(g.Promotion) // issue 16
		for _, mid := range g.Ideas {
			if i, ok := s.Ideas[mid]; ok && !i.Hidden {
				it.Ideas = append(it.Ideas, b.idea(i))
			}
		}
	} else if i, ok := s.Ideas[id]; ok {
		a := b.author(i.Author, i.Institution, i.InstitutionMasked)
		it.ProposedBy = &a
		it.Table = tableOf(i.Promotion) // issue 16
	}
	if n := s.Notes[id]; n != nil {
		it.Notes = text(n.Notes)
		it.Decision = text(n.Decision)
	}
	for _, c := range b.comments[id] {
		it.Comments = append(it.Comments, Comment{ID: c.ID, Text: text(c.Text), Author: b.author(c.Author, c.Institution, c.InstitutionMasked)})
	}
	if r := s.Roadmap[id]; r != nil {
		p := &Placement{Horizon: line(r.Horizon), Order: r.Order, Lead: line(r.Lead), Supporters: []string{}}
		for _, sup := range r.Supporters {
			if v := line(sup); v != "" {
				p.Supporters = append(p.Supporters, v)
			}
		}
		it.Placement = p
	}
	it.Consent = b.consent(id) // issue 16
	return it
}

// idea describes one visible idea.
func (b *builder) idea(i *session.Idea) Idea {
	out := Idea{ID: i.ID, Text: text(i.Text), Author: b.author(i.Author, i.Institution, i.InstitutionMasked), Votes: b.s.Tally(i.ID)}
	if g := b.s.Groups[i.Group]; g != nil {
		out.Group = &Ref{ID: g.ID, Name: line(g.Name)}
	}
	return out
}

// sections builds the road map lanes: one per topic in session order, then
// one for items whose topic is gone, if any.
func (b *builder) sections() []Section {
	s := b.s
	rank := func(h string) int { return horizonIndex(s.Settings.Horizons, h) }
	var placed []Item
	for id := range s.Roadmap {
		if b.visible(id) {
			placed = append(placed, b.item(id))
		}
	}
	sort.Slice(placed, func(i, j int) bool {
		a, c := placed[i], placed[j]
		if ha, hc := rank(a.Placement.Horizon), rank(c.Placement.Horizon); ha != hc {
			return ha < hc
		}
		if a.Placement.Horizon != c.Placement.Horizon {
			return a.Placement.Horizon < c.Placement.Horizon
		}
		if a.Placement.Order != c.Placement.Order {
			return a.Placement.Order < c.Placement.Order
		}
		if a.Votes != c.Votes {
			return a.Votes > c.Votes
		}
		return idLess(a.ID, c.ID)
	})
	out := make([]Section, 0, len(s.Topics)+1)
	at := map[string]int{}
	for _, t := range s.Topics {
		at[t.ID] = len(out)
		out = append(out, Section{Topic: TopicRef{ID: t.ID, Name: line(t.Name)}, Items: []Item{}})
	}
	for _, it := range placed {
		k, ok := at[it.Topic.ID]
		if !ok {
			at[it.Topic.ID] = len(out)
			k = len(out)
			out = append(out, Section{Topic: noTopic(b.p), Items: []Item{}})
		}
		it.Rank = len(out[k].Items) + 1
		out[k].Items = append(out[k].Items, it)
	}
	return out
}

// topics summarises each topic for the header.
func (b *builder) topics(sections []Section) []TopicSummary {
	out := make([]TopicSummary, 0, len(b.s.Topics))
	for k, t := range b.s.Topics {
		ts := TopicSummary{ID: t.ID, Name: line(t.Name), Items: len(sections[k].Items)}
		inst := map[string]bool{}
		for _, i := range b.ideas {
			if b.s.IdeaTopic(i) == t.ID {
				ts.Ideas++
				// a count names no one's institution: the withheld count as theirs
				if a := b.author(i.Author, i.Institution, false); a.Institution != "" {
					inst[a.Institution] = true
				}
			}
		}
		ts.Institutions = len(inst)
		out = append(out, ts)
	}
	return out
}

// unplaced lists the voted items that are not on the road map, most votes
// first, ties by id.
func (b *builder) unplaced() []Item {
	out := []Item{}
	for _, id := range b.s.Candidates() {
		if _, placed := b.s.Roadmap[id]; placed || b.s.Tally(id) <= 0 {
			continue
		}
		out = append(out, b.item(id))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Votes != out[j].Votes {
			return out[i].Votes > out[j].Votes
		}
		return idLess(out[i].ID, out[j].ID)
	})
	for k := range out {
		out[k].Rank = k + 1
	}
	return out
}

// feedback sums up the ratings. Texts are ordered by rating, then text, so
// their order says nothing about who wrote them.
func (b *builder) feedback() Feedback {
	f := Feedback{Distribution: make([]RatingCount, 5), Comments: []FeedbackText{}}
	for k := range f.Distribution {
		f.Distribution[k].Rating = k + 1
	}
	pids := make([]string, 0, len(b.s.Feedback))
	for pid := range b.s.Feedback {
		pids = append(pids, pid)
	}
	sort.Slice(pids, func(i, j int) bool { return idLess(pids[i], pids[j]) })
	sum := 0
	for _, pid := range pids {
		fb := b.s.Feedback[pid]
		if fb.Rating < 1 || fb.Rating > 5 {
			continue
		}
		f.Count++
		sum += fb.Rating
		f.Distribution[fb.Rating-1].Count++
		if t := text(fb.Text); t != "" {
			ft := FeedbackText{Rating: fb.Rating, Text: t}
			if !b.anon {
				ft.Author = b.author(pid, "", false)
			}
			f.Comments = append(f.Comments, ft)
		}
	}
	if f.Count > 0 {
		f.Average = math.Round(float64(sum)/float64(f.Count)*10) / 10
	}
	sort.SliceStable(f.Comments, func(i, j int) bool {
		a, c := f.Comments[i], f.Comments[j]
		if a.Rating != c.Rating {
			return a.Rating > c.Rating
		}
		return a.Text < c.Text
	})
	return f
}

// appendix lists every visible idea by topic, in posting order.
func (b *builder) appendix() []TopicIdeas {
	out := make([]TopicIdeas, 0, len(b.s.Topics))
	at := map[string]int{}
	for _, t := range b.s.Topics {
		at[t.ID] = len(out)
		out = append(out, TopicIdeas{Topic: TopicRef{ID: t.ID, Name: line(t.Name)}, Ideas: []Idea{}})
	}
	for _, i := range b.ideas {
		k, ok := at[b.s.IdeaTopic(i)]
		if !ok {
			k, ok = at[noTopic(b.p).ID]
			if !ok {
				at[noTopic(b.p).ID] = len(out)
				k = len(out)
				out = append(out, TopicIdeas{Topic: noTopic(b.p), Ideas: []Idea{}})
			}
		}
		out[k].Ideas = append(out[k].Ideas, b.idea(i))
	}
	return out
}

// line sanitises text for one line: control sequences go, newlines become
// spaces.
func line(s string) string { return session.Sanitize(s, false) }

// text sanitises text that may span lines.
func text(s string) string { return session.Sanitize(s, true) }

// idLess orders ids by creation: "i2" before "i10".
func idLess(a, b string) bool { return session.CompareIDs(a, b) < 0 }

// horizonIndex returns the position of h in horizons, or len(horizons).
func horizonIndex(horizons []string, h string) int {
	if k := slices.Index(horizons, h); k >= 0 {
		return k
	}
	return len(horizons)
}
