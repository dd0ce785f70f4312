package lang

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Fold returns a key for matching what people type against names, whatever
// the reader's language: Unicode case folding, and then what a person in
// Baku types for a letter their keyboard may lack. All four i's (I, İ, i, ı)
// are one letter, since an Azerbaijani name may be typed on a Russian or US
// keyboard and Turkish-style case rules alone would keep "INKIŞAF" and
// "inkişaf" apart; ə, ş, ç, ğ, ö, ü fold to e, s, c, g, o, u ("seki" finds
// "Şəki"), and ё to е, as Russian readers type it. Cyrillic й stays й. The
// key is for comparing only; never show it.
func Fold(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case 'I', 'İ', 'ı':
			r = 'i'
		case '\u0307': // combining dot above, left over from a lowered İ
			continue
		case 'Ə', 'ə':
			r = 'e'
		case 'Ş', 'ş':
			r = 's'
		case 'Ç', 'ç':
			r = 'c'
		case 'Ğ', 'ğ':
			r = 'g'
		case 'Ö', 'ö':
			r = 'o'
		case 'Ü', 'ü':
			r = 'u'
		case 'Ё', 'ё':
			r = 'е'
		}
		b.WriteRune(r)
	}
	return cases.Fold().String(b.String())
}

// HasPrefixFold reports whether s begins with prefix, compared by Fold: a
// picker's type-ahead.
func HasPrefixFold(s, prefix string) bool {
	return strings.HasPrefix(Fold(s), Fold(prefix))
}

// ContainsFold reports whether sub is within s, compared by Fold: a search.
func ContainsFold(s, sub string) bool {
	return strings.Contains(Fold(s), Fold(sub))
}
