package roadmap

import (
	"strconv"
	"strings"
)

// Consent in the Markdown and CSV documents (issue 16; consent.go).

// consent writes an item's consent rounds under its facts.
func (m mdWriter) consent(it Item) {
	c, p := it.Consent, m.p
	if c == nil {
		return
	}
	label := p.S("consent.export.label")
	switch {
	case c.Open:
		m.label(label, p.S("consent.export.open", "Round", p.Number(c.Rounds)))
	case c.Latest != nil:
		m.label(label, p.S("consent.export.latest", "Outcome", outcomeWord(p, c.Outcome), "Round", p.Number(c.Latest.Round),
			"Turnout", turnout(p, *c.Latest)))
		m.round(*c.Latest, "  ")
	}
	if len(c.Earlier) == 0 {
		return
	}
	m.f("  - %s\n", p.S("consent.export.earlier"))
	for _, r := range c.Earlier {
		m.f("    - %s\n", p.S("consent.export.earlier_round", "Round", p.Number(r.Round), "Outcome", outcomeWord(p, r.Outcome),
			"Turnout", turnout(p, r)))
		m.round(r, "      ")
	}
}

// round writes a round's distribution and reasons as list items indented
// by pad.
func (m mdWriter) round(r ConsentRound, pad string) {
	p := m.p
	m.f("%s- %s\n", pad, distribution(p, r.Distribution))
	if len(r.Reasons) == 0 {
		return
	}
	m.f("%s- %s\n", pad, p.N("consent.export.reasons", len(r.Reasons)))
	for _, why := range r.Reasons {
		m.f("%s  - %s — %s%s\n", pad, p.Number(why.Level), mdInline(why.Text), mdBy(why.Author))
	}
}

// consentColumns is how many columns csvConsent fills: the last of
// CSVHeader.
const consentColumns = 7

// csvConsent makes the consent cells of one item: the latest round's
// outcome (an id: agreed, reservations, not_agreed), answers per level
// ("0:1 1:0 …"), turnout and reasons (one per line), the earlier rounds
// (one per line) and the road map's status.
func csvConsent(r *Roadmap, it Item) []string {
	cells := make([]string, consentColumns)
	cells[len(cells)-1] = r.Session.Status
	c := it.Consent
	if c == nil {
		return cells
	}
	if c.Open {
		cells[0] = "open"
	}
	if l := c.Latest; l != nil && !c.Open {
		cells[0] = c.Outcome
		cells[1], cells[2], cells[3], cells[4] = csvLevels(l.Distribution), strconv.Itoa(l.TookPart), strconv.Itoa(l.Absent), csvReasons(l.Reasons)
	}
	var earlier []string
	for _, e := range c.Earlier {
		s := "round " + strconv.Itoa(e.Round) + ": " + orNone(e.Outcome) + "; " + csvLevels(e.Distribution) +
			"; took_part " + strconv.Itoa(e.TookPart) + ", absent " + strconv.Itoa(e.Absent)
		if len(e.Reasons) > 0 {
			s += "; " + strings.ReplaceAll(csvReasons(e.Reasons), "\n", "; ")
		}
		earlier = append(earlier, s)
	}
	cells[5] = strings.Join(earlier, "\n")
	return cells
}

// csvLevels writes answers per level as "0:1 1:0 2:0 3:3 4:5 5:2".
func csvLevels(d []int) string {
	parts := make([]string, len(d))
	for k, n := range d {
		parts[k] = strconv.Itoa(k) + ":" + strconv.Itoa(n)
	}
	return strings.Join(parts, " ")
}

func csvReasons(rs []ConsentReason) string {
	out := make([]string, 0, len(rs))
	for _, why := range rs {
		out = append(out, "• "+strconv.Itoa(why.Level)+" — "+line(why.Text)+csvBy(why.Author))
	}
	return strings.Join(out, "\n")
}

func orNone(outcome string) string {
	if outcome == "" {
		return "none"
	}
	return outcome
}

// csvCells defends every cell against formulas.
func csvCells(cells []string) []string {
	for k, c := range cells {
		cells[k] = csvCell(c)
	}
	return cells
}
