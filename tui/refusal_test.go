package tui

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// refusalTables are the English of every refusal by id: the session's,
// the hub's and the client library's.
func refusalTables(t *testing.T) map[string]string {
	t.Helper()
	all := session.Refusals()
	for k, v := range protocol.Refusals() {
		if _, dup := all[k]; dup {
			t.Errorf("%q is in both tables", k)
		}
		all[k] = v
	}
	return all
}

// TestRefusalCatalogueIsTheHubsEnglish: the errors catalogue's English is
// exactly the hub's, id for id, both ways, every plural form included; so
// an app that translates a refusal and one that shows the hub's message
// say the same in English.
func TestRefusalCatalogueIsTheHubsEnglish(t *testing.T) {
	tables := refusalTables(t)
	var file map[string]any
	if _, err := toml.DecodeFile("../lang/locales/en/errors.toml", &file); err != nil {
		t.Fatal(err)
	}
	for id, v := range file {
		want, ok := tables[id]
		if !ok {
			t.Errorf("en/errors.toml has %q, which neither session.Refusals nor protocol.Refusals has", id)
			continue
		}
		forms := map[string]any{"other": v}
		if m, ok := v.(map[string]any); ok {
			forms = m
			delete(forms, "description")
		}
		for form, text := range forms {
			if text != want {
				t.Errorf("%q (%s) is %q in en/errors.toml; the hub says %q", id, form, text, want)
			}
		}
	}
	for id := range tables {
		if _, ok := file[id]; !ok {
			t.Errorf("%q is missing from en/errors.toml", id)
		}
	}
	if ids := lang.IDs("errors"); len(ids) != len(tables) {
		t.Errorf("the errors area has %d ids; the tables %d", len(ids), len(tables))
	}
}

var placeholder = regexp.MustCompile(`\{\{\.([A-Za-z]+)\}\}`)

// sampleArgs fills every placeholder of a template: a count of 5, the
// vote phase and the idea field (terms), and "7Name7" for the rest.
func sampleArgs(tmpl string) map[string]string {
	var args map[string]string
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		if args == nil {
			args = map[string]string{}
		}
		switch m[1] {
		case "N":
			args["N"] = "5"
		case "Phase":
			args["Phase"] = "vote"
		case "Field":
			args["Field"] = "idea"
		default:
			args[m[1]] = "7" + m[1] + "7"
		}
	}
	return args
}

// TestRefusalInEnglishIsTheHubsMessage: said in English, every refusal is
// the hub's message word for word, with its arguments; in Azerbaijani and
// Russian it is not, and shows every argument but the terms, which are
// translated; in the pseudo language no English escapes.
func TestRefusalInEnglishIsTheHubsMessage(t *testing.T) {
	tables := refusalTables(t)
	for _, key := range slices.Sorted(maps.Keys(tables)) {
		if strings.HasPrefix(key, "errors.phase.") || strings.HasPrefix(key, "errors.field.") {
			continue
		}
		args := sampleArgs(tables[key])
		hub := session.Render(tables, key, args)
		if got := Refusal(lang.New(lang.EN), "ECODE", key, args, hub); got != hub {
			t.Errorf("%s in en: %q; the hub says %q", key, got, hub)
		}
		for _, tag := range []lang.Tag{lang.AZ, lang.RU} {
			got := Refusal(lang.New(tag), "ECODE", key, args, hub)
			if got == hub {
				t.Errorf("%s in %s is the English: %q", key, tag, got)
			}
			for name, v := range args {
				if name != "Phase" && name != "Field" && !strings.Contains(got, v) {
					t.Errorf("%s in %s lacks %s (%q): %q", key, tag, name, v, got)
				}
			}
		}
		var data []string
		for _, v := range args {
			data = append(data, v)
		}
		if got := Refusal(lang.New(lang.Pseudo), "ECODE", key, args, hub); len(lang.Escaped(got, data...)) > 0 {
			t.Errorf("%s in the pseudo language shows English %v: %q", key, lang.Escaped(got, data...), got)
		}
	}
}

