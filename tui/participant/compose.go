package participant

import (
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/tui"
	"roundtable/tui/components"
)

// composeKind says what a composer's text becomes when it is sent.
type composeKind int

const (
	composeIdea      composeKind = iota + 1 // a new idea under a topic
	composeEdit                             // new text for an own idea
	composeComment                          // a comment on an idea or group
	composeFeedback                         // the end-of-session feedback text
	composeGroupName                        // issue 16: the name of a rapporteur's new group (tables_group.go)
	composeConsent                          // issue 16: the reason for a 0 or 1 in a consent round (consent.go)
)

// composeTarget is what the text is for.
type composeTarget struct {
	kind   composeKind
	topic  string // composeIdea
	item   string // composeEdit, composeComment
	rating int    // composeFeedback
	level  int    // composeConsent: the answer, 0 or 1
}

// draftKey names the draft of a target, so that leaving a composer keeps
// the text for the next time the same target is opened.
func (t composeTarget) draftKey() string {
	switch t.kind {
	case composeIdea:
		return "idea:" + t.topic
	case composeEdit:
		return "edit:" + t.item
	case composeComment:
		return "comment:" + t.item
	case composeFeedback:
		return "feedback"
	case composeConsent:
		return "consent:" + t.item
	case composeGroupName: // issue 16
		return "group"
	}
	return ""
}

// composer is the app's one text area (ideas, edits, comments and
// feedback are typed here) with what its text is for.
type composer struct {
	components.Composer
	target composeTarget
}

func newComposer(st *tui.Styles, l *lang.Printer) composer {
	return composer{Composer: components.NewComposer(st, l)}
}

// composeTitle is the title of the text area for target t, in the
// participant's language.
func (m *Participant) composeTitle(t composeTarget) string {
	l := m.L
	switch t.kind {
	case composeIdea:
		name := ""
		if tp := m.St.Topic(t.topic); tp != nil {
			name = tp.Name
		}
		return l.S("participant.board.new_title", "Topic", name)
	case composeEdit:
		return l.S("participant.board.edit_title")
	case composeComment:
		return l.S("participant.discuss.comment_title", "Item", m.Cells.Truncate(tui.OneLine(m.St.ItemTitle(t.item)), 40))
	case composeFeedback:
		return l.S("participant.closed.compose_title", "Rating", l.Number(t.rating))
	case composeConsent:
		return l.S("consent.participant.reason_title", "Level", l.Number(t.level))
	case composeGroupName: // issue 16
		return m.tableComposeTitle()
	}
	return ""
}

// start opens the composer for target with its saved draft, or with
// initial when there is none.
func (c *composer) start(t composeTarget, title, initial string, limit int) tea.Cmd {
	c.target = t
	return c.Start(t.draftKey(), title, initial, limit)
}
