package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"roundtable/session"
)

// TestParseAgenda reads good and bad agendas in both formats.
func TestParseAgenda(t *testing.T) {
	yes := true
	tests := map[string]struct {
		name, text string
		want       *agenda
		err        string // part of the error; "" for none
	}{
		"toml full": {
			name: "a.toml",
			text: "title = \"Rəqəmsal gələcək\"\ntopics = [\"Development\", \"İnteqrasiya\"]\nanonymous = true\nhorizons = [\"Q1\", \"Q2\"]\n[votes]\nbudget = 7\ncap = 2\n[timers]\nideas = 15\nvote = 2.5\n",
			want: &agenda{Title: "Rəqəmsal gələcək", Topics: []string{"Development", "İnteqrasiya"}, Anonymous: &yes, Horizons: []string{"Q1", "Q2"}, Votes: 7, Cap: 2,
				Timers: map[session.Phase]time.Duration{session.PhaseIdeas: 15 * time.Minute, session.PhaseVote: 150 * time.Second}},
		},
		"toml empty": {name: "a.toml", text: "", want: &agenda{Timers: map[session.Phase]time.Duration{}}},
		"toml dotted keys": {
			name: "a.toml",
			text: "votes.budget = 4\ntimers.discuss = 30\n",
			want: &agenda{Votes: 4, Timers: map[session.Phase]time.Duration{session.PhaseDiscuss: 30 * time.Minute}},
		},
		"yaml full": {
			name: "a.yaml",
			text: "title: Digital future\ntopics: [Development, Other]\nvotes:\n  budget: 5\n  cap: 3\ntimers:\n  ideas: 10\n",
			want: &agenda{Title: "Digital future", Topics: []string{"Development", "Other"}, Votes: 5, Cap: 3,
				Timers: map[session.Phase]time.Duration{session.PhaseIdeas: 10 * time.Minute}},
		},
		"yaml empty": {name: "a.yml", text: "", want: &agenda{Timers: map[session.Phase]time.Duration{}}},
		"toml time per item and private ideas": {
			name: "a.toml",
			text: "private_ideas = true\n[timers]\nideas = 10\ndiscuss_item = 4\n",
			want: &agenda{PrivateIdeas: &yes, Item: 4 * time.Minute, Timers: map[session.Phase]time.Duration{session.PhaseIdeas: 10 * time.Minute}},
		},
		"yaml time per item": {
			name: "a.yaml",
			text: "private_ideas: false\ntimers:\n  discuss_item: 2.5\n",
			want: &agenda{PrivateIdeas: new(bool), Item: 150 * time.Second, Timers: map[session.Phase]time.Duration{}},
		},
		"toml zero time per item": {name: "a.toml", text: "[timers]\ndiscuss_item = 0\n", err: "a.toml:2: timers.discuss_item: 0 minutes"},
		"toml syntax":             {name: "a.toml", text: "title = \"x\"\ntopics = [\"a\",\n\nvotes = \n", err: "a.toml:4:"},
		"toml wrong type":         {name: "a.toml", text: "title = \"x\"\n[votes]\nbudget = \"five\"\n", err: "a.toml:3: votes.budget: incompatible types"},
		"toml unknown key":        {name: "a.toml", text: "title = \"x\"\n\ncolour = \"red\"\n", err: `a.toml:3: unknown setting "colour"`},
		"toml unknown phase":      {name: "a.toml", text: "[timers]\nideas = 5\nbreak = 10\n", err: "a.toml:3: timers.break: not a phase"},
		"toml zero timer":         {name: "a.toml", text: "[timers]\n\nvote = 0\n", err: "a.toml:3: timers.vote: 0 minutes"},
		"toml long timer":         {name: "a.toml", text: "[timers]\nvote = 241\n", err: "timers.vote: 241 minutes"},
		"toml budget":             {name: "a.toml", text: "[votes]\nbudget = 0\n", err: "a.toml:2: votes.budget: 0; give 1 to 100"},
		"toml cap":                {name: "a.toml", text: "votes.cap = 101\n", err: "a.toml:1: votes.cap: 101"},
		"toml repeated topic":     {name: "a.toml", text: "\ntopics = [\"Other\", \"other\"]\n", err: `a.toml:2: topics: topic "other" is listed twice`},
		"toml comma topic":        {name: "a.toml", text: "topics = [\"A, B\"]\n", err: "has a comma"},
		"toml empty topics":       {name: "a.toml", text: "topics = []\n", err: "topics: an empty list"},
		"toml many horizons":      {name: "a.toml", text: "horizons = [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]\n", err: "9 horizons; at most 8"},
		"toml long title":         {name: "a.toml", text: "title = \"" + strings.Repeat("ə", 201) + "\"\n", err: "title: 201 characters"},
		"yaml unknown key":        {name: "a.yaml", text: "title: x\nvotes:\n  budgte: 5\n", err: "a.yaml:3: field budgte not found"},
		"yaml wrong type":         {name: "a.yaml", text: "title: x\ntopics: many\n", err: "a.yaml:2: cannot unmarshal"},
		"yaml bad timer":          {name: "a.yaml", text: "timers:\n  ideas: 5\n  vote: -1\n", err: "a.yaml:3: timers.vote: -1 minutes"},
		"yaml syntax":             {name: "a.yaml", text: "title: [x\n", err: "a.yaml:"},
		"other extension":         {name: "a.json", text: "{}", err: "ends in .toml, .yaml or .yml"},
		// issue 15: k of institution-aware anonymity
		"toml anon_k":       {name: "a.toml", text: "anon_k = 2\n", want: &agenda{AnonK: 2, Timers: map[session.Phase]time.Duration{}}},
		"toml anon_k of 0":  {name: "a.toml", text: "anon_k = 0\n", err: "a.toml:1: anon_k: anon_k is 0; it must be from 1 to 50"},
		"yaml anon_k of 51": {name: "a.yaml", text: "anon_k: 51\n", err: "anon_k is 51"},
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
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestAgendaExample checks that the example in docs/ parses.
func TestAgendaExample(t *testing.T) {
	a, err := loadAgenda(nil, filepath.Join("..", "..", "docs", "agenda.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title == "" || len(a.Topics) != 4 || len(a.Timers) != 7 || a.Votes != 5 {
		t.Errorf("example agenda read as %+v", a)
	}
}

// TestAgendaFlag checks that the file fills the host's flags and that
// flags given explicitly, before or after --agenda, win.
func TestAgendaFlag(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "agenda.toml")
	text := "title = \"From file\"\ntopics = [\"A\", \"B\"]\nanonymous = false\n[votes]\nbudget = 9\ncap = 4\n[timers]\nideas = 12\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		args []string
		want map[string]string
	}{
		"file only":      {args: []string{"--agenda", path}, want: map[string]string{"title": "From file", "topics": "A,B", "votes": "9", "cap": "4", "anonymous": "false"}},
		"flag before":    {args: []string{"--votes", "3", "--agenda", path}, want: map[string]string{"title": "From file", "votes": "3", "cap": "4"}},
		"flag after":     {args: []string{"--agenda", path, "--title", "Typed"}, want: map[string]string{"title": "Typed", "votes": "9"}},
		"no agenda flag": {args: []string{"--title", "Typed"}, want: map[string]string{"title": "Typed", "votes": "5", "anonymous": "true"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			fs := flag.NewFlagSet("host", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.String("title", "", "")
			fs.String("topics", "", "")
			fs.Int("votes", 5, "")
			fs.Int("cap", 3, "")
			fs.Bool("anonymous", true, "")
			fs.String("horizons", "", "")
			ag := addAgendaFlag(fs, nil)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.want {
				if got := fs.Lookup(k).Value.String(); got != v {
					t.Errorf("--%s = %q, want %q", k, got, v)
				}
			}
			if ag.Agenda != nil && ag.Agenda.Timers[session.PhaseIdeas] != 12*time.Minute {
				t.Errorf("timers = %v", ag.Agenda.Timers)
			}
			if fs.Lookup("agenda").Value.(*agendaFlag) != ag {
				t.Error("the flag's value is not the agendaFlag")
			}
		})
	}
}

// TestAgendaFlagError checks that a bad file stops the command line with
// the file and line.
func TestAgendaFlagError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(path, []byte("[votes]\nbudget = 500\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Int("votes", 5, "")
	addAgendaFlag(fs, nil)
	err := fs.Parse([]string{"--agenda", path})
	if err == nil || !strings.Contains(err.Error(), "bad.toml:2: votes.budget: 500") {
		t.Fatalf("error = %v", err)
	}
	if err := fs.Parse([]string{"--agenda", filepath.Join(t.TempDir(), "missing.toml")}); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Fatalf("missing file: error = %v", err)
	}
}

// TestAgendaPlan: the file's timers are the new session's agenda, and
// private_ideas fills --private-ideas unless it was given.
func TestAgendaPlan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.toml")
	if err := os.WriteFile(path, []byte("private_ideas = true\n[timers]\nideas = 12\ndiscuss_item = 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	private := fs.Bool("private-ideas", false, "")
	ag := addAgendaFlag(fs, nil)
	if err := fs.Parse([]string{"--agenda", path}); err != nil {
		t.Fatal(err)
	}
	plan := ag.Agenda.plan()
	if plan.Time(session.PhaseIdeas) != 12*time.Minute || plan.Item != 3*time.Minute || len(plan.Phases) != 1 || !*private {
		t.Fatalf("plan %+v, --private-ideas %v", plan, *private)
	}
	if !plannedTimes(fs) {
		t.Error("plannedTimes says the file plans nothing")
	}
	var none *agenda
	if !none.plan().IsZero() {
		t.Error("no agenda file plans something")
	}
}
