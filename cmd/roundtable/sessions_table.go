package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"roundtable/lang"
	"roundtable/session/store"
	"roundtable/tui"
)

// sessionsWidth is what `roundtable sessions` fits its table in: a
// terminal of 80 columns (issue 16).
const sessionsWidth = 80

// printSessions writes the sessions as `roundtable sessions` lists them,
// in sessionsWidth columns: per session a row of its numbers (id, phase,
// participants, ideas, events, join code), then its programme and day
// and its title, then when it was created and last changed and what
// became of its data. A line too long for the width ends in "…"; the
// JSON has every value whole.
func printSessions(p *lang.Printer, w io.Writer, list []store.Summary, rows []sessionJSON) error {
	heads := []string{p.S("data.sessions.col.id"), p.S("data.sessions.col.phase"), p.S("data.sessions.col.participants"),
		p.S("data.sessions.col.ideas"), p.S("data.sessions.col.events"), p.S("data.sessions.col.code")}
	cells := [][]string{heads}
	for i, s := range list {
		code := rows[i].Code
		if code == "" {
			code = "—"
		}
		cells = append(cells, []string{s.ID, tui.PhaseName(p, s.Phase), p.Number(s.Participants), p.Number(s.Ideas), p.Number(int(s.LastSeq)), code})
	}
	widths := make([]int, len(heads))
	for _, row := range cells {
		for k, c := range row {
			widths[k] = max(widths[k], ansi.StringWidth(c))
		}
	}
	numeric := func(k int) bool { return k >= 2 && k <= 4 }
	line := func(row []string) string {
		var b strings.Builder
		for k, c := range row {
			pad := strings.Repeat(" ", widths[k]-ansi.StringWidth(c))
			switch {
			case k == len(row)-1:
				b.WriteString(c)
			case numeric(k):
				b.WriteString(pad + c + "  ")
			default:
				b.WriteString(c + pad + "  ")
			}
		}
		return b.String()
	}
	fit := func(s string) string { return ansi.Truncate(s, sessionsWidth, "…") }
	var out strings.Builder
	out.WriteString(fit(line(heads)) + "\n")
	out.WriteString(fit("  "+p.S("programme.sessions.col.programme")+" · "+p.S("data.sessions.col.title")) + "\n")
	out.WriteString(fit("  "+p.S("data.sessions.col.created")+" → "+p.S("data.sessions.col.last_event")+" · "+p.S("data.sessions.col.data")) + "\n")
	for i, s := range list {
		out.WriteString("\n" + fit(line(cells[i+1])) + "\n")
		title := s.Title
		if s.Programme != "" { // first: a long title is what is cut
			title = p.S("programme.sessions.in", "Programme", s.Programme, "Day", s.Day) + " · " + title
		}
		out.WriteString(fit("  "+title) + "\n")
		created, last := when(s.CreatedAt), when(s.LastEventAt)
		if d, _, ok := strings.Cut(last, " "); ok && strings.HasPrefix(created, d+" ") {
			last = strings.TrimPrefix(last, d+" ") // the same day: its time is enough
		}
		out.WriteString(fit("  "+created+" → "+last+" · "+dataState(p, rows[i])) + "\n")
	}
	_, err := fmt.Fprint(w, out.String())
	return err
}
