package roadmap

import (
	"html"
	"html/template"
	"strings"

	"roundtable/lang"
	"roundtable/session"
)

// Consent rounds in the export (issue 16). Each item that has been through
// a consent round carries its consent: the latest round revealed, with its
// distribution, who took part and who was absent, its outcome and the
// reasons given for a 0 or 1 (named only as the session names authors),
// and the rounds before it. The road map is Agreed when every placed item's
// latest outcome is agreed or agreed with reservations; otherwise, an item
// without a round or one "not agreed" and still placed included, it is a
// Draft. An item taken off the road map no longer counts; its consent stays
// with it when it is listed among the unplaced candidates.

// The road map's status: the value of Info.Status, the same in every
// language.
const (
	StatusDraft  = Status // no round, or not every placed item agreed
	StatusAgreed = "Agreed"
)

// Consent is a road map item's consent rounds.
type Consent struct {
	Rounds  int            `json:"rounds"`            // rounds run on the item, an open one included
	Open    bool           `json:"open,omitempty"`    // a round is open now: its answers are not known yet
	Latest  *ConsentRound  `json:"latest,omitempty"`  // the round last revealed; absent while the first is open
	Outcome string         `json:"outcome,omitempty"` // Latest's outcome: agreed, reservations or not_agreed; absent before it is recorded
	Earlier []ConsentRound `json:"earlier"`           // the rounds before Latest, oldest first
}

// ConsentRound is one revealed round.
type ConsentRound struct {
	Round        int             `json:"round"`
	Distribution []int           `json:"distribution"` // answers per level, 0 (fist) to 5 (open hand)
	TookPart     int             `json:"took_part"`    // answers counted
	Absent       int             `json:"absent"`       // answered, but gone by the reveal: not counted
	Outcome      string          `json:"outcome,omitempty"`
	Reasons      []ConsentReason `json:"reasons"` // the reasons for a 0 or 1, by level then text
}

// ConsentReason is a reason given with a 0 or 1.
type ConsentReason struct {
	Level  int    `json:"level"`
	Text   string `json:"text"`
	Author Author `json:"author"`
}

// consent builds item id's consent, or nil when it has had no round.
func (b *builder) consent(id string) *Consent {
	c := b.s.Consent[id]
	if c == nil {
		return nil
	}
	out := &Consent{Rounds: c.Round, Open: c.Open, Earlier: []ConsentRound{}}
	for _, h := range c.History {
		out.Earlier = append(out.Earlier, b.consentRound(h, h.Outcome))
	}
	if c.Result != nil {
		r := b.consentRound(*c.Result, c.Outcome)
		out.Latest, out.Outcome = &r, r.Outcome
	}
	return out
}

func (b *builder) consentRound(r session.ConsentResult, outcome string) ConsentRound {
	out := ConsentRound{Round: r.Round, Distribution: r.Distribution[:], TookPart: r.TookPart, Absent: r.Absent,
		Outcome: outcome, Reasons: []ConsentReason{}}
	out.Distribution = append([]int(nil), out.Distribution...)
	for _, why := range r.Reasons {
		a := b.author(why.Author, why.Institution, why.InstitutionMasked)
		out.Reasons = append(out.Reasons, ConsentReason{Level: why.Level, Text: line(why.Text), Author: a})
	}
	return out
}

// agreed reports whether the item's latest round was agreed, with or
// without reservations.
func (c *Consent) agreed() bool {
	return c != nil && !c.Open && (c.Outcome == session.ConsentAgreed || c.Outcome == session.ConsentReservations)
}

// status is the road map's status: Agreed when it has items and each is
// agreed; and how many of them are.
func status(sections []Section) (string, int, int) {
	agreed, placed := 0, 0
	for _, sec := range sections {
		for _, it := range sec.Items {
			placed++
			if it.Consent.agreed() {
				agreed++
			}
		}
	}
	if placed > 0 && agreed == placed {
		return StatusAgreed, agreed, placed
	}
	return StatusDraft, agreed, placed
}

