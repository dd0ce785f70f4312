package session

import (
	"cmp"
	"slices"
	"strconv"
)

// Deciding on breakout tables (issue 16; tables.go): opening them, seating,
// the rapporteur, a table's hand, the picks for promotion, a broadcast,
// and closing them. What every other command may do at a table is
// decide_tables_rules.go's.

// BroadcastText is the rule for a broadcast message: one line; empty
// clears it.
var BroadcastText = Field{Name: "broadcast", Max: MaxBroadcastLen}

func (d *decider) openTables() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.TablesOpen {
		return nil, Refuse(ECONFLICT, "errors.tables_already_open")
	}
	switch d.s.Phase {
	case PhaseLobby, PhaseIdeas, PhaseGroup, PhaseVote:
	default:
		return nil, Refuse(ECONFLICT, "errors.tables_phase", "Phase", d.s.Phase)
	}
	people := d.s.roster()
	count := d.c.Count
	var seats map[string]int // participant -> table, from 0
	switch d.c.Mode {
	case TablesByCount, TablesByHand:
		if count < 1 || count > MaxTables {
			return nil, Refuse(EINVALID, "errors.tables_count_range", "Max", MaxTables)
		}
		if d.c.Mode == TablesByHand {
			var err error
			if seats, err = d.handSeats(count); err != nil {
				return nil, err
			}
			break
		}
		if len(people) < 2 {
			return nil, Refuse(ECONFLICT, "errors.tables_too_few")
		}
		if len(people)/count < 2 {
			return nil, Refuse(ECONFLICT, "errors.tables_too_many", "N", len(people), "Max", len(people)/2)
		}
		seats = Spread(people, count)
	case TablesByTopic:
		count = len(d.s.Topics)
	default:
		return nil, Refuse(EINVALID, "errors.tables_mode", "Value", Quoted(d.c.Mode))
	}
	round := 1
	for _, t := range d.s.Tables {
		round = max(round, t.Round+1)
	}
	e := d.event(EvTablesOpened)
	for k := range count {
		t := Table{ID: d.newID("b"), No: k + 1, Round: round}
		if d.c.Mode == TablesByTopic {
			t.Topic = d.s.Topics[k].ID
		}
		e.Tables = append(e.Tables, t)
	}
	if len(seats) > 0 {
		e.Seats = make(map[string]string, len(seats))
		for pid, k := range seats {
			e.Seats[pid] = e.Tables[k].ID
		}
	}
	return []Event{e}, nil
}

// handSeats checks open_tables' seats by hand: present participants, each
// at a table numbered 1 to count, and no table given exactly one person.
func (d *decider) handSeats(count int) (map[string]int, error) {
	out := make(map[string]int, len(d.c.Seats))
	sizes := make([]int, count)
	for _, pid := range sortedKeys(d.c.Seats) {
		p, ok := d.s.Participants[pid]
		if !ok || !Present(d.s, p) {
			return nil, Refuse(ENOTFOUND, "errors.no_participant", "ID", Quoted(pid))
		}
		no, err := strconv.Atoi(d.c.Seats[pid])
		if err != nil || no < 1 || no > count {
			return nil, Refuse(EINVALID, "errors.tables_seat_number", "Value", Quoted(d.c.Seats[pid]), "Max", count)
		}
		out[pid] = no - 1
		sizes[no-1]++
	}
	for k, n := range sizes {
		if n == 1 {
			return nil, Refuse(ECONFLICT, "errors.tables_of_one", "No", k+1)
		}
	}
	return out, nil
}

// openTable returns the table of the round running that id names.
func (d *decider) openTable(id string) (*Table, error) {
	if !d.s.TablesOpen {
		return nil, Refuse(ECONFLICT, "errors.tables_not_open")
	}
	t, ok := d.s.Tables[id]
	if !ok || t.Closed {
		return nil, Refuse(ENOTFOUND, "errors.tables_no_table", "ID", Quoted(id))
	}
	return t, nil
}

