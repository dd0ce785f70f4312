package tui

import (
	"strconv"
	"strings"

	"roundtable/session"
)

// Helpers the screens share: who wrote something, what is still on its way
// to the hub, and the topic tabs.

// visible reports whether a participant sees idea i: the facilitator's
// hidden ideas are shown only to their author.
func visible(e *env, i *session.Idea) bool { return !i.Hidden || (e.me != "" && i.Author == e.me) }

// author names who wrote something as this participant may know it: "you",
// a name and institution, or only the institution in anonymous sessions.
func author(e *env, pid, institution string) string {
	switch {
	case pid != "" && pid == e.me:
		return "you"
	case pid == session.FacilitatorID:
		return "facilitator"
	}
	if p := e.st.Participants[pid]; p != nil {
		if p.Institution != "" {
			return p.Name + " · " + p.Institution
		}
		return p.Name
	}
	return institution
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

// itemKind names an item for sentences: "group" or "idea".
func itemKind(st *session.State, id string) string {
	if _, ok := st.Groups[id]; ok {
		return "group"
	}
	return "idea"
}

// quote shortens a text to n cells for a sentence: “Digital signat…”.
func quote(e *env, s string, n int) string { return "“" + e.tx.Truncate(OneLine(s), n) + "”" }

// TopicIndex clamps a topic index to the session's topics.
func TopicIndex(i, n int) int {
	if n <= 0 {
		return 0
	}
	return ((i % n) + n) % n
}

// tabBar draws the topics as tabs w cells wide with the current one marked;
// when they do not fit, it shows the ones around the current and arrows.
func tabBar(e *env, topics []session.Topic, cur int, counts []int, w int) string {
	st := e.styles
	if w <= 0 || len(topics) == 0 {
		return ""
	}
	labels := make([]string, len(topics))
	widths := make([]int, len(topics))
	for i, t := range topics {
		l := t.Name
		if i < len(counts) {
			l += " " + strconv.Itoa(counts[i])
		}
		l = e.tx.Truncate(l, max(4, w/2-2))
		if i == cur {
			labels[i] = "[" + l + "]" // marked without colour too
		} else {
			labels[i] = " " + l + " "
		}
		widths[i] = e.tx.Width(labels[i])
	}
	room := w - 4 // space for the arrows
	start := cur
	used := widths[cur]
	for start > 0 && used+1+widths[start-1] <= room {
		start--
		used += 1 + widths[start]
	}
	end := cur + 1
	for end < len(topics) && used+1+widths[end] <= room {
		used += 1 + widths[end]
		end++
	}
	// when the right side ran out early, use the room for more on the left
	for start > 0 && used+1+widths[start-1] <= room {
		start--
		used += 1 + widths[start]
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString(st.Paint.Meta("‹ "))
	}
	for i := start; i < end; i++ {
		if i > start {
			b.WriteString(" ")
		}
		if i == cur {
			b.WriteString(st.Paint.TabActive(labels[i]))
		} else {
			b.WriteString(st.Paint.Tab(labels[i]))
		}
	}
	if end < len(topics) {
		b.WriteString(st.Paint.Meta(" ›"))
	}
	return e.tx.Truncate(b.String(), w)
}

// MetaWidth is the most a row's right-hand note (an institution, a lead)
// may take on a line w cells wide.
func MetaWidth(w int) int { return max(30, w*3/10) }
