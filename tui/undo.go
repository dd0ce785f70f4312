package tui

import (
	"charm.land/bubbles/v2/key"

	"roundtable/lang"
	"roundtable/session"
)

// Undo (issue 15): what both apps say of u and ctrl+z.

// undoWhat are the words for each undoable action without a count or a
// phase, by the type of its event.
var undoWhat = map[string]string{
	session.EvIdeaUngrouped:  "undo.what.idea_ungrouped",
	session.EvGroupDissolved: "undo.what.group_dissolved",
	session.EvGroupRenamed:   "undo.what.group_renamed",
	session.EvIdeaHidden:     "undo.what.idea_hidden",
	session.EvIdeaShown:      "undo.what.idea_shown",
	session.EvIdeaMoved:      "undo.what.idea_moved",
	session.EvIdeaEdited:     "undo.what.idea_edited",
	session.EvRoadmapPlaced:  "undo.what.roadmap_placed",
	session.EvRoadmapRemoved: "undo.what.roadmap_removed",
	session.EvVotesRevealed:  "undo.what.votes_revealed",
	session.EvVotesHidden:    "undo.what.votes_hidden",
	session.EvVotingClosed:   "undo.what.voting_closed",
	session.EvVotingOpened:   "undo.what.voting_opened",
	session.EvNoteRecorded:   "undo.what.note_recorded",
	session.EvItemFocused:    "undo.what.item_focused",
	session.EvIdeaPosted:     "undo.what.idea_posted",
	session.EvCommentPosted:  "undo.what.comment_posted",

	// the facilitator's moderation of participants (session/undo_moderation.go)
	session.EvParticipantRenamed:        "undo.what.participant_renamed",
	session.EvParticipantRemoved:        "undo.what.participant_removed",
	session.EvParticipantReadmitted:     "undo.what.participant_readmitted",
	session.EvParticipantMadeReadOnly:   "undo.what.participant_made_read_only",
	session.EvParticipantReadOnlyLifted: "undo.what.participant_read_only_lifted",

	// issue 16: consent rounds (session/undo_consent.go)
	session.EvConsentOpened:   "consent.undo.opened",
	session.EvConsentRecorded: "consent.undo.recorded",
}

// UndoWhat names the action u would undo, in l's language: "merge of 3
// ideas". "" for nil.
func UndoWhat(l *lang.Printer, u *session.UndoEntry) string {
	if u == nil {
		return ""
	}
	switch u.Kind {
	case session.EvGroupCreated:
		return l.N("undo.what.group_created", u.N)
	case session.EvIdeasGrouped:
		return l.N("undo.what.ideas_grouped", u.N)
	case session.EvPhaseChanged:
		return l.S("undo.what.phase_changed", "Phase", PhaseName(l, u.To))
	case session.EvVoteCast:
		if u.N < 0 {
			return l.S("undo.what.vote_taken")
		}
		return l.S("undo.what.vote_given")
	}
	if id, ok := undoWhat[u.Kind]; ok {
		return l.S(id)
	}
	return ""
}

// UndoNotice is what an app says when u is pressed: "Undone: merge of 3
// ideas.", or that the last action is being undone when this copy does
// not know it (it was welcomed after it).
func UndoNotice(l *lang.Printer, u *session.UndoEntry) string {
	if what := UndoWhat(l, u); what != "" {
		return l.S("undo.done", "What", what)
	}
	return l.S("undo.done_last")
}

// UndoKey returns the undo binding b with its help naming what u will
// undo for actor, when the copy knows.
func UndoKey(b key.Binding, l *lang.Printer, st *session.State, actor string) key.Binding {
	if what := UndoWhat(l, st.NextUndo(actor)); what != "" {
		b.SetHelp(b.Help().Key, l.S("undo.key_what", "What", what))
	}
	return b
}
