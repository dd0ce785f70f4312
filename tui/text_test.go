package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

var measures = map[string]Cells{"wcwidth": {ansi.WcWidth}, "grapheme": {ansi.GraphemeWidth}}

// samples mixes the scripts and emoji the screens must line up.
var samples = []string{
	"",
	"Dövlət qurumları üçün vahid məlumat portalı",
	"Министерство цифрового развития и транспорта",
	"日本語テキスト幅テスト 全角",
	"Tural 👨‍💻 and 👍🏽 and ✍️ and 🏛️ and 🇦🇿",
	"e\u0301\u0301\u0301 combining marks",
	strings.Repeat("Rəqəmsal liderlik 🚀 ", 40),
	"\x1b[1mbold\x1b[0m and plain",
}

func TestTruncateAndPadStayWithinWidth(t *testing.T) {
	for name, tx := range measures {
		t.Run(name, func(t *testing.T) {
			for _, s := range samples {
				for _, w := range []int{-1, 0, 1, 2, 3, 7, 20, 80} {
					got := tx.Truncate(s, w)
					if n := tx.Width(got); n > w && !(w <= 0 && n == 0) {
						t.Errorf("truncate(%q, %d) is %d wide", s, w, n)
					}
					if tx.Width(s) <= w && got != tx.plain(s) {
						t.Errorf("truncate(%q, %d) changed a text that fits: %q", s, w, got)
					}
					if tx.Width(s) > w && w > 1 && !strings.HasSuffix(ansi.Strip(got), "…") {
						t.Errorf("truncate(%q, %d) = %q lacks the ellipsis", s, w, got)
					}
					p := tx.Pad(s, w)
					if want := max(0, w); tx.Width(p) != want {
						t.Errorf("pad(%q, %d) is %d wide, want %d", s, w, tx.Width(p), want)
					}
				}
			}
		})
	}
}

func TestLongPlainTextTruncatesLikeTheSlowPath(t *testing.T) {
	long := strings.Repeat("Rəqəmsal liderlik 🚀 Министерство ", 30)
	for name, tx := range measures {
		for _, w := range []int{5, 40, 117} {
			if got, want := tx.Truncate(long, w), tx.m.Truncate(long, w, "…"); got != want {
				t.Errorf("%s: truncate at %d = %q, want %q", name, w, got, want)
			}
		}
	}
}

func TestWrapKeepsEveryWordWithinWidth(t *testing.T) {
	for name, tx := range measures {
		t.Run(name, func(t *testing.T) {
			for _, s := range samples {
				for _, w := range []int{0, 1, 4, 13, 40} {
					lines := tx.Wrap(s, w)
					if w <= 0 && lines != nil {
						t.Errorf("wrap(%q, %d) = %q, want nothing", s, w, lines)
					}
					for _, l := range lines {
						if tx.Width(l) > w {
							t.Errorf("wrap(%q, %d) has a line %d wide: %q", s, w, tx.Width(l), l)
						}
					}
					if w >= 13 && s != "" {
						joined := strings.Join(strings.Fields(ansi.Strip(strings.Join(lines, " "))), "")
						if want := strings.Join(strings.Fields(ansi.Strip(tx.plain(s))), ""); joined != want {
							t.Errorf("wrap(%q, %d) lost text: %q", s, w, joined)
						}
					}
				}
			}
		})
	}
}

func TestLineAndSpread(t *testing.T) {
	tx := Cells{ansi.WcWidth}
	id := func(s string) string { return s }
	tests := map[string]struct {
		prefix, text, right string
		w                   int
		want                string
	}{
		"fits":             {"• ", "Idea", "IRIA", 12, "• Idea  IRIA"},
		"text cut":         {"• ", "Rəqəmsal liderlik", "IRIA", 14, "• Rəqəms… IRIA"},
		"right dropped":    {"• ", "Idea text", "a very long institution", 20, "• Idea text"},
		"right kept":       {"", "ab", "long institution", 19, "ab long institution"},
		"wide emoji":       {"", "🚀🚀🚀🚀", "x", 7, "🚀🚀… x"},
		"no room":          {"›› ", "text", "", 2, "›…"},
		"zero width":       {"• ", "text", "r", 0, ""},
		"cyrillic exactly": {"", "Координация", "", 11, "Координация"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := tx.Line(tc.prefix, tc.text, id, tc.right, tc.w)
			if got != tc.want {
				t.Errorf("line = %q, want %q", got, tc.want)
			}
			if tx.Width(got) > max(0, tc.w) {
				t.Errorf("line is %d wide, more than %d", tx.Width(got), tc.w)
			}
			if tc.right != "" && strings.HasSuffix(tc.want, tc.right) && tx.Width(got) != tc.w {
				t.Errorf("a line with a right part is %d wide, want %d", tx.Width(got), tc.w)
			}
		})
	}
	if got := tx.Spread("left", "right", 12); got != "left   right" {
		t.Errorf("spread = %q", got)
	}
}

