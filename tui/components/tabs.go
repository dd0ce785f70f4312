package components

import (
	"strconv"
	"strings"

	"roundtable/session"
	"roundtable/tui"
)

// TopicIndex clamps a topic index to the session's topics.
func TopicIndex(i, n int) int {
	if n <= 0 {
		return 0
	}
	return ((i % n) + n) % n
}

// Tabs draws the topics as tabs w cells wide with the current one marked;
// when they do not fit, it shows the ones around the current and arrows.
func Tabs(e tui.Common, topics []session.Topic, cur int, counts []int, w int) string {
	st := e.Styles
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
		l = e.Cells.Truncate(l, max(4, w/2-2))
		if i == cur {
			labels[i] = "[" + l + "]" // marked without colour too
		} else {
			labels[i] = " " + l + " "
		}
		widths[i] = e.Cells.Width(labels[i])
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
	return e.Cells.Truncate(b.String(), w)
}
