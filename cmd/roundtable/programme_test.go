package main

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"roundtable/server"
	"roundtable/session"
	"roundtable/session/store"
)

// Issue 16: a programme of sessions on the host's command line and in
// agenda files (programme.go, agenda_programme.go).

// TestProgrammeAgendaExample: the example file of the two-day programme
// reads as two sessions, each with the file's settings under its own.
func TestProgrammeAgendaExample(t *testing.T) {
	a, err := loadAgenda(nil, filepath.Join("..", "..", "docs", "programme.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Programme != "digital.leadership" || len(a.Sessions) != 2 {
		t.Fatalf("programme %q, %d sessions", a.Programme, len(a.Sessions))
	}
	d1, d2 := a.Sessions[0], a.Sessions[1]
	if d1.Day != 1 || !strings.HasPrefix(d1.Title, "Day 1") || d1.PrivateIdeas == nil || !*d1.PrivateIdeas || len(d1.Topics) != 4 || d1.Votes != 5 {
		t.Errorf("day 1: %+v", d1)
	}
	if d1.Timers[session.PhaseIdeas] != 15*time.Minute || d1.Timers[session.PhaseDiscuss] != 30*time.Minute || d1.Item != 5*time.Minute {
		t.Errorf("day 1's timers: %v, item %v", d1.Timers, d1.Item)
	}
	if d2.Day != 2 || len(d2.Topics) != 5 || d2.Votes != 7 || d2.Cap != 3 || d2.Timers[session.PhaseIdeas] != 10*time.Minute || d2.Timers[session.PhaseVote] != 5*time.Minute || d2.PrivateIdeas != nil {
		t.Errorf("day 2: %+v, timers %v", d2, d2.Timers)
	}
	if a.Timers[session.PhaseIdeas] != 15*time.Minute {
		t.Errorf("merging changed the file's own timers: %v", a.Timers)
	}
}

// TestParseProgrammeAgenda: the programme's part of agenda files, good and
// bad, in both formats; errors name the file, the line and the session.
func TestParseProgrammeAgenda(t *testing.T) {
	const two = "programme = \"dl\"\ntitle = \"Shared\"\n[[sessions]]\nday = 1\n[[sessions]]\nday = 2\ntitle = \"Own\"\n"
	tests := map[string]struct {
		name, text string
		check      func(*agenda) bool
		err        string
	}{
		"a title shared by the file": {name: "p.toml", text: two, check: func(a *agenda) bool {
			return len(a.Sessions) == 2 && a.Sessions[0].Title == "Shared" && a.Sessions[1].Title == "Own" && a.Sessions[1].Programme == "dl"
		}},
		"a programme without sessions": {name: "p.toml", text: "programme = \"dl\"\ntitle = \"One\"\n", check: func(a *agenda) bool {
			return a.Programme == "dl" && a.Sessions == nil && a.Title == "One"
		}},
		"yaml": {name: "p.yaml", text: "programme: dl\nsessions:\n  - day: 1\n    title: One\n  - day: 2\n    title: Two\n    votes: {budget: 4}\n", check: func(a *agenda) bool {
			return len(a.Sessions) == 2 && a.Sessions[1].Votes == 4 && a.Sessions[0].Title == "One"
		}},
		"a bad programme name":         {name: "p.toml", text: "title = \"x\"\nprogramme = \"digital leadership\"\n", err: `p.toml:2: programme: "digital leadership" cannot name a programme`},
		"sessions without a programme": {name: "p.toml", text: "title = \"x\"\n\n[[sessions]]\nday = 1\n", err: "p.toml:3: sessions[1]: sessions are listed, but the file names no programme"},
		"no day":                       {name: "p.toml", text: "programme = \"dl\"\n[[sessions]]\ntitle = \"a\"\n[[sessions]]\ntitle = \"b\"\n", err: "p.toml:2: sessions[1].day: a session's day is a number from 1 to 1,000"},
		"a day too late":               {name: "p.toml", text: "programme = \"dl\"\n[[sessions]]\ntitle = \"a\"\nday = 1\n[[sessions]]\ntitle = \"b\"\nday = 1001\n", err: "p.toml:7: sessions[2].day:"},
		"no title":                     {name: "p.toml", text: "programme = \"dl\"\n[[sessions]]\nday = 1\n", err: "p.toml:2: sessions[1]: a session needs a title"},
		"a title twice on a day":       {name: "p.toml", text: "programme = \"dl\"\n[[sessions]]\nday = 1\ntitle = \"Same\"\n[[sessions]]\nday = 1\ntitle = \"same \"\n", err: `p.toml:7: sessions[2].title: day 1 already has a session titled "same" (session 1 of the file)`},
		"a session's bad timer":        {name: "p.toml", text: "programme = \"dl\"\n[[sessions]]\nday = 1\ntitle = \"a\"\n[sessions.timers]\nideas = 5\nvote = 0\n", err: "p.toml:7: sessions[1].timers.vote: 0 minutes"},
		"a session's bad budget, yaml": {name: "p.yaml", text: "programme: dl\nsessions:\n  - day: 1\n    title: a\n    votes:\n      budget: 0\n", err: "p.yaml:6: sessions[1].votes.budget: 0"},
		"an unknown session setting":   {name: "p.toml", text: "programme = \"dl\"\n[[sessions]]\nday = 1\ncolour = \"red\"\n", err: `p.toml:4: unknown setting "sessions.colour"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := parseAgenda(nil, tc.name, []byte(tc.text))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(got) {
				t.Errorf("read as %+v; sessions %+v", got, got.Sessions)
			}
		})
	}
}

// hostFlags is the host's flag set with the flags a programme touches.
func hostFlags(t *testing.T, args ...string) (*flag.FlagSet, *agendaFlag, *programmeFlags) {
	t.Helper()
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("title", "", "")
	fs.String("topics", "", "")
	fs.Int("votes", 5, "")
	fs.Int("cap", 3, "")
	fs.Bool("anonymous", true, "")
	fs.String("horizons", "", "")
	fs.Bool("private-ideas", false, "")
	fs.Int("anon-k", 3, "")
	ag := addAgendaFlag(fs, nil)
	pf := addProgrammeFlags(fs, nil)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs, ag, pf
}

func TestProgrammeFlags(t *testing.T) {
	example := filepath.Join("..", "..", "docs", "programme.example.toml")
	tests := map[string]struct {
		args []string
		want server.ProgrammeConfig // Plan and TableLabel aside
		plan bool
		err  string
	}{
		"a programme and a day":  {args: []string{"--programme", "digital.leadership", "--day", "2", "--carry"}, want: server.ProgrammeConfig{Programme: "digital.leadership", Day: 2, Carry: true}},
		"carry from a session":   {args: []string{"--carry-from", "1a2b3c4d"}, want: server.ProgrammeConfig{CarryFrom: "1a2b3c4d"}},
		"the file names it":      {args: []string{"--agenda", example}, want: server.ProgrammeConfig{Programme: "digital.leadership"}, plan: true},
		"the same name and file": {args: []string{"--programme", "digital.leadership", "--agenda", example, "--session-of", "2"}, want: server.ProgrammeConfig{Programme: "digital.leadership"}, plan: true},
		"a bad name":             {args: []string{"--programme", "digital leadership"}, err: `"digital leadership" cannot name a programme`},
		"another programme":      {args: []string{"--programme", "other", "--agenda", example}, err: `--programme other does not match the programme "digital.leadership"`},
		"a day alone":            {args: []string{"--day", "2"}, err: "--day needs --programme NAME"},
		"carry alone":            {args: []string{"--carry"}, err: "--carry needs --programme NAME"},
		"day 0 or less":          {args: []string{"--programme", "dl", "--day", "-1"}, err: "--day is a number from 1 to 1,000"},
		"session-of alone":       {args: []string{"--programme", "dl", "--session-of", "1"}, err: "--session-of needs an --agenda file"},
		"session-of too far":     {args: []string{"--agenda", example, "--session-of", "3"}, err: "lists 2 sessions: --session-of is a number from 1 to 2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			fs, ag, pf := hostFlags(t, tc.args...)
			got, err := pf.config(nil, fs, ag)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (got.Plan != nil) != tc.plan || got.TableLabel == nil {
				t.Errorf("plan %v, table label %v", got.Plan != nil, got.TableLabel != nil)
			}
			got.Plan, got.TableLabel = nil, nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("config %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestProgrammePlan: the session an agenda file of the programme sets up.
func TestProgrammePlan(t *testing.T) {
	example := filepath.Join("..", "..", "docs", "programme.example.toml")
	day1 := store.SessionInfo{ID: "d1", Title: "day 1 — where digital government stands", Day: 1}
	tests := map[string]struct {
		args      []string
		hosted    []store.SessionInfo
		day       int // --day
		wantTitle string
		wantDay   int
		wantVotes int
		said      string
		err       string
	}{
		"the first":             {args: []string{"--agenda", example}, wantTitle: "Day 1 — Where digital government stands", wantDay: 1, wantVotes: 5, said: "session 1 of 2 (day 1,"},
		"the next not hosted":   {args: []string{"--agenda", example}, hosted: []store.SessionInfo{day1}, wantTitle: "Day 2 — The road map we agree", wantDay: 2, wantVotes: 7, said: "the first not hosted yet"},
		"of the day given":      {args: []string{"--agenda", example}, day: 2, wantTitle: "Day 2 — The road map we agree", wantDay: 2, wantVotes: 7},
		"as --session-of says":  {args: []string{"--agenda", example, "--session-of", "1"}, hosted: []store.SessionInfo{day1}, wantTitle: "Day 1 — Where digital government stands", wantDay: 1, said: "as --session-of says"},
		"flags win":             {args: []string{"--votes", "9", "--agenda", example, "--title", "Typed"}, hosted: []store.SessionInfo{day1}, wantTitle: "Typed", wantDay: 2, wantVotes: 9},
		"everything hosted":     {args: []string{"--agenda", example}, hosted: []store.SessionInfo{day1, {Title: "Day 2 — The road map we agree", Day: 2}}, err: "All 2 sessions of"},
		"no session of the day": {args: []string{"--agenda", example}, day: 3, err: "lists no session of day 3"},
		"the day's all hosted":  {args: []string{"--agenda", example}, day: 1, hosted: []store.SessionInfo{day1}, err: "have been hosted already"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			fs, ag, pf := hostFlags(t, tc.args...)
			pc, err := pf.config(nil, fs, ag)
			if err != nil {
				t.Fatal(err)
			}
			votes, _ := fs.Lookup("votes").Value.(flag.Getter)
			cfg := server.HostConfig{Title: fs.Lookup("title").Value.String(), Votes: votes.Get().(int), Programme: pc}
			cfg.Programme.Day = tc.day
			err = pc.Plan(tc.hosted, &cfg)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Title != tc.wantTitle || cfg.Programme.Day != tc.wantDay || (tc.wantVotes != 0 && cfg.Votes != tc.wantVotes) || cfg.Agenda.IsZero() {
				t.Errorf("set up %q day %d votes %d agenda %+v", cfg.Title, cfg.Programme.Day, cfg.Votes, cfg.Agenda)
			}
			if !strings.Contains(pf.chose, tc.said) {
				t.Errorf("said %q, want it to say %q", pf.chose, tc.said)
			}
		})
	}
}

// TestHostAProgrammeFromItsAgenda: hosting with the programme's agenda
// file, day after day, and carrying day 1 into day 2; what the host says.
func TestHostAProgrammeFromItsAgenda(t *testing.T) {
	example := filepath.Join("..", "..", "docs", "programme.example.toml")
	db := filepath.Join(t.TempDir(), "rt.db")
	host := func(args ...string) (*server.Host, []hostNote) {
		t.Helper()
		fs, ag, pf := hostFlags(t, args...)
		pc, err := pf.config(nil, fs, ag)
		if err != nil {
			t.Fatal(err)
		}
		h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, Programme: pc,
			Title: fs.Lookup("title").Value.String(), Agenda: ag.Agenda.plan()})
		if err != nil {
			t.Fatal(err)
		}
		notes := pf.notes(nil, h)
		h.Close()
		return h, notes
	}
	said := func(notes []hostNote) string {
		var b strings.Builder
		for _, n := range notes {
			b.WriteString(n.text + "\n")
		}
		return b.String()
	}
	h, notes := host("--agenda", example)
	if h.Day != 1 || !strings.HasPrefix(h.Title, "Day 1") {
		t.Fatalf("first: day %d %q", h.Day, h.Title)
	}
	if s := said(notes); !strings.Contains(s, `Programme "digital.leadership", day 1.`) || !strings.Contains(s, "session 1 of 2") {
		t.Errorf("the first start said:\n%s", s)
	}
	// day 1 is still open: the same command continues it
	if h, _ := host("--agenda", example); h.Start != server.StartContinued || h.Day != 1 {
		t.Fatalf("again: %v day %d", h.Start, h.Day)
	}
	h, notes = host("--agenda", example, "--day", "2", "--carry")
	if h.Start != server.StartNew || h.Day != 2 || !strings.HasPrefix(h.Title, "Day 2") {
		t.Fatalf("day 2: %v day %d %q", h.Start, h.Day, h.Title)
	}
	if s := said(notes); !strings.Contains(s, "session 2 of 2") || !strings.Contains(s, `Nothing to carry from "Day 1`) {
		t.Errorf("day 2 said:\n%s", s)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.ProgrammeSessions(context.Background(), "digital.leadership")
	if err != nil || len(list) != 2 || list[1].Day != 2 {
		t.Fatalf("the programme's sessions: %+v %v", list, err)
	}
}
