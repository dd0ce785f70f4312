package session

import "time"

// Consent rounds on the road map (issue 16): for a road-map item the
// facilitator opens a round; each participant shows fist-to-five (0–5)
// privately; the facilitator reveals the distribution and the reasons given
// for a 0 or 1, and records the outcome. docs/PROTOCOL.md, "Consent rounds".

// Outcomes of a consent round.
const (
	ConsentAgreed       = "agreed"
	ConsentReservations = "reservations" // agreed with reservations
	ConsentNotAgreed    = "not_agreed"
)

// MaxConsentLevel is the open hand: five fingers.
const MaxConsentLevel = 5

// Consent is a road-map item's consent: the round now or last run, and the
// rounds before it.
type Consent struct {
	Item    string `json:"item"`
	Round   int    `json:"round"`             // 1, 2, … the round now or last run
	Open    bool   `json:"open,omitempty"`    // participants may answer
	Answers int    `json:"answers,omitempty"` // answers so far in this round (every copy counts them)
	// Given is each answer of this round while it is open, by
	// participant: whole in the facilitator's copy; a participant's copy
	// holds their own only. The reveal clears it: Result says the rest.
	Given   map[string]ConsentAnswer `json:"given,omitempty"`
	Result  *ConsentResult           `json:"result,omitempty"`  // this round's, once revealed
	Outcome string                   `json:"outcome,omitempty"` // this round's, once recorded
	// History is the earlier rounds on the item, oldest first, each with
	// its result and outcome: a re-run never loses one.
	History []ConsentResult `json:"history,omitempty"`
}

// ConsentAnswer is one participant's fist-to-five.
type ConsentAnswer struct {
	Level  int       `json:"level"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// ConsentResult is a revealed round.
type ConsentResult struct {
	Round        int             `json:"round"`
	Distribution [6]int          `json:"distribution"` // answers per level, 0 to 5
	TookPart     int             `json:"took_part"`    // answers counted
	Absent       int             `json:"absent"`       // answered, but gone (offline or removed) when revealed: not counted
	Reasons      []ConsentReason `json:"reasons,omitempty"`
	Outcome      string          `json:"outcome,omitempty"` // in History: the outcome recorded for that round
	At           time.Time       `json:"at"`
}

// ConsentReason is a reason given with a 0 or 1. Author (a participant id)
// is set only when the session is not anonymous; in an anonymous session
// Institution is set only when the institution may be named
// (NamedInstitutions, at the reveal), else InstitutionMasked says it was
// withheld. Every copy, the facilitator's too, gets the same reasons.
type ConsentReason struct {
	Level       int    `json:"level"`
	Text        string `json:"text"`
	Author      string `json:"author,omitempty"`
	Institution string `json:"institution,omitempty"`
	// Issue 16, consent: the institution was withheld (anon.go).
	InstitutionMasked bool `json:"institution_masked,omitempty"`
}
