package roadmap

import (
	"cmp"
	"slices"
	"strings"

	"roundtable/session"
)

// consentOf describes an item's consent rounds in one session: every
// revealed round, oldest first, with the outcome recorded for each. A round
// opened but not revealed shows no answers, only that it is open.
func consentOf(b *builder, item string) *ProgrammeConsent {
	c := b.s.Consent[item]
	if c == nil {
		return nil
	}
	pc := &ProgrammeConsent{Rounds: []ProgrammeRound{}, Open: c.Open || c.Result == nil && c.Round > 0 && c.Outcome == "", Outcome: outcomeID(c.Outcome)}
	for _, h := range c.History {
		pc.Rounds = append(pc.Rounds, b.round(h, h.Outcome))
	}
	if c.Result != nil {
		pc.Rounds = append(pc.Rounds, b.round(*c.Result, c.Outcome))
	}
	return pc
}

// outcomeID keeps a known outcome; any other (a newer host's) is kept as
// an id of lower-case letters, digits and underscores, so that it can be
// markup or a formula in no format.
func outcomeID(o string) string {
	switch o {
	case session.ConsentAgreed, session.ConsentReservations, session.ConsentNotAgreed, "":
		return o
	}
	id := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return -1
	}, strings.ToLower(o))
	if id == "" {
		return "unknown"
	}
	return id
}

// round describes one revealed round. Reasons are ordered by level, then
// text, so that their order says nothing about who answered when; their
// authors are named only in a named session, as its export names authors.
func (b *builder) round(r session.ConsentResult, outcome string) ProgrammeRound {
	out := ProgrammeRound{Round: r.Round, Distribution: slices.Clone(r.Distribution[:]), TookPart: r.TookPart, Absent: r.Absent, Outcome: outcomeID(outcome), Reasons: []ProgrammeReason{}}
	for _, why := range r.Reasons {
		pr := ProgrammeReason{Level: why.Level, Text: text(why.Text)}
		if !b.anon {
			if a := b.author(why.Author, why.Institution, false); byline(a) != "" {
				pr.Author = &a
			}
		}
		out.Reasons = append(out.Reasons, pr)
	}
	slices.SortStableFunc(out.Reasons, func(x, y ProgrammeReason) int {
		if c := cmp.Compare(x.Level, y.Level); c != 0 {
			return c
		}
		if c := strings.Compare(x.Text, y.Text); c != 0 {
			return c
		}
		return strings.Compare(byline(deref(x.Author)), byline(deref(y.Author)))
	})
	return out
}

// deref returns the author a points to, or none.
func deref(a *Author) Author {
	if a == nil {
		return Author{}
	}
	return *a
}
