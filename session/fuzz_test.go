package session_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"roundtable/session"
)

// forbidden reports whether r may never appear in sanitised text.
func forbidden(r rune, multiline bool) bool {
	switch {
	case r == '\n':
		return !multiline
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain", "Rəqəmsal inkişaf, Şəffaflıq", "Координация", "🚀 👩🏽‍💻",
		"\x1b[1;31mred\x1b[0m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\x1bPq#0\x1b\\", "\u009b31m", "\u009d0;t\u009c", "a\r\nb\rc\td", "\u202eevil\u2066",
		"\x1b", "\x1b[", "\x1b]", "\x1b(", "\x1b\x1b[31m", "\xff\xfe", "\xc2", "\xc2\x9b1m",
		"  a  \n  b  \n", "\x1b]0;\x1b[31m", "\x1b(\xc3\xa9", "a\u0085b", " \u00a0 x \u00a0\n",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, multiline bool) {
		out := session.Sanitize(in, multiline)
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) = %q is not valid UTF-8", in, out)
		}
		for _, r := range out {
			if forbidden(r, multiline) {
				t.Fatalf("Sanitize(%q, %v) = %q keeps %U", in, multiline, out, r)
			}
		}
		if again := session.Sanitize(out, multiline); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if strings.TrimSpace(out) != out {
			t.Fatalf("Sanitize(%q) = %q is not trimmed", in, out)
		}
		// Text with nothing to strip passes unchanged.
		clean := utf8.ValidString(in) && strings.TrimSpace(in) == in
		for _, r := range in {
			if forbidden(r, false) || r == '\t' {
				clean = false
			}
		}
		if clean && out != in {
			t.Fatalf("Sanitize(%q) = %q changed clean text", in, out)
		}
	})
}

func FuzzDecide(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("vote vote vote, group and reveal"))
	f.Add([]byte{0, 0, 0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7})
	r := rand.New(rand.NewPCG(1, 2))
	for range 8 {
		b := make([]byte, 2000)
		for k := range b {
			b[k] = byte(r.UintN(256))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &byteChooser{data: data}
		m := newSim(t, c, 4)
		for steps := 0; !c.done() && steps < 500; steps++ {
			m.step()
		}
		m.checkReplicas()
		m.checkReplay()
		m.checkReplayWithCurrentFlags()
	})
}
