package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session/store"
)

// runCLIIn is runCLI with what the person types on standard input.
func runCLIIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runIn(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// listed runs sessions --json on db and returns its rows.
func listed(t *testing.T, db string) []sessionJSON {
	t.Helper()
	out, stderr, code := runCLI(t, "sessions", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("sessions --json: exit %d: %s", code, stderr)
	}
	var rows []sessionJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("sessions --json: %v\n%s", err, out)
	}
	return rows
}

// TestSessionsListsStateAndSize (issue 15): the list says each session's
// size (participants, ideas, events), its last event and whether it was
// exported, in a table in the reader's language and as JSON.
func TestSessionsListsStateAndSize(t *testing.T) {
	db := hostedDB(t)
	rows := listed(t, db)
	if len(rows) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if r.Code != "EXP1" || r.Title != "Rəqəmsal liderlik" || r.Phase != "ideas" || r.Participants != 0 || r.Ideas != 1 ||
		r.Events != 4 || r.Exported != nil || r.ExportedLast || r.Purged != nil || r.Hosted || r.LastEvent.Before(r.Created) {
		t.Fatalf("row %+v", r)
	}

	out, stderr, code := runCLI(t, "sessions", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"LAST EVENT", "PARTICIPANTS", "IDEAS", r.ID, "EXP1", "Ideas", "not exported", "Rəqəmsal liderlik"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}

	if _, stderr, code := runCLI(t, "export", "--db", db, "-o", filepath.Join(t.TempDir(), "r.md")); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if r := listed(t, db)[0]; r.Exported == nil || !r.ExportedLast {
		t.Fatalf("after the export: %+v", r)
	}
	out, _, _ = runCLI(t, "sessions", "--db", db, "--lang", "az")
	for _, want := range []string{"SON HADİSƏ", "İŞTİRAKÇILAR", "İdeyalar", "ixrac olunub"} {
		if !strings.Contains(out, want) {
			t.Errorf("the Azerbaijani table lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "sessions", "--db", db, "--lang", "ru")
	for _, want := range []string{"ПОСЛЕДНЕЕ СОБЫТИЕ", "экспортирована"} {
		if !strings.Contains(out, want) {
			t.Errorf("the Russian table lacks %q:\n%s", want, out)
		}
	}
}

// TestSessionsOfNoDatabase: a missing file is an error that names it, and
// is not created; an empty database says it has no sessions.
func TestSessionsOfNoDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	for _, tc := range []struct{ lang, want string }{{"en", "there is no database at"}, {"az", "verilənlər bazası yoxdur"}} {
		_, stderr, code := runCLI(t, "sessions", "--db", missing, "--lang", tc.lang)
		if code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, missing) {
			t.Errorf("%s: exit %d, %q; want 1 and %q", tc.lang, code, stderr, tc.want)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("sessions created %s: %v", missing, err)
	}

	empty := filepath.Join(t.TempDir(), "empty.db")
	st, err := store.Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, _, code := runCLI(t, "sessions", "--db", empty)
	if code != 0 || !strings.Contains(out, "No sessions in "+empty) {
		t.Errorf("empty: exit %d, %q", code, out)
	}
	out, _, _ = runCLI(t, "sessions", "--db", empty, "--lang", "az")
	if !strings.Contains(out, "hələ sessiya yoxdur") {
		t.Errorf("empty, az: %q", out)
	}
	if out, _, _ = runCLI(t, "sessions", "--db", empty, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty --json: %q; want []", out)
	}
}

// TestDataCommandsPseudo: what sessions and purge print, table and
// refusals, is all from the catalogue: in the pseudo language no English
// word is left but the data (ids, the title, the code, dates, paths and
// the commands shown).
func TestDataCommandsPseudo(t *testing.T) {
	db := hostedDB(t)
	id := listed(t, db)[0].ID
	data := []string{id, "EXP1", "Rəqəmsal liderlik", db, "roundtable", "purge", "export", "--db", "--session", "-o", "roadmap-" + id + ".md", "--force", "--yes"}
	var texts []string
	say := func(stdin string, args ...string) {
		out, stderr, _ := runCLIIn(t, stdin, append(args, "--lang", "en-XA")...)
		texts = append(texts, out+stderr)
	}
	say("", "sessions", "--db", db)
	say("", "purge", "--db", db, "--session", id)
	say("", "purge", "--db", db, "--session", "nope")
	say("", "purge", "--db", db)
	say("", "export", "--db", db, "-o", filepath.Join(t.TempDir(), "r.md"))
	say("", "sessions", "--db", db)
	say("no\n", "purge", "--db", db, "--session", id)
	say("", "purge", "--db", db, "--session", id, "--yes")
	say("", "sessions", "--db", db)
	say("", "export", "--db", db)
	dates := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d`)
	for _, text := range texts {
		if esc := lang.Escaped(dates.ReplaceAllString(text, ""), append(data, "nope", "r.md")...); len(esc) > 0 {
			t.Errorf("English in the pseudo output: %q\n%s", esc, text)
		}
	}
}
