package roadmap

import (
	"time"

	"roundtable/lang"
	"roundtable/session"
)

// A programme's road map (issue 16): every session of a programme, such as
// the two days of "digital.leadership", merged into one document. Each road
// map item is shown once, at the latest session that placed it, with its
// history across the programme (where it was placed, voted, agreed, and
// what it was merged with); consent per item; the programme's status; and
// coverage of the institutions across all its sessions. BuildProgramme makes
// the model; ProgrammeMarkdown, ProgrammeJSON, ProgrammeCSV and
// ProgrammeHTML only format it (RenderProgramme picks one by name).

// ProgrammeSchemaVersion is the version of the JSON document ProgrammeJSON
// writes; it changes only when a field is removed or changes meaning.
const ProgrammeSchemaVersion = 1

// ProgrammeSchemaID names the JSON Schema of that document: the "$id" of
// programme.schema.json and the "$schema" of every document.
const ProgrammeSchemaID = "urn:roundtable:schema:programme:1"

// The programme's status: agreed when every item of the merged road map
// has the outcome agreed or agreed with reservations, else a draft.
const (
	ProgrammeAgreed = "agreed"
	ProgrammeDraft  = "draft"
)

// SessionRecord is one session of the programme as BuildProgramme takes it:
// what the database keeps about it, and its facilitator's full state. A
// purged session has no State; its tombstone's figures say what it held.
type SessionRecord struct {
	ID, Title  string
	Day        int       // its day in the programme, 0 when none was given
	Created    time.Time // when it was created
	LastChange time.Time // its last event
	State      *session.State
	// A purged session's tombstone: when, and how many events,
	// participants and ideas it had.
	PurgedAt            time.Time
	Events              int64
	Participants, Ideas int
}

// Programme is the merged road map of a programme, ready to render.
type Programme struct {
	Info     ProgrammeInfo      `json:"programme"`
	Sessions []ProgrammeSession `json:"sessions"` // in programme order: by day, then creation
	Horizons []string           `json:"horizons"` // every session's horizon labels, in order of first use
	Sections []ProgrammeSection `json:"roadmap"`  // one per horizon that holds an item, in Horizons' order
	Coverage ProgrammeCoverage  `json:"coverage"`

	say       *lang.Printer
	csvHeader bool
	names     map[string]string // folded institution -> the spelling shown
}

// ProgrammeInfo is the programme's header.
type ProgrammeInfo struct {
	Name       string    `json:"name"`
	Generated  time.Time `json:"generated_at"`
	LastChange time.Time `json:"last_change_at"` // the latest last change of its sessions
	Days       []int     `json:"days"`           // the days its sessions name, in order
	// Status is ProgrammeAgreed or ProgrammeDraft; Pending names the items
	// that keep it a draft (their refs), in road map order.
	Status  string   `json:"status"`
	Pending []string `json:"pending"`
	Items   int      `json:"items"` // items on the merged road map
}

// ProgrammeSession is one session of the programme.
type ProgrammeSession struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	Day          int       `json:"day"`
	Created      time.Time `json:"created_at"`
	LastChange   time.Time `json:"last_change_at"`
	Phase        string    `json:"phase,omitempty"` // empty for a purged session
	Anonymous    bool      `json:"anonymous"`
	Participants int       `json:"participants"`
	Institutions int       `json:"institutions"`
	Placed       int       `json:"placed"` // items on its own road map
	// Purged: its events were deleted; only the tombstone is left, and
	// what later sessions carried from it.
	Purged *ProgrammeTombstone `json:"purged,omitempty"`
}

// ProgrammeTombstone is what a purged session's row still says.
type ProgrammeTombstone struct {
	At     time.Time `json:"at"`
	Events int64     `json:"events"`
	Ideas  int       `json:"ideas"`
}

// ProgrammeSection is one horizon of the merged road map.
type ProgrammeSection struct {
	Horizon string          `json:"horizon"`
	Items   []ProgrammeItem `json:"items"`
}

// ProgrammeItem is one item of the merged road map: the latest step of its
// history that a session placed, with the steps before it and after it.
type ProgrammeItem struct {
	Ref  string `json:"ref"`  // "session/item" of that latest placed step: unique in the programme
	Rank int    `json:"rank"` // 1-based in its horizon
	ProgrammeStep
	Institutions ProgrammeBacking `json:"institutions"`
	History      []ProgrammeStep  `json:"history"` // the steps before, oldest first: carried from, merged with
	Later        []ProgrammeStep  `json:"later"`   // carried on to later sessions that did not place it
	pos          int              // its session's place in the programme
}

// ProgrammeStep is an item as one session had it.
type ProgrammeStep struct {
	Session ProgrammeSessionRef `json:"session"`
	Item    string              `json:"item"` // its id in that session
	Kind    string              `json:"kind"` // KindIdea or KindGroup
	Title   string              `json:"title"`
	Topic   string              `json:"topic,omitempty"`
	// Table: it reached that session's plenary from a breakout table.
	Table      *ProgrammeTable   `json:"table,omitempty"`
	Placement  *Placement        `json:"placement,omitempty"` // nil: a candidate, not on that road map
	Votes      int               `json:"votes"`
	ProposedBy *Author           `json:"proposed_by,omitempty"`
	Ideas      []ProgrammeIdea   `json:"ideas"` // a group's member ideas
	Notes      string            `json:"notes,omitempty"`
	Decision   string            `json:"decision,omitempty"`
	Comments   []Comment         `json:"comments"`
	Consent    *ProgrammeConsent `json:"consent,omitempty"`
	// Recorded: that session's events are not in this export (purged, or
	// outside the programme): the step is what the later session recorded
	// when it carried the item, and has no ideas, notes or comments.
	Recorded bool `json:"recorded,omitempty"`
	// Carried: the item (or, for a group, at least one of its ideas) was
	// carried from an earlier session.
	Carried bool `json:"carried,omitempty"`
}

