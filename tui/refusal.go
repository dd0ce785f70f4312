package tui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"roundtable/lang"
	"roundtable/session"
)

// Refusal says a refusal in l's language: the errors catalogue's message
// key, filled from args, when l's catalogue has the key; otherwise message,
// the English the hub sent (a hub older than keys, or a key newer than this
// build), or code when there is not even that. args as the hub sends them
// (docs/PROTOCOL.md, "Refusals in the reader's language"): N is a count,
// which chooses the plural form and is written as the language writes
// numbers; an argument whose name and value make a key of the catalogue,
// errors.<name>.<value> (Phase "vote"), is a term and is said in l's
// language; the rest are shown as sent.
func Refusal(l *lang.Printer, code, key string, args map[string]string, message string) string {
	fallback := message
	if fallback == "" {
		fallback = code
	}
	ids := lang.IDs("errors")
	known := func(id string) bool { _, ok := slices.BinarySearch(ids, id); return ok }
	if key == "" || !known(key) {
		return fallback
	}
	pairs := make([]any, 0, 2*len(args))
	n, counted := 0, false
	for name, v := range args {
		if name == "N" {
			i, err := strconv.Atoi(v)
			if err != nil {
				return fallback // a count that is no number chooses no form
			}
			n, counted = i, true
			continue
		}
		if term := session.TermKey(name, v); known(term) {
			v = l.S(term)
		}
		pairs = append(pairs, name, v)
	}
	var s string
	if counted {
		s = l.N(key, n, pairs...)
	} else {
		s = l.S(key, pairs...)
	}
	if s == "" || strings.Contains(s, "<no value>") {
		return fallback // the message wants an argument the hub did not send
	}
	return s
}

// ErrorText says err in l's language: a refusal (a *session.Error in its
// chain, as client.Dial and Update.Err give them) by Refusal, anything else
// as its own text.
func ErrorText(l *lang.Printer, err error) string {
	if err == nil {
		return ""
	}
	var e *session.Error
	if errors.As(err, &e) {
		return Refusal(l, e.Code, e.Key, e.Args, e.Message)
	}
	return err.Error()
}
