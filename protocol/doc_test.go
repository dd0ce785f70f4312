package protocol_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// The protocol document and the Go types must agree, so that a client
// written from the document alone reads the hub's frames right. These
// tests read docs/PROTOCOL.md; e2e/wire_test.go checks the frames of a
// real host against the same document.

// readDoc returns docs/PROTOCOL.md.
func readDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../docs/PROTOCOL.md")
	if err != nil {
		t.Fatalf("reading the protocol document: %v", err)
	}
	return string(b)
}

// section returns the text of the "## title" section, up to the next one.
func section(t *testing.T, doc, title string) string {
	t.Helper()
	_, s, ok := strings.Cut(doc, "\n## "+title+"\n")
	if !ok {
		t.Fatalf("docs/PROTOCOL.md has no %q section", title)
	}
	s, _, _ = strings.Cut(s, "\n## ")
	return s
}

var (
	tableRow = regexp.MustCompile(`^\|(.*)\|\s*$`)
	ticked   = regexp.MustCompile("`([a-z_]+)`")
	parens   = regexp.MustCompile(`\([^)]*\)`)
)

// cells splits a Markdown table row into its cells, or returns nil for a
// line that is not a row or is the header's rule.
func cells(line string) []string {
	m := tableRow.FindStringSubmatch(line)
	if m == nil || strings.HasPrefix(strings.TrimSpace(m[1]), "---") {
		return nil
	}
	out := strings.Split(m[1], "|")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// names returns the backticked names in a cell, ignoring what is in
// parentheses (allowed values, explanations).
func names(cell string) []string {
	var out []string
	for _, m := range ticked.FindAllStringSubmatch(parens.ReplaceAllString(cell, ""), -1) {
		out = append(out, m[1])
	}
	return out
}

// jsonFields lists the JSON names of a struct type's fields, and which of
// them the encoder leaves out when empty (omitempty, omitzero).
func jsonFields(typ reflect.Type) (all, optional []string) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		all = append(all, name)
		if strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero") {
			optional = append(optional, name)
		}
	}
	return all, optional
}

// objects are the rows the "Fields that may be absent" table must have,
// by the name in its first column, with the Go type each describes.
var objects = map[string]reflect.Type{
	"hello frame":    reflect.TypeFor[protocol.Hello](),
	"cmd frame":      reflect.TypeFor[protocol.Command](),
	"command":        reflect.TypeFor[session.Command](),
	"welcome frame":  reflect.TypeFor[protocol.Welcome](),
	"event frame":    reflect.TypeFor[protocol.EventFrame](),
	"event":          reflect.TypeFor[session.Event](),
	"ack frame":      reflect.TypeFor[protocol.Ack](),
	"nack frame":     reflect.TypeFor[protocol.Nack](),
	"error frame":    reflect.TypeFor[protocol.Error](),
	"presence frame": reflect.TypeFor[protocol.Presence](),
	"roster frame":   reflect.TypeFor[protocol.Roster](),
	"crowd":          reflect.TypeFor[protocol.Counts](),
	"state":          reflect.TypeFor[session.State](),
	"settings":       reflect.TypeFor[session.Settings](),
	"topic":          reflect.TypeFor[session.Topic](),
	"participant":    reflect.TypeFor[session.Participant](),
	"idea":           reflect.TypeFor[session.Idea](),
	"group":          reflect.TypeFor[session.Group](),
	"comment":        reflect.TypeFor[session.Comment](),
	"note":           reflect.TypeFor[session.Note](),
	"road map item":  reflect.TypeFor[session.RoadmapItem](),
	"feedback":       reflect.TypeFor[session.Feedback](),
	"timer":          reflect.TypeFor[session.Timer](),
	"moderation":     reflect.TypeFor[session.Moderation](),
	"agenda":         reflect.TypeFor[session.Agenda](), // issue 15
	// issue 16: breakout tables
	"table":     reflect.TypeFor[session.Table](),
	"promotion": reflect.TypeFor[session.Promotion](),
	"board":     reflect.TypeFor[session.Board](),
}

