package console

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/session/roadmap"
	"roundtable/tui"
)

// previewPane shows the draft road map as the export's Markdown rendered
// with glamour. It is drawn again only when the replica or the width
// changes.
type previewPane struct {
	open   bool
	offset int
	lines  []string
	seq    int64
	width  int
	dark   bool
	ok     bool
}

func (p *previewPane) invalidate() { p.ok = false }

// key scrolls and closes the preview; it reports whether it took the key.
func (p *previewPane) key(c *desk, msg tea.KeyPressMsg) bool {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Up):
		p.offset--
	case key.Matches(msg, k.Down):
		p.offset++
	case msg.String() == "pgup":
		p.offset -= 10
	case msg.String() == "pgdown":
		p.offset += 10
	case msg.String() == "home":
		p.offset = 0
	case key.Matches(msg, k.Back) && c.St.Phase != session.PhaseClosed:
		p.open = false
	default:
		return false
	}
	p.offset = max(0, min(p.offset, len(p.lines)-1))
	return true
}

// draftMarkdown returns the draft road map as Markdown.
func draftMarkdown(l *lang.Printer, st *session.State, now time.Time) string {
	var b bytes.Buffer
	if err := roadmap.Markdown(&b, roadmap.Build(st, roadmap.Options{Generated: now, Printer: l})); err != nil {
		return l.S("console.preview.failed", "Err", err.Error())
	}
	return b.String()
}

func (p *previewPane) render(c *desk, w int) {
	if p.ok && p.seq == c.St.Seq && p.width == w && p.dark == c.Styles.IsDark {
		return
	}
	p.seq, p.width, p.dark, p.ok = c.St.Seq, w, c.Styles.IsDark, true
	md := draftMarkdown(c.L, c.St, c.Now())
	style := "light"
	if c.Styles.IsDark {
		style = "dark"
	}
	out := md
	if r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(max(20, w-2))); err == nil {
		if s, err := r.Render(md); err == nil {
			out = s
		}
	}
	p.lines = tui.SplitLines(strings.TrimRight(out, "\n"))
}

func (p *previewPane) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if w <= 0 || h <= 0 {
		return nil
	}
	p.render(c, w)
	head := l.S("console.preview.head")
	if c.St.Phase == session.PhaseClosed {
		head = l.S("console.preview.closed", "Feedback", feedbackSummary(l, c.St))
	}
	var out []string
	if c.Status == client.Ended {
		out = c.endedHint(w)
		head = l.S("console.preview.final", "Feedback", feedbackSummary(l, c.St))
	}
	out = append(out, st.Paint.Section(tx.Truncate(head, w)))
	p.offset = max(0, min(p.offset, len(p.lines)-1))
	end := min(len(p.lines), p.offset+h-len(out))
	for _, l := range p.lines[p.offset:end] {
		out = append(out, tx.Truncate(l, w))
	}
	return out
}

// endedHint says, above the final road map, that the session has ended
// and how to get the road map out: e here, from this console's copy, or
// roundtable export on the host's computer, from the database.
func (c *desk) endedHint(w int) []string {
	// Only a console on another terminal sees this: the host's own console
	// has quit before the host stops. It cannot know the database's name.
	st, tx, l := c.Styles, c.Cells, c.L
	file := l.S("console.ended.file")
	out := []string{st.Paint.Title(tx.Truncate(l.S("console.ended.title"), w))}
	out = append(out, tx.Indent(l.S("console.ended.how"), "", w)...)
	out = append(out, st.Paint.Item(tx.Truncate("  roundtable export --db "+file+" --format html -o roadmap.html", w)))
	for _, line := range tx.Indent(l.S("console.ended.file_hint", "File", file), "  ", w) {
		out = append(out, st.Paint.Meta(line))
	}
	return append(out, "")
}

// feedbackSummary is "4 ratings, average 4.3" or "no feedback yet", in l's
// language ("4 оценки, в среднем 4,3").
func feedbackSummary(l *lang.Printer, st *session.State) string {
	n, sum := 0, 0
	for _, f := range st.Feedback {
		n++
		sum += f.Rating
	}
	if n == 0 {
		return l.S("console.feedback.none")
	}
	avg := sum * 10 / n
	return l.N("console.feedback.ratings", n, "Average", l.S("console.decimal", "Int", l.Number(avg/10), "Tenth", strconv.Itoa(avg%10)))
}

func (p *previewPane) help(c *desk) ([]key.Binding, []key.Binding) {
	k := c.Keys
	b := []key.Binding{k.Move, k.Back}
	if c.St.Phase == session.PhaseClosed {
		b = []key.Binding{k.Move, k.Export}
	}
	return b, b
}
