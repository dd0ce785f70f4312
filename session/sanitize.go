package session

import (
	"strings"
	"unicode/utf8"
)

// Sanitize strips terminal control sequences and control characters from
// participant text, so nobody can paint on somebody else's screen. It removes
// ANSI escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte escapes),
// C0 and C1 control characters, DEL and bidirectional overrides. Tabs become
// spaces; newlines are kept when multiline is set and become spaces
// otherwise. The result is trimmed. Text that is not valid UTF-8 is refused
// by Clean, not repaired here; Sanitize drops invalid bytes.
func Sanitize(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
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
				if multiline {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
		case r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// other control characters: dropped
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			// bidirectional overrides and isolates: dropped
		default:
			b.WriteString(s[i : i+size])
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

// Clean validates and sanitises one field of participant text. It refuses
// invalid UTF-8, text that is empty after sanitising (when required), and
// text over max characters, each with EINVALID and a message naming field.
func Clean(s string, field string, max int, multiline, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "The %s is not valid UTF-8 text.", field)
	}
	out := Sanitize(s, multiline)
	if required && out == "" {
		return "", Errorf(EINVALID, "The %s is empty.", field)
	}
	if n := utf8.RuneCountInString(out); n > max {
		return "", Errorf(EINVALID, "The %s is %d characters long; the limit is %d.", field, n, max)
	}
	return out, nil
}
