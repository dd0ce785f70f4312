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

	"roundtable/server"
	"roundtable/session"
)

// hostedDB makes a database with one session that has a participant, ideas
// and a road map item, through the real host.
func hostedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rt.db")
	h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, Code: "EXP1", Title: "Rəqəmsal liderlik"})
	if err != nil {
		t.Fatal(err)
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	var failed error
	do := func(a session.Actor, c session.Command) {
		if failed == nil {
			failed = h.Room.Do(a, c)
		}
	}
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	do(fac, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Açıq məlumat portalı <script>alert(1)</script>"})
	do(fac, session.Command{Type: session.CmdPlace, Item: "i5", Horizon: "Now", Lead: "IRIA"})
	if failed != nil {
		t.Fatal(failed)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCLIEnv(t, map[string]string{}, args...)
}

// runCLIEnv runs the command with env as its environment.
func runCLIEnv(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runIn(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestExportFormatsAndDeterminism(t *testing.T) {
	db := hostedDB(t)
	// the export's own time from SOURCE_DATE_EPOCH: byte-identical runs
	epoch := map[string]string{"SOURCE_DATE_EPOCH": "1772530200"}
	for _, format := range []string{"md", "json", "csv", "html"} {
		t.Run(format, func(t *testing.T) {
			a, stderr, code := runCLIEnv(t, epoch, "export", "--db", db, "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			b, _, _ := runCLIEnv(t, epoch, "export", "--db", db, "--format", format)
			if a != b {
				t.Fatal("two exports of the same session differ")
			}
			if !strings.Contains(a, "Açıq məlumat portalı") {
				t.Fatalf("the idea is missing from the %s export", format)
			}
			if (format == "md" || format == "html") && strings.Contains(a, "<script>") {
				t.Fatalf("participant markup survived in the %s export", format)
			}
			if format == "json" && !json.Valid([]byte(a)) {
				t.Fatal("invalid JSON")
			}
		})
	}
	out := filepath.Join(t.TempDir(), "roadmap.html")
	if _, stderr, code := runCLI(t, "export", "--db", db, "-o", out); code != 0 {
		t.Fatalf("export -o: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(bytes.TrimSpace(b), []byte("<!DOCTYPE html>")) {
		t.Fatalf("-o roadmap.html did not write HTML: %v %.40q", err, b)
	}
}

func TestExportErrors(t *testing.T) {
	db := hostedDB(t)
	tests := map[string]struct {
		args     []string
		wantCode int
		wantMsg  string
	}{
		"missing database":  {[]string{"export", "--db", filepath.Join(t.TempDir(), "none.db")}, 1, "there is no database"},
		"unknown session":   {[]string{"export", "--db", db, "--session", "nope"}, 1, "nope"},
		"unknown format":    {[]string{"export", "--db", db, "--format", "pdf"}, 2, "pdf"},
		"unknown extension": {[]string{"export", "--db", db, "-o", filepath.Join(t.TempDir(), "x.docx")}, 2, "--format"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.wantMsg) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tc.wantCode, tc.wantMsg)
			}
		})
	}
}

// TestExportWarnsOfAnEmptyLatest: after a closed session a host started
// again opens a new, empty one; exporting "latest" then says which
// session has the content, and how to export it.
func TestExportWarnsOfAnEmptyLatest(t *testing.T) {
	db := hostedDB(t)
	_, stderr, code := runCLI(t, "export", "--db", db)
	if code != 0 || strings.Contains(stderr, "is empty") {
		t.Fatalf("exit %d, a warning for a session with content: %s", code, stderr)
	}
	h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, New: true, Title: "Next day"})
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	_, stderr, code = runCLI(t, "export", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"the latest session, " + h.SessionID, "is empty", "--session "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the warning lacks %q:\n%s", want, stderr)
		}
	}
	if _, stderr, _ = runCLI(t, "export", "--db", db, "--session", h.SessionID); strings.Contains(stderr, "is empty") {
		t.Errorf("a session named by id got the warning meant for \"latest\":\n%s", stderr)
	}
}

// TestExportSaysWhenItWasMade: "generated" is the time of the export (now,
// or SOURCE_DATE_EPOCH), and the session's last event is given apart as
// its last change.
func TestExportSaysWhenItWasMade(t *testing.T) {
	db := hostedDB(t)
	before := time.Now().UTC().Truncate(time.Second)
	out, stderr, code := runCLI(t, "export", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Session struct {
			Generated  time.Time `json:"generated_at"`
			LastChange time.Time `json:"last_change_at"`
		} `json:"session"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if g := doc.Session.Generated; g.Before(before) || g.After(time.Now().Add(time.Second)) {
		t.Errorf("generated_at %v is not the time of the export (after %v)", g, before)
	}
	if l := doc.Session.LastChange; l.IsZero() || l.After(doc.Session.Generated) {
		t.Errorf("last_change_at %v, generated_at %v: want the session's last event, before the export", l, doc.Session.Generated)
	}
	out, _, _ = runCLIEnv(t, map[string]string{"SOURCE_DATE_EPOCH": "1772530200"}, "export", "--db", db, "--format", "json")
	if !strings.Contains(out, `"generated_at": "2026-03-03T09:30:00Z"`) {
		t.Errorf("with SOURCE_DATE_EPOCH the export is not dated by it:\n%.400s", out)
	}
}
