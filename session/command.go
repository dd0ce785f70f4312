package session

// Command types: what an actor asks for. Decide turns a command into events
// or refuses it with an *Error.
const (
	CmdCreateSession  = "create_session"
	CmdJoin           = "join"
	CmdUpdateSettings = "update_settings"
	CmdAddTopic       = "add_topic"
	CmdRenameTopic    = "rename_topic"
	CmdRemoveTopic    = "remove_topic"
	CmdSetPhase       = "set_phase"
	CmdPostIdea       = "post_idea"
	CmdEditIdea       = "edit_idea"
	CmdDeleteIdea     = "delete_idea"
	CmdHideIdea       = "hide_idea"
	CmdShowIdea       = "show_idea"
	CmdMoveIdea       = "move_idea"
	CmdGroupIdeas     = "group_ideas"
	CmdUngroupIdea    = "ungroup_idea"
	CmdRenameGroup    = "rename_group"
	CmdDissolveGroup  = "dissolve_group"
	CmdVote           = "vote"
	CmdRevealVotes    = "reveal_votes"
	CmdHideVotes      = "hide_votes"
	CmdCloseVoting    = "close_voting"
	CmdOpenVoting     = "open_voting"
	CmdComment        = "comment"
	CmdDeleteComment  = "delete_comment"
	CmdFocus          = "focus"
	CmdNote           = "note"
	CmdPlace          = "place"
	CmdUnplace        = "unplace"
	CmdMarkDone       = "mark_done"
	CmdClearDone      = "clear_done"
	CmdFeedback       = "feedback"
	CmdTimer          = "timer"

	// Moderation of participants (decide_moderation.go).
	CmdRenameParticipant  = "rename_participant"
	CmdRemoveParticipant  = "remove_participant"
	CmdReadmitParticipant = "readmit_participant"
	CmdMakeReadOnly       = "make_read_only"
	CmdLiftReadOnly       = "lift_read_only"
	// Issue 15: the agenda, private brainstorming (agenda.go, decide_private.go).
	CmdRevealIdeas = "reveal_ideas"
	// Issue 15.
	CmdUndo = "undo" // undo the actor's last undoable action (decide_undo.go)

	// Issue 16: breakout tables (tables.go, decide_tables.go).
	CmdOpenTables    = "open_tables"    // facilitator: split the room into tables (Mode, Count, Seats)
	CmdSeat          = "seat"           // facilitator: seat Participant at Table
	CmdPickTable     = "pick_table"     // participant, topic tables: sit at Table
	CmdSetRapporteur = "set_rapporteur" // facilitator (anyone at Table), or a member for themself while Table has none
	CmdRaiseHand     = "raise_hand"     // a member: their table asks for the facilitator
	CmdLowerHand     = "lower_hand"     // a member or the facilitator (Table)
	CmdPickPromotion = "pick_promotion" // the rapporteur (or the facilitator, Table): the table's items to promote (Items)
	CmdBroadcast     = "broadcast"      // facilitator: a short message (Text) to every table
	CmdCloseTables   = "close_tables"   // facilitator: recall everyone; each table's top Count items (or its picks) are promoted
	// Issue 16: consent rounds on the road map (consent.go, decide_consent.go).
	CmdOpenConsent   = "open_consent"   // facilitator: a round on road-map Item
	CmdConsent       = "consent"        // participant: fist-to-five Level on Item, Text a reason (required for 0 and 1)
	CmdRevealConsent = "reveal_consent" // facilitator: show Item's distribution and reasons; the round closes
	CmdRecordConsent = "record_consent" // facilitator: Item's Outcome
	// Issue 16: a programme of sessions (programme.go).
	CmdCarryItems = "carry_items" // facilitator: earlier sessions' items (Carried) as this session's starting material
)

// Timer actions for CmdTimer.
const (
	TimerStart  = "start"
	TimerPause  = "pause"
	TimerResume = "resume"
	TimerExtend = "extend"
	TimerStop   = "stop"
)

// Command is a request from an actor. Like Event it is a flat record; each
// type reads the fields docs/PROTOCOL.md names for it.
type Command struct {
	Type string `json:"type"`

	Item        string   `json:"item,omitempty"`  // idea, group or comment id
	Group       string   `json:"group,omitempty"` // group_ideas: add to this existing group
	Topic       string   `json:"topic,omitempty"`
	Text        string   `json:"text,omitempty"`
	Name        string   `json:"name,omitempty"`
	Institution string   `json:"institution,omitempty"`
	Phase       Phase    `json:"phase,omitempty"`
	Ideas       []string `json:"ideas,omitempty"`
	Delta       int      `json:"delta,omitempty"`

	Title      *string  `json:"title,omitempty"`
	VoteBudget *int     `json:"vote_budget,omitempty"`
	VoteCap    *int     `json:"vote_cap,omitempty"`
	Anonymous  *bool    `json:"anonymous,omitempty"`
	Horizons   []string `json:"horizons,omitempty"`
	Lang       string   `json:"lang,omitempty"` // create_session: the session's language, en, az or ru
	Topics     []string `json:"topics,omitempty"`

	Horizon    string   `json:"horizon,omitempty"`
	Lead       string   `json:"lead,omitempty"`
	Supporters []string `json:"supporters,omitempty"`
	Order      int      `json:"order,omitempty"`

	Rating   int    `json:"rating,omitempty"`
	Notes    string `json:"notes,omitempty"`
	Decision string `json:"decision,omitempty"`

	Action  string `json:"action,omitempty"`  // timer: start, pause, resume, extend, stop
	Seconds int    `json:"seconds,omitempty"` // timer: start and extend

	// Moderation of participants: whom it is about, and, on removal, how
	// their ideas and comments are attributed (AttributionKeep or
	// AttributionRemoved; "" keeps).
	Participant string `json:"participant,omitempty"`
	Attribution string `json:"attribution,omitempty"`
	// Issue 15: the agenda and private brainstorming (create_session,
	// update_settings).
	Agenda       *Agenda `json:"agenda,omitempty"`        // the whole agenda, replacing the session's
	PrivateIdeas *bool   `json:"private_ideas,omitempty"` // private brainstorming on or off
	// AnonK sets k of institution-aware anonymity (create_session,
	// update_settings; anon.go).
	AnonK *int `json:"anon_k,omitempty"`

	// Issue 16: breakout tables, consent rounds, a programme.
	Mode    string            `json:"mode,omitempty"`    // open_tables: TablesByCount, TablesByTopic or TablesByHand
	Count   int               `json:"count,omitempty"`   // open_tables: how many tables (by count, by hand); close_tables: items promoted per table
	Seats   map[string]string `json:"seats,omitempty"`   // open_tables by hand: participant -> table number ("1", "2", …)
	Table   string            `json:"table,omitempty"`   // seat, pick_table, set_rapporteur, lower_hand, pick_promotion: the table's id
	Items   []string          `json:"items,omitempty"`   // pick_promotion: item ids of the table, in order
	Level   *int              `json:"level,omitempty"`   // consent: 0 (fist) to 5
	Outcome string            `json:"outcome,omitempty"` // record_consent: ConsentAgreed, ConsentReservations, ConsentNotAgreed
	Carried []Idea            `json:"carried,omitempty"` // carry_items: the items, each with its Origin
	// Online is set by the server on reveal_consent, never read from the
	// wire: the participants connected when the round is revealed (a
	// response from one who left mid-round counts as absent).
	Online []string `json:"-"`

	// TokenHash is set by the server on join, never read from the wire.
	TokenHash string `json:"-"`
}
