package participant

import (
	"roundtable/session"
	"roundtable/tui"
)

// Helpers the screens share: who wrote something, what is still on its way
// to the hub, and the topic tabs.

// visible reports whether a participant sees idea i: the facilitator's
// hidden ideas are shown only to their author.
//
// Another's private idea (issue 15) is never shown, only counted.
func visible(e *env, i *session.Idea) bool {
	own := e.me != "" && i.Author == e.me
	return (!i.Hidden || own) && (!i.Private || own)
}

// author names who wrote something as this participant may know it: "you",
// a name and institution, or only the institution in anonymous sessions
// ("another institution" when the session withholds it).
func author(e *env, pid, institution string, masked bool) string {
	switch {
	case pid != "" && pid == e.me:
		return e.L.S("participant.author.you")
	case pid == session.FacilitatorID:
		return e.L.S("participant.author.facilitator")
	}
	if e.st.Unnamed(pid) { // removed, the facilitator choosing not to name them
		return e.L.S("roster.removed_participant")
	}
	if p := e.st.Participants[pid]; p != nil {
		name := e.labels[pid] // two people of one name told apart
		if p.Institution != "" {
			return name + " · " + p.Institution
		}
		return name
	}
	return tui.InstitutionOf(e.L, institution, masked)
}

// pendingIdeas returns the texts of ideas under topic that are on their way.
func pendingIdeas(e *env, topic string) []string {
	var out []string
	for _, c := range e.pending {
		if c.Type == session.CmdPostIdea && c.Topic == topic {
			out = append(out, c.Text)
		}
	}
	return out
}

// pendingEdit returns the newest text on its way for an idea.
func pendingEdit(e *env, item string) (string, bool) {
	text, ok := "", false
	for _, c := range e.pending {
		if c.Type == session.CmdEditIdea && c.Item == item {
			text, ok = c.Text, true
		}
	}
	return text, ok
}

// pendingDelete reports whether the deletion of an idea is on its way.
func pendingDelete(e *env, item string) bool {
	for _, c := range e.pending {
		if c.Type == session.CmdDeleteIdea && c.Item == item {
			return true
		}
	}
	return false
}

// pendingVotes sums the votes on an item that are on their way; with item
// "" it sums them over every item.
func pendingVotes(e *env, item string) int {
	n := 0
	for _, c := range e.pending {
		if c.Type == session.CmdVote && (item == "" || c.Item == item) {
			n += c.Delta
		}
	}
	return n
}

// pendingComments returns the texts of comments on item on their way.
func pendingComments(e *env, item string) []string {
	var out []string
	for _, c := range e.pending {
		if c.Type == session.CmdComment && c.Item == item {
			out = append(out, c.Text)
		}
	}
	return out
}

// pendingFeedback returns the feedback on its way, if any.
func pendingFeedback(e *env) (session.Command, bool) {
	for i := len(e.pending) - 1; i >= 0; i-- {
		if e.pending[i].Type == session.CmdFeedback {
			return e.pending[i], true
		}
	}
	return session.Command{}, false
}
