package session

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error codes. Transports map these codes; they never invent their own.
const (
	EINVALID   = "EINVALID"   // the input is malformed or breaks a limit on its shape
	EFORBIDDEN = "EFORBIDDEN" // the actor's role or the phase does not allow it
	ENOTFOUND  = "ENOTFOUND"  // the idea, group, topic or participant does not exist
	ECONFLICT  = "ECONFLICT"  // the state does not allow it now (for example already grouped)
	ELIMIT     = "ELIMIT"     // a budget, cap or rate limit was reached
	EINTERNAL  = "EINTERNAL"  // a fault of ours, not of the caller
)

// Error is a domain error: a stable code for programs, and a message for
// people. A refusal a person reads also names its message (Key, the id of
// the message in the errors catalogue) and the message's parameters (Args),
// so that each reader's app says it in the reader's language; Message is
// the English text, for logs and for apps that know no Key.
type Error struct {
	Code    string
	Key     string            // e.g. "errors.votes_used_all"; "" for an error no app translates
	Args    map[string]string // the message's named parameters, e.g. {"N": "5"}
	Message string            // in English
}

// Error returns the message for people.
func (e *Error) Error() string { return e.Message }

// Errorf builds an Error with the given code and a formatted English
// message and no Key: for the errors of tools and storage, which no app
// translates. A refusal someone in the room reads is built with Refuse.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Refuse builds the refusal key names, one of the session's (Refusals), with
// the named parameters args gives as name/value pairs: Refuse(ELIMIT,
// "errors.votes_used_all", "N", 5). Its Message is the English text.
func Refuse(code, key string, args ...any) *Error {
	return RefuseFrom(refusals, code, key, args...)
}

// RefuseFrom builds a refusal like Refuse from another table of English
// templates (id → text with {{.Name}} placeholders): the hub's own refusals
// are kept with the protocol, which the session does not know.
//
// A count that chooses a plural form in other languages is the parameter N.
// A parameter whose name and value make an id of the table,
// errors.<name in lower case>.<value>, names a term (Phase "vote" is
// "errors.phase.vote"): the message says the term's text, and a translation
// says the term's translation.
func RefuseFrom(table map[string]string, code, key string, args ...any) *Error {
	e := &Error{Code: code, Key: key}
	if len(args) > 0 {
		e.Args = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			e.Args[fmt.Sprint(args[i])] = fmt.Sprint(args[i+1])
		}
	}
	e.Message = Render(table, key, e.Args)
	return e
}

// Render fills the English template of key in table with args (terms said
// as the table says them), as RefuseFrom does. A key the table lacks comes
// back in brackets, as the catalogues show a missing message.
func Render(table map[string]string, key string, args map[string]string) string {
	tmpl, ok := table[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return tmpl
	}
	pairs := make([]string, 0, 2*len(args))
	for name, v := range args {
		if term, ok := table[TermKey(name, v)]; ok {
			v = term
		}
		pairs = append(pairs, "{{."+name+"}}", v)
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}

// TermKey is the id of the term a refusal's parameter would name (see
// RefuseFrom): "errors.phase.vote" for Phase "vote". Whether it is a term is
// up to the catalogue: most ids it makes name nothing.
func TermKey(name, value string) string {
	return "errors." + strings.ToLower(name) + "." + value
}

// Quoted is s as %q writes it, without the quotes, which the templates
// carry (each language has its own): control characters and invisible ones
// escaped, so text a client sent cannot steer the reader's terminal.
func Quoted(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// internalError is what a person reads of an error that is not ours.
func internalError() *Error {
	return Refuse(EINTERNAL, "errors.internal")
}

// AsError returns err as an *Error: itself when it is one (or wraps one),
// a generic internal error otherwise, so that internals do not leak; nil for
// nil.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return internalError()
}

// ErrorCode returns the code of err, EINTERNAL for an error that is not ours,
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// ErrorMessage returns the message of err fit for a person; errors that are
// not ours get a generic message so internals do not leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Message
}
