package roadmap

import (
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// programmeText is every text of the reference programme that people
// typed or the facilitator set, which an export shows in any language.
func programmeText(pg *programme) []string {
	out := append(sessionText(pg.day1.s), sessionText(pg.day2.s)...)
	rec := pg.purgedRecord
	out = append(out, rec.ID, rec.Title, "digital.leadership", "UTC")
	for _, s := range []*session.State{pg.day1.s, pg.day2.s} {
		for _, i := range s.Ideas {
			if o := i.Origin; o != nil {
				out = append(out, o.Session, o.Title, o.Item, o.Table, o.Placed)
			}
		}
		for _, c := range s.Consent {
			for _, r := range append(c.History, *c.Result) {
				for _, why := range r.Reasons {
					out = append(out, why.Text)
				}
			}
		}
	}
	return out
}

// TestProgrammeExportsPseudo renders the Markdown, the HTML and the
// localized CSV header in the pseudo language: any English word left is
// text that bypassed the catalogue.
func TestProgrammeExportsPseudo(t *testing.T) {
	pg := referenceProgramme(t)
	r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated, Printer: lang.New(lang.Pseudo), LocalizedCSVHeader: true})
	data := programmeText(pg)
	for format, text := range map[string]string{
		FormatMarkdown: string(renderProgramme(t, r, FormatMarkdown)),
		FormatHTML:     pageText(string(renderProgramme(t, r, FormatHTML))),
		FormatCSV:      strings.Join(LocalizedProgrammeCSVHeader(r.say), "\n"),
	} {
		if esc := lang.Escaped(text, data...); len(esc) > 0 {
			t.Errorf("%s: English in the pseudo export: %q", format, esc)
		}
		if !strings.Contains(text, "~]") {
			t.Errorf("%s: no pseudo text at all", format)
		}
	}
}

// TestProgrammeSpeaksItsLanguage: words, dates, plurals and the page's
// language follow Options.Printer.
func TestProgrammeSpeaksItsLanguage(t *testing.T) {
	tests := map[lang.Tag][]string{
		lang.EN: {"Draft road map", "Day 2", "2 of 5 items have no agreed outcome yet", "Agreed with reservations", "412 events", "Table 3, round 1, promoted by its vote (6 votes)", "7 took part", "1 comment were posted"},
		lang.AZ: {"Yol xəritəsinin layihəsi", "Gün 2", "5 bənddən 2 bəndin", "Qeyd-şərtlə razılaşdırılıb", "412 hadisə", "Masa 3, raund 1", "7 qurum iştirak edib", "1 şərh"},
		lang.RU: {"Проект дорожной карты", "День 2", "пунктов без согласованного решения — 2", "Согласовано с оговорками", "412 событий", "Стол 3, раунд 1, выдвинут голосованием стола (6 голосов)", "7 ведомств участвовали", "1 комментарий"},
	}
	pg := referenceProgramme(t)
	for tag, want := range tests {
		r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated, Printer: lang.New(tag)})
		md := string(renderProgramme(t, r, FormatMarkdown))
		for _, w := range want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: the Markdown lacks %q", tag, w)
			}
		}
		if page := string(renderProgramme(t, r, FormatHTML)); !strings.Contains(page, `<html lang="`+string(tag)+`">`) {
			t.Errorf("%s: the page does not declare its language", tag)
		}
	}
}

// TestProgrammeJSONAndCSVKeepTheirIdentifiers: in any language the JSON
// has English's keys and identifying values, and the CSV's header is the
// column ids unless a localized one is asked for.
func TestProgrammeJSONAndCSVKeepTheirIdentifiers(t *testing.T) {
	pg := referenceProgramme(t)
	shape := func(tag lang.Tag) any {
		var doc any
		r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated, Printer: lang.New(tag)})
		if err := json.Unmarshal(renderProgramme(t, r, FormatJSON), &doc); err != nil {
			t.Fatal(err)
		}
		return programmeKeys(doc)
	}
	en := shape(lang.EN)
	for _, tag := range []lang.Tag{lang.AZ, lang.RU, lang.Pseudo} {
		if got := shape(tag); !reflect.DeepEqual(got, en) {
			t.Errorf("%s: the JSON's keys or identifiers differ from English's", tag)
		}
		header := func(localized bool) []string {
			r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated, Printer: lang.New(tag), LocalizedCSVHeader: localized})
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(renderProgramme(t, r, FormatCSV)), bom))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows[1:] {
				if role := row[5]; role != RoleHistory && role != RoleCurrent && role != RoleLater {
					t.Errorf("%s: a row's role is %q", tag, role)
				}
			}
			return rows[0]
		}
		if got := header(false); !slices.Equal(got, ProgrammeCSVHeader()) {
			t.Errorf("%s: the CSV header is %q, want the column ids", tag, got)
		}
		if got := header(true); slices.Equal(got, ProgrammeCSVHeader()) || len(got) != len(ProgrammeCSVHeader()) {
			t.Errorf("%s: the localized CSV header is %q", tag, got)
		}
	}
}

// programmeKeys keeps of a JSON document its keys and the values that
// identify: status, kind, outcome, by, phase, schema, ids and refs.
func programmeKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			switch k {
			case "status", "kind", "outcome", "by", "phase", "$schema", "schema_version", "id", "ref", "item", "pending":
				out[k] = x
			default:
				out[k] = programmeKeys(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = programmeKeys(x)
		}
		return out
	}
	return nil
}