// TestDocumentSaysWhichFieldsMayBeAbsent: for every frame and object, the
// table "Fields that may be absent" names each JSON field exactly once,
// as always present (the encoder always writes it), may be absent (the
// encoder leaves it out when empty, zero or false) or never sent.
func TestDocumentSaysWhichFieldsMayBeAbsent(t *testing.T) {
	sec := section(t, readDoc(t), "Fields that may be absent")
	rows := map[string][3][]string{}
	for _, line := range strings.Split(sec, "\n") {
		c := cells(line)
		if len(c) != 4 || c[0] == "object" {
			continue
		}
		name := strings.TrimSpace(parens.ReplaceAllString(strings.ReplaceAll(c[0], "`", ""), ""))
		if _, ok := objects[name]; !ok {
			t.Errorf("the table has a row %q for no known frame or object", name)
			continue
		}
		rows[name] = [3][]string{names(c[1]), names(c[2]), names(c[3])}
	}
	for name, typ := range objects {
		row, ok := rows[name]
		if !ok {
			t.Errorf("the table has no row for %q", name)
			continue
		}
		all, optional := jsonFields(typ)
		listed := append(append(append([]string{}, row[0]...), row[1]...), row[2]...)
		sort.Strings(all)
		sort.Strings(listed)
		if !slices.Equal(all, listed) {
			t.Errorf("%s: the table lists %v; the fields are %v", name, listed, all)
		}
		for _, f := range row[0] {
			if slices.Contains(optional, f) {
				t.Errorf("%s: %q is listed as always present, but the hub leaves it out when empty", name, f)
			}
		}
		for _, f := range append(append([]string{}, row[1]...), row[2]...) {
			if !slices.Contains(optional, f) {
				t.Errorf("%s: %q is listed as possibly absent, but the hub always sends it", name, f)
			}
		}
	}
}

// TestTablesNameRealFields: every field the Commands and Events tables
// name is a field of a command or of an event.
func TestTablesNameRealFields(t *testing.T) {
	doc := readDoc(t)
	for _, tc := range []struct {
		section string
		col     int
		typ     reflect.Type
	}{
		{"Commands", 2, reflect.TypeFor[session.Command]()},
		{"Events", 1, reflect.TypeFor[session.Event]()},
	} {
		all, _ := jsonFields(tc.typ)
		rows := 0
		for _, line := range strings.Split(section(t, doc, tc.section), "\n") {
			c := cells(line)
			if len(c) <= tc.col || len(names(c[0])) == 0 || c[0] == "type" {
				continue
			}
			rows++
			for _, f := range names(c[tc.col]) {
				if !slices.Contains(all, f) {
					t.Errorf("%s table: the row %s names %q, which is not a field", tc.section, c[0], f)
				}
			}
		}
		if rows < 25 {
			t.Errorf("%s table: read only %d rows", tc.section, rows)
		}
	}
}

// example is one JSON example of the document.
type example struct {
	where string // e.g. "line 71"
	text  string
}

var (
	inline = regexp.MustCompile("`(\\{[^`]*\\})`")
	elided = regexp.MustCompile(`\{…[^{}"]*…\}|\{…\}`)
)

// examples returns every JSON example of the document: each value in a
// json code block, and each inline `{...}`.
func examples(t *testing.T, doc string) []example {
	var out []example
	lines := strings.Split(doc, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "```json" {
			start := i + 1
			var block []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				block = append(block, lines[i])
			}
			dec := json.NewDecoder(strings.NewReader(elided.ReplaceAllString(strings.Join(block, "\n"), `{"…":0}`)))
			for n := 1; ; n++ {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					if err.Error() != "EOF" {
						t.Errorf("the json block at line %d is not valid JSON (value %d): %v", start, n, err)
					}
					break
				}
				out = append(out, example{fmt.Sprintf("the block at line %d, value %d", start, n), string(raw)})
			}
			continue
		}
		for _, m := range inline.FindAllStringSubmatch(lines[i], -1) {
			out = append(out, example{fmt.Sprintf("line %d", i+1), elided.ReplaceAllString(m[1], `{"…":0}`)})
		}
	}
	return out
}

