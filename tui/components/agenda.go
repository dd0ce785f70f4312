package components

import (
	"strings"
	"time"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
)

// Span says a planned time briefly in the language of l: "15 min",
// "2 min 30 s", "1 h 30 min", "45 s".
func Span(l *lang.Printer, d time.Duration) string {
	s := int((d + time.Second/2) / time.Second)
	h, m, sec := s/3600, s/60%60, s%60
	n := func(v int) string { return l.Number(v) }
	switch {
	case h > 0 && m > 0:
		return l.S("agenda.span.h_min", "H", n(h), "M", n(m))
	case h > 0:
		return l.S("agenda.span.h", "H", n(h))
	case m > 0 && sec > 0:
		return l.S("agenda.span.min_s", "M", n(m), "S", n(sec))
	case m > 0:
		return l.S("agenda.span.min", "M", n(m))
	}
	return l.S("agenda.span.s", "S", n(sec))
}

// NextPlanned is what comes after phase p and the time the agenda gives
// it (0: none planned); ok is false in the last phase.
func NextPlanned(st *session.State) (next session.Phase, d time.Duration, ok bool) {
	if st.Phase == session.PhaseClosed {
		return "", 0, false
	}
	next = st.Phase.Next()
	return next, st.Settings.Agenda.Time(next), true
}

// NextLine is the short line of the agenda a header shows: the next
// phase and its time ("Next: Grouping, 10 min"), or "" in the last phase.
func NextLine(l *lang.Printer, st *session.State) string {
	next, d, ok := NextPlanned(st)
	if !ok {
		return ""
	}
	if d > 0 {
		return l.S("agenda.next.timed", "Phase", tui.PhaseName(l, next), "Time", Span(l, d))
	}
	return l.S("agenda.next", "Phase", tui.PhaseName(l, next))
}

// NextShort is NextLine for a narrow header: "→ Grouping, 10 min".
func NextShort(l *lang.Printer, st *session.State) string {
	next, d, ok := NextPlanned(st)
	switch {
	case !ok:
		return ""
	case d > 0:
		return "→ " + l.S("agenda.next.short_timed", "Phase", tui.PhaseName(l, next), "Time", Span(l, d))
	}
	return "→ " + tui.PhaseName(l, next)
}

// AgendaRow is one row of the agenda: a phase, or the time per discussed
// item (Phase "").
type AgendaRow struct {
	Phase session.Phase
	Time  time.Duration
}

// AgendaRows are the agenda's rows: the seven phases in order, then the
// time per discussed item.
func AgendaRows(st *session.State) []AgendaRow {
	var out []AgendaRow
	for _, p := range session.Phases() {
		out = append(out, AgendaRow{Phase: p, Time: st.Settings.Agenda.Time(p)})
	}
	return append(out, AgendaRow{Time: st.Settings.Agenda.Item})
}

// AgendaLines draws the agenda w cells wide: a heading with the total,
// each phase with its time, the current one marked with what is left of
// its timer and the next one marked, then the time per discussed item.
// selected is the row drawn as chosen (the console's cursor), or -1.
func AgendaLines(c tui.Common, st *session.State, now time.Time, w, selected int) []string {
	if w <= 0 {
		return nil
	}
	sty, tx, l := c.Styles, c.Cells, c.L
	head := l.S("agenda.title")
	if total := st.Settings.Agenda.Total(); total > 0 {
		head = l.S("agenda.title_total", "Time", Span(l, total))
	}
	out := []string{sty.Paint.Section(tx.Truncate(head, w)), ""}
	rows := AgendaRows(st)
	nameW := 0
	for _, r := range rows {
		nameW = max(nameW, tx.Width(rowName(l, r)))
	}
	nameW = min(nameW, max(8, w/2))
	next, _, hasNext := NextPlanned(st)
	for i, r := range rows {
		if r.Phase == "" {
			out = append(out, "")
		}
		mark, status := "  ", ""
		switch {
		case r.Phase != "" && r.Phase == st.Phase:
			mark = "▸ "
			status = l.S("agenda.row.now")
			if t := st.Timer; t.Set() {
				status = l.S("agenda.row.now_left", "Clock", tui.Clock(t.Left(now)))
			}
		case hasNext && r.Phase == next:
			status = l.S("agenda.row.next")
		}
		span := "—"
		if r.Time > 0 {
			span = Span(l, r.Time)
		}
		line := mark + tx.Pad(tx.Truncate(rowName(l, r), nameW), nameW) + "  " + tx.Pad(span, 12)
		switch {
		case i == selected:
			line = sty.Paint.Selected(tx.Pad(tx.Truncate(line+" "+status, w), w))
		case r.Phase == st.Phase && r.Phase != "":
			line = tx.Truncate(sty.Paint.Phase(line)+" "+sty.Paint.Meta(status), w)
		case status != "":
			line = tx.Truncate(line+" "+sty.Paint.Meta(status), w)
		default:
			line = tx.Truncate(line, w)
		}
		out = append(out, line)
	}
	return out
}

// rowName is the name of an agenda row.
func rowName(l *lang.Printer, r AgendaRow) string {
	if r.Phase == "" {
		return l.S("agenda.row.item")
	}
	return tui.PhaseName(l, r.Phase)
}

// AgendaNote is the line under the agenda that says how it drives the
// timer, wrapped to w.
func AgendaNote(c tui.Common, w int) []string {
	lines := c.Cells.Wrap(c.L.S("agenda.note"), w)
	for i := range lines {
		lines[i] = c.Styles.Paint.Meta(lines[i])
	}
	return lines
}

// PlainAgenda says the agenda in one paragraph for a lobby: each planned
// phase and its time, in order.
func PlainAgenda(l *lang.Printer, st *session.State) string {
	var parts []string
	for _, p := range session.Phases() {
		if d := st.Settings.Agenda.Time(p); d > 0 {
			// a time is not broken over two lines: "30 min" keeps together
			parts = append(parts, l.S("agenda.plain.phase", "Phase", tui.PhaseName(l, p), "Time", strings.ReplaceAll(Span(l, d), " ", "\u00a0")))
		}
	}
	return strings.Join(parts, " · ")
}
