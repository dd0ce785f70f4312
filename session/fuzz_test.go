package session_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
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
	case r == 0x200b, r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0x00ad, r == 0x2060:
		return true
	case unicode.Is(unicode.Cf, r):
		return r != 0x200c && r != 0x200d && !(r >= 0xe0020 && r <= 0xe007f)
	case unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
		return true
	}
	return false
}

// hidden reports whether r is an invisible rune that sanitised text may
// keep only where it does visible work.
func hidden(r rune) bool {
	return r == 0x200c || r == 0x200d || (r >= 0xe0020 && r <= 0xe007f) || unicode.Is(unicode.Variation_Selector, r)
}

// strayInvisible returns the first invisible rune of out that does no
// visible work: a joiner at an edge, after a space or before anything but a
// letter or symbol; a tag outside a flag's tag sequence; a variation
// selector with no character before it to vary.
func strayInvisible(out string) (rune, bool) {
	rs := []rune(out)
	for k, r := range rs {
		if !hidden(r) {
			continue
		}
		var prev, next rune
		if k > 0 {
			prev = rs[k-1]
		}
		if k+1 < len(rs) {
			next = rs[k+1]
		}
		switch {
		case r == 0x200c || r == 0x200d:
			if prev == 0 || unicode.IsSpace(prev) || (hidden(prev) && !unicode.Is(unicode.Variation_Selector, prev)) ||
				!(unicode.IsLetter(next) || unicode.Is(unicode.So, next)) {
				return r, true
			}
		case r >= 0xe0020 && r <= 0xe007f:
			j := k
			for j > 0 && rs[j-1] >= 0xe0020 && rs[j-1] <= 0xe007e {
				j--
			}
			if j == 0 || rs[j-1] != 0x1f3f4 {
				return r, true
			}
			e := k
			for e < len(rs) && rs[e] >= 0xe0020 && rs[e] <= 0xe007e {
				e++
			}
			if e == len(rs) || rs[e] != 0xe007f || e == j {
				return r, true
			}
		default: // a variation selector
			if prev == 0 || unicode.IsSpace(prev) || unicode.IsMark(prev) || hidden(prev) {
				return r, true
			}
		}
	}
	return 0, false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain", "Rəqəmsal inkişaf, Şəffaflıq", "Координация", "🚀 👩🏽‍💻",
		"\x1b[1;31mred\x1b[0m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\x1bPq#0\x1b\\", "\u009b31m", "\u009d0;t\u009c", "a\r\nb\rc\td", "\u202eevil\u2066",
		"\x1b", "\x1b[", "\x1b]", "\x1b(", "\x1b\x1b[31m", "\xff\xfe", "\xc2", "\xc2\x9b1m",
		"  a  \n  b  \n", "\x1b]0;\x1b[31m", "\x1b(\xc3\xa9", "a\u0085b", " \u00a0 x \u00a0\n",
		// invisible characters
		"a\u200fb\u200ec\u061cd", "Open\u200bdata\u2060", "\ufeffBOM", "Rəqəm\u00adsal", "\u3164\u115f",
		"first\u2028second\u2029third", "\u2028 \u2029", "a\U000e0001\U000e0068b\U000e007f",
		"🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "🏴\U000e0067\U000e0062", "🏴\U000e007f",
		"🏴\x1b[0m\U000e0067\U000e007f", "\u200dx\u200d \u200d", "👩\u200d\u200d💻", "क्\u200dष", "می\u200cخواهم",
		"✍\ufe0f ❤\ufe0f\u200d🔥 1\ufe0f\u20e3", "a\ufe0f\ufe0e", "\ufe0f\ufe0f", "葛\U000e0100 \U000e0100",
		"👨\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "a\u200b\u200cb", "a\u200d\u200bb", "Ə\u200dΣ\u200c",
		"a\u034f\u180e\u206a\ufff9b", "\u200d\n\u200d", "x\u200d\x1b[0m💻",
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
		if r, ok := strayInvisible(out); ok {
			t.Fatalf("Sanitize(%q, %v) = %q keeps a stray %U", in, multiline, out, r)
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
			if forbidden(r, false) || r == '\t' || hidden(r) {
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