func TestFrameLinesUp(t *testing.T) {
	for name, tx := range measures {
		box := tx.Frame(func(s string) string { return s }, []string{"Tural 👨‍💻", "✍️ imza", "Координация"}, 20)
		for _, l := range box {
			if tx.Width(l) != 20 {
				t.Errorf("%s: frame line %q is %d wide, want 20", name, l, tx.Width(l))
			}
		}
	}
}

func TestClock(t *testing.T) {
	tests := map[string]struct {
		d    string
		want string
	}{
		"zero":        {"0s", "00:00"},
		"negative":    {"-5s", "00:00"},
		"rounds up":   {"271.2s", "04:32"},
		"just under":  {"999ms", "00:01"},
		"over a hour": {"1h4m32s", "1:04:32"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, err := time.ParseDuration(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if got := Clock(d); got != tc.want {
				t.Errorf("clock(%s) = %q, want %q", tc.d, got, tc.want)
			}
		})
	}
}

func TestNumberGroupsThousands(t *testing.T) {
	tests := map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1187: "1,187", 12345: "12,345", 1234567: "1,234,567", -1200: "-1,200"}
	for n, want := range tests {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q; want %q", n, got, want)
		}
	}
	if got := Plural(1200, "person", "people"); got != "1,200 people" {
		t.Errorf("Plural(1200) = %q", got)
	}
}

func TestPlainDropsThePresentationSelectorOnlyWithoutGraphemes(t *testing.T) {
	s := "Sign ✍️ here"
	if got := (Cells{ansi.WcWidth}).plain(s); got != "Sign ✍ here" {
		t.Errorf("wcwidth: %q", got)
	}
	if got := (Cells{ansi.GraphemeWidth}).plain(s); got != s {
		t.Errorf("graphemes: %q", got)
	}
}

// A terminal that measures by code point may still join an emoji ZWJ
// sequence into one wide cell (tmux 3.3 draws "👩‍💻" in 2 cells, and even
// glues "a‍🚀" into one) or may not (xterm: 4 cells); the TUI cannot know
// which. Without the joiner every such terminal draws the emoji apart, as
// the TUI measured them.
func TestPlainDropsTheJoinerOnlyWithoutGraphemes(t *testing.T) {
	s := "Tural 👩🏽‍💻 and 👨‍👩‍👧 ❤️‍🔥 here"
	wc := Cells{ansi.WcWidth}
	for _, got := range []string{wc.plain(s), wc.Truncate(s, 80), wc.Truncate(s, 12), wc.Pad(s, 60), strings.Join(wc.Wrap(s, 9), "\n")} {
		if strings.ContainsRune(got, '\u200d') {
			t.Errorf("wcwidth: %q keeps the zero-width joiner", got)
		}
	}
	if got := wc.plain(s); got != "Tural 👩🏽💻 and 👨👩👧 ❤🔥 here" {
		t.Errorf("wcwidth: plain = %q", got)
	}
	if w := wc.Width(s); w != wc.m.StringWidth("Tural 👩🏽💻 and 👨👩👧 ❤🔥 here") {
		t.Errorf("wcwidth: width %d does not measure the text drawn", w)
	}
	if got := (Cells{ansi.GraphemeWidth}).plain(s); got != s {
		t.Errorf("graphemes: %q", got)
	}
}

// TestWrapNeverSplitsAtAHyphen: a flag (--session, --new) or a word with a
// hyphen (2026-cı) is never cut at its hyphen at the end of a line; a word
// longer than the line is still broken to fit.
func TestWrapNeverSplitsAtAHyphen(t *testing.T) {
	for name, tx := range measures {
		t.Run(name, func(t *testing.T) {
			text := "Continuing session 3fa2c1d0: it was still open; flags ignored: --title --topics; start a new one with --new"
			for w := 20; w <= 60; w++ {
				for _, l := range tx.Wrap(text, w) {
					if strings.HasSuffix(l, "-") || strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "--") {
						t.Errorf("at %d cells a flag is split at its hyphen: %q", w, tx.Wrap(text, w))
						break
					}
					if tx.Width(l) > w {
						t.Errorf("at %d cells a line is %d wide: %q", w, tx.Width(l), l)
					}
				}
			}
			if lines := tx.Wrap("--------------------", 8); len(lines) != 3 || lines[0] != "--------" {
				t.Errorf("a word of hyphens longer than the line wraps as %q", lines)
			}
		})
	}
}
