package session

import "unicode/utf8"

// Carrying items forward in a programme (issue 16, programme.go): the
// facilitator gives this session earlier sessions' road-map items and
// candidates as starting material. Each becomes a plenary idea of this
// session, authored by the facilitator, with its Origin, so that it can be
// grouped with new ideas, voted on and placed like any other; a group of
// carried ideas is the facilitator's merge of equal items across sessions,
// and since grouping, ungrouping, dissolving and undoing never change an
// idea's own fields, its Origin is never lost.

// MaxCarried is how many items one carry_items may bring: a day's road map
// and its candidates with votes are a few dozen; a few hundred is room
// enough without letting one command flood the board.
const MaxCarried = 300

// Limits of an Origin's texts, in characters after sanitising.
const (
	maxOriginID    = 64 // a session's or an item's id there
	maxOriginTable = 60 // the table's label there ("Table 3")
	maxOriginDay   = 1000
)

// carryItems decides carry_items: the facilitator, in the lobby or the
// ideas phase, with 1 to MaxCarried items, each with an Origin not already
// carried into this session. Each item's Topic is the name of its topic in
// the earlier session: it goes under this session's topic of that name
// (compared as FoldName compares names), else under the first topic.
func (d *decider) carryItems() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseLobby && d.s.Phase != PhaseIdeas {
		return nil, Refuse(ECONFLICT, "errors.programme.carry_phase", "Phase", d.s.Phase)
	}
	if len(d.c.Carried) == 0 {
		return nil, Refuse(EINVALID, "errors.programme.carry_nothing")
	}
	if len(d.c.Carried) > MaxCarried {
		return nil, Refuse(ELIMIT, "errors.programme.carry_too_many", "N", MaxCarried)
	}
	if len(d.s.Topics) == 0 {
		return nil, Refuse(EINVALID, "errors.needs_topic")
	}
	seen := map[[2]string]bool{}
	for _, i := range d.s.Ideas {
		if i.Origin != nil {
			seen[[2]string{i.Origin.Session, i.Origin.Item}] = true
		}
	}
	e := d.event(EvItemsCarried)
	e.Carried = make([]Idea, 0, len(d.c.Carried))
	for _, in := range d.c.Carried {
		o, err := cleanOrigin(in.Origin)
		if err != nil {
			return nil, err
		}
		k := [2]string{o.Session, o.Item}
		if seen[k] {
			return nil, Refuse(ECONFLICT, "errors.programme.already_carried", "Item", Quoted(o.Item), "Session", Quoted(o.Session))
		}
		seen[k] = true
		text, err := IdeaText.Clean(in.Text)
		if err != nil {
			return nil, err
		}
		e.Carried = append(e.Carried, Idea{ID: d.newID("i"), Topic: d.s.topicNamed(in.Topic), Text: text,
			Author: FacilitatorID, CreatedAt: d.now, Origin: o})
	}
	return []Event{e}, nil
}

// topicNamed returns the id of the topic named name, compared as FoldName
// compares names, or the first topic's when none is.
func (s *State) topicNamed(name string) string {
	f := FoldName(Sanitize(name, false))
	for _, t := range s.Topics {
		if f != "" && FoldName(t.Name) == f {
			return t.ID
		}
	}
	return s.Topics[0].ID
}

// cleanOrigin checks and sanitises a carried item's Origin: it must name
// the session and the item; its texts are bounded; an outcome is one of
// the consent outcomes.
func cleanOrigin(in *Origin) (*Origin, error) {
	if in == nil {
		return nil, Refuse(EINVALID, "errors.programme.carry_origin")
	}
	o := *in
	bad := func() (*Origin, error) { return nil, Refuse(EINVALID, "errors.programme.carry_origin") }
	text := func(s string, most int) (string, bool) {
		if !utf8.ValidString(s) {
			return "", false
		}
		s = Sanitize(s, false)
		return s, utf8.RuneCountInString(s) <= most
	}
	var ok bool
	if o.Session, ok = text(o.Session, maxOriginID); !ok || o.Session == "" {
		return bad()
	}
	if o.Item, ok = text(o.Item, maxOriginID); !ok || o.Item == "" {
		return bad()
	}
	if o.Title, ok = text(o.Title, MaxTitleLen); !ok {
		return bad()
	}
	if o.Table, ok = text(o.Table, maxOriginTable); !ok {
		return bad()
	}
	if o.Placed, ok = text(o.Placed, MaxHorizonLen); !ok {
		return bad()
	}
	switch o.Outcome {
	case "", ConsentAgreed, ConsentReservations, ConsentNotAgreed:
	default:
		return bad()
	}
	if o.Day < 0 || o.Day > maxOriginDay || o.Votes < 0 {
		return bad()
	}
	return &o, nil
}

// carry applies items_carried: each carried idea joins the plenary board
// as the facilitator's, with its Origin.
func (s *State) carry(e Event) {
	if len(s.Topics) == 0 {
		return
	}
	for _, c := range e.Carried {
		if c.ID == "" || s.Ideas[c.ID] != nil {
			continue
		}
		s.count(c.ID)
		topic := c.Topic
		if s.Topic(topic) == nil {
			topic = s.Topics[0].ID
		}
		i := &Idea{ID: c.ID, Topic: topic, Text: c.Text, Author: e.Actor, CreatedAt: e.At}
		if c.Origin != nil {
			o := *c.Origin
			i.Origin = &o
		}
		s.Ideas[c.ID] = i
	}
}

// CarriedSummary says what a session carried: how many ideas have an
// Origin, and the session most of them came from (its title and day), for
// the console's "N items carried from …". Zero when nothing was carried.
type CarriedSummary struct {
	N     int
	Title string // the session most came from
	Day   int
}

// Carried summarises the carried ideas of the session (hidden ones too:
// they were carried all the same).
func (s *State) Carried() CarriedSummary {
	var out CarriedSummary
	from := map[string]int{}
	best := ""
	for _, i := range s.Ideas {
		if i.Origin == nil {
			continue
		}
		out.N++
		from[i.Origin.Session]++
		k := i.Origin.Session
		if best == "" || from[k] > from[best] || from[k] == from[best] && k < best {
			best = k
		}
	}
	for _, i := range s.Ideas {
		if i.Origin != nil && i.Origin.Session == best {
			out.Title, out.Day = i.Origin.Title, i.Origin.Day
			break
		}
	}
	return out
}
