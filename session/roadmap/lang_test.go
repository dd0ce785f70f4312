package roadmap

import (
	"encoding/csv"
	"encoding/json"
	"html"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// sessionText is every text of a session that people typed or the
// facilitator set, and its id: what an export shows in any language.
func sessionText(s *session.State) []string {
	out := []string{s.ID, s.Settings.Title}
	out = append(out, s.Settings.Horizons...)
	for _, t := range s.Topics {
		out = append(out, t.Name)
	}
	for _, p := range s.Participants {
		out = append(out, p.Name, p.Institution)
	}
	for _, i := range s.Ideas {
		out = append(out, i.Text, i.Institution)
	}
	for _, g := range s.Groups {
		out = append(out, g.Name)
	}
	for _, c := range s.Comments {
		out = append(out, c.Text, c.Institution)
	}
	for _, n := range s.Notes {
		out = append(out, n.Notes, n.Decision)
	}
	for _, r := range s.Roadmap {
		out = append(out, r.Lead)
		out = append(out, r.Supporters...)
	}
	for _, f := range s.Feedback {
		out = append(out, f.Text)
	}
	for _, m := range s.Audit { // what the facilitator's moderation changed or removed
		out = append(out, m.Text, m.From, m.To, m.Item) // an idea or comment not quoted is named by its id
	}
	return out
}

var (
	styleBlock = regexp.MustCompile(`(?s)<style>.*?</style>`)
	htmlTag    = regexp.MustCompile(`(?s)<[^>]*>`)
	cssProp    = regexp.MustCompile(`[^-]content: ([^;]*);`)
	cssCounter = regexp.MustCompile(`counter\(\w+\)`)
)

// pageText is what a browser shows of an HTML page: its text without tags,
// and the text its style sheet prints (the page footers' content).
func pageText(page string) string {
	var printed []string
	for _, m := range cssProp.FindAllStringSubmatch(page, -1) {
		printed = append(printed, cssCounter.ReplaceAllString(m[1], ""))
	}
	body := styleBlock.ReplaceAllString(page, "")
	body = strings.Replace(body, "<!DOCTYPE html>", "", 1)
	return html.UnescapeString(htmlTag.ReplaceAllString(body, " ")) + "\n" + strings.Join(printed, "\n")
}

// TestExportsPseudo renders the workshop's Markdown, HTML and localized
// CSV header in the pseudo language: every word of English left is text
// that bypassed the catalogue.
func TestExportsPseudo(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		f := workshop(t, anonymous)
		data := append(sessionText(f.s), "UTC") // the time zone's name
		r := Build(f.s, Options{Generated: generated, Printer: lang.New(lang.Pseudo), LocalizedCSVHeader: true})
		for format, text := range map[string]string{
			FormatMarkdown: string(render(t, r, FormatMarkdown)),
			FormatHTML:     pageText(string(render(t, r, FormatHTML))),
			FormatCSV:      strings.Join(LocalizedCSVHeader(r.say), "\n"),
		} {
			if esc := lang.Escaped(text, data...); len(esc) > 0 {
				t.Errorf("anonymous=%v %s: English in the pseudo export: %q", anonymous, format, esc)
			}
			if !strings.Contains(text, "~]") {
				t.Errorf("anonymous=%v %s: no pseudo text at all", anonymous, format)
			}
		}
	}
	// Build's own names: the facilitator as an author, a lane without a topic.
	f := workshop(t, false)
	f.s.Ideas[titled(t, f.s, "Publish service KPIs monthly 📊")].Topic = "t99"
	f.s.Comments["c-fac"] = &session.Comment{ID: "c-fac", Item: titled(t, f.s, "Master data catalogue"), Text: "Noted", Author: session.FacilitatorID}
	md := string(render(t, Build(f.s, Options{Generated: generated, Printer: lang.New(lang.Pseudo)}), FormatMarkdown))
	if esc := lang.Escaped(md, append(sessionText(f.s), "UTC", "Noted")...); len(esc) > 0 {
		t.Errorf("English in the pseudo export of Build's names: %q", esc)
	}
}

// TestExportsSpeakTheirLanguage: dates, numbers, counts and the page's
// language follow Options.Printer.
func TestExportsSpeakTheirLanguage(t *testing.T) {
	tests := map[lang.Tag][]string{
		lang.EN: {"session of 2 March 2026", "generated 3 March 2026, 09:30 UTC", "9 from 7 institutions", "**4.0** out of 5 from 6 responses", "Group of 2 ideas", "3 institutions"},
		lang.AZ: {"sessiya tarixi: 2 mart 2026", "3 mart 2026, saat 09:30 UTC", "7 qurumdan 9 nəfər", "6 cavab əsasında orta qiymət: 5 baldan **4,0**", "2 ideyadan ibarət qrup", "3 qurum"},
		lang.RU: {"сессия от 2 марта 2026", "сформирован 3 марта 2026, 09:30 UTC", "9 из 7 ведомств", "**4,0** из 5 (6 ответов)", "Группа из 2 идей", "3 ведомства", "1 ведомство"},
	}
	f := workshop(t, true)
	for tag, want := range tests {
		r := Build(f.s, Options{Generated: generated, Printer: lang.New(tag)})
		md := string(render(t, r, FormatMarkdown))
		for _, w := range want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: the Markdown lacks %q", tag, w)
			}
		}
		if page := string(render(t, r, FormatHTML)); !strings.Contains(page, `<html lang="`+string(tag)+`">`) {
			t.Errorf("%s: the page does not declare its language", tag)
		}
	}
}

// TestJSONAndCSVKeepTheirIdentifiers: in any language the JSON has the
// same keys and identifying values (status, kinds, phase) as in English,
// and the CSV's header is the stable column ids unless a localized one is
// asked for.
func TestJSONAndCSVKeepTheirIdentifiers(t *testing.T) {
	f := workshop(t, false)
	shape := func(tag lang.Tag) any {
		var doc any
		if err := json.Unmarshal(render(t, Build(f.s, Options{Generated: generated, Printer: lang.New(tag)}), FormatJSON), &doc); err != nil {
			t.Fatal(err)
		}
		return keysAndIDs(doc)
	}
	en := shape(lang.EN)
	for _, tag := range []lang.Tag{lang.AZ, lang.RU, lang.Pseudo} {
		if got := shape(tag); !reflect.DeepEqual(got, en) {
			t.Errorf("%s: the JSON's keys or identifiers differ from English's", tag)
		}
		header := func(localized bool) []string {
			r := Build(f.s, Options{Generated: generated, Printer: lang.New(tag), LocalizedCSVHeader: localized})
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(render(t, r, FormatCSV)), bom))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return rows[0]
		}
		if got := header(false); !slices.Equal(got, CSVHeader()) {
			t.Errorf("%s: the CSV header is %q, want the column ids", tag, got)
		}
		if got := header(true); slices.Equal(got, CSVHeader()) || len(got) != len(CSVHeader()) {
			t.Errorf("%s: the localized CSV header is %q", tag, got)
		}
	}
}

// keysAndIDs keeps of a JSON document its keys, and the values that
// identify rather than say: status, kind, phase, schema and ids.
func keysAndIDs(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			switch k {
			case "status", "kind", "phase", "$schema", "schema_version", "id":
				out[k] = x
			default:
				out[k] = keysAndIDs(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = keysAndIDs(x)
		}
		return out
	}
	return nil
}
