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

	// TokenHash is set by the server on join, never read from the wire.
	TokenHash string `json:"-"`
}
