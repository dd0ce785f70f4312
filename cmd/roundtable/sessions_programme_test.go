package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"roundtable/server"
)

// TestSessionsFitEightyColumns (issue 16): `roundtable sessions` says each
// session's programme and day, in 80 columns in every language (a long
// title is cut with "…"), and --json has them too.
func TestSessionsFitEightyColumns(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	for _, s := range []struct {
		code, title string
		day         int
	}{
		{"DAYONE", "Day 1 — Where digital government stands", 1},
		{"DAYTWO", "Day 2 — The road map we agree, under a title long enough to be cut at eighty columns", 2},
	} {
		h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, Code: s.code, Title: s.title,
			Programme: server.ProgrammeConfig{Programme: "digital.leadership", Day: s.day}})
		if err != nil {
			t.Fatal(err)
		}
		h.Close()
	}
	h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, Code: "PLAIN1", Title: "Outside", New: true})
	if err != nil {
		t.Fatal(err)
	}
	h.Close()

	for _, tc := range []struct{ lang, day2 string }{{"en", "digital.leadership, day 2"}, {"az", "digital.leadership, 2 nömrəli gün"}, {"ru", "digital.leadership, день 2"}} {
		out, stderr, code := runCLI(t, "sessions", "--db", db, "--lang", tc.lang)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.lang, code, stderr)
		}
		for _, l := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("%s: a line of %d columns: %q", tc.lang, w, l)
			}
		}
		if !strings.Contains(out, tc.day2) || !strings.Contains(out, "…") || !strings.Contains(out, "Outside") {
			t.Errorf("%s:\n%s", tc.lang, out)
		}
	}
	rows := listed(t, db)
	if len(rows) != 3 || rows[0].Programme != "" || rows[0].Day != 0 || rows[1].Programme != "digital.leadership" || rows[1].Day != 2 || rows[2].Day != 1 {
		t.Fatalf("--json: %+v", rows)
	}
}
