package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/session"
	"roundtable/session/store"
)

// programmeDB makes a database with a programme of three sessions, each
// created with its programme and day and its events appended through the
// store: day 1 (anonymous, a road map), day 2 (named, a road map) and a day
// 1 session that is then purged; and one session outside the programme.
func programmeDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "rt.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	build := func(id, code, programme string, day int, anonymous bool, script func(do func(session.Actor, session.Command) string, st *session.State)) {
		at := start.AddDate(0, 0, max(day-1, 0))
		if err := st.CreateSession(ctx, store.SessionInfo{ID: id, Code: code, CreatedAt: at, Programme: programme, Day: day}); err != nil {
			t.Fatal(err)
		}
		state := session.NewState(id)
		do := func(a session.Actor, c session.Command) string {
			at = at.Add(time.Minute)
			evs, err := session.Decide(state, a, c, at)
			if err != nil {
				t.Fatalf("%s: %s: %v", id, c.Type, err)
			}
			for i := range evs {
				evs[i].Seq = state.Seq + 1
				state.Apply(evs[i])
			}
			if err := st.AppendSync(ctx, store.Batch{Session: id, Events: evs}); err != nil {
				t.Fatal(err)
			}
			return evs[0].ID
		}
		title := "Rəqəmsal liderlik — " + id
		do(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, session.Command{Type: session.CmdCreateSession, Title: &title, Anonymous: &anonymous})
		script(do, state)
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	roadmap := func(inst, idea, horizon string) func(do func(session.Actor, session.Command) string, st *session.State) {
		return func(do func(session.Actor, session.Command) string, st *session.State) {
			var people []session.Actor
			for _, n := range []string{"Aysel", "Rashad", "Leyla"} {
				people = append(people, session.Actor{ID: do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: n, Institution: inst}), Role: session.RoleParticipant})
			}
			do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
			id := do(people[0], session.Command{Type: session.CmdPostIdea, Topic: st.Topics[0].ID, Text: idea})
			do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
			do(people[1], session.Command{Type: session.CmdVote, Item: id, Delta: 1})
			do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
			do(fac, session.Command{Type: session.CmdPlace, Item: id, Horizon: horizon, Lead: inst})
		}
	}
	build("d2", "DAY2", "digital.leadership", 2, false, roadmap("rəqəmsal inkişaf agentliyi", "Single sign-on <script>x</script>", "Next"))
	build("d1", "DAY1", "digital.leadership", 1, true, roadmap("Rəqəmsal İnkişaf Agentliyi", "Vahid məlumat mübadiləsi platforması", "Now"))
	build("d1b", "DAY1B", "digital.leadership", 1, true, roadmap("ASAN Xidmət", "Gone with the purge", "Later"))
	build("other", "OTHER", "", 0, true, roadmap("Elsewhere", "Not in the programme", "Now"))
	if _, err := st.Purge(ctx, "d1b"); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestExportProgramme(t *testing.T) {
	db := programmeDB(t)
	epoch := map[string]string{"SOURCE_DATE_EPOCH": "1772530200"}
	for _, format := range []string{"md", "json", "csv", "html"} {
		t.Run(format, func(t *testing.T) {
			a, stderr, code := runCLIEnv(t, epoch, "export", "--db", db, "--programme", "digital.leadership", "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stderr, "d1b") || !strings.Contains(stderr, "purged") {
				t.Errorf("the purged session is not said on stderr: %q", stderr)
			}
			b, _, _ := runCLIEnv(t, epoch, "export", "--db", db, "--programme", "digital.leadership", "--format", format)
			if a != b {
				t.Fatal("two exports of the same database differ")
			}
			for _, want := range []string{"Vahid məlumat mübadiləsi platforması", "Single sign-on", "d1b"} {
				if !strings.Contains(a, want) && (format != "csv" || want != "d1b") { // the CSV holds the road map's rows only
					t.Errorf("the %s export lacks %q", format, want)
				}
			}
			for _, not := range []string{"Not in the programme", "Gone with the purge"} {
				if strings.Contains(a, not) {
					t.Errorf("the %s export holds %q", format, not)
				}
			}
			if (format == "md" || format == "html") && strings.Contains(a, "<script>x") {
				t.Fatalf("participant markup survived in the %s export", format)
			}
			if format == "json" {
				var doc struct {
					Programme struct{ Status string }
					Sessions  []struct {
						ID     string
						Day    int
						Purged *struct{ Events int }
					}
					Coverage struct {
						Named []struct{ Name string }
					}
				}
				if err := json.Unmarshal([]byte(a), &doc); err != nil {
					t.Fatal(err)
				}
				if len(doc.Sessions) != 3 || doc.Sessions[0].ID != "d1" || doc.Sessions[1].ID != "d1b" || doc.Sessions[1].Purged == nil || doc.Sessions[1].Purged.Events == 0 || doc.Sessions[2].Day != 2 {
					t.Errorf("sessions %+v: want d1, d1b (purged, with its events), d2", doc.Sessions)
				}
				if doc.Programme.Status != "draft" || len(doc.Coverage.Named) != 1 {
					t.Errorf("status %q, named %+v: want a draft, and the agency once however typed", doc.Programme.Status, doc.Coverage.Named)
				}
			}
		})
	}
	out := filepath.Join(t.TempDir(), "programme.html")
	_, stderr, code := runCLIEnv(t, epoch, "export", "--db", db, "--programme", "digital.leadership", "-o", out, "--lang", "ru")
	if code != 0 || !strings.Contains(stderr, "3 сессии") {
		t.Fatalf("export -o: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(bytes.TrimSpace(b), []byte("<!DOCTYPE html>")) || !bytes.Contains(b, []byte(`lang="ru"`)) {
		t.Fatalf("-o programme.html did not write the Russian page: %v %.40q", err, b)
	}
	// a programme's export marks no session exported: its road map is not all a session's export holds
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if info, err := st.Session(context.Background(), "d1"); err != nil || !info.ExportedAt.IsZero() {
		t.Errorf("d1 was marked exported: %v %v", info.ExportedAt, err)
	}
}

func TestExportProgrammeErrors(t *testing.T) {
	db := programmeDB(t)
	tests := map[string]struct {
		args     []string
		wantCode int
		wantMsg  string
	}{
		"with --session":    {[]string{"export", "--db", db, "--programme", "digital.leadership", "--session", "d1"}, 2, "not both"},
		"with --session az": {[]string{"export", "--db", db, "--programme", "x", "--session", "latest", "--lang", "az"}, 2, "ikisini birdən yox"},
		"no name":           {[]string{"export", "--db", db, "--programme", " "}, 2, "needs the programme's name"},
		"unknown programme": {[]string{"export", "--db", db, "--programme", "nope"}, 1, "nope"},
		"missing database":  {[]string{"export", "--db", filepath.Join(t.TempDir(), "none.db"), "--programme", "x"}, 1, "there is no database"},
		"unknown format":    {[]string{"export", "--db", db, "--programme", "digital.leadership", "--format", "pdf"}, 2, "pdf"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.wantMsg) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tc.wantCode, tc.wantMsg)
			}
		})
	}
	// the help says both ways, in the reader's language
	for lang, want := range map[string]string{"en": "--programme NAME", "az": "--programme AD", "ru": "--programme ИМЯ"} {
		_, stderr, _ := runCLI(t, "export", "-h", "--lang", lang)
		if !strings.Contains(stderr, want) || !strings.Contains(stderr, "--session") {
			t.Errorf("%s: export -h does not give both usage lines: %q", lang, stderr)
		}
	}
}
