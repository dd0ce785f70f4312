package session

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Limits on participant text, in characters (runes) after sanitising.
const (
	MaxIdeaLen        = 500
	MaxCommentLen     = 1000
	MaxNameLen        = 80
	MaxInstitutionLen = 120
	MaxTitleLen       = 200
	MaxTopicLen       = 60
	MaxGroupNameLen   = 120
	MaxNotesLen       = 4000
	MaxFeedbackLen    = 2000
	MaxHorizonLen     = 40
	MaxTopics         = 12
	MaxHorizons       = 8
	MaxSupporters     = 64
	MaxTimer          = 4 * time.Hour
)

// Settings are the facilitator's choices for a session.
type Settings struct {
	Title      string   `json:"title"`
	VoteBudget int      `json:"vote_budget"`    // votes each participant may spend
	VoteCap    int      `json:"vote_cap"`       // votes one participant may give one item
	Anonymous  bool     `json:"anonymous"`      // authors hidden from other participants
	Horizons   []string `json:"horizons"`       // road map horizon labels, in order
	Lang       string   `json:"lang,omitempty"` // the session's language (en, az, ru): participants who name none read it; "" is English

	// Issue 15: the agenda and private brainstorming.
	Agenda       Agenda `json:"agenda,omitzero"`         // planned time per phase and per discussed item
	PrivateIdeas bool   `json:"private_ideas,omitempty"` // in the ideas phase each participant sees only their own ideas until revealed
	// AnonK is k of institution-aware anonymity (anon.go): an anonymous
	// author's institution is named only when at least k participants of
	// it are present. 0 (a session from before the setting) means DefaultAnonK.
	AnonK int `json:"anon_k,omitempty"`
}

// DefaultTopics are the road map lanes of the reference workshop.
func DefaultTopics() []string {
	return []string{"Development", "Coordination", "Integration", "Other"}
}

// DefaultSettings returns the settings a new session starts with.
func DefaultSettings() Settings {
	return Settings{
		Title:      "Roundtable",
		VoteBudget: 5,
		VoteCap:    3,
		Anonymous:  true,
		Horizons:   []string{"Now", "Next", "Later"},
		AnonK:      DefaultAnonK,
	}
}

// Topic is a lane of the road map; ideas are posted under a topic.
type Topic struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Participant is one person in the room, with the institution they represent.
type Participant struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Institution string    `json:"institution"`
	JoinedAt    time.Time `json:"joined_at"`
	VotesSpent  int       `json:"votes_spent,omitempty"` // known to the facilitator and to the participant themself
	TokenHash   string    `json:"token_hash,omitempty"`  // server only: hash of the resume token

	// Moderation (decide_moderation.go). Removed: the facilitator removed
	// them; they cannot act or reconnect until re-admitted, and their ideas
	// stay, attributed as Attribution says. ReadOnly: they may follow but
	// not post, edit, vote, comment or give feedback; known only to the
	// facilitator and to themself.
	Removed     bool   `json:"removed,omitempty"`
	Attribution string `json:"attribution,omitempty"` // while removed: AttributionKeep or AttributionRemoved
	ReadOnly    bool   `json:"read_only,omitempty"`
	// Table is the breakout table they sit at while tables are open
	// (issue 16), "" in the plenary.
	Table string `json:"table,omitempty"`
}

