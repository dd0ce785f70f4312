package session

import "time"

// Event types. An event is a fact: it happened, it is stored, it is applied.
const (
	EvSessionCreated    = "session_created"
	EvSettingsUpdated   = "settings_updated"
	EvTopicAdded        = "topic_added"
	EvTopicRenamed      = "topic_renamed"
	EvTopicRemoved      = "topic_removed"
	EvParticipantJoined = "participant_joined"
	EvPhaseChanged      = "phase_changed"
	EvIdeaPosted        = "idea_posted"
	EvIdeaEdited        = "idea_edited"
	EvIdeaDeleted       = "idea_deleted"
	EvIdeaHidden        = "idea_hidden"
	EvIdeaShown         = "idea_shown"
	EvIdeaMoved         = "idea_moved"
	EvGroupCreated      = "group_created"
	EvIdeasGrouped      = "ideas_grouped"
	EvIdeaUngrouped     = "idea_ungrouped"
	EvGroupRenamed      = "group_renamed"
	EvGroupDissolved    = "group_dissolved"
	EvVoteCast          = "vote_cast"
	EvVotesRevealed     = "votes_revealed"
	EvVotesHidden       = "votes_hidden"
	EvVotingClosed      = "voting_closed"
	EvVotingOpened      = "voting_opened"
	EvCommentPosted     = "comment_posted"
	EvCommentDeleted    = "comment_deleted"
	EvItemFocused       = "item_focused"
	EvNoteRecorded      = "note_recorded"
	EvRoadmapPlaced     = "roadmap_placed"
	EvRoadmapRemoved    = "roadmap_removed"
	EvDoneMarked        = "done_marked"
	EvDoneCleared       = "done_cleared"
	EvFeedbackGiven     = "feedback_given"
	EvTimerStarted      = "timer_started"
	EvTimerPaused       = "timer_paused"
	EvTimerResumed      = "timer_resumed"
	EvTimerStopped      = "timer_stopped"

	// Moderation of participants (decide_moderation.go).
	EvParticipantRenamed        = "participant_renamed"
	EvParticipantRemoved        = "participant_removed"
	EvParticipantReadmitted     = "participant_readmitted"
	EvParticipantMadeReadOnly   = "participant_made_read_only"
	EvParticipantReadOnlyLifted = "participant_read_only_lifted"
	// Issue 15: private brainstorming and refunds (decide_private.go,
	// decide_refunds.go).
	EvIdeasConcealed = "ideas_concealed" // a private round begins: new ideas are private
	EvIdeasRevealed  = "ideas_revealed"  // the private round ends: its ideas are public
	EvVotesRefunded  = "votes_refunded"  // votes over a lowered cap or budget go back to their voter
	// Issue 15, undo with the agenda (undo_clock.go): the timer as it was
	// before a phase change or a focus that reset it.
	EvTimerRestored = "timer_restored"
	// Issue 16: breakout tables (decide_tables.go).
	EvTablesOpened      = "tables_opened"      // Tables, Seats
	EvParticipantSeated = "participant_seated" // ID at Table ("" leaves the tables)
	EvRapporteurSet     = "rapporteur_set"     // Table, ID
	EvHandRaised        = "hand_raised"        // Table
	EvHandLowered       = "hand_lowered"       // Table
	EvPromotionPicked   = "promotion_picked"   // Table, Items
	EvMessageBroadcast  = "message_broadcast"  // Text
	EvTablesClosed      = "tables_closed"      // Promoted (ideas), PromotedGroups
	// Issue 16: consent rounds (decide_consent.go).
	EvConsentOpened   = "consent_opened"   // Item, Round
	EvConsentGiven    = "consent_given"    // Item, Level, Text
	EvConsentRevealed = "consent_revealed" // Item, Result
	EvConsentRecorded = "consent_recorded" // Item, Outcome
	// Issue 16: a programme (programme.go).
	EvItemsCarried = "items_carried" // Carried
	// EvRedacted stands in for an event the viewer may not see at all; it
	// keeps the sequence number so the stream has no gaps.
	EvRedacted = "redacted"
)

