package wall

import (
	"strings"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
)

// Consent rounds on the wall (issue 16): in the road map phase, above the
// road map, the round open now ("Consent: <item> · 12 answered") with the
// scale the room answers on, or the round revealed last, its distribution
// drawn large, who took part, the outcome once recorded and the reasons
// given for a 0 or 1. The wall is an observer: it counts the answers and
// never learns who gave which.

// shownConsent is the round the wall shows: the open one, else the one
// revealed last; nil when none.
func shownConsent(st *session.State) *session.Consent {
	if c := st.OpenConsent(); c != nil {
		return c
	}
	var last *session.Consent
	for _, c := range st.Consent {
		if c.Result == nil {
			continue
		}
		if last == nil || c.Result.At.After(last.Result.At) || c.Result.At.Equal(last.Result.At) && c.Item > last.Item {
			last = c
		}
	}
	return last
}

// consent draws the round shown at most h lines high, w wide, with a blank
// line under it; nil when there is none or no room.
func (m *Wall) consent(w, h int) []string {
	c := shownConsent(m.St)
	if c == nil || h < 6 {
		return nil
	}
	st, tx, l := m.Styles, m.Cells, m.L
	item := tui.OneLine(m.St.ItemTitle(c.Item))
	if c.Open {
		out := []string{m.ws.focus(tx.Truncate(l.N("consent.wall.open", c.Answers, "Item", item), w))}
		for _, line := range tx.Wrap(l.S("consent.participant.scale"), w) {
			out = append(out, st.Paint.Item(line))
		}
		for _, line := range tx.Wrap(l.S("consent.wall.how"), w) {
			out = append(out, st.Paint.Meta(line))
		}
		return append(out, "")
	}
	r := c.Result
	head := l.S("consent.wall.revealed", "Round", l.Number(c.Round), "Item", item)
	out := []string{m.ws.focus(tx.Truncate(head, w))}
	facts := l.N("consent.participant.took_part", r.TookPart)
	if r.Absent > 0 {
		facts += " · " + l.N("consent.participant.absent", r.Absent)
	}
	if c.Outcome != "" {
		out = append(out, st.Paint.Decided(tx.Truncate(outcomeWord(l, c.Outcome), w))+st.Paint.Meta(tx.Truncate("  "+facts, max(0, w-tx.Width(outcomeWord(l, c.Outcome))))))
	} else {
		out = append(out, st.Paint.Meta(tx.Truncate(facts, w)))
	}
	// six bars, 5 at the top, as many as fit in h with the reasons below
	top := 0
	for _, n := range r.Distribution {
		top = max(top, n)
	}
	numW := tx.Width(l.Number(top))
	barW := max(5, min(60, w-8-numW))
	if h-len(out) < 8 { // no room for bars: the counts on one line
		parts := make([]string, len(r.Distribution))
		for k, n := range r.Distribution {
			parts[k] = l.Number(k) + ": " + l.Number(n)
		}
		parts[0], parts[len(parts)-1] = "✊"+parts[0], "✋"+parts[len(parts)-1]
		out = append(out, st.Paint.Tally(tx.Truncate(strings.Join(parts, " · "), w)))
	} else {
		for k := session.MaxConsentLevel; k >= 0; k-- {
			n := r.Distribution[k]
			label := "   " + l.Number(k)
			switch k {
			case 0:
				label = "✊ " + l.Number(k)
			case session.MaxConsentLevel:
				label = "✋ " + l.Number(k)
			}
			fill := 0
			if top > 0 {
				fill = (n*barW + top/2) / top
			}
			if n > 0 && fill == 0 {
				fill = 1
			}
			out = append(out, st.Paint.Item(tx.Pad(label, 5))+" "+m.ws.bar(strings.Repeat("█", fill))+m.ws.track(strings.Repeat("░", barW-fill))+" "+st.Paint.Tally(l.Number(n)))
		}
	}
	room := h - len(out) - 1
	for k, why := range r.Reasons {
		if room <= 0 {
			break
		}
		if room == 1 && k < len(r.Reasons)-1 {
			out = append(out, st.Paint.Meta(tx.Truncate("+ "+l.N("consent.participant.more_reasons", len(r.Reasons)-k), w)))
			break
		}
		by := tui.InstitutionOf(l, why.Institution, why.InstitutionMasked)
		text := l.Number(why.Level) + " — " + tui.OneLine(why.Text)
		if by != "" {
			text += " (" + by + ")"
		}
		out = append(out, st.Paint.Item(tx.Truncate(text, w)))
		room--
	}
	return append(out, "")
}

// outcomeWord says an outcome.
func outcomeWord(l *lang.Printer, outcome string) string {
	switch outcome {
	case session.ConsentAgreed:
		return l.S("consent.outcome.agreed")
	case session.ConsentReservations:
		return l.S("consent.outcome.reservations")
	case session.ConsentNotAgreed:
		return l.S("consent.outcome.not_agreed")
	}
	return ""
}
