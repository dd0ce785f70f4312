package session

// Breakout tables (issue 16): the facilitator splits the room into tables,
// each with its own board for ideas, grouping and a table vote; members see
// only their table; closing the tables promotes each table's top items to
// the plenary board with their provenance. docs/PROTOCOL.md, "Breakout
// tables".

// How open_tables seats the room.
const (
	TablesByCount = "count" // Count tables, institutions spread
	TablesByTopic = "topic" // a table per topic; participants pick theirs
	TablesByHand  = "hand"  // Count tables, seated by the facilitator (Seats)
)

// How an item reached the plenary from a table.
const (
	PromotedByVote       = "vote"       // among its table's top items by the table vote
	PromotedByRapporteur = "rapporteur" // picked by the table's rapporteur
)

// Table is one breakout table. Every copy of the state knows every table
// and its counts; only members and the facilitator see its items.
type Table struct {
	ID         string   `json:"id"`                   // "b1", "b2", … unique in the session
	No         int      `json:"no"`                   // its number in its round: Table 1, Table 2, …
	Round      int      `json:"round"`                // the breakout round, 1, 2, …
	Topic      string   `json:"topic,omitempty"`      // a topic table's topic id
	Rapporteur string   `json:"rapporteur,omitempty"` // participant id
	Hand       bool     `json:"hand,omitempty"`       // the table asks for the facilitator
	Picks      []string `json:"picks,omitempty"`      // the rapporteur's picks for promotion, in order
	Closed     bool     `json:"closed,omitempty"`     // its round has ended
	Ideas      int      `json:"ideas"`                // ideas on its board now, counted in every copy
	Votes      int      `json:"votes"`                // votes given at it now, counted in every copy
	// Members is everyone who has sat at it, in the order they came: a
	// table's items are seen by its members, those who moved on or were
	// recalled included, and by the facilitator (redact_tables.go).
	Members []string `json:"members,omitempty"`
}

// Promotion is how an item reached the plenary from a table.
type Promotion struct {
	Table string `json:"table"`          // the table's id
	No    int    `json:"no"`             // its number: "Table 3"
	Round int    `json:"round"`          // its breakout round
	Votes int    `json:"votes"`          // the votes it had at its table
	By    string `json:"by"`             // PromotedByVote or PromotedByRapporteur
	Rank  int    `json:"rank,omitempty"` // its place among its table's promoted items, from 1
}

// How an item reached the plenary when its table voted on nothing: among
// its table's first items, in the order they were posted.
const PromotedByOrder = "order"

// Limits of breakout tables.
const (
	MaxTables       = 50  // tables in one round
	MaxPicks        = 10  // items a table promotes at most (picks, close_tables' Count)
	DefaultPromoted = 3   // items promoted per table when close_tables gives no Count
	MaxBroadcastLen = 280 // characters of a broadcast message
)

// Board is a table's board as a participant newly seated at it needs it:
// its ideas, groups and the comments on them, and each item's votes at the
// table as a total (never who). participant_seated carries it to the
// participant seated, so that their copy holds what the table posted
// before they came.
type Board struct {
	Ideas    []Idea         `json:"ideas,omitempty"`
	Groups   []Group        `json:"groups,omitempty"`
	Comments []Comment      `json:"comments,omitempty"`
	Tallies  map[string]int `json:"tallies,omitempty"` // item -> votes at the table
}
