// Package roadmap builds the draft road map of a session and renders it for
// the organisers: Markdown, JSON (with a versioned JSON Schema), CSV and a
// self-contained printable HTML page.
//
// Build reads the facilitator's full state and makes a plain data model;
// the renderers only format that model. Every renderer is deterministic: the
// same state and options give the same bytes on every run.
//
//	r := roadmap.Build(state, roadmap.Options{Generated: now})
//	err := roadmap.Render(w, r, roadmap.FormatHTML)
//
// Participant text was sanitised when it was stored; the model sanitises it
// again, and each renderer escapes it for its format so that it can never
// become markup, a link, a formula or a terminal escape.
package roadmap