// typeOf returns the Go type an example shows, or nil for an example that
// is not a frame, an event or a state.
func typeOf(v map[string]any) reflect.Type {
	switch v["t"] {
	case protocol.KindHello:
		return reflect.TypeFor[protocol.Hello]()
	case protocol.KindCommand:
		return reflect.TypeFor[protocol.Command]()
	case protocol.KindWelcome:
		return reflect.TypeFor[protocol.Welcome]()
	case protocol.KindEvent:
		return reflect.TypeFor[protocol.EventFrame]()
	case protocol.KindAck:
		return reflect.TypeFor[protocol.Ack]()
	case protocol.KindNack:
		return reflect.TypeFor[protocol.Nack]()
	case protocol.KindError:
		return reflect.TypeFor[protocol.Error]()
	case protocol.KindPresence:
		return reflect.TypeFor[protocol.Presence]()
	case protocol.KindRoster:
		return reflect.TypeFor[protocol.Roster]()
	}
	if _, ok := v["counter"]; ok {
		return reflect.TypeFor[session.State]()
	}
	if _, ok := v["running"]; ok {
		return reflect.TypeFor[session.Timer]()
	}
	if _, ok := v["phases"]; ok { // issue 15
		return reflect.TypeFor[session.Agenda]()
	}
	if _, ok := v["institutions"]; ok {
		return reflect.TypeFor[protocol.Counts]()
	}
	if _, ok := v["seq"]; ok {
		if _, ok := v["type"]; ok {
			return reflect.TypeFor[session.Event]()
		}
	}
	if _, ok := v["by"]; ok { // issue 16: a promotion
		return reflect.TypeFor[session.Promotion]()
	}
	if _, ok := v["members"]; ok { // issue 16: a table
		return reflect.TypeFor[session.Table]()
	}
	return nil
}

// notOurs are examples of other things than frames, events, states and
// timers: the health check, and the empty object in prose.
var notOurs = []string{`{"status":"ok"`, `{}`}

// TestExamplesAreWhatTheHubSends: every JSON example of the document
// decodes into its Go type with no unknown field, and encoding that value
// gives the same keys, everywhere in it, as the example shows: an example
// that shows a key the hub leaves out (such as "actor":"" for a hidden
// actor), or lacks one it always sends, fails. An event shows only the
// common fields and those of its type's row in the Events table. An object
// written {…} is elided and not compared.
func TestExamplesAreWhatTheHubSends(t *testing.T) {
	doc := readDoc(t)
	evFields := map[string][]string{}
	for _, line := range strings.Split(section(t, doc, "Events"), "\n") {
		if c := cells(line); len(c) >= 2 && c[0] != "type" {
			for _, typ := range names(c[0]) {
				evFields[typ] = names(c[1])
			}
		}
	}
	exs := examples(t, doc)
	if len(exs) < 30 {
		t.Fatalf("found only %d examples", len(exs))
	}
	for _, ex := range exs {
		if slices.ContainsFunc(notOurs, func(p string) bool { return strings.HasPrefix(ex.text, p) && (p != `{}` || ex.text == p) }) {
			continue
		}
		var generic any
		if err := json.Unmarshal([]byte(ex.text), &generic); err != nil {
			t.Errorf("%s: not valid JSON (%v): %s", ex.where, err, ex.text)
			continue
		}
		obj, _ := generic.(map[string]any)
		typ := typeOf(obj)
		if typ == nil {
			t.Errorf("%s: an example of no known frame, event or state: %s", ex.where, ex.text)
			continue
		}
		skip := map[string]bool{} // paths of elided objects
		cleaned := unelide(generic, "", skip)
		clean, _ := json.Marshal(cleaned)
		dec := json.NewDecoder(bytes.NewReader(clean))
		dec.DisallowUnknownFields()
		val := reflect.New(typ)
		if err := dec.Decode(val.Interface()); err != nil {
			t.Errorf("%s: does not decode into %s: %v\n%s", ex.where, typ, err, ex.text)
			continue
		}
		if typ != reflect.TypeFor[protocol.Hello]() && typ != reflect.TypeFor[protocol.Command]() {
			// what the hub sends: the same keys as its encoder writes (a
			// client's frames may spell out empty fields: "since":0)
			enc, _ := json.Marshal(val.Interface())
			var back any
			json.Unmarshal(enc, &back)
			for _, p := range keyDiff(generic, back, "", skip) {
				t.Errorf("%s: %s\n  example: %s\n  the hub: %s", ex.where, p, ex.text, enc)
			}
		}
		ev, _ := obj["event"].(map[string]any)
		if typ == reflect.TypeFor[session.Event]() {
			ev = obj
		}
		if ev != nil {
			et, _ := ev["type"].(string)
			fields, ok := evFields[et]
			if !ok {
				t.Errorf("%s: event type %q has no row in the Events table", ex.where, et)
			}
			for k := range ev {
				if !slices.Contains([]string{"seq", "type", "at", "actor"}, k) && !slices.Contains(fields, k) {
					t.Errorf("%s: a %s event shows %q, which its row does not name", ex.where, et, k)
				}
			}
		}
	}
}