// Agreed reports whether the road map is agreed: every placed item's
// latest consent round agreed, with or without reservations.
func (r *Roadmap) Agreed() bool { return r.Session.Status == StatusAgreed }

// titleOf names the document by its status: "Draft road map" or "Agreed
// road map".
func titleOf(p *lang.Printer, r *Roadmap) string {
	if r.Agreed() {
		return p.S("consent.export.agreed_road_map")
	}
	return p.S("export.draft_road_map")
}

// statusLine says the status in a sentence: how many items are agreed.
func statusLine(p *lang.Printer, r *Roadmap) string {
	if r.Agreed() {
		return p.N("consent.export.status_agreed", r.placed)
	}
	return p.N("consent.export.status_draft", r.placed, "Agreed", p.Number(r.agreed))
}

// outcomeWord says an outcome: "Agreed", "Agreed with reservations", "Not
// agreed", or "No outcome recorded yet".
func outcomeWord(p *lang.Printer, outcome string) string {
	switch outcome {
	case session.ConsentAgreed:
		return p.S("consent.outcome.agreed")
	case session.ConsentReservations:
		return p.S("consent.outcome.reservations")
	case session.ConsentNotAgreed:
		return p.S("consent.outcome.not_agreed")
	}
	return p.S("consent.outcome.none")
}

// outcomeMark is a one-character mark of an outcome, for lists: ✓, ✓*, ✗.
func outcomeMark(outcome string) string {
	switch outcome {
	case session.ConsentAgreed:
		return "✓"
	case session.ConsentReservations:
		return "✓*"
	case session.ConsentNotAgreed:
		return "✗"
	}
	return ""
}

// distribution writes answers per level on one line, the fist and the open
// hand marking the ends: "✊0: 1 · 1: 0 · 2: 0 · 3: 3 · 4: 5 · ✋5: 2".
func distribution(p *lang.Printer, d []int) string {
	parts := make([]string, len(d))
	for k, n := range d {
		mark := ""
		switch k {
		case 0:
			mark = "✊"
		case len(d) - 1:
			mark = "✋"
		}
		parts[k] = mark + p.Number(k) + ": " + p.Number(n)
	}
	return strings.Join(parts, " · ")
}

// turnout says who took part: "9 took part, 1 absent".
func turnout(p *lang.Printer, r ConsentRound) string {
	s := p.N("consent.export.took_part", r.TookPart)
	if r.Absent > 0 {
		s += ", " + p.N("consent.export.absent", r.Absent)
	}
	return s
}

// statusBadge is the word beside the road map's heading.
func statusBadge(p *lang.Printer, r *Roadmap) string {
	if r.Agreed() {
		return p.S("consent.export.status.agreed")
	}
	return p.S("export.status.draft")
}

// htmlNote is the HTML header's note on what the document is.
func htmlNote(p *lang.Printer, r *Roadmap) template.HTML {
	if r.Agreed() {
		return template.HTML(html.EscapeString(p.S("consent.export.html_note")))
	}
	return markedUp(p.S("export.html.note", "Draft", marker), "strong", p.S("export.html.note_draft"))
}

// levelMark names a level under the HTML distribution: its digit (a
// printed page may lack an emoji font; the scale above says what each
// level means).
func levelMark(p *lang.Printer, k int) string { return p.Number(k) }

// consentPct is n's bar height in percent of the round's largest count.
func consentPct(d []int, n int) int {
	top := 0
	for _, v := range d {
		top = max(top, v)
	}
	if top == 0 {
		return 0
	}
	return n * 100 / top
}

// HasConsent reports whether any item, placed or not, has had a consent
// round: the HTML page adds its styles only then.
func (r *Roadmap) HasConsent() bool {
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			if it.Consent != nil {
				return true
			}
		}
	}
	for _, it := range r.Unplaced {
		if it.Consent != nil {
			return true
		}
	}
	return false
}
