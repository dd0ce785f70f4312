package roadmap

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"roundtable/session"
)

// hostile is participant text that tries to become markup, script, a link,
// a formula or a terminal escape.
var hostileText = []string{
	`<script>alert(1)</script>`,
	`"quoted", with, commas`,
	"two\nlines",
	`=cmd|' /C calc'!A0`,
	`+SUM(1)`,
	`@x`,
	`-1+2`,
	"\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07osc link\x1b]8;;\x07",
	`[link](javascript:x)`,
	`# heading`,
	`<img src=x onerror=alert(1)>`,
	`![img](javascript:y)`,
	`> quote`,
	`1. list`,
	`---`,
	`===`,
	"```",
	`| a | b |`,
	`&lt;b&gt; &#60;i&#62;`,
	`**bold** _em_ ~~gone~~ $x$`,
	`[ref]: javascript:z`,
	`<!-- comment -->`,
}

// hostileSession puts hostile text everywhere participants and the
// facilitator can write: title, topics, horizons, names, institutions, ideas,
// group names, comments, notes, decisions, leads, supporters and feedback.
// Then it writes raw terminal escapes straight into the state, as an older
// version that did not sanitise might have stored them.
func hostileSession(tb testing.TB, anonymous bool) *session.State {
	tb.Helper()
	f := newFixture(tb, "s-<b>", `<script>alert("title")</script> =1+1`, anonymous,
		[]string{`# Topic <i>one</i>`, `=HYPERLINK("http://evil.example")`, `[t](javascript:t)`},
		[]string{`<b>Now</b>`, `=Next`, `@Later`})
	h := f.s.Settings.Horizons
	var people []session.Actor
	for k, t := range hostileText[:8] {
		people = append(people, f.join("Name "+t, "Inst "+string(rune('A'+k))+" "+t))
	}
	f.phase(session.PhaseIdeas)
	var ideas []string
	for k, t := range hostileText {
		ideas = append(ideas, f.post(people[k%len(people)], k%3, t))
	}
	f.phase(session.PhaseGroup)
	g := f.group(`<script>group</script> =2+2`, ideas[0], ideas[3])
	f.phase(session.PhaseVote)
	for k, p := range people {
		f.vote(p, g, 1)
		f.vote(p, ideas[4+k], 2)
	}
	f.phase(session.PhaseDiscuss)
	for k, t := range hostileText {
		f.comment(people[k%len(people)], g, t)
		f.comment(people[k%len(people)], ideas[5], t)
	}
	f.note(g, strings.Join(hostileText, "\n"), "=DECISION() <script>x</script>\n# not a heading")
	f.note(ideas[12], "@note", "+decided")
	f.phase(session.PhaseRoadmap)
	f.place(g, h[0], `=lead()`, 0, hostileText[:6]...)
	for k, id := range ideas[4:8] {
		f.place(id, h[k%3], hostileText[k], 0, hostileText[k+3])
	}
	// issue 16: a consent round whose reasons are hostile, then a second
	f.fac(session.Command{Type: session.CmdOpenConsent, Item: g})
	for k, p := range people {
		f.do(p, session.Command{Type: session.CmdConsent, Item: g, Level: ptr(k % 2), Text: hostileText[(k+10)%len(hostileText)]})
	}
	f.fac(session.Command{Type: session.CmdRevealConsent, Item: g})
	f.fac(session.Command{Type: session.CmdRecordConsent, Item: g, Outcome: session.ConsentNotAgreed})
	f.fac(session.Command{Type: session.CmdOpenConsent, Item: g})
	f.fac(session.Command{Type: session.CmdRevealConsent, Item: g})
	f.phase(session.PhaseClosed)
	for k, p := range people {
		f.feedback(p, 1+k%5, hostileText[k+8])
	}
	s := f.s
	const esc = "\x1b[2J\x1b[31m\u009b1m\x1b]0;pwned\x07"
	s.Ideas[ideas[6]].Text += esc
	s.Groups[g].Name += esc
	for _, c := range s.Comments {
		c.Text = esc + c.Text
	}
	for _, p := range s.Participants {
		p.Name += esc
		p.Institution = esc + p.Institution
	}
	s.Roadmap[g].Lead += esc
	for k := range s.Consent[g].History[0].Reasons { // issue 16
		s.Consent[g].History[0].Reasons[k].Text += esc
	}
	s.Topics[0].Name += esc
	return s
}