// ownTable returns the open table a participant sits at; table, when
// given, must name it.
func (d *decider) ownTable(table string) (*Table, error) {
	if !d.s.TablesOpen {
		return nil, Refuse(ECONFLICT, "errors.tables_not_open")
	}
	seat := d.s.Participants[d.a.ID].Table
	if seat == "" {
		return nil, Refuse(EFORBIDDEN, "errors.tables_pick_first")
	}
	if table != "" && table != seat {
		return nil, Refuse(EFORBIDDEN, "errors.tables_your_table")
	}
	return d.s.Tables[seat], nil
}

// tableOfActor returns the table a command is about: the one it names for
// the facilitator, the actor's own for a participant.
func (d *decider) tableOfActor() (*Table, error) {
	if d.a.Role == RoleFacilitator {
		return d.openTable(d.c.Table)
	}
	return d.ownTable(d.c.Table)
}

// leaves refuses to move participant p when their table would be left
// with one person.
func (d *decider) leaves(p *Participant) error {
	if p.Table == "" || !Present(d.s, p) {
		return nil
	}
	if d.s.seatedAt(p.Table)-1 == 1 {
		return Refuse(ECONFLICT, "errors.tables_leaves_one", "No", d.s.Tables[p.Table].No)
	}
	return nil
}

// seatEvent seats participant p at table t, with t's board when p has
// never sat at it.
func (d *decider) seatEvent(p *Participant, t *Table) Event {
	e := d.event(EvParticipantSeated)
	e.ID = p.ID
	e.Table = t.ID
	if !slices.Contains(t.Members, p.ID) {
		e.Board = d.s.board(t.ID)
	}
	return e
}

func (d *decider) seat() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	p, ok := d.s.Participants[d.c.Participant]
	if !ok {
		return nil, Refuse(ENOTFOUND, "errors.no_participant", "ID", Quoted(d.c.Participant))
	}
	t, err := d.openTable(d.c.Table)
	if err != nil {
		return nil, err
	}
	if p.Table == t.ID {
		return nil, Refuse(ECONFLICT, "errors.tables_already_seated")
	}
	if err := d.leaves(p); err != nil {
		return nil, err
	}
	return []Event{d.seatEvent(p, t)}, nil
}

func (d *decider) pickTable() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	t, err := d.openTable(d.c.Table)
	if err != nil {
		return nil, err
	}
	if t.Topic == "" {
		return nil, Refuse(EFORBIDDEN, "errors.tables_pick_topic")
	}
	p := d.s.Participants[d.a.ID]
	if p.Table == t.ID {
		return nil, Refuse(ECONFLICT, "errors.tables_already_seated")
	}
	if err := d.leaves(p); err != nil {
		return nil, err
	}
	return []Event{d.seatEvent(p, t)}, nil
}

func (d *decider) setRapporteur() ([]Event, error) {
	t, err := d.tableOfActor()
	if err != nil {
		return nil, err
	}
	who := d.c.Participant
	if d.a.Role != RoleFacilitator {
		if who == "" {
			who = d.a.ID
		}
		if who != d.a.ID {
			return nil, Refuse(EFORBIDDEN, "errors.facilitator_only")
		}
		if t.Rapporteur != "" {
			return nil, Refuse(ECONFLICT, "errors.tables_has_rapporteur")
		}
	}
	switch {
	case who == "" && t.Rapporteur == "":
		return nil, Refuse(ECONFLICT, "errors.tables_no_rapporteur")
	case who != "":
		p, ok := d.s.Participants[who]
		if !ok {
			return nil, Refuse(ENOTFOUND, "errors.no_participant", "ID", Quoted(who))
		}
		if p.Table != t.ID {
			return nil, Refuse(ECONFLICT, "errors.tables_not_member")
		}
		if t.Rapporteur == who {
			return nil, Refuse(ECONFLICT, "errors.tables_already_rapporteur")
		}
	}
	e := d.event(EvRapporteurSet)
	e.Table = t.ID
	e.ID = who
	return []Event{e}, nil
}