// TestRefusalInAzerbaijaniAndRussian: refusals as a reader in Baku sees
// them, counts in the right plural form, terms in the reader's words.
func TestRefusalInAzerbaijaniAndRussian(t *testing.T) {
	az, ru := lang.New(lang.AZ), lang.New(lang.RU)
	tests := map[string]struct {
		l    *lang.Printer
		key  string
		args map[string]string
		want string
	}{
		"az: all votes used": {az, "errors.votes_used_all", map[string]string{"N": "5"},
			"Siz 5 səsinizin hamısını istifadə etmisiniz. Yenidən səs vermək üçün səslərinizdən birini geri götürün."},
		"ru: all 5 votes used (many)": {ru, "errors.votes_used_all", map[string]string{"N": "5"},
			"Вы использовали все 5 голосов. Чтобы проголосовать снова, снимите один голос."},
		"ru: all 3 votes used (few)": {ru, "errors.votes_used_all", map[string]string{"N": "3"},
			"Вы использовали все 3 голоса. Чтобы проголосовать снова, снимите один голос."},
		"ru: all 21 votes used (one)": {ru, "errors.votes_used_all", map[string]string{"N": "21"},
			"Вы использовали все 21 голос. Чтобы проголосовать снова, снимите один голос."},
		"ru: all 11 votes used (many)": {ru, "errors.votes_used_all", map[string]string{"N": "11"},
			"Вы использовали все 11 голосов. Чтобы проголосовать снова, снимите один голос."},
		"ru: a cap of 1 (one, genitive)": {ru, "errors.vote_cap", map[string]string{"N": "1"},
			"За один пункт можно отдать не более 1 голоса."},
		"ru: a cap of 3": {ru, "errors.vote_cap", map[string]string{"N": "3"},
			"За один пункт можно отдать не более 3 голосов."},
		"az: a cap of 3": {az, "errors.vote_cap", map[string]string{"N": "3"},
			"Bir bəndə ən çox 3 səs vermək olar."},
		"ru: a time on the agenda": {ru, "errors.agenda_time_range", map[string]string{"Hours": "4"},
			"Время в повестке можно задать от 1 секунды до 4 ч."},
		"ru: the phase is a term": {ru, "errors.vote_phase", map[string]string{"Phase": "ideas"},
			"Голосование проходит на этапе «Голосование»; сейчас идёт этап «Идеи»."},
		"az: the phase is a term": {az, "errors.post_idea_phase", map[string]string{"Phase": "lobby"},
			"“Qeydiyyat” mərhələsində ideya göndərmək olmaz."},
		"ru: the field is a term": {ru, "errors.field_too_long", map[string]string{"Field": "group_name", "Length": "130", "Max": "120"},
			"Поле «Название группы» слишком длинное (130 симв.); допускается не более 120 симв."},
		"az: the field is a term": {az, "errors.field_empty", map[string]string{"Field": "institution"},
			"“Qurum” sahəsi doldurulmayıb."},
		"ru: a value that names no term is shown as sent": {ru, "errors.unknown_phase", map[string]string{"Value": "vote"},
			"Неизвестный этап «vote»."},
		"ru: the hub's own": {ru, "errors.hub.joins_from_network", map[string]string{"Seconds": "3"},
			"Из вашей сети только что подключилось много людей; повторите попытку через 3 с."},
		"az: the hub's own": {az, "errors.hub.wrong_code", nil,
			"Qoşulma kodu səhvdir. Moderatorun ekranındakı kodu yoxlayın."},
		"ru: the client's own": {ru, "errors.client.closed", map[string]string{"Code": "4999"},
			"Сервер закрыл соединение (код 4999)."},
		"a nil printer speaks English": {nil, "errors.votes_used_all", map[string]string{"N": "5"},
			"You have used all 5 of your votes. Remove one to vote again."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Refusal(tc.l, session.ELIMIT, tc.key, tc.args, "the hub's English"); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestRefusalFallsBack: what the catalogue cannot say, the hub's message
// says; without one, the code.
func TestRefusalFallsBack(t *testing.T) {
	ru := lang.New(lang.RU)
	tests := map[string]struct {
		key, msg string
		args     map[string]string
		want     string
	}{
		"an older hub: no key":         {"", "Old words.", nil, "Old words."},
		"a newer hub: an unknown key":  {"errors.from_the_future", "New words.", nil, "New words."},
		"an argument the hub left out": {"errors.field_too_long", "The idea is too long.", map[string]string{"Field": "idea"}, "The idea is too long."},
		"a count that is not a number": {"errors.votes_used_all", "Used all.", map[string]string{"N": "many"}, "Used all."},
		"nothing but the code":         {"", "", nil, session.ELIMIT},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Refusal(ru, session.ELIMIT, tc.key, tc.args, tc.msg); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestErrorText: a refusal anywhere in an error's chain is said in the
// reader's language; other errors as they are.
func TestErrorText(t *testing.T) {
	ru := lang.New(lang.RU)
	refused := protocol.Refuse(session.EFORBIDDEN, "errors.hub.wrong_code")
	if got, want := ErrorText(ru, fmt.Errorf("joining: %w", refused)), "Неверный код подключения. Проверьте код на экране модератора."; got != want {
		t.Errorf("a wrapped refusal: %q, want %q", got, want)
	}
	if got := ErrorText(ru, client.ErrUnreachable); got != client.ErrUnreachable.Error() {
		t.Errorf("another error: %q", got)
	}
	if got := ErrorText(ru, nil); got != "" {
		t.Errorf("nil: %q", got)
	}
	n := client.Nack{Code: session.ELIMIT, Key: "errors.vote_cap", Args: map[string]string{"N": "3"}, Message: "You can give one item at most 3 votes."}
	if got, want := ErrorText(lang.New(lang.AZ), n.Refused()), "Bir bəndə ən çox 3 səs vermək olar."; got != want {
		t.Errorf("a nack: %q, want %q", got, want)
	}
}
