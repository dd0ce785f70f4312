package session

import "maps"

// refusals are the session's refusals in English, by their id in the errors
// catalogue (lang/locales/<tag>/errors.toml, whose English must say exactly
// this: a test in tui checks it). Placeholders are {{.Name}}, as in the
// catalogues; N is a count that chooses a plural form in other languages;
// errors.phase.* and errors.field.* are terms (see RefuseFrom).
var refusals = map[string]string{
	"errors.internal": "Internal error.",

	// who may do what
	"errors.no_session":        "The session does not exist yet.",
	"errors.observers_watch":   "Observers can only watch.",
	"errors.unknown_role":      `Unknown role "{{.Role}}".`,
	"errors.unknown_language":  `Unknown language "{{.Lang}}"; the session speaks en, az or ru.`,
	"errors.join_first":        "Join the session first.",
	"errors.unknown_command":   `Unknown command "{{.Type}}".`,
	"errors.facilitator_only":  "Only the facilitator can do that.",
	"errors.participants_only": "Only participants can do that.",
	"errors.comment_phase":     "You cannot comment in the {{.Phase}} phase.",
	"errors.post_idea_phase":   "You cannot post ideas in the {{.Phase}} phase.",
	"errors.edit_idea_phase":   "You cannot edit ideas in the {{.Phase}} phase.",
	"errors.delete_idea_phase": "You cannot delete ideas in the {{.Phase}} phase.",
	"errors.session_closed":    "The session is closed.",

	// what does not exist
	"errors.no_idea":    `There is no idea "{{.ID}}".`,
	"errors.no_group":   `There is no group "{{.ID}}".`,
	"errors.no_item":    `There is no idea or group "{{.ID}}".`,
	"errors.no_topic":   `There is no topic "{{.ID}}".`,
	"errors.no_comment": `There is no comment "{{.ID}}".`,

	// texts (Field is a term: errors.field.*)
	"errors.field_not_utf8": "The {{.Field}} is not valid UTF-8 text.",
	"errors.field_empty":    "The {{.Field}} is empty.",
	"errors.field_too_long": "The {{.Field}} is {{.Length}} characters long; the limit is {{.Max}}.",
	"errors.too_many":       "Too many {{.Field}}s: {{.Count}}; the limit is {{.Max}}.",

	// set-up: settings, topics, phases
	"errors.session_exists":    "The session already exists.",
	"errors.needs_topic":       "A session needs at least one topic.",
	"errors.vote_budget_range": "The vote budget must be between 0 and 100.",
	"errors.vote_cap_range":    "The votes per item must be between 1 and 100.",
	"errors.needs_horizon":     "The road map needs at least one horizon.",
	"errors.anonymity_locked":  "Anonymity can only change before the first idea or comment.",
	"errors.horizon_in_use":    `Items are placed on "{{.Horizon}}"; move them before removing that horizon.`,
	"errors.max_topics":        "A session has at most {{.N}} topics.",
	"errors.topic_exists":      `There is already a topic "{{.Name}}".`,
	"errors.topic_has_ideas":   "The topic has ideas; move them first.",
	"errors.topic_has_groups":  "The topic has groups; dissolve them first.",
	"errors.unknown_phase":     `Unknown phase "{{.Value}}".`,
	"errors.already_in_phase":  "The session is already in the {{.Phase}} phase.",

	// ideas
	"errors.edit_own_ideas":             "You can only edit your own ideas.",
	"errors.delete_own_ideas":           "You can only delete your own ideas.",
	"errors.idea_hidden_by_facilitator": "The facilitator has hidden this idea.",
	"errors.idea_already_hidden":        "The idea is already hidden.",
	"errors.hide_grouped_idea":          "The idea is in a group; take it out of the group first.",
	"errors.idea_not_hidden":            "The idea is not hidden.",
	"errors.idea_same_topic":            "The idea is already under that topic.",

	// groups
	"errors.group_no_ideas":     "Select at least one idea to group.",
	"errors.group_hidden_idea":  "Idea {{.ID}} is hidden; show it before grouping.",
	"errors.group_grouped_idea": "Idea {{.ID}} is already in a group; take it out first.",
	"errors.group_already_in":   "Those ideas are already in the group.",
	"errors.idea_not_grouped":   "The idea is not in a group.",

	// votes
	"errors.vote_phase":             "Voting happens in the vote phase; now is the {{.Phase}} phase.",
	"errors.voting_closed":          "Voting is closed.",
	"errors.vote_delta":             "A vote adds 1 or removes 1.",
	"errors.vote_grouped_idea":      "This idea is in a group; vote for the group instead.",
	"errors.votes_used_all":         "You have used all {{.N}} of your votes. Remove one to vote again.",
	"errors.vote_cap":               "You can give one item at most {{.N}} votes.",
	"errors.no_vote_to_remove":      "You have no vote on this item to remove.",
	"errors.votes_already_revealed": "The votes are already revealed.",
	"errors.votes_already_hidden":   "The votes are already hidden.",
	"errors.voting_already_closed":  "Voting is already closed.",
	"errors.voting_already_open":    "Voting is already open.",

	// comments, focus, road map
	"errors.own_comments_only": "You can only delete your own comments.",
	"errors.focus_hidden":      "The idea is hidden; show it before focusing it.",
	"errors.already_focused":   "That item is already focused.",
	"errors.place_kind":        "Only groups and visible ideas outside groups can go on the road map.",
	"errors.unknown_horizon":   `Unknown horizon "{{.Value}}"; the horizons are {{.Horizons}}.`,
	"errors.place_order":       "The order is a position from 1; 0 puts the item last.",
	"errors.not_placed":        "That item is not on the road map.",

	// progress and feedback
	"errors.already_done":      "You are already marked done with this phase.",
	"errors.not_done":          "You are not marked done with this phase.",
	"errors.feedback_not_open": "Feedback opens when the session is closed.",
	"errors.rating_range":      "The rating is from 1 to 5.",

	// the timer
	"errors.timer_range":          "A timer runs from 1 second to {{.Hours}} hours.",
	"errors.timer_extend_range":   "Extend by a number of seconds, up to {{.Hours}} hours.",
	"errors.timer_max":            "A timer runs at most {{.Hours}} hours.",
	"errors.no_timer":             "No timer is set.",
	"errors.timer_not_running":    "The timer is not running.",
	"errors.no_paused_timer":      "There is no paused timer.",
	"errors.unknown_timer_action": `Unknown timer action "{{.Value}}"; use start, pause, resume, extend or stop.`,

	// moderation of participants (decide_moderation.go)
	"errors.removed":             "The facilitator removed you from this session.",
	"errors.read_only":           "The facilitator has made you read-only: you can follow the session, but not post, vote or comment.",
	"errors.no_participant":      `There is no participant "{{.ID}}".`,
	"errors.name_unchanged":      "That is already their name.",
	"errors.unknown_attribution": `Unknown attribution "{{.Value}}"; use keep or removed.`,
	"errors.already_removed":     "That participant is already removed.",
	"errors.not_removed":         "That participant is not removed.",
	"errors.already_read_only":   "That participant is already read-only.",
	"errors.not_read_only":       "That participant is not read-only.",
	// issue 15: the agenda and private brainstorming
	"errors.agenda_time_range": "A time on the agenda runs from 1 second to {{.Hours}} hours.",
	"errors.ideas_not_private": "No ideas are private now; there is nothing to reveal.",
	"errors.idea_private":      "This idea is private until the facilitator reveals the ideas.",
	// issue 15: undo (decide_undo.go) and anonymity (anon.go)
	"errors.undo_nothing":        "There is nothing to undo.",
	"errors.undo_gone":           "That can no longer be undone: what it changed is gone.",
	"errors.undo_changed":        "That can no longer be undone: it has changed since.",
	"errors.undo_group_changed":  "That can no longer be undone: the group has changed since.",
	"errors.undo_votes_since":    "That can no longer be undone: votes were cast on it since.",
	"errors.undo_placed_since":   "That can no longer be undone: it was placed on the road map since.",
	"errors.undo_grouped_since":  "That can no longer be undone: the idea was merged into a group since.",
	"errors.undo_comments_since": "That can no longer be undone: the group has comments or notes now.",
	"errors.undo_comments_lost":  "That can no longer be undone: the group's comments went with it.",
	"errors.undo_votes_spent":    "That can no longer be undone: {{.Name}} has spent those votes since.",
	"errors.undo_cap_lowered":    "That can no longer be undone: the votes per item were lowered since.",
	"errors.undo_built_on":       "That can no longer be undone: the idea has been grouped, voted on, commented on or placed on the road map since.",
	"errors.undo_too_late":       "A phase change can be undone only within {{.N}} minutes.",
	"errors.anon_k_range":        "The number of people an institution needs to be named must be between 1 and {{.Max}}.",
	// issue 15, integration: undoing a phase change with a private round (undo_clock.go)
	"errors.undo_ideas_revealed": "That can no longer be undone: the phase change revealed the private ideas to everyone.",
	"errors.undo_private_since":  "That can no longer be undone: private ideas were posted since, and going back would reveal them.",
	// issue 16: breakout tables (decide_tables.go, decide_tables_rules.go)
	"errors.tables_already_open":       "The tables are already open; recall them first.",
	"errors.tables_phase":              "Tables open in the lobby, ideas, group or vote phase; now is the {{.Phase}} phase.",
	"errors.tables_count_range":        "The number of tables must be between 1 and {{.Max}}.",
	"errors.tables_too_few":            "Tables need at least two participants present.",
	"errors.tables_too_many":           "{{.N}} participants make at most {{.Max}} tables of two or more.",
	"errors.tables_mode":               `Unknown way to seat "{{.Value}}"; use count, topic or hand.`,
	"errors.tables_seat_number":        `"{{.Value}}" is not a table number from 1 to {{.Max}}.`,
	"errors.tables_of_one":             "Table {{.No}} would have one person; seat at least two people at a table, or nobody.",
	"errors.tables_not_open":           "No tables are open.",
	"errors.tables_no_table":           `There is no open table "{{.ID}}".`,
	"errors.tables_pick_first":         "The room is at tables: pick a table first.",
	"errors.tables_your_table":         "During the breakout you work at your own table.",
	"errors.tables_leaves_one":         "That would leave one person alone at Table {{.No}}.",
	"errors.tables_already_seated":     "That participant already sits at that table.",
	"errors.tables_pick_topic":         "You choose your table only when the tables are by topic.",
	"errors.tables_has_rapporteur":     "Your table already has a rapporteur.",
	"errors.tables_no_rapporteur":      "The table has no rapporteur.",
	"errors.tables_not_member":         "That participant does not sit at this table.",
	"errors.tables_already_rapporteur": "That participant is already the table's rapporteur.",
	"errors.tables_hand_raised":        "Your table's hand is already raised.",
	"errors.tables_hand_not_raised":    "The table's hand is not raised.",
	"errors.tables_rapporteur_only":    "Only the table's rapporteur or the facilitator can do that.",
	"errors.tables_picks_max":          "A table promotes at most {{.N}} items.",
	"errors.tables_not_on_board":       `"{{.ID}}" is not an item on this table's board.`,
	"errors.tables_promote_range":      "Each table promotes from 1 to {{.Max}} items.",
	"errors.tables_recall_first":       "The tables are still open; recall the tables first.",
	"errors.tables_item_plenary_only":  "That item is at a table; it reaches the plenary when the tables close.",
	"errors.tables_closed_item":        "That item stayed at its table when the tables closed.",
	"errors.tables_group_one_table":    "A group holds ideas of one board only: these are at different tables.",

	// terms: the phases, as "in the vote phase" names them
	"errors.phase.lobby":   "lobby",
	"errors.phase.ideas":   "ideas",
	"errors.phase.group":   "group",
	"errors.phase.vote":    "vote",
	"errors.phase.discuss": "discuss",
	"errors.phase.roadmap": "roadmap",
	"errors.phase.closed":  "closed",

	// terms: the texts a command carries (Field.Name), as "The idea is
	// empty." names them
	"errors.field.title":                  "title",
	"errors.field.horizon":                "horizon",
	"errors.field.topic":                  "topic",
	"errors.field.name":                   "name",
	"errors.field.institution":            "institution",
	"errors.field.idea":                   "idea",
	"errors.field.group_name":             "group name",
	"errors.field.comment":                "comment",
	"errors.field.notes":                  "notes",
	"errors.field.decision":               "decision",
	"errors.field.lead_institution":       "lead institution",
	"errors.field.supporting_institution": "supporting institution",
	"errors.field.feedback":               "feedback",
	"errors.field.broadcast":              "message", // issue 16
}

// Refusals returns the session's refusals in English by id, terms
// included: for the tests that hold the catalogues to them.
func Refusals() map[string]string { return maps.Clone(refusals) }