func (d *decider) raiseHand() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	t, err := d.ownTable(d.c.Table)
	if err != nil {
		return nil, err
	}
	if t.Hand {
		return nil, Refuse(ECONFLICT, "errors.tables_hand_raised")
	}
	e := d.event(EvHandRaised)
	e.Table = t.ID
	return []Event{e}, nil
}

func (d *decider) lowerHand() ([]Event, error) {
	t, err := d.tableOfActor()
	if err != nil {
		return nil, err
	}
	if !t.Hand {
		return nil, Refuse(ECONFLICT, "errors.tables_hand_not_raised")
	}
	e := d.event(EvHandLowered)
	e.Table = t.ID
	return []Event{e}, nil
}

func (d *decider) pickPromotion() ([]Event, error) {
	t, err := d.tableOfActor()
	if err != nil {
		return nil, err
	}
	if d.a.Role != RoleFacilitator && t.Rapporteur != d.a.ID {
		return nil, Refuse(EFORBIDDEN, "errors.tables_rapporteur_only")
	}
	if len(d.c.Items) > MaxPicks {
		return nil, Refuse(ELIMIT, "errors.tables_picks_max", "N", MaxPicks)
	}
	var items []string
	for _, id := range d.c.Items {
		if err := d.item(id); err != nil {
			return nil, err
		}
		if !d.s.Votable(id) || d.s.ItemTable(id) != t.ID {
			return nil, Refuse(ECONFLICT, "errors.tables_not_on_board", "ID", Quoted(id))
		}
		if !slices.Contains(items, id) {
			items = append(items, id)
		}
	}
	e := d.event(EvPromotionPicked)
	e.Table = t.ID
	e.Items = items
	return []Event{e}, nil
}

func (d *decider) broadcast() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.TablesOpen {
		return nil, Refuse(ECONFLICT, "errors.tables_not_open")
	}
	text, err := BroadcastText.Clean(d.c.Text)
	if err != nil {
		return nil, err
	}
	e := d.event(EvMessageBroadcast)
	e.Text = text
	return []Event{e}, nil
}

// closeTables recalls everyone. Each table promotes its rapporteur's
// picks, if any; else its top Count items by the table vote (ties by
// creation), those with a vote; else, when it voted on nothing, its first
// Count items. The event carries the items promoted whole, so that every
// copy gets them (redact_tables.go strips their authorship).
func (d *decider) closeTables() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.TablesOpen {
		return nil, Refuse(ECONFLICT, "errors.tables_not_open")
	}
	count := d.c.Count
	if count == 0 {
		count = DefaultPromoted
	}
	if count < 1 || count > MaxPicks {
		return nil, Refuse(EINVALID, "errors.tables_promote_range", "Max", MaxPicks)
	}
	e := d.event(EvTablesClosed)
	for _, t := range d.s.OpenTables() {
		chosen, by := d.s.promotable(t, count)
		for k, id := range chosen {
			pr := Promotion{Table: t.ID, No: t.No, Round: t.Round, Votes: d.s.Tally(id), By: by, Rank: k + 1}
			if g, ok := d.s.Groups[id]; ok {
				c := *g
				c.Ideas = slices.Clone(g.Ideas)
				c.Table, c.Promotion = "", &pr
				e.PromotedGroups = append(e.PromotedGroups, c)
				for _, iid := range g.Ideas {
					member := Promotion{Table: t.ID, No: t.No, Round: t.Round, By: by} // came with its group: no votes, no rank
					e.Promoted = append(e.Promoted, d.s.promotedIdea(iid, member))
				}
				continue
			}
			e.Promoted = append(e.Promoted, d.s.promotedIdea(id, pr))
		}
	}
	for _, c := range d.s.Comments {
		if d.s.promotedItem(c.Item, e) {
			e.PromotedComments = append(e.PromotedComments, *c)
		}
	}
	slices.SortFunc(e.PromotedComments, func(a, b Comment) int { return CompareIDs(a.ID, b.ID) })
	return []Event{e}, nil
}

