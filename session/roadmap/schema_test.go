package roadmap

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles roadmap.schema.json as a draft 2020-12 schema that
// asserts formats.
func compileSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	return compileSchemaDoc(tb, Schema(), SchemaID)
}

// compileSchemaDoc compiles a schema document (the session's or the
// programme's) under its id, as draft 2020-12, asserting formats.
func compileSchemaDoc(tb testing.TB, schema []byte, id string) *jsonschema.Schema {
	tb.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		tb.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		tb.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		tb.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// TestJSONMatchesSchema validates the JSON export of every fixture against
// the schema in the repository. The schema forbids undocumented fields, so a
// field added to the model without documentation fails here.
func TestJSONMatchesSchema(t *testing.T) {
	sch := compileSchema(t)
	sessions := map[string]func(testing.TB) *Roadmap{
		"anonymous": func(tb testing.TB) *Roadmap { return Build(workshop(tb, true).s, Options{Generated: generated}) },
		"named":     func(tb testing.TB) *Roadmap { return Build(workshop(tb, false).s, Options{Generated: generated}) },
		"hostile":   func(tb testing.TB) *Roadmap { return Build(hostileSession(tb, false), Options{Generated: generated}) },
		// issue 16: consent rounds
		"agreed": func(tb testing.TB) *Roadmap {
			return Build(workshopWith(tb, true, allAgreed).s, Options{Generated: generated})
		},
		"draft": func(tb testing.TB) *Roadmap {
			return Build(workshopWith(tb, false, someDisagree).s, Options{Generated: generated})
		},
		"empty": func(tb testing.TB) *Roadmap {
			return Build(newFixture(tb, "", "Empty", true, nil, nil).s, Options{Generated: generated})
		},
	}
	for name, build := range sessions {
		t.Run(name, func(t *testing.T) {
			out := render(t, build(t), FormatJSON)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatalf("the export does not match the schema: %v", err)
			}
		})
	}
}

// TestSchemaRejects checks that the schema is strict enough to catch a
// broken document, so that the validation above can fail.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	valid := render(t, Build(workshop(t, false).s, Options{Generated: generated}), FormatJSON)
	tests := map[string]func(doc map[string]any){
		"an undocumented field":    func(doc map[string]any) { doc["extra"] = 1 },
		"a wrong version":          func(doc map[string]any) { doc["schema_version"] = 2 },
		"a missing section":        func(doc map[string]any) { delete(doc, "roadmap") },
		"a road map item unplaced": func(doc map[string]any) { delete(firstItem(doc), "placement") },
		"an unknown kind":          func(doc map[string]any) { firstItem(doc)["kind"] = "task" },
		"a bad date":               func(doc map[string]any) { doc["session"].(map[string]any)["created_at"] = "yesterday" },
		"a candidate with a place": func(doc map[string]any) {
			doc["unplaced"].([]any)[0].(map[string]any)["placement"] = firstItem(doc)["placement"]
		},
		"an undocumented item field": func(doc map[string]any) { firstItem(doc)["owner"] = "x" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(valid, &doc); err != nil {
				t.Fatal(err)
			}
			mutate(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if sch.Validate(inst) == nil {
				t.Error("the schema accepts it")
			}
		})
	}
}

// jsonschemaInstance decodes a JSON document for validation.
func jsonschemaInstance(b []byte) (any, error) {
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// firstItem returns the first road map item of a decoded document.
func firstItem(doc map[string]any) map[string]any {
	return doc["roadmap"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)
}
