package tui

import "roundtable/lang"

// Institution-aware anonymity (issue 15): how the apps name an author's
// institution that the session withholds.

// InstitutionOf names the institution of an idea's or comment's author as
// the reader may see it: the institution, or "another institution" when
// the session's anonymity withholds it (session/anon.go), or "" (the
// facilitator's).
func InstitutionOf(l *lang.Printer, institution string, masked bool) string {
	if institution == "" && masked {
		return l.S("anon.another_institution")
	}
	return institution
}
