// Package roadmap builds the draft road map of a session and renders it for
// the organisers: Markdown, JSON (with a versioned JSON Schema), CSV and a
// self-contained printable HTML page. Each item carries its consent rounds
// (issue 16, consent.go); a road map whose every item was agreed in one is
// exported as Agreed, otherwise as a Draft.
//
// Build reads the facilitator's full state and makes a plain data model;
// the renderers only format that model. Every renderer is deterministic: the
// same state and options give the same bytes on every run.
//
//	r := roadmap.Build(state, roadmap.Options{Generated: now, Printer: lang.New(lang.AZ)})
//	err := roadmap.Render(w, r, roadmap.FormatHTML)
//
// Options.Printer is the language of what the export adds to the session's
// text: headings, labels, dates ("2 dekabr 2026"), numbers and the names of
// what has none; nil is English. JSON keys, CSV column ids and identifying
// values stay English in every language, so that programs read any export.
//
// Participant text was sanitised when it was stored; the model sanitises it
// again, and each renderer escapes it for its format so that it can never
// become markup, a link, a formula or a terminal escape.
package roadmap
