package lang

import (
	"strings"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// accented replaces every ASCII letter with a Latin letter outside ASCII
// that reads alike and is one cell wide.
var accented = strings.NewReplacer(
	"a", "á", "b", "ƀ", "c", "ç", "d", "ð", "e", "é", "f", "ƒ", "g", "ĝ", "h", "ĥ", "i", "î",
	"j", "ĵ", "k", "ķ", "l", "ļ", "m", "ɱ", "n", "ñ", "o", "ö", "p", "þ", "q", "ǫ", "r", "ŕ",
	"s", "š", "t", "ţ", "u", "û", "v", "ṽ", "w", "ŵ", "x", "ẋ", "y", "ý", "z", "ž",
	"A", "Å", "B", "Ɓ", "C", "Ç", "D", "Ð", "E", "É", "F", "Ƒ", "G", "Ĝ", "H", "Ĥ", "I", "Î",
	"J", "Ĵ", "K", "Ķ", "L", "Ļ", "M", "Ṁ", "N", "Ñ", "O", "Ö", "P", "Þ", "Q", "Ǫ", "R", "Ŕ",
	"S", "Š", "T", "Ţ", "U", "Û", "V", "Ṽ", "W", "Ŵ", "X", "Ẋ", "Y", "Ý", "Z", "Ž",
)

// pseudoMessage is m in Pseudo: each plural form accented, padded with "~"
// to 40% more than its text, and bracketed; template actions stay as they
// are, so placeholders still fill.
func pseudoMessage(m *i18n.Message) *i18n.Message {
	p := *m
	for _, form := range []*string{&p.Zero, &p.One, &p.Two, &p.Few, &p.Many, &p.Other} {
		if *form != "" {
			*form = pseudoText(*form, m.LeftDelim, m.RightDelim)
		}
	}
	return &p
}

func pseudoText(src, left, right string) string {
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	var b strings.Builder
	text := 0 // runes outside actions
	b.WriteString("[")
	for src != "" {
		i := strings.Index(src, left)
		if i < 0 {
			i = len(src)
		}
		b.WriteString(accented.Replace(src[:i]))
		text += utf8.RuneCountInString(src[:i])
		src = src[i:]
		if src == "" {
			break
		}
		j := strings.Index(src, right)
		if j < 0 { // not a template; the parse test reports it
			b.WriteString(src)
			break
		}
		b.WriteString(src[:j+len(right)])
		src = src[j+len(right):]
	}
	b.WriteString(strings.Repeat("~", (text*4+9)/10))
	b.WriteString("]")
	return b.String()
}

// Escaped lists the words of ASCII letters on a screen rendered in Pseudo
// that are not among the words of data (what the test itself put on screen:
// names, idea texts, a join code): text that bypassed the catalogue. Each word
// is listed once, in the order found.
func Escaped(screen string, data ...string) []string {
	allowed := map[string]bool{}
	for _, d := range data {
		for _, w := range asciiWords(d) {
			allowed[w] = true
		}
	}
	var out []string
	for _, w := range asciiWords(screen) {
		if !allowed[w] {
			allowed[w] = true
			out = append(out, w)
		}
	}
	return out
}

// asciiWords returns the maximal runs of ASCII letters in s.
func asciiWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	})
}