// ProgrammeSessionRef names the session of a step.
type ProgrammeSessionRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Day   int    `json:"day"`
}

// ProgrammeTable is the breakout table an item came from: "Table 3" of
// round 1, promoted by its vote or by its rapporteur.
type ProgrammeTable struct {
	No    int    `json:"no,omitempty"`
	Round int    `json:"round,omitempty"`
	Votes int    `json:"votes,omitempty"` // its votes at the table
	By    string `json:"by,omitempty"`    // session.PromotedByVote or PromotedByRapporteur
	// Label is the table as a later session recorded it when it carried
	// the item ("Table 3"), where only that is known (a Recorded step).
	Label string `json:"label,omitempty"`
}

// ProgrammeIdea is one member idea of a group step.
type ProgrammeIdea struct {
	ID     string          `json:"id"`
	Text   string          `json:"text"`
	Author Author          `json:"author"`
	Votes  int             `json:"votes"`
	Table  *ProgrammeTable `json:"table,omitempty"`
	// From: the idea was carried from that session's item.
	From *ProgrammeOrigin `json:"from,omitempty"`
}

// ProgrammeOrigin is where a carried idea came from.
type ProgrammeOrigin struct {
	Session string `json:"session"`
	Title   string `json:"title,omitempty"`
	Day     int    `json:"day"`
	Item    string `json:"item"`
}

// ProgrammeConsent is an item's consent in one session: every revealed
// round, oldest first, and the outcome recorded for the last.
type ProgrammeConsent struct {
	Rounds  []ProgrammeRound `json:"rounds"`
	Open    bool             `json:"open,omitempty"`    // a round was running, not yet revealed
	Outcome string           `json:"outcome,omitempty"` // session.ConsentAgreed, ConsentReservations, ConsentNotAgreed; "" none recorded
}

// ProgrammeRound is one revealed consent round.
type ProgrammeRound struct {
	Round        int               `json:"round"`
	Distribution []int             `json:"distribution"` // answers per level, 0 (fist) to 5
	TookPart     int               `json:"took_part"`
	Absent       int               `json:"absent"`
	Outcome      string            `json:"outcome,omitempty"`
	Reasons      []ProgrammeReason `json:"reasons"`
}

// ProgrammeReason is a reason given with a 0 or 1. Its author is named as
// that session's export names authors: in an anonymous session never.
type ProgrammeReason struct {
	Level  int     `json:"level"`
	Text   string  `json:"text"`
	Author *Author `json:"author,omitempty"`
}

// ProgrammeBacking is the institutions behind an item over its whole
// history: how many, and those the sessions' exports name.
type ProgrammeBacking struct {
	// Count: distinct institutions (folded) that posted one of its ideas,
	// voted for it, lead it or were named its supporters, in any step, as
	// the session export's backing counts them.
	Count int `json:"count"`
	// Named: those of them a session's export names: leads, supporters,
	// and the institutions of its ideas' authors where not withheld.
	Named []string `json:"named"`
}

// ProgrammeCoverage is which institutions took part in the programme and
// what they did. Institutions are matched across sessions by lang.Fold, so
// "Rəqəmsal İnkişaf Agentliyi" and "rəqəmsal inkişaf agentliyi" are one.
type ProgrammeCoverage struct {
	// Institutions: distinct institutions whose people joined a session
	// whose events remain, named or not.
	Institutions int `json:"institutions"`
	// Named: those a session's export may name, with what they did.
	Named []ProgrammeInstitution `json:"named"`
	// Unnamed: institutions that took part only where an anonymous
	// session withheld their name (too few of their people present).
	Unnamed int `json:"unnamed"`
	// The Named institutions that contributed (posted an idea or a
	// comment), led an item, backed one, or posted nothing.
	Contributed int `json:"contributed"`
	Led         int `json:"led"`
	Backed      int `json:"backed"`
	Quiet       int `json:"quiet"`
	// Withheld counts what anonymous sessions posted without naming the
	// institution: in no institution's figures, only here.
	Withheld ProgrammeWithheld `json:"withheld"`
	// Others are institutions the road maps name (as lead or supporter)
	// that no participant represented.
	Others []string `json:"others"`
}

// ProgrammeInstitution is one named institution's part in the programme.
type ProgrammeInstitution struct {
	Name     string `json:"name"`
	Sessions int    `json:"sessions"` // sessions it took part in where its name may be given
	Ideas    int    `json:"ideas"`    // visible ideas posted, carried copies not counted again
	Comments int    `json:"comments"`
	Leads    int    `json:"leads"`    // items of the merged road map it leads
	Supports int    `json:"supports"` // items of the merged road map that name it a supporter
	// Voted: its people voted in a session where that names no one (a
	// named session, or one where the anonymity rule names it).
	Voted bool `json:"voted"`
}

// ProgrammeWithheld counts posts whose institution was withheld.
type ProgrammeWithheld struct {
	Ideas    int `json:"ideas"`
	Comments int `json:"comments"`
}

// Contributed reports whether the institution posted an idea or comment.
func (i ProgrammeInstitution) Contributed() bool { return i.Ideas+i.Comments > 0 }

// Backed reports whether the institution is a named supporter or voted.
func (i ProgrammeInstitution) Backed() bool { return i.Supports > 0 || i.Voted }