// promotedIdea is idea id as it reaches the plenary: off its table, with pr.
func (s *State) promotedIdea(id string, pr Promotion) Idea {
	c := *s.Ideas[id]
	c.Table, c.Promotion = "", &pr
	return c
}

// promotedItem reports whether tables_closed e promotes item id.
func (s *State) promotedItem(id string, e Event) bool {
	return slices.ContainsFunc(e.Promoted, func(i Idea) bool { return i.ID == id }) ||
		slices.ContainsFunc(e.PromotedGroups, func(g Group) bool { return g.ID == id })
}

// promotable returns the items table t promotes, and how they were chosen.
func (s *State) promotable(t *Table, count int) ([]string, string) {
	items := s.BoardItems(t.ID)
	var picks []string
	for _, id := range t.Picks {
		if slices.Contains(items, id) {
			picks = append(picks, id)
		}
	}
	if len(picks) > 0 {
		return picks, PromotedByRapporteur
	}
	var voted []string
	for _, id := range items {
		if s.Tally(id) > 0 {
			voted = append(voted, id)
		}
	}
	if len(voted) == 0 {
		return items[:min(count, len(items))], PromotedByOrder
	}
	slices.SortStableFunc(voted, func(a, b string) int { return cmp.Compare(s.Tally(b), s.Tally(a)) })
	return voted[:min(count, len(voted))], PromotedByVote
}

// BoardItems returns the items on table id's board that take votes (its
// groups and its visible ideas outside groups), in creation order.
func (s *State) BoardItems(id string) []string {
	var out []string
	for gid, g := range s.Groups {
		if g.Table == id {
			out = append(out, gid)
		}
	}
	for iid, i := range s.Ideas {
		if i.Table == id && !i.Hidden && i.Group == "" {
			out = append(out, iid)
		}
	}
	ByID(out)
	return out
}

// board returns table id's board as it is now: what a participant newly
// seated there needs (Board).
func (s *State) board(id string) *Board {
	b := &Board{}
	for _, i := range s.IdeaList() {
		if i.Table == id {
			b.Ideas = append(b.Ideas, *i)
		}
	}
	for _, g := range s.GroupList() {
		if g.Table == id {
			c := *g
			c.Ideas = slices.Clone(g.Ideas)
			b.Groups = append(b.Groups, c)
		}
	}
	for _, c := range s.Comments {
		if s.ItemTable(c.Item) == id {
			b.Comments = append(b.Comments, *c)
		}
	}
	slices.SortFunc(b.Comments, func(a, c Comment) int { return CompareIDs(a.ID, c.ID) })
	for item := range s.Votes {
		if s.ItemTable(item) == id {
			if b.Tallies == nil {
				b.Tallies = map[string]int{}
			}
			b.Tallies[item] = s.Tally(item)
		}
	}
	if len(b.Ideas) == 0 && len(b.Groups) == 0 {
		return nil
	}
	return b
}

// ItemTable returns the table whose board idea, group or comment id is on
// ("" the plenary's, or no such thing).
func (s *State) ItemTable(id string) string {
	if i, ok := s.Ideas[id]; ok {
		return i.Table
	}
	if g, ok := s.Groups[id]; ok {
		return g.Table
	}
	if c, ok := s.Comments[id]; ok {
		return s.ItemTable(c.Item)
	}
	return ""
}

// SatAt reports whether participant id sits or has sat at table: whether
// they see its items.
func (s *State) SatAt(id, table string) bool {
	t, ok := s.Tables[table]
	return ok && id != "" && slices.Contains(t.Members, id)
}

// Sees reports whether viewer v may see the items of table ("" the
// plenary): the facilitator every table's, a participant those of the
// tables they sit or sat at, an observer none.
func (s *State) Sees(v Viewer, table string) bool {
	return table == "" || v.Role == RoleFacilitator || s.SatAt(v.ID, table)
}
