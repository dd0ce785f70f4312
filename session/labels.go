package session

import (
	"strconv"
	"strings"
	"unicode"
)

// Labels returns the name to show for each participant of the state, so
// that two people who share a name can be told apart wherever names show.
// Names are compared as people read them: without case, with spaces
// collapsed, and with the four i's of Azerbaijani and Turkish (i, I, İ, ı)
// as one letter, so "AYNUR QULİYEVA" and "Aynur Quliyeva" clash.
//
// A name nobody else has is shown as it is. A shared name gets what tells
// its holders apart: their institution, "Aynur Quliyeva (ASAN xidmət)",
// when theirs is the only one of that name from it; otherwise a number
// by joining order among those of that name and institution, "Aynur
// Quliyeva (ASAN xidmət #2)".
//
// beside says that the caller shows the institution next to the name
// anyway (a roster line, "Name · Institution"): the label then adds only
// the number, "Aynur Quliyeva #2", and only where the institution is
// shared too. Removed participants count: a label does not change when
// someone is removed or re-admitted.
func (s *State) Labels(beside bool) map[string]string {
	ps := s.ParticipantList()
	byName := map[string][]*Participant{}
	for _, p := range ps {
		k := FoldName(p.Name)
		byName[k] = append(byName[k], p)
	}
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		same := byName[FoldName(p.Name)]
		if len(same) < 2 {
			out[p.ID] = p.Name
			continue
		}
		inst := FoldName(p.Institution)
		n, of := 0, 0 // p's place among those of its name and institution, and how many they are
		for _, q := range same {
			if FoldName(q.Institution) == inst {
				of++
				if q == p {
					n = of
				}
			}
		}
		switch {
		case of < 2 && beside:
			out[p.ID] = p.Name
		case of < 2:
			out[p.ID] = p.Name + " (" + p.Institution + ")"
		case beside:
			out[p.ID] = p.Name + " #" + strconv.Itoa(n)
		case p.Institution == "":
			out[p.ID] = p.Name + " (#" + strconv.Itoa(n) + ")"
		default:
			out[p.ID] = p.Name + " (" + p.Institution + " #" + strconv.Itoa(n) + ")"
		}
	}
	return out
}

// FoldName returns a name as Labels compares it: lower case, runs of
// spaces as one, no spaces at the ends, and every i (i, I, İ, ı) the same
// letter. (lang.Fold does more for search; the session imports nothing of
// ours, and this is all that telling names apart needs.)
func FoldName(name string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(name) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == 'İ' || r == 'I' || r == 'ı':
			r = 'i'
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
