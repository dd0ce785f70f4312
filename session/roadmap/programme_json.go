package roadmap

import (
	_ "embed"
	"encoding/json"
	"io"
)

//go:embed programme.schema.json
var programmeSchema []byte

// ProgrammeSchema returns the JSON Schema (draft 2020-12) of the document
// ProgrammeJSON writes. Its "$id" is ProgrammeSchemaID.
func ProgrammeSchema() []byte { return append([]byte(nil), programmeSchema...) }

// programmeDocument is the JSON document: the programme under a versioned
// envelope.
type programmeDocument struct {
	Schema  string `json:"$schema"`
	Version int    `json:"schema_version"`
	*Programme
}

// ProgrammeJSON writes the programme's road map as an indented JSON
// document with "$schema" and "schema_version" at the top, as
// ProgrammeSchema describes it. HTML-significant characters are escaped
// (\u003c), so the document is safe to embed in a web page.
func ProgrammeJSON(w io.Writer, r *Programme) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(programmeDocument{Schema: ProgrammeSchemaID, Version: ProgrammeSchemaVersion, Programme: r})
}

// RenderProgramme writes the programme's road map in the named format (any
// name ParseFormat accepts).
func RenderProgramme(w io.Writer, r *Programme, format string) error {
	f, err := ParseFormat(format)
	if err != nil {
		return err
	}
	switch f {
	case FormatJSON:
		return ProgrammeJSON(w, r)
	case FormatCSV:
		return ProgrammeCSV(w, r)
	case FormatHTML:
		return ProgrammeHTML(w, r)
	}
	return ProgrammeMarkdown(w, r)
}
