package roadmap

import (
	"bytes"
	"testing"

	"roundtable/session"
)

func TestFormatFromPath(t *testing.T) {
	tests := map[string]struct {
		path string
		want string
		code string
	}{
		"md":            {path: "roadmap.md", want: FormatMarkdown},
		"markdown":      {path: "out/Road Map.MARKDOWN", want: FormatMarkdown},
		"json":          {path: "/tmp/x.json", want: FormatJSON},
		"csv":           {path: "x.CSV", want: FormatCSV},
		"html":          {path: "x.html", want: FormatHTML},
		"htm":           {path: "x.htm", want: FormatHTML},
		"no extension":  {path: "roadmap", code: session.EINVALID},
		"unknown":       {path: "roadmap.pdf", code: session.EINVALID},
		"dot directory": {path: "a.json/roadmap", code: session.EINVALID},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := FormatFromPath(tc.path)
			if code := session.ErrorCode(err); code != tc.code {
				t.Fatalf("error %v (code %q), want code %q", err, code, tc.code)
			}
			if got != tc.want {
				t.Errorf("format = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := map[string]struct {
		name string
		want string
		ok   bool
	}{
		"md":       {"md", FormatMarkdown, true},
		"markdown": {" Markdown ", FormatMarkdown, true},
		"json":     {"JSON", FormatJSON, true},
		"csv":      {"csv", FormatCSV, true},
		"html":     {"html", FormatHTML, true},
		"htm":      {"htm", FormatHTML, true},
		"pdf":      {"pdf", "", false},
		"empty":    {"", "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseFormat(tc.name)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("ParseFormat(%q) = %q, %v", tc.name, got, err)
			}
		})
	}
}

// TestRenderMatchesRenderers checks that Render dispatches each format name
// to its renderer, and refuses an unknown one.
func TestRenderMatchesRenderers(t *testing.T) {
	r := Build(workshop(t, true).s, Options{Generated: generated})
	renderers := map[string]func(*bytes.Buffer, *Roadmap) error{
		FormatMarkdown: func(b *bytes.Buffer, r *Roadmap) error { return Markdown(b, r) },
		FormatJSON:     func(b *bytes.Buffer, r *Roadmap) error { return JSON(b, r) },
		FormatCSV:      func(b *bytes.Buffer, r *Roadmap) error { return CSV(b, r) },
		FormatHTML:     func(b *bytes.Buffer, r *Roadmap) error { return HTML(b, r) },
	}
	if len(renderers) != len(Formats()) {
		t.Fatalf("Formats() = %v", Formats())
	}
	for format, fn := range renderers {
		t.Run(format, func(t *testing.T) {
			var want bytes.Buffer
			if err := fn(&want, r); err != nil {
				t.Fatal(err)
			}
			if got := render(t, r, format); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("Render(%q) differs from its renderer", format)
			}
		})
	}
	if err := Render(&bytes.Buffer{}, r, "pdf"); session.ErrorCode(err) != session.EINVALID {
		t.Errorf("Render(pdf) = %v, want EINVALID", err)
	}
}
