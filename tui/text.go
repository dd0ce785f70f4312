package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Cells measures, cuts and wraps text by display width, never by bytes or
// runes, so that Azerbaijani, Russian and emoji line up. It counts cells
// the way the renderer and the terminal will: by grapheme clusters when the
// terminal reports Unicode core support (mode 2027), otherwise code point
// by code point like wcwidth — the two disagree on emoji sequences such as
// 👨‍💻. Every method accepts widths ≤ 0.
type Cells struct{ m ansi.Method }

// NewCells returns the measure that counts cells by method m: ansi.WcWidth
// (code point by code point, what the renderer starts with) or
// ansi.GraphemeWidth.
func NewCells(m ansi.Method) Cells { return Cells{m} }

// Method is how c counts cells.
func (c Cells) Method() ansi.Method { return c.m }

// Width returns the display width of s, ignoring escape sequences.
func (c Cells) Width(s string) int { return c.m.StringWidth(c.plain(s)) }

// plain drops the emoji presentation selector (U+FE0F) and the zero-width
// joiner (U+200D) when the terminal measures code point by code point.
// "✍️" is one cell to such a terminal but two to wcwidth, and the row
// after it would drift by one column; without the selector both agree on
// one cell. Such a terminal may still join "👩‍💻" into one wide cell
// (tmux 3.3 does, and glues even "a‍🚀" into one cell) or not (xterm), so
// the TUI cannot know its width; without the joiner every terminal draws
// 👩💻, four cells, as measured. The session keeps the joiner: a terminal
// that reports Unicode core support (mode 2027) draws the sequence whole.
// The session's sanitiser has already removed every other invisible
// character.
func (c Cells) plain(s string) string {
	if c.m == ansi.GraphemeWidth || !strings.ContainsAny(s, "\uFE0F\u200D") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\uFE0F' || r == '\u200D' {
			return -1
		}
		return r
	}, s)
}

// Truncate cuts s to at most w cells, ending in "…" when cut.
func (c Cells) Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = c.plain(s)
	if len(s) <= w { // every cell takes at least a byte
		return s
	}
	if n := 4*w + 16; len(s) > 4*n && strings.IndexByte(s, ansi.ESC) < 0 {
		// a long plain text: measure only a prefix long enough to fill w
		// cells, unless combining marks make it shorter than that
		if p := firstRunes(s, n); c.Width(p) > w {
			return c.m.Truncate(p, w, "…")
		}
	}
	if c.Width(s) <= w {
		return s
	}
	return c.m.Truncate(s, w, "…")
}

// firstRunes returns the first n runes of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// Line lays out one row w cells wide: a short styled prefix, a plain text
// cut to fit and painted, and a styled right part at the right edge. The
// right part is dropped when it would take more than half the room.
func (c Cells) Line(prefix, text string, paint func(string) string, right string, w int) string {
	if w <= 0 {
		return ""
	}
	pw, rw := c.Width(prefix), c.Width(right)
	room := w - pw
	if room <= 0 {
		return c.Truncate(prefix, w)
	}
	if right != "" && (2*(rw+1) <= room || len(text) < 4*room && c.Width(text)+rw+1 <= room) {
		room -= rw + 1
	} else {
		right, rw = "", 0
	}
	t := c.Truncate(text, room)
	tw := c.Width(t)
	if right == "" {
		return prefix + paint(t)
	}
	return prefix + paint(t) + strings.Repeat(" ", w-pw-tw-rw) + right
}

// Pad truncates s to w cells and fills it with spaces to exactly w.
func (c Cells) Pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = c.Truncate(s, w)
	if n := w - c.Width(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// OneLine folds the lines of a multi-line text into one.
func OneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return s
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return strings.Join(f, " ⏎ ")
}

