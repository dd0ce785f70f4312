package roadmap

import (
	_ "embed"
	"encoding/json"
	"io"
)

//go:embed roadmap.schema.json
var schema []byte

// Schema returns the JSON Schema (draft 2020-12) of the document JSON
// writes. Its "$id" is SchemaID.
func Schema() []byte { return append([]byte(nil), schema...) }

// document is the JSON document: the road map under a versioned envelope.
type document struct {
	Schema  string `json:"$schema"`
	Version int    `json:"schema_version"`
	*Roadmap
}

// JSON writes the road map as an indented JSON document with "$schema" and
// "schema_version" at the top, as described by Schema. HTML-significant
// characters are escaped (\u003c), so the document is safe to embed in a
// web page.
func JSON(w io.Writer, r *Roadmap) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(document{Schema: SchemaID, Version: SchemaVersion, Roadmap: r})
}