// TestHostileTextIsNeutralised renders the hostile session in every format
// and checks that nothing participants wrote became active.
func TestHostileTextIsNeutralised(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		r := Build(hostileSession(t, anonymous), Options{Generated: generated})
		outputs := map[string][]byte{}
		for _, format := range Formats() {
			outputs[format] = render(t, r, format)
		}
		checks := map[string]func(*testing.T, []byte){
			FormatHTML:     checkHTML,
			FormatMarkdown: checkMarkdown,
			FormatCSV:      checkCSV,
			FormatJSON:     checkJSON,
		}
		for format, check := range checks {
			t.Run(format, func(t *testing.T) {
				out := outputs[format]
				if bytes.ContainsAny(out, "\x1b\x07\u009b") {
					t.Errorf("%s contains a terminal control character", format)
				}
				check(t, out)
			})
		}
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// checkHTML: participant text is escaped, so every tag in the page is one
// the template wrote; none is a script, image, link or event handler.
func checkHTML(t *testing.T, out []byte) {
	t.Helper()
	low := strings.ToLower(string(out))
	for _, bad := range []string{"<script", "<img", "<!-- comment", "<b>now", "<i>"} {
		if strings.Contains(low, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	for _, tag := range tagRE.FindAllString(low, -1) {
		for _, bad := range []string{"script", "onerror", "javascript", "href", "src="} {
			if strings.Contains(tag, bad) {
				t.Errorf("HTML tag %s contains %q", tag, bad)
			}
		}
	}
	if !strings.Contains(low, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("HTML does not show the script text as text")
	}
	if !strings.Contains(low, "default-src &#39;none&#39;") && !strings.Contains(low, "default-src 'none'") {
		t.Error("HTML has no Content-Security-Policy")
	}
}

// checkMarkdown renders the Markdown with the GitHub-flavoured parser that
// glamour uses, and checks that participant text made no link, image, raw
// HTML, extra heading or quote, and reads back as the text itself.
func checkMarkdown(t *testing.T, out []byte) {
	t.Helper()
	var b bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	if err := md.Convert(out, &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, bad := range []string{"<a ", "<img", "<script", "<b>", "<i>", "<del>", "<!--", ">heading</h", ">Topic &lt;"} {
		if strings.Contains(html, bad) {
			t.Errorf("Markdown renders %q", bad)
		}
	}
	if n := strings.Count(html, "<blockquote>"); n != 1 {
		t.Errorf("Markdown renders %d quotes; only the draft notice is one", n)
	}
	if n := strings.Count(html, "<h1>"); n != 1 {
		t.Errorf("Markdown renders %d top headings, want the title only", n)
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;", "[link](javascript:x)", "# heading", "1. list",
		"**bold** _em_ ~~gone~~ $x$", "&amp;lt;b&amp;gt;", "`", "| a | b |",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("Markdown does not read back %q as text", want)
		}
	}
}

// checkCSV parses the CSV and checks that no cell starts a formula and that
// the hostile cells survive, quoted, behind an apostrophe.
func checkCSV(t *testing.T, out []byte) {
	t.Helper()
	checkCSVCells(t, out, len(CSVHeader()), `'=cmd|' /C calc'!A0`, `'+SUM(1)`, `'@x`, `'-1+2`, `'=lead()`, `'=Next`, `"quoted", with, commas`)
}

// checkCSVCells parses a CSV export (the session's or the programme's):
// the byte order mark, every row as wide as the header (cols cells), no
// cell that starts a formula, and every cell of want there as written.
func checkCSVCells(t *testing.T, out []byte, cols int, want ...string) {
	t.Helper()
	if !bytes.HasPrefix(out, []byte(bom)) {
		t.Error("CSV has no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte(bom)))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) < 2 {
		t.Fatalf("CSV has %d rows", len(rows))
	}
	seen := map[string]bool{}
	for _, row := range rows {
		if len(row) != cols {
			t.Errorf("row has %d cells, want %d", len(row), cols)
		}
		for _, cell := range row {
			seen[cell] = true
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("CSV cell starts a formula: %q", cell)
			}
		}
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("CSV has no cell %q", w)
		}
	}
}

// checkJSON decodes the JSON and checks that text is data: escaped for
// embedding in HTML, and read back unchanged.
func checkJSON(t *testing.T, out []byte) {
	t.Helper()
	if bytes.Contains(out, []byte("<script")) {
		t.Error("JSON has a raw <script")
	}
	var doc Roadmap
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sec := range doc.Sections {
		for _, it := range sec.Items {
			found = found || it.Placement.Lead == `=lead()`
		}
	}
	if !found {
		t.Error("JSON does not keep the lead text as written")
	}
}

// TestMarkdownInlineReadsBack checks, one hostile string at a time, that the
// escaped text renders as a plain paragraph of exactly that text.
func TestMarkdownInlineReadsBack(t *testing.T) {
	md := goldmark.New()
	escape := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	for _, s := range hostileText {
		if strings.ContainsAny(s, "\n\x1b") {
			continue
		}
		t.Run(s, func(t *testing.T) {
			var b bytes.Buffer
			if err := md.Convert([]byte(mdInline(s)), &b); err != nil {
				t.Fatal(err)
			}
			if want := "<p>" + escape.Replace(s) + "</p>\n"; b.String() != want {
				t.Errorf("mdInline(%q) = %q renders %q, want %q", s, mdInline(s), b.String(), want)
			}
		})
	}
}

// TestMarkdownBlockKeepsLinesInTheirItem checks that multi-line text stays
// inside its list item and opens no block of its own.
func TestMarkdownBlockKeepsLinesInTheirItem(t *testing.T) {
	md := goldmark.New()
	var b bytes.Buffer
	src := "- " + mdBlock("first\n===\nsecond\n---\n# heading\n\n\n    code\n- item\n> quote\n1) one\n+ plus", "  ") + "\n"
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, bad := range []string{"<h1", "<h2", "<hr", "<pre", "<blockquote", "<ol", "<ul>\n<li>item"} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered %q contains %s:\n%s", src, bad, got)
		}
	}
	if strings.Count(got, "<li>") != 1 {
		t.Errorf("rendered %q is not one list item:\n%s", src, got)
	}
}

// TestCSVCell covers the formula defence cell by cell.
func TestCSVCell(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"equals":      {`=1+1`, `'=1+1`},
		"plus":        {`+1`, `'+1`},
		"minus":       {`-1`, `'-1`},
		"at":          {`@SUM(A1)`, `'@SUM(A1)`},
		"tab":         {"\t=1", `'=1`}, // sanitising trims the tab, the = is then defended
		"plain":       {`Plain text`, `Plain text`},
		"inner":       {`a=b`, `a=b`},
		"multi-line":  {"=x\n=y", "'=x\n=y"},
		"escape":      {"\x1b[31m=red", `'=red`},
		"empty":       {``, ``},
		"azerbaijani": {`Şəffaflıq`, `Şəffaflıq`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := csvCell(tc.in); got != tc.want {
				t.Errorf("csvCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
