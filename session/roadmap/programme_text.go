package roadmap

import (
	"strings"

	"roundtable/lang"
	"roundtable/session"
)

// The words the programme's formats share, in the reader's language.

// progDay names a day of the programme: "Day 2".
func progDay(p *lang.Printer, d int) string {
	if d <= 0 {
		return p.S("progexport.day_none")
	}
	return p.S("progexport.day", "Day", p.Number(d))
}

// progWhere names a step's session: "Day 1 · Rəqəmsal gələcək".
func progWhere(p *lang.Printer, ref ProgrammeSessionRef) string {
	title := ref.Title
	if title == "" {
		title = ref.ID
	}
	return progDay(p, ref.Day) + " · " + title
}

// progTable says which breakout table an item came from: "Table 3, round
// 1, promoted by its vote (6 votes)".
func progTable(p *lang.Printer, t *ProgrammeTable) string {
	if t == nil {
		return ""
	}
	if t.No <= 0 {
		return t.Label
	}
	s := p.S("progexport.table.name", "No", p.Number(t.No), "Round", p.Number(max(t.Round, 1)))
	switch t.By {
	case session.PromotedByVote:
		s += ", " + p.N("progexport.table.by_vote", t.Votes)
	case session.PromotedByRapporteur:
		s += ", " + p.S("progexport.table.by_rapporteur")
	}
	return s
}

// progOutcome says a consent outcome: "Agreed with reservations".
func progOutcome(p *lang.Printer, o string) string {
	switch o {
	case session.ConsentAgreed:
		return p.S("progexport.outcome.agreed")
	case session.ConsentReservations:
		return p.S("progexport.outcome.reservations")
	case session.ConsentNotAgreed:
		return p.S("progexport.outcome.not_agreed")
	case "":
		return p.S("progexport.outcome.none")
	}
	return o
}

// progConsent says an item's consent in one line: "Agreed with
// reservations (round 2)", "Round 1 open", "No consent round".
func progConsent(p *lang.Printer, c *ProgrammeConsent) string {
	if c == nil {
		return p.S("progexport.consent.none")
	}
	out := progOutcome(p, c.Outcome)
	if c.Open {
		out = p.S("progexport.consent.open")
	}
	if n := len(c.Rounds); n > 1 {
		out += " " + p.S("progexport.consent.after_rounds", "Rounds", p.N("progexport.rounds", n))
	}
	return out
}

// progDistribution draws a round's answers per level: "0: 1 · 1: 0 · … ·
// 5: 4 — 12 took part, 1 absent".
func progDistribution(p *lang.Printer, r ProgrammeRound) string {
	parts := make([]string, 0, len(r.Distribution))
	for lvl, n := range r.Distribution {
		parts = append(parts, p.Number(lvl)+": "+p.Number(n))
	}
	return strings.Join(parts, " · ") + " — " + progTurnout(p, r)
}

// progTurnout says how many took part in a round and how many were absent.
func progTurnout(p *lang.Printer, r ProgrammeRound) string {
	s := p.N("progexport.took_part", r.TookPart)
	if r.Absent > 0 {
		s += ", " + p.N("progexport.absent", r.Absent)
	}
	return s
}

// progPlaced says where a step stood: "Now, position 2" or "not placed".
func progPlaced(p *lang.Printer, st ProgrammeStep) string {
	if st.Placement == nil {
		return p.S("progexport.not_placed")
	}
	if st.Placement.Order <= 0 {
		return p.S("progexport.placed", "Horizon", st.Placement.Horizon)
	}
	return p.S("progexport.placed_at", "Horizon", st.Placement.Horizon, "Order", p.Number(st.Placement.Order))
}

// progStatus is the programme's status word: "Agreed" or "Draft".
func progStatus(p *lang.Printer, r *Programme) string {
	if r.Info.Status == ProgrammeAgreed {
		return p.S("progexport.status.agreed")
	}
	return p.S("progexport.status.draft")
}

// progDocument names the document: "Agreed road map" or "Draft road map".
func progDocument(p *lang.Printer, r *Programme) string {
	if r.Info.Status == ProgrammeAgreed {
		return p.S("progexport.document.agreed")
	}
	return p.S("progexport.document.draft")
}

// progStatusNote says why the road map has its status.
func progStatusNote(p *lang.Printer, r *Programme) string {
	switch {
	case r.Info.Status == ProgrammeAgreed:
		return p.S("progexport.status.agreed_note")
	case r.Info.Items == 0:
		return p.S("progexport.status.empty_note")
	}
	return p.N("progexport.status.draft_note", len(r.Info.Pending), "Total", p.Number(r.Info.Items))
}

// progPending lists the items that keep the road map a draft, each with
// its horizon and what its consent says.
func (r *Programme) progPending() []ProgrammeItem {
	var out []ProgrammeItem
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			if !agreed(it.outcome()) {
				out = append(out, it)
			}
		}
	}
	return out
}

// progKind says what a step is: "Idea" or "Group of 3 ideas".
func progKind(p *lang.Printer, st ProgrammeStep) string {
	if st.Kind == KindGroup && !st.Recorded {
		return p.N("export.kind.group", len(st.Ideas))
	}
	if st.Kind == KindGroup {
		return p.S("progexport.kind.group")
	}
	return p.S("export.kind.idea")
}

// progFrom says where a carried idea came from: "carried from Day 1 ·
// Title".
func progFrom(p *lang.Printer, o *ProgrammeOrigin) string {
	return p.S("progexport.carried_from", "Session", progWhere(p, ProgrammeSessionRef{ID: o.Session, Title: o.Title, Day: o.Day}))
}

// progSessionState says how a session is kept: anonymous, named, or what
// its tombstone says.
func progSessionState(p *lang.Printer, s ProgrammeSession) string {
	if t := s.Purged; t != nil {
		return p.N("progexport.session.purged", int(t.Events), "Date", day(p, t.At), "Ideas", p.N("common.ideas", t.Ideas))
	}
	if s.Anonymous {
		return p.S("progexport.session.anonymous")
	}
	return p.S("progexport.session.named")
}

// progVoted says whether an institution voted.
func progVoted(p *lang.Printer, in ProgrammeInstitution) string {
	if in.Voted {
		return p.S("progexport.voted_yes")
	}
	return "—"
}