// Event is one fact in a session's log. It is a flat record: each type uses
// the fields its documentation in docs/PROTOCOL.md names, and leaves the
// others empty.
type Event struct {
	Seq   int64     `json:"seq"`             // position in the session's log, from 1, set when stored
	Type  string    `json:"type"`            // one of the Ev constants
	At    time.Time `json:"at"`              // when it was decided
	Actor string    `json:"actor,omitempty"` // participant id or "facilitator"; "" when hidden from the viewer

	ID          string         `json:"id,omitempty"`   // the created or affected idea, group, comment, topic or participant
	Item        string         `json:"item,omitempty"` // the idea or group the event is about
	Topic       string         `json:"topic,omitempty"`
	Text        string         `json:"text,omitempty"`
	Name        string         `json:"name,omitempty"`
	Institution string         `json:"institution,omitempty"`
	TokenHash   string         `json:"token_hash,omitempty"` // participant_joined, server only
	Phase       Phase          `json:"phase,omitempty"`
	Ideas       []string       `json:"ideas,omitempty"`
	Delta       int            `json:"delta,omitempty"`
	Settings    *Settings      `json:"settings,omitempty"`
	Topics      []string       `json:"topics,omitempty"`
	Horizon     string         `json:"horizon,omitempty"`
	Lead        string         `json:"lead,omitempty"`
	Supporters  []string       `json:"supporters,omitempty"`
	Order       int            `json:"order,omitempty"`
	Rating      int            `json:"rating,omitempty"`
	Notes       string         `json:"notes,omitempty"`
	Decision    string         `json:"decision,omitempty"`
	Duration    time.Duration  `json:"duration,omitempty"` // nanoseconds
	EndsAt      time.Time      `json:"ends_at,omitzero"`
	Tallies     map[string]int `json:"tallies,omitempty"` // votes_revealed: item -> total votes

	// What an act's inverse needs, and the audit trail: the value before
	// (participant_renamed: the old name), the attribution a removal chose,
	// and the comment a comment_deleted took away, as it was.
	Was         string   `json:"was,omitempty"`
	Attribution string   `json:"attribution,omitempty"`
	Comment     *Comment `json:"comment,omitempty"`
	// Issue 15: the agenda, private brainstorming.
	From     Phase  `json:"from,omitempty"`     // phase_changed: the phase left (for undo)
	Timer    *Timer `json:"timer,omitempty"`    // timer_stopped: the timer as it was (for undo); timer_restored: the timer set again
	Private  bool   `json:"private,omitempty"`  // idea_posted, idea_edited: a private idea; phase_changed: it ended a private round (the ideas_revealed before it is its own)
	Revealed []Idea `json:"revealed,omitempty"` // ideas_revealed: the ideas made public
	// Issue 15, anonymity and undo.
	InstitutionMasked bool  `json:"institution_masked,omitempty"` // idea_posted, comment_posted: the institution is not named to others (anon.go)
	Undoes            int64 `json:"undoes,omitempty"`             // the seq of the action this event undoes (undo.go); sent only to its actor and the facilitator
	// Issue 16: breakout tables, consent rounds, a programme.
	Table          string            `json:"table,omitempty"`           // the table the event belongs to: only its members and the facilitator see it whole
	Of             string            `json:"of,omitempty"`              // redacted: the type of a table's event it stands for, so that every copy counts a table's activity
	Tables         []Table           `json:"tables,omitempty"`          // tables_opened
	Seats          map[string]string `json:"seats,omitempty"`           // tables_opened: participant -> table id
	Items          []string          `json:"items,omitempty"`           // promotion_picked
	Promoted       []Idea            `json:"promoted,omitempty"`        // tables_closed: the ideas made plenary, whole, with their Promotion
	PromotedGroups []Group           `json:"promoted_groups,omitempty"` // tables_closed: the groups made plenary
	Level          *int              `json:"level,omitempty"`           // consent_given
	Round          int               `json:"round,omitempty"`           // consent_opened: 1, 2, … on the item
	Result         *ConsentResult    `json:"result,omitempty"`          // consent_revealed
	Outcome        string            `json:"outcome,omitempty"`         // consent_recorded
	Carried        []Idea            `json:"carried,omitempty"`         // items_carried
	// Issue 16, breakout tables (tables.go): the board of the table a
	// participant is seated at, for that participant (participant_seated),
	// and the comments on the items promoted (tables_closed).
	Board            *Board    `json:"board,omitempty"`
	PromotedComments []Comment `json:"promoted_comments,omitempty"`
}