// TestProseShowsNoEmptyValueTheHubLeavesOut: the text around the
// examples must not promise a field with an empty value ("actor":"") that
// the hub leaves out.
func TestProseShowsNoEmptyValueTheHubLeavesOut(t *testing.T) {
	hubSide := map[string]bool{}
	for name, typ := range objects {
		if name == "hello frame" || name == "cmd frame" || name == "command" {
			continue
		}
		_, optional := jsonFields(typ)
		for _, f := range optional {
			hubSide[f] = true
		}
	}
	clientSide := map[string]bool{}
	for _, typ := range []reflect.Type{objects["hello frame"], objects["cmd frame"], objects["command"]} {
		all, _ := jsonFields(typ)
		for _, f := range all {
			clientSide[f] = true
		}
	}
	empty := regexp.MustCompile(`"([a-z_]+)":(""|0\b|false|\[\]|\{\})`)
	for i, line := range strings.Split(readDoc(t), "\n") {
		for _, m := range empty.FindAllStringSubmatch(line, -1) {
			if hubSide[m[1]] && !clientSide[m[1]] {
				t.Errorf("line %d shows %s, but the hub leaves %q out when it is empty: %s", i+1, m[0], m[1], line)
			}
		}
	}
}

// unelide returns v without the {"…":0} markers that stand for elided
// objects, recording their paths.
func unelide(v any, path string, skip map[string]bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if m, ok := e.(map[string]any); ok && len(m) == 1 && m["…"] != nil {
				skip[path+"."+k] = true
				continue
			}
			out[k] = unelide(e, path+"."+k, skip)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = unelide(e, fmt.Sprintf("%s[%d]", path, i), skip)
		}
		return out
	}
	return v
}

// keyDiff compares the keys of the example with those of its encoding,
// at every depth, except at elided paths.
func keyDiff(ex, enc any, path string, skip map[string]bool) []string {
	var out []string
	switch x := ex.(type) {
	case map[string]any:
		y, _ := enc.(map[string]any)
		for k, e := range x {
			p := path + "." + k
			if skip[p] {
				continue
			}
			ye, ok := y[k]
			if !ok {
				out = append(out, fmt.Sprintf("shows %s, which the hub leaves out (it is empty, zero or false)", p))
				continue
			}
			out = append(out, keyDiff(e, ye, p, skip)...)
		}
		for k := range y {
			if _, ok := x[k]; !ok && !skip[path+"."+k] {
				out = append(out, fmt.Sprintf("lacks %s, which the hub always sends", path+"."+k))
			}
		}
	case []any:
		y, _ := enc.([]any)
		for i := range min(len(x), len(y)) {
			out = append(out, keyDiff(x[i], y[i], fmt.Sprintf("%s[%d]", path, i), skip)...)
		}
	}
	return out
}
