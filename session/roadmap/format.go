package roadmap

import (
	"io"
	"path/filepath"
	"strings"

	"roundtable/session"
)

// The export formats, by the names the command line takes.
const (
	FormatMarkdown = "md"
	FormatJSON     = "json"
	FormatCSV      = "csv"
	FormatHTML     = "html"
)

// Formats returns the export format names, in the order the help lists them.
func Formats() []string {
	return []string{FormatMarkdown, FormatJSON, FormatCSV, FormatHTML}
}

// ParseFormat returns the format a name means ("md" or "markdown", "json",
// "csv", "html" or "htm", in any case), or an EINVALID error.
func ParseFormat(name string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "md", "markdown":
		return FormatMarkdown, nil
	case "json":
		return FormatJSON, nil
	case "csv":
		return FormatCSV, nil
	case "html", "htm":
		return FormatHTML, nil
	}
	return "", session.Errorf(session.EINVALID, "Unknown export format %q; use md, json, csv or html.", name)
}

// FormatFromPath returns the format a file name's extension means: .md,
// .markdown, .json, .csv, .html or .htm. Any other extension is an EINVALID
// error.
func FormatFromPath(path string) (string, error) {
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	if ext == "" {
		return "", session.Errorf(session.EINVALID, "The file name %q has no extension; use .md, .json, .csv or .html, or give --format.", path)
	}
	f, err := ParseFormat(ext)
	if err != nil {
		return "", session.Errorf(session.EINVALID, "Unknown export file extension %q; use .md, .json, .csv or .html.", "."+ext)
	}
	return f, nil
}

// Render writes the road map in the named format (any name ParseFormat
// accepts).
func Render(w io.Writer, r *Roadmap, format string) error {
	f, err := ParseFormat(format)
	if err != nil {
		return err
	}
	switch f {
	case FormatJSON:
		return JSON(w, r)
	case FormatCSV:
		return CSV(w, r)
	case FormatHTML:
		return HTML(w, r)
	}
	return Markdown(w, r)
}
