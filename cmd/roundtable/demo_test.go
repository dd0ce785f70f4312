package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"roundtable/session/store"
	"strings"
	"testing"
	"time"
)

// TestDemoNoConsole runs the demo with a scripted facilitator through all
// seven phases and checks that it reports each one and removes its
// temporary database.
func TestDemoNoConsole(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"demo", "--participants", "4", "--no-console", "--every", "400ms", "--speed", "60", "--seed", "1"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, errb.String())
	}
	for _, p := range []string{"lobby", "ideas", "group", "vote", "discuss", "roadmap", "closed", "end"} {
		if !regexp.MustCompile(`(?m)^\s*\S+\s+` + p + `\s`).MatchString(out.String()) {
			t.Errorf("no line for %s in:\n%s", p, out.String())
		}
	}
	// A command in flight when the phase moves on may be refused as
	// forbidden or in conflict; nothing else may be.
	for _, m := range regexp.MustCompile(`\b(E[A-Z]+)×`).FindAllStringSubmatch(out.String(), -1) {
		if m[1] != "EFORBIDDEN" && m[1] != "ECONFLICT" {
			t.Errorf("bots' commands were refused with %s:\n%s", m[1], out.String())
		}
	}
	m := regexp.MustCompile(`Database: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("the database path is not printed:\n%s", out.String())
	}
	if _, err := os.Stat(m[1]); !os.IsNotExist(err) {
		t.Errorf("the temporary database %s is still there (%v)", m[1], err)
	}
}

// TestDemoFlags checks the demo's command line.
func TestDemoFlags(t *testing.T) {
	tests := map[string]struct {
		args []string
		open demoConsole
		err  string
	}{
		"no participants": {args: []string{"--participants", "0"}, err: "--participants must be 1 to 5000"},
		"bad speed":       {args: []string{"--speed", "0"}, err: "--speed must be above 0"},
		"short phases":    {args: []string{"--every", "1ms"}, err: "--every must be at least"},
		"extra argument":  {args: []string{"now"}, err: `unexpected argument "now"`},
		"no console":      {args: nil, err: "no facilitator console"},
		"bad programme":   {args: []string{"--programme", "day one!"}, err: "is not a programme name"},
		"table of all":    {args: []string{"--tables", "1"}, err: "--tables must be 0 or 2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := runDemo(context.Background(), nil, tc.args, strings.NewReader(""), io.Discard, io.Discard, tc.open)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("error = %v, want %q", err, tc.err)
			}
		})
	}
}

// TestWallFlags checks the wall's command line.
func TestWallFlags(t *testing.T) {
	tests := map[string]struct {
		args []string
		want wallOptions
		err  string
	}{
		"address then code": {args: []string{"10.0.0.5:7777", "--code", "K7Q2M"}, want: wallOptions{host: "10.0.0.5:7777", code: "K7Q2M", show: "10.0.0.5:7777"}},
		"code then address": {args: []string{"--code", "K7Q2M", "h:1"}, want: wallOptions{host: "h:1", code: "K7Q2M", show: "h:1"}},
		"shown address":     {args: []string{"127.0.0.1:7777", "--code", "X1Y", "--show", "192.168.1.20:7777"}, want: wallOptions{host: "127.0.0.1:7777", code: "X1Y", show: "192.168.1.20:7777"}},
		"no address":        {args: []string{"--code", "K7Q2M"}, err: "give the host's address"},
		"no code":           {args: []string{"h:1"}, err: "give the join code"},
		"two addresses":     {args: []string{"h:1", "h:2"}, err: "unexpected argument"},
		"bad fingerprint":   {args: []string{"h:1", "--code", "X", "--fingerprint", "12:34"}, err: "not a SHA-256 fingerprint"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := parseWall(tc.args, nil, io.Discard)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got.trust.fingerprint != "" || *got.trust.ca != "" {
				t.Errorf("trust flags set without being given: %q %q", *got.trust.fingerprint, *got.trust.ca)
			}
			got.trust = trustFlags{}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestDemoProgramme runs the demo's programme of two sessions without a
// console (issue 16): day 1 at breakout tables with consent rounds, day 2
// carrying day 1's items, the same bots joining as the same people; the
// kept database then exports as one programme road map.
func TestDemoProgramme(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"demo", "--programme", "digital.leadership", "--participants", "8", "--no-console", "--every", "500ms", "--speed", "60", "--seed", "2", "--keep"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d; stderr: %s\n%s", code, errb.String(), out.String())
	}
	m := regexp.MustCompile(`kept in (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("the kept database is not named:\n%s", out.String())
	}
	db := m[1]
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(db)) })
	if !strings.Contains(out.String(), "2 tables") {
		t.Errorf("day 1 never sat at tables:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "--programme digital.leadership") {
		t.Errorf("the export command of the programme is not printed:\n%s", out.String())
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	days, err := st.ProgrammeSessions(ctx, "digital.leadership")
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[0].Day != 1 || days[1].Day != 2 {
		t.Fatalf("the programme's sessions: %+v, want day 1 and day 2", days)
	}
	one, err := st.Load(ctx, days[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	two, err := st.Load(ctx, days[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	promoted, consent := 0, 0
	for _, i := range one.Ideas {
		if i.Promotion != nil {
			promoted++
		}
	}
	for _, c := range one.Consent {
		if c.Outcome != "" {
			consent++
		}
	}
	if len(one.Tables) < 2 || promoted == 0 || consent == 0 {
		t.Errorf("day 1: %d tables, %d items promoted, %d consent outcomes; want tables, promotions and outcomes", len(one.Tables), promoted, consent)
	}
	carried := 0
	for _, i := range two.Ideas {
		if i.Origin != nil && i.Origin.Session == days[0].ID {
			carried++
		}
	}
	if carried == 0 {
		t.Errorf("day 2 carried nothing from day 1")
	}
	// the same people: every day-2 participant is a day-1 one, by token
	hashes := map[string]bool{}
	for _, p := range one.Participants {
		hashes[p.TokenHash] = true
	}
	for _, p := range two.Participants {
		if !hashes[p.TokenHash] {
			t.Errorf("day 2's %s (%s) is not a participant of day 1", p.Name, p.ID)
		}
	}
	if len(two.Participants) != len(one.Participants) {
		t.Errorf("day 2 has %d participants, day 1 %d", len(two.Participants), len(one.Participants))
	}
	var md bytes.Buffer
	if code := run(ctx, []string{"export", "--db", db, "--programme", "digital.leadership", "--format", "md"}, strings.NewReader(""), &md, &errb); code != 0 {
		t.Fatalf("export --programme: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"# digital.leadership", "Day 1", "Day 2", "Table "} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the programme road map lacks %q", want)
		}
	}
}
