package join

import (
	"strings"

	"roundtable/lang"
	"roundtable/protocol"
)

// Answers are what a participant gives to join: where, which session, who
// they are, and the language they read.
type Answers struct {
	Host        string `json:"host"` // as typed: HOST:PORT or ws://HOST:PORT, or several nodes of the session separated by commas (client.SplitURLs); "" where the door knows the hub
	Code        string `json:"code"`
	Name        string `json:"name"`
	Institution string `json:"institution"`
	// Lang is the language chosen, on the form or with the language key;
	// given (Config.Given) it is --lang as typed, which the flow checks.
	// It names no participant: a Store keeps it with the answers, not in
	// what finds a saved place.
	Lang lang.Tag `json:"lang,omitempty"`
}

// Complete reports whether nothing is missing.
func (a Answers) Complete() bool {
	return strings.TrimSpace(a.Host) != "" && strings.TrimSpace(a.Code) != "" && a.knowsWho()
}

// knowsWho reports whether the participant has said who they are.
func (a Answers) knowsWho() bool {
	return strings.TrimSpace(a.Name) != "" && strings.TrimSpace(a.Institution) != ""
}

// tidy trims every answer and normalises the code as the hub does, so that
// what is checked, sent and remembered is the same text.
func (a Answers) tidy() Answers {
	a.Host, a.Name, a.Institution = strings.TrimSpace(a.Host), strings.TrimSpace(a.Name), strings.TrimSpace(a.Institution)
	a.Code = protocol.NormalizeCode(latinCode(a.Code))
	return a
}

// latinCode reads a join code typed with a Russian or Azerbaijani layout
// active as the keys it was typed on: codes are Latin letters and digits,
// so "л7й2ь" (the keys of k7q2m on ЙЦУКЕН) is k7q2m. A letter whose key
// gives no Latin letter stays as typed, for the hub to refuse.
func latinCode(code string) string {
	return strings.Map(func(r rune) rune {
		if l, ok := lang.KeyOnLatinLayout(r); ok && ('a' <= l && l <= 'z' || 'A' <= l && l <= 'Z') {
			return l
		}
		return r
	}, code)
}

// Fill returns a with every missing answer taken from last: answers given
// now win over remembered ones.
func (a Answers) Fill(last Answers) Answers {
	or := func(s, last string) string {
		if s == "" {
			return last
		}
		return s
	}
	return Answers{Host: or(a.Host, last.Host), Code: or(a.Code, last.Code),
		Name: or(a.Name, last.Name), Institution: or(a.Institution, last.Institution),
		Lang: lang.Tag(or(string(a.Lang), string(last.Lang)))}
}

// A Store remembers how participants come back as themselves: the resume
// token the hub gave each, under what names a participant at that door
// (their answers on a shared laptop, an SSH key, a rejoin code). The flow
// calls Keep and Forget from commands, off the Update loop; a Store must be
// safe for that. A Store reports its own failures (a log, a terminal line):
// joining goes on without remembering.
type Store interface {
	// Last returns the answers given last time, to fill in what is not
	// given now; zero when the door remembers none.
	Last() Answers
	// Find returns the resume token saved for a participant who answered
	// a, or "". A door that knows its participant before any answer (an SSH
	// key) finds their token with no answers at all.
	Find(a Answers) string
	// Keep remembers the token the hub gave a participant who joined with
	// a ("" when it gave none). It returns a note the participant must read
	// once before the app starts (a rejoin code), or "". The flow calls it
	// again with token "" when only a.Lang changed (the language key in
	// the app): a Store then keeps the answers and leaves a saved token as
	// it is.
	Keep(a Answers, token string) (note string)
	// Forget drops the saved place the hub no longer knows.
	Forget(a Answers)
}

// A Gate checks a typed join code at the door, before the hub sees it; the
// code is normalised. The zero Verdict admits the code: the flow asks who
// the participant is.
type Gate func(code string) Verdict

// Verdict is a Gate's decision on a code.
type Verdict struct {
	Resume string // the code stands for a saved place: join with this resume token
	Wrong  bool   // not the session's code: ask again
	Closed string // the door is closed to this participant: say this, then leave
}
