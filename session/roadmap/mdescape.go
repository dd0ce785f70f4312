package roadmap

import "strings"

// mdActive are the characters that can start Markdown structure anywhere in
// a line: emphasis, code, links, images, raw HTML, entities, tables,
// strikethrough, math and ATX heading closers. Each gets a backslash.
const mdActive = "\\`*_[]<>#|~&$"

// mdInline escapes participant text for one line of Markdown: a heading, a
// list item or a table cell. The text reads the same raw and rendered, and
// can start no heading, list, quote, code, link or HTML.
func mdInline(s string) string {
	s = line(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(mdActive, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	out := b.String()
	return mdLineStart(out)
}

// mdLineStart escapes what would open a block at the start of a line: a
// list marker, a thematic break, a setext underline or an ordered list
// number. An "=" is escaped only when the line is all "=", the one case
// where it is structure; some renderers would show the backslash otherwise.
func mdLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+':
		return "\\" + s
	case '=':
		if strings.Trim(s, "= ") == "" {
			return "\\" + s
		}
	}
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		return s[:n] + "\\" + s[n:]
	}
	return s
}

// mdBlock escapes participant text that may span lines. Each line is
// escaped as by mdInline; later lines are indented by indent so they stay in
// the list item they belong to; runs of blank lines become one paragraph
// break.
func mdBlock(s, indent string) string {
	lines := strings.Split(text(s), "\n")
	var b strings.Builder
	blank := false
	first := true
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = true
			continue
		}
		if !first {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
			b.WriteString(indent)
		}
		b.WriteString(mdInline(l))
		first, blank = false, false
	}
	return b.String()
}
