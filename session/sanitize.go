package session

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize strips terminal control sequences, control characters and
// invisible characters from participant text, so nobody can paint on
// somebody else's screen or make a column drift. It removes ANSI escape
// sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte escapes), C0 and C1
// control characters, DEL, and every invisible format character (Unicode
// category Cf and the other default-ignorable code points: bidirectional
// marks, embeddings, overrides and isolates, zero-width spaces, the word
// joiner, U+FEFF, the soft hyphen, Hangul fillers, tag characters, …),
// except where one does visible work (see keepInvisible): a zero-width
// joiner inside an emoji sequence or a word, a zero-width non-joiner inside
// a word, a variation selector after a character it can vary, and the tag
// characters of a subdivision flag (U+1F3F4, then tags: Scotland's). Tabs become spaces;
// newlines (and U+2028, U+2029) are kept when multiline is set and become
// spaces otherwise. The result is trimmed. Text that is not valid UTF-8 is
// refused by Field.Clean, not repaired here; Sanitize drops invalid bytes.
func Sanitize(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune // the last rune written, 0 at the start
	write := func(t string) {
		b.WriteString(t)
		prev, _ = utf8.DecodeLastRuneInString(t)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC
			i += escapeLen(s[i:])
			continue
		case r == 0x9b: // C1 CSI
			i += size + csiBodyLen(s[i+size:])
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i += size + stringBodyLen(s[i+size:])
			continue
		case r == '\r':
			if !(i+1 < len(s) && s[i+1] == '\n') {
				write(lineBreak(multiline))
			}
		case r == '\n', r == lineSeparator, r == paragraphSeparator:
			write(lineBreak(multiline))
		case r == '\t':
			write(" ")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// other control characters: dropped
		case r < firstInvisible:
			write(s[i : i+size])
		case r == waveFlag:
			// a subdivision flag: the black flag, then its tag sequence
			n := size + flagTagsLen(s[i+size:])
			write(s[i : i+n])
			i += n
			continue
		case invisible(r):
			next, n := utf8.DecodeRuneInString(s[i+size:])
			if next == utf8.RuneError && n <= 1 {
				next = 0 // the end, or an invalid byte (dropped)
			}
			if keepInvisible(prev, r, next) {
				write(s[i : i+size])
			}
		default:
			write(s[i : i+size])
		}
		i += size
	}
	out := b.String()
	if multiline {
		lines := strings.Split(out, "\n")
		for k, l := range lines {
			lines[k] = strings.TrimRight(l, " ")
		}
		out = strings.Join(lines, "\n")
	}
	return strings.TrimSpace(out)
}

// Runes Sanitize treats specially.
const (
	lineSeparator      = '\u2028'
	paragraphSeparator = '\u2029'
	zeroWidthNonJoiner = '\u200c'
	zeroWidthJoiner    = '\u200d'
	textPresentation   = '\ufe0e' // VS15
	emojiPresentation  = '\ufe0f' // VS16
	informationSource  = '\u2139' // ℹ, a letter with an emoji form
	waveFlag           = '\U0001f3f4'
	firstInvisible     = '\u00ad' // the soft hyphen: no rune below it is invisible (besides controls)
	tagFirst           = '\U000e0020'
	tagLast            = '\U000e007e'
	cancelTag          = '\U000e007f'
	maxFlagTags        = 8 // the longest tag sequence kept after a flag (RGI flags use 5)
)

func lineBreak(multiline bool) string {
	if multiline {
		return "\n"
	}
	return " "
}

// invisible reports whether r is drawn as nothing by design: a format
// character (Cf), another default-ignorable code point, or a variation
// selector. The terminal and the TUI often disagree on its width (the soft
// hyphen takes a cell in xterm and tmux, none in the TUI's measure), and it
// can hide differences between texts that look alike.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// keepInvisible decides, for an invisible rune r between the rune last
// written (prev, 0 at the start) and the next rune of the input, whether it
// does visible work and stays:
//
//   - a zero-width joiner between two emoji (👩‍💻, ❤️‍🔥, 🏳️‍🌈) or between two
//     letters (Indic conjuncts, Arabic joining);
//   - a zero-width non-joiner between two letters (Persian);
//   - the emoji and text presentation selectors (U+FE0F, U+FE0E) right
//     after a symbol, punctuation mark or digit (✍️, ❤️, 1️⃣, #️⃣) or ℹ;
//   - another variation selector right after a letter, digit, symbol or
//     punctuation mark (CJK ideographic variants, Mongolian forms).
//
// Everything else invisible goes. Because prev is what was written and
// next must be a visible letter or symbol, which Sanitize always keeps,
// the decision is the same on a second pass: Sanitize is idempotent.
func keepInvisible(prev, r, next rune) bool {
	letter := func(x rune) bool { return unicode.IsLetter(x) }
	mark := func(x rune) bool { return unicode.IsMark(x) }
	emoji := func(x rune) bool { return unicode.Is(unicode.So, x) }
	switch {
	case r == zeroWidthJoiner:
		return (letter(prev) || mark(prev)) && letter(next) ||
			(emoji(prev) || unicode.Is(unicode.Sk, prev) || mark(prev)) && emoji(next)
	case r == zeroWidthNonJoiner:
		return (letter(prev) || mark(prev)) && letter(next)
	case r == emojiPresentation || r == textPresentation:
		return unicode.IsSymbol(prev) || unicode.IsPunct(prev) || unicode.Is(unicode.Nd, prev) || prev == informationSource
	case unicode.Is(unicode.Variation_Selector, r):
		return letter(prev) || unicode.IsNumber(prev) || unicode.IsSymbol(prev) || unicode.IsPunct(prev)
	}
	return false
}

// flagTagsLen returns the length of the tag sequence at the start of s
// that completes a subdivision flag (🏴 + tag letters + cancel tag), or 0
// when s does not start with a whole one; stray tags are then dropped one
// by one as invisible.
func flagTagsLen(s string) int {
	n := 0
	for tags := 0; n < len(s); tags++ {
		r, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case r == cancelTag && tags > 0:
			return n + size
		case r < tagFirst || r > tagLast || tags == maxFlagTags:
			return 0
		}
		n += size
	}
	return 0
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiBodyLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringBodyLen(s[2:])
	}
	// Other escapes: intermediate bytes 0x20–0x2f, then one final byte
	// 0x30–0x7e (ESC c, ESC 7, ESC ( B). An ESC followed by anything else
	// (a control character, another ESC, a non-ASCII letter) is the ESC
	// alone, so what follows is judged on its own.
	i := 1
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// csiBodyLen returns the length of a CSI body: parameter and intermediate
// bytes up to and including the final byte.
func csiBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x40 && c <= 0x7e {
			return i + 1
		}
		if c < 0x20 || c >= 0x80 {
			return i
		}
	}
	return len(s)
}

// stringBodyLen returns the length of an OSC/DCS-style string up to and
// including its terminator (BEL, ESC \ or C1 ST). An ESC that does not
// start ST ends the string without being part of it, as in a terminal: it
// begins the next escape sequence, which is stripped in turn.
func stringBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x07:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		}
		if s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c { // C1 ST
			return i + 2
		}
	}
	return len(s)
}
