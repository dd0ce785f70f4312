package session

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Deciding consent rounds (issue 16; consent.go, docs/PROTOCOL.md "Consent
// rounds"). One round is open at a time in the whole session: the room
// answers one question at a time, and every participant's screen has one
// prompt. A round opens on a placed road-map item in the roadmap phase;
// participants answer while it is open (in the roadmap phase); the reveal
// closes it with its result, computed here and carried by the event so that
// a replay never computes it again; the outcome is recorded after the
// reveal and may be recorded again.

// MaxConsentReasonLen is the longest reason for a 0 or 1, in characters.
const MaxConsentReasonLen = 500

// ConsentReasonText is the rule for a reason given with a 0 or 1: one
// line, up to MaxConsentReasonLen characters.
var ConsentReasonText = Field{Name: "consent_reason", Max: MaxConsentReasonLen}

// ConsentOutcomes are the outcomes record_consent takes, in the order the
// apps offer them.
func ConsentOutcomes() []string {
	return []string{ConsentAgreed, ConsentReservations, ConsentNotAgreed}
}

// OpenConsent returns the round open now, or nil.
func (s *State) OpenConsent() *Consent {
	for _, c := range s.Consent {
		if c.Open {
			return c
		}
	}
	return nil
}

func (d *decider) openConsent() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseRoadmap {
		return nil, Refuse(ECONFLICT, "errors.consent_open_phase", "Phase", d.s.Phase)
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	if _, placed := d.s.Roadmap[d.c.Item]; !placed {
		return nil, Refuse(ECONFLICT, "errors.consent_not_placed")
	}
	if open := d.s.OpenConsent(); open != nil {
		if open.Item == d.c.Item {
			return nil, Refuse(ECONFLICT, "errors.consent_already_open")
		}
		return nil, Refuse(ECONFLICT, "errors.consent_other_open", "Item", Quoted(shortTitle(d.s.ItemTitle(open.Item))))
	}
	round := 1
	if c := d.s.Consent[d.c.Item]; c != nil {
		round = c.Round + 1
	}
	e := d.event(EvConsentOpened)
	e.Item, e.Round = d.c.Item, round
	return []Event{e}, nil
}

// shortTitle is an item's title cut for a refusal's sentence.
func shortTitle(s string) string {
	s = Sanitize(s, false)
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:59]) + "…"
}

func (d *decider) consent() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Participants[d.a.ID].ReadOnly {
		return nil, Refuse(EFORBIDDEN, "errors.read_only")
	}
	c := d.s.Consent[d.c.Item]
	if c == nil || !c.Open {
		return nil, Refuse(ECONFLICT, "errors.consent_not_open")
	}
	if err := d.inPhase("errors.consent_phase", PhaseRoadmap); err != nil {
		return nil, err
	}
	if d.c.Level == nil || *d.c.Level < 0 || *d.c.Level > MaxConsentLevel {
		return nil, Refuse(EINVALID, "errors.consent_level", "Max", MaxConsentLevel)
	}
	level := *d.c.Level
	reason := ""
	if level <= 1 {
		var err error
		if reason, err = ConsentReasonText.Clean(d.c.Text); err != nil {
			return nil, err
		}
		if reason == "" {
			return nil, Refuse(EINVALID, "errors.consent_reason_needed", "Level", level)
		}
	}
	_, again := c.Given[d.a.ID]
	e := d.event(EvConsentGiven)
	e.Item, e.Round, e.Level, e.Text, e.Changed = d.c.Item, c.Round, &level, reason, again
	return []Event{e}, nil
}

func (d *decider) revealConsent() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	c := d.s.Consent[d.c.Item]
	if c == nil || !c.Open {
		return nil, Refuse(ECONFLICT, "errors.consent_not_open")
	}
	e := d.event(EvConsentRevealed)
	e.Item, e.Round = d.c.Item, c.Round
	e.Result = d.consentResult(c)
	return []Event{e}, nil
}

// consentResult counts the answers of round c. An answer counts when its
// participant is still present (not removed) and, when the hub says who is
// online (Command.Online), online: a participant who left mid-round is
// absent, not a vote. Reasons are ordered by level, then text, so that
// their order says nothing about who gave them.
func (d *decider) consentResult(c *Consent) *ConsentResult {
	r := &ConsentResult{Round: c.Round, At: d.now}
	var online map[string]bool
	if d.c.Online != nil {
		online = make(map[string]bool, len(d.c.Online))
		for _, id := range d.c.Online {
			online[id] = true
		}
	}
	anon := d.s.Settings.Anonymous
	var named map[string]bool
	if anon {
		named = NamedInstitutions(d.s)
	}
	for _, pid := range sortedKeys(c.Given) {
		a := c.Given[pid]
		p := d.s.Participants[pid]
		if p == nil || p.Removed || online != nil && !online[pid] || a.Level < 0 || a.Level > MaxConsentLevel {
			r.Absent++
			continue
		}
		r.Distribution[a.Level]++
		r.TookPart++
		if a.Level > 1 || a.Reason == "" {
			continue
		}
		why := ConsentReason{Level: a.Level, Text: a.Reason, Institution: p.Institution}
		switch {
		case !anon:
			why.Author = pid
		case !named[p.Institution]:
			why.Institution, why.InstitutionMasked = "", true
		}
		r.Reasons = append(r.Reasons, why)
	}
	slices.SortStableFunc(r.Reasons, func(a, b ConsentReason) int {
		if c := cmp.Compare(a.Level, b.Level); c != 0 {
			return c
		}
		return cmp.Compare(a.Text, b.Text)
	})
	return r
}

func (d *decider) recordConsent() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !slices.Contains(ConsentOutcomes(), d.c.Outcome) {
		return nil, Refuse(EINVALID, "errors.consent_outcome", "Value", Quoted(d.c.Outcome))
	}
	c := d.s.Consent[d.c.Item]
	if c == nil || c.Open || c.Result == nil {
		return nil, Refuse(ECONFLICT, "errors.consent_not_revealed")
	}
	e := d.event(EvConsentRecorded)
	e.Item, e.Round, e.Outcome = d.c.Item, c.Round, d.c.Outcome
	return []Event{e}, nil
}