// Idea is a short text a participant posted under a topic.
type Idea struct {
	ID          string    `json:"id"`
	Topic       string    `json:"topic"`
	Text        string    `json:"text"`
	Author      string    `json:"author,omitempty"` // participant id, "facilitator", or "" when hidden from the viewer
	Institution string    `json:"institution,omitempty"`
	Hidden      bool      `json:"hidden,omitempty"`
	Group       string    `json:"group,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	EditedAt    time.Time `json:"edited_at,omitzero"`
	Private     bool      `json:"private,omitempty"` // posted in a private round and not yet revealed: others see only that it exists
	// InstitutionMasked: in an anonymous session the author's institution
	// had too few people present when it was posted to be named (anon.go);
	// others get no institution and say "another institution".
	InstitutionMasked bool `json:"institution_masked,omitempty"`
	// Issue 16. Table: the breakout table whose board it was posted on
	// ("" the plenary's); only that table's members and the facilitator see
	// it until it is promoted. Promotion: how it reached the plenary.
	// Origin: the earlier session of the programme it was carried from.
	Table     string     `json:"table,omitempty"`
	Promotion *Promotion `json:"promotion,omitempty"`
	Origin    *Origin    `json:"origin,omitempty"`
}

// Group is a theme: ideas the facilitator merged, with a name.
type Group struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Topic     string    `json:"topic"`
	Ideas     []string  `json:"ideas"` // member idea ids, in the order they were added
	CreatedAt time.Time `json:"created_at"`
	// Issue 16: as Idea's.
	Table     string     `json:"table,omitempty"`
	Promotion *Promotion `json:"promotion,omitempty"`
}

// Comment is feedback on an idea or group.
type Comment struct {
	ID          string    `json:"id"`
	Item        string    `json:"item"`
	Text        string    `json:"text"`
	Author      string    `json:"author,omitempty"`
	Institution string    `json:"institution,omitempty"`
	At          time.Time `json:"at"`
	// InstitutionMasked: as Idea's.
	InstitutionMasked bool `json:"institution_masked,omitempty"`
}

// Note is what the facilitator captured while an item was discussed.
type Note struct {
	Item     string `json:"item"`
	Notes    string `json:"notes,omitempty"`
	Decision string `json:"decision,omitempty"`
}

// RoadmapItem is an idea or group placed on the road map.
type RoadmapItem struct {
	Item       string   `json:"item"`
	Horizon    string   `json:"horizon"`
	Lead       string   `json:"lead,omitempty"`       // lead institution
	Supporters []string `json:"supporters,omitempty"` // supporting institutions
	Order      int      `json:"order"`                // 1-based position within its horizon
}

// Feedback is a participant's end-of-session rating and text.
type Feedback struct {
	Participant string    `json:"participant"`
	Rating      int       `json:"rating"`
	Text        string    `json:"text,omitempty"`
	At          time.Time `json:"at"`
}

// State is the whole state of one session as one viewer may see it.
// The zero State is not usable; start from NewState and apply events.
type State struct {
	ID            string                    `json:"id"`
	Seq           int64                     `json:"seq"` // the last event applied
	Counter       int64                     `json:"counter"`
	CreatedAt     time.Time                 `json:"created_at"`
	Settings      Settings                  `json:"settings"`
	Phase         Phase                     `json:"phase"`
	Topics        []Topic                   `json:"topics"`
	Participants  map[string]*Participant   `json:"participants"`
	Ideas         map[string]*Idea          `json:"ideas"`
	Groups        map[string]*Group         `json:"groups"`
	Votes         map[string]map[string]int `json:"votes"` // item -> participant ("" for others, once revealed) -> votes
	Comments      map[string]*Comment       `json:"comments"`
	Notes         map[string]*Note          `json:"notes"`
	Roadmap       map[string]*RoadmapItem   `json:"roadmap"`
	Feedback      map[string]*Feedback      `json:"feedback"`
	Done          map[Phase]map[string]bool `json:"done"`
	Timer         Timer                     `json:"timer"`
	Focus         string                    `json:"focus,omitempty"`
	VotesRevealed bool                      `json:"votes_revealed"`
	VotingClosed  bool                      `json:"voting_closed"`

	// Audit is the facilitator's moderation, act by act, in log order
	// (moderation.go): kept by Apply, so a replay rebuilds it, and only in
	// the facilitator's copy (Redact and RedactState keep it from others).
	Audit []Moderation `json:"audit,omitempty"`
	// Concealed: a private round of brainstorming runs (issue 15): ideas
	// posted now are private until revealed.
	Concealed bool `json:"concealed,omitempty"`
	// Issue 15, undo and anonymity (undo.go, anon.go).
	// DoneOthers counts, per phase, the participants done with it whom a
	// participant's or observer's copy does not name (others' done marks
	// reach them as counts); the facilitator's copy names everyone in Done.
	DoneOthers map[Phase]int `json:"done_others,omitempty"`
	// Undo is each actor's undoable actions, oldest first, rebuilt by Apply
	// from the log. It is never sent: a copy holds what it rebuilt from the
	// events it received (its own actions, whole).
	Undo map[string][]*UndoEntry `json:"-"`
	// merging is the merge whose cap refunds may follow (undo.go).
	merging mergeMark
	// revealedLast is how many ideas the last ideas_revealed made public:
	// a phase_changed that ended a private round follows its own reveal
	// at once (undo_clock.go).
	revealedLast int
	// present counts the present participants per institution (anon.go).
	present presentCount
	// LastEventAt is when the last event applied happened: the session's
	// last change, which an export states beside the time it was made.
	LastEventAt time.Time `json:"last_event_at,omitzero"`

	// Issue 16: breakout tables (tables.go), every round's, closed ones
	// kept for provenance; TablesOpen while a breakout round runs; the
	// last broadcast message. Consent: each road-map item's consent, its
	// rounds (consent.go).
	Tables     map[string]*Table   `json:"tables,omitempty"`
	TablesOpen bool                `json:"tables_open,omitempty"`
	Broadcast  string              `json:"broadcast,omitempty"`
	Consent    map[string]*Consent `json:"consent,omitempty"`
	// TableTally is each table item's votes at its table when the tables
	// closed (the votes themselves went back to their voters): in every
	// copy that sees the item (issue 16, apply_tables.go).
	TableTally map[string]int `json:"table_tally,omitempty"`
}

// NewState returns an empty state for the session with the given id. The
// session_created event fills it.
func NewState(id string) *State {
	s := &State{ID: id, Phase: PhaseLobby, Settings: DefaultSettings()}
	s.ensure()
	return s
}

// ensure makes every map non-nil, so a state decoded from JSON is usable.
func (s *State) ensure() {
	if s.Participants == nil {
		s.Participants = map[string]*Participant{}
	}
	if s.Ideas == nil {
		s.Ideas = map[string]*Idea{}
	}
	if s.Groups == nil {
		s.Groups = map[string]*Group{}
	}
	if s.Votes == nil {
		s.Votes = map[string]map[string]int{}
	}
	if s.Comments == nil {
		s.Comments = map[string]*Comment{}
	}
	if s.Notes == nil {
		s.Notes = map[string]*Note{}
	}
	if s.Roadmap == nil {
		s.Roadmap = map[string]*RoadmapItem{}
	}
	if s.Feedback == nil {
		s.Feedback = map[string]*Feedback{}
	}
	if s.Done == nil {
		s.Done = map[Phase]map[string]bool{}
	}
	if s.Undo == nil {
		s.Undo = map[string][]*UndoEntry{}
	}
	if s.Phase == "" {
		s.Phase = PhaseLobby
	}
}

// Normalize makes a state decoded from JSON ready to apply events to.
func (s *State) Normalize() { s.ensure() }

// idNo returns the number in an id such as "i12", or 0.
func idNo(id string) int64 {
	if len(id) < 2 {
		return 0
	}
	n, err := strconv.ParseInt(id[1:], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// CompareIDs orders two ids by creation, "i2" before "i10", as
// slices.SortFunc wants: every place that lists ids in order (the apps, the
// road map, the hub's online list) uses it.
func CompareIDs(a, b string) int {
	if c := cmp.Compare(idNo(a), idNo(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// ByID orders ids by creation: "i2" before "i10".
func ByID(ids []string) { slices.SortFunc(ids, CompareIDs) }

// Topic returns the topic with the given id, or nil.
func (s *State) Topic(id string) *Topic {
	for i := range s.Topics {
		if s.Topics[i].ID == id {
			return &s.Topics[i]
		}
	}
	return nil
}

// TopicIndex returns the position of the topic in the session, or -1.
func (s *State) TopicIndex(id string) int {
	for i := range s.Topics {
		if s.Topics[i].ID == id {
			return i
		}
	}
	return -1
}

// IdeaList returns the ideas in posting order.
func (s *State) IdeaList() []*Idea {
	out := make([]*Idea, 0, len(s.Ideas))
	for _, i := range s.Ideas {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return idNo(out[a].ID) < idNo(out[b].ID) })
	return out
}

// GroupList returns the groups in creation order.
func (s *State) GroupList() []*Group {
	out := make([]*Group, 0, len(s.Groups))
	for _, g := range s.Groups {
		out = append(out, g)
	}
	sort.Slice(out, func(a, b int) bool { return idNo(out[a].ID) < idNo(out[b].ID) })
	return out
}

// ParticipantList returns the participants in joining order.
func (s *State) ParticipantList() []*Participant {
	out := make([]*Participant, 0, len(s.Participants))
	for _, p := range s.Participants {
		out = append(out, p)
	}
	sort.Slice(out, func(a, b int) bool { return idNo(out[a].ID) < idNo(out[b].ID) })
	return out
}

// CommentsOn returns the comments on an item in posting order.
func (s *State) CommentsOn(item string) []*Comment {
	var out []*Comment
	for _, c := range s.Comments {
		if c.Item == item {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(a, b int) bool { return idNo(out[a].ID) < idNo(out[b].ID) })
	return out
}

// Tally returns the votes on an item that this state knows of.
func (s *State) Tally(item string) int {
	n := 0
	for _, v := range s.Votes[item] {
		n += v
	}
	return n
}

// VotesBy returns how many votes participant p gave item.
func (s *State) VotesBy(item, p string) int { return s.Votes[item][p] }

// IsItem reports whether id names an idea or a group of this session.
func (s *State) IsItem(id string) bool {
	_, idea := s.Ideas[id]
	_, group := s.Groups[id]
	return idea || group
}

// ItemTitle returns the text of an idea or the name of a group.
func (s *State) ItemTitle(id string) string {
	if i, ok := s.Ideas[id]; ok {
		return i.Text
	}
	if g, ok := s.Groups[id]; ok {
		return g.Name
	}
	return ""
}

// ItemTopic returns the topic id of an idea or group.
func (s *State) ItemTopic(id string) string {
	if i, ok := s.Ideas[id]; ok {
		return i.Topic
	}
	if g, ok := s.Groups[id]; ok {
		return g.Topic
	}
	return ""
}

// Votable reports whether id is an item that takes votes: a group, or a
// visible idea that is not in a group.
func (s *State) Votable(id string) bool {
	if _, ok := s.Groups[id]; ok {
		return true
	}
	if i, ok := s.Ideas[id]; ok {
		return !i.Hidden && i.Group == ""
	}
	return false
}

// Candidates returns the votable items, most votes first, ties by creation.
// Issue 16: not the items a closed breakout table kept (TableKept).
func (s *State) Candidates() []string {
	var out []string
	for id, g := range s.Groups {
		if !s.TableKept(g.Table) {
			out = append(out, id)
		}
	}
	for id, i := range s.Ideas {
		if !i.Hidden && i.Group == "" && !s.TableKept(i.Table) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		ta, tb := s.Tally(out[a]), s.Tally(out[b])
		if ta != tb {
			return ta > tb
		}
		na, nb := idNo(out[a]), idNo(out[b])
		if na != nb {
			return na < nb
		}
		return out[a] < out[b]
	})
	return out
}

// Supporters returns the institutions whose participants posted or voted for
// an item (for a group, also its ideas), sorted. It is complete only in the
// facilitator's view.
func (s *State) Supporters(item string) []string {
	set := map[string]bool{}
	add := func(pid string) {
		if p, ok := s.Participants[pid]; ok && p.Institution != "" {
			set[p.Institution] = true
		}
	}
	ids := []string{item}
	if g, ok := s.Groups[item]; ok {
		ids = append(ids, g.Ideas...)
	}
	for _, id := range ids {
		if i, ok := s.Ideas[id]; ok {
			if i.Author != "" {
				add(i.Author)
			} else if i.Institution != "" {
				set[i.Institution] = true
			}
		}
		for pid, n := range s.Votes[id] {
			if n > 0 {
				add(pid)
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Institutions returns the distinct institutions of the participants, sorted.
func (s *State) Institutions() []string {
	set := map[string]bool{}
	for _, p := range s.Participants {
		if p.Institution != "" {
			set[p.Institution] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RoadmapIn returns the items placed on a horizon, in their order.
func (s *State) RoadmapIn(horizon string) []*RoadmapItem {
	var out []*RoadmapItem
	for _, r := range s.Roadmap {
		if r.Horizon == horizon {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Order != out[b].Order {
			return out[a].Order < out[b].Order
		}
		return idNo(out[a].Item) < idNo(out[b].Item)
	})
	return out
}
