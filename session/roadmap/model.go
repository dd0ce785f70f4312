package roadmap

import (
	"time"

	"roundtable/lang"
)

// SchemaVersion is the version of the JSON document JSON writes. It changes
// only when a field is removed or changes meaning; new optional fields keep it.
const SchemaVersion = 1

// SchemaID names the JSON Schema that describes the JSON document; it is the
// "$id" of roadmap.schema.json and the "$schema" of every document.
const SchemaID = "urn:roundtable:schema:roadmap:1"

// Status is the word every export carries: the road map is a draft until the
// institutions have agreed it, item by item in consent rounds (then it is
// StatusAgreed, consent.go).
const Status = "Draft"

// Kinds of road map item.
const (
	KindIdea  = "idea"
	KindGroup = "group"
)

// Roadmap is the draft road map of one session, ready to render.
type Roadmap struct {
	Session      Info           `json:"session"`
	Participants int            `json:"participants"` // people who joined
	Institutions int            `json:"institutions"` // distinct institutions they represent
	Horizons     []string       `json:"horizons"`     // horizon labels, in order
	Topics       []TopicSummary `json:"topics"`       // in session order
	Sections     []Section      `json:"roadmap"`      // one per topic, in session order
	Unplaced     []Item         `json:"unplaced"`     // voted items not on the road map
	Feedback     Feedback       `json:"feedback"`
	Appendix     []TopicIdeas   `json:"appendix"` // every visible idea by topic
	Audit        []AuditEntry   `json:"audit"`    // the facilitator's moderation, in log order (audit.go)

	say       *lang.Printer // the language of the headings, labels and dates
	csvHeader bool          // the CSV's header row in say's language
	// issue 16: how many items are placed, and how many of them agreed
	// (consent.go)
	placed, agreed int
}

// Info describes the session the road map comes from.
type Info struct {
	ID        string    `json:"id,omitempty"`
	Title     string    `json:"title"`
	Created   time.Time `json:"created_at"`
	Generated time.Time `json:"generated_at"` // when the export was made
	// LastChange is the session's last change: the time of its last
	// event, which an export made later does not move.
	LastChange time.Time `json:"last_change_at"`
	Status     string    `json:"status"`
	Phase      string    `json:"phase"`
	Anonymous  bool      `json:"anonymous"` // authors' names are left out
}

// TopicSummary is one topic in the header, with how much it holds.
type TopicSummary struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Ideas        int    `json:"ideas"`        // visible ideas
	Items        int    `json:"items"`        // road map items
	Institutions int    `json:"institutions"` // distinct institutions that posted a visible idea under it
}

// Section is one topic's lane of the road map.
type Section struct {
	Topic TopicRef `json:"topic"`
	Items []Item   `json:"items"`
}

// TopicRef names a topic.
type TopicRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Item is a road map item or an unplaced candidate: an idea or a group.
type Item struct {
	Rank       int        `json:"rank"` // 1-based position in its section or in the unplaced list
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`  // KindIdea or KindGroup
	Title      string     `json:"title"` // the group's name or the idea's text, on one line
	Topic      TopicRef   `json:"topic"`
	Placement  *Placement `json:"placement,omitempty"` // nil for an unplaced candidate
	Votes      int        `json:"votes"`
	Backing    int        `json:"backing_institutions"`  // distinct institutions that posted or voted for it
	ProposedBy *Author    `json:"proposed_by,omitempty"` // an idea's author; nil for a group
	Ideas      []Idea     `json:"ideas"`                 // a group's member ideas; empty for an idea
	Notes      string     `json:"notes,omitempty"`
	Decision   string     `json:"decision,omitempty"`
	Comments   []Comment  `json:"comments"`
	// Issue 16: the item's consent rounds (consent.go); absent when it has
	// had none.
	Consent *Consent `json:"consent,omitempty"`
	// Issue 16: the breakout table the item reached the plenary from
	// (session.Promotion), as the programme's export names it; absent for
	// an item posted at the plenary.
	Table *ProgrammeTable `json:"table,omitempty"`
}

// Placement is where the facilitator put an item on the road map.
type Placement struct {
	Horizon    string   `json:"horizon"`
	Order      int      `json:"order"` // 1-based position within the horizon
	Lead       string   `json:"lead,omitempty"`
	Supporters []string `json:"supporters"`
}

// Author is who posted an idea, comment or feedback. Name is empty when the
// session is anonymous; Institution is empty for the facilitator.
type Author struct {
	Name        string `json:"name,omitempty"`
	Institution string `json:"institution,omitempty"`
	// Removed: a participant the facilitator removed, choosing that what
	// they posted be shown as a removed participant's; Name and
	// Institution are then empty.
	Removed bool   `json:"removed,omitempty"`
	said    string // how the formats say a removed participant, in the export's language
	// Withheld: the session's anonymity withheld the institution (too few
	// of it were present; session/anon.go), and Institution says "another
	// institution" in the export's language.
	Withheld bool `json:"withheld,omitempty"`
}

// Idea is one visible idea, as a group member or in the appendix.
type Idea struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Author Author `json:"author"`
	Votes  int    `json:"votes"`           // votes on the idea itself; a grouped idea's votes count for its group
	Group  *Ref   `json:"group,omitempty"` // the group it belongs to
}

// Ref names a group.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Comment is a participant's comment on an item.
type Comment struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Author Author `json:"author"`
}

// Feedback sums up the participants' end-of-session ratings.
type Feedback struct {
	Count        int            `json:"count"`
	Average      float64        `json:"average"` // to one decimal; 0 when Count is 0
	Distribution []RatingCount  `json:"distribution"`
	Comments     []FeedbackText `json:"comments"`
}

// RatingCount is how many participants gave one rating.
type RatingCount struct {
	Rating int `json:"rating"`
	Count  int `json:"count"`
}

// FeedbackText is one participant's written feedback. Author is empty when
// the session is anonymous: feedback is never attributed then.
type FeedbackText struct {
	Rating int    `json:"rating"`
	Text   string `json:"text"`
	Author Author `json:"author"`
}

// TopicIdeas is the appendix list of one topic.
type TopicIdeas struct {
	Topic TopicRef `json:"topic"`
	Ideas []Idea   `json:"ideas"`
}