// Wrap breaks s into lines of at most w cells, at spaces where it can and
// inside long words where it must. It never breaks at a hyphen: a flag
// such as --session or a word such as 2026-cı stays whole on its line.
func (c Cells) Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	s = c.plain(s)
	// the wrapper breaks after every hyphen; a non-breaking hyphen, one
	// cell as well, stands in for it while wrapping
	keep := strings.Contains(s, "-") && !strings.ContainsRune(s, nbHyphen)
	if keep {
		s = strings.ReplaceAll(s, "-", string(nbHyphen))
	}
	wrapped := c.m.Wrap(s, w, "")
	if keep {
		wrapped = strings.ReplaceAll(wrapped, string(nbHyphen), "-")
	}
	lines := strings.Split(wrapped, "\n")
	for i, l := range lines {
		lines[i] = c.Truncate(strings.TrimRight(l, " "), w)
	}
	return lines
}

// nbHyphen is U+2011, the non-breaking hyphen.
const nbHyphen = '\u2011'

// Indent wraps s to w cells and prefixes every line: the first with first,
// the rest with spaces as wide as first.
func (c Cells) Indent(s, first string, w int) []string {
	fw := c.Width(first)
	lines := c.Wrap(s, w-fw)
	if len(lines) == 0 {
		return nil
	}
	rest := strings.Repeat(" ", fw)
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return lines
}

// Spread puts left at the left edge and right at the right edge of a line
// w cells wide. When both do not fit, left is truncated as long as right
// takes at most half the line; otherwise right is dropped.
func (c Cells) Spread(left, right string, w int) string {
	if w <= 0 {
		return ""
	}
	rw := c.Width(right)
	if right == "" || (c.Width(left)+rw+1 > w && 2*(rw+1) > w) {
		return c.Truncate(left, w)
	}
	left = c.Truncate(left, w-rw-1)
	return left + strings.Repeat(" ", w-c.Width(left)-rw) + right
}

// Clip keeps at most h lines, truncating each to w cells.
func (c Cells) Clip(lines []string, w, h int) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = c.Truncate(l, w)
	}
	return out
}

// Block joins lines into exactly h lines (padding with empty lines), each
// cut to w cells.
func (c Cells) Block(lines []string, w, h int) string {
	lines = c.Clip(lines, w, h)
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Plural returns "1 idea", "3 ideas" or "1,200 ideas", in English only:
// a screen that speaks the person's language counts with Common.L.N.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Number(n) + " " + many
}

// Number writes a count with its thousands grouped, as English does:
// "1,187". Counts that large come from crowds.
func Number(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SplitLines splits a rendered block into its lines.
func SplitLines(s string) []string { return strings.Split(s, "\n") }

// JoinLines joins lines into a block.
func JoinLines(lines []string) string { return strings.Join(lines, "\n") }

// PinFooter joins a screen of exactly h lines: the body cut to make room for
// the footer, which always stays at the bottom (when even the footer is
// taller than h, its last lines are kept).
func PinFooter(body, foot []string, h int) string {
	if room := h - len(foot); len(body) > room {
		body = body[:max(0, room)]
	}
	lines := append(body, foot...)
	if len(lines) > h {
		lines = lines[len(lines)-h:]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return JoinLines(lines)
}

// FrameWidth is what a frame adds to the width of its content: a border
// and a space on each side.
const FrameWidth = 4

// Frame draws lines in a rounded box w cells wide, padding each line by
// this measure (not lipgloss's) so the right edge lines up with the rest.
func (c Cells) Frame(border func(string) string, lines []string, w int) []string {
	inner := w - FrameWidth
	if inner < 1 {
		return nil
	}
	out := make([]string, 0, len(lines)+2)
	out = append(out, border("╭"+strings.Repeat("─", w-2)+"╮"))
	side := border("│")
	for _, l := range lines {
		out = append(out, side+" "+c.Pad(l, inner)+" "+side)
	}
	return append(out, border("╰"+strings.Repeat("─", w-2)+"╯"))
}

// MetaWidth is the most a row's right-hand note (an institution, a lead)
// may take on a line w cells wide.
func MetaWidth(w int) int { return max(30, w*3/10) }

// Quote shortens a text to n cells for a sentence: “Digital signat…”.
func (c Cells) Quote(s string, n int) string {
	return "“" + c.Truncate(OneLine(s), n) + "”"
}
