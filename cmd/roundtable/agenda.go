package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"roundtable/lang"
	"roundtable/session"
)

// agenda is a session's set-up read from an agenda file (`roundtable host
// --agenda agenda.toml` or `.yaml`); docs/agenda.example.toml shows every
// field. Fields left out keep the flags' values.
type agenda struct {
	Title     string
	Topics    []string
	Votes     int // vote budget per participant; 0 when not given
	Cap       int // votes per item; 0 when not given
	Anonymous *bool
	Horizons  []string
	AnonK     int // k of institution-aware anonymity; 0 when not given (issue 15)
	// Timers are the minutes planned for each phase, and Item those for
	// each discussed item ([timers] discuss_item): a new session's agenda
	// (session.Agenda), which starts each phase's countdown.
	Timers map[session.Phase]time.Duration
	Item   time.Duration
	// PrivateIdeas: private brainstorming (`private_ideas = true`), nil
	// when not given.
	PrivateIdeas *bool

	// Issue 16 (agenda_programme.go): the programme the file names, and,
	// for a file of a whole programme, its sessions in order, each with
	// its day and the file's settings merged into its own. The fields
	// above are then the defaults every session shares.
	Programme string
	Day       int
	Sessions  []*agenda
}

// discussItem is the key of [timers] that plans each discussed item.
const discussItem = "discuss_item"

// plan is the agenda a new session gets from the file.
func (a *agenda) plan() session.Agenda {
	if a == nil {
		return session.Agenda{}
	}
	out := session.Agenda{Item: a.Item}
	for p, d := range a.Timers {
		out = out.With(p, d)
	}
	return out
}

// agendaFile is the file's shape, the same in TOML and YAML: one
// session's settings, or (issue 16, agenda_programme.go) a programme's
// name and sessions, each with settings of its own over the file's.
type agendaFile struct {
	agendaSettings `yaml:",inline"`
	Programme      string          `toml:"programme" yaml:"programme"`
	Sessions       []agendaSession `toml:"sessions" yaml:"sessions"`
}

// agendaSettings are what an agenda file says of a session.
type agendaSettings struct {
	Title     string             `toml:"title" yaml:"title"`
	Topics    []string           `toml:"topics" yaml:"topics"`
	Anonymous *bool              `toml:"anonymous" yaml:"anonymous"`
	Horizons  []string           `toml:"horizons" yaml:"horizons"`
	Votes     agendaVotes        `toml:"votes" yaml:"votes"`
	Timers    map[string]float64 `toml:"timers" yaml:"timers"` // phase (or discuss_item) -> minutes
	// PrivateIdeas: private brainstorming (issue 15)
	PrivateIdeas *bool `toml:"private_ideas" yaml:"private_ideas"`
	AnonK        *int  `toml:"anon_k" yaml:"anon_k"` // issue 15: session/anon.go
}

type agendaVotes struct {
	Budget *int `toml:"budget" yaml:"budget"`
	Cap    *int `toml:"cap" yaml:"cap"`
}

// loadAgenda reads and checks an agenda file; p says what is wrong with it.
func loadAgenda(p *lang.Printer, path string) (*agenda, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, sayErr{p.S("cli.agenda.read", "Err", err), err}
	}
	return parseAgenda(p, path, data)
}

// parseAgenda decodes an agenda in the format its name's extension says
// and checks it. Errors name the file and, where known, the line; the
// decoders' own words are English.
func parseAgenda(p *lang.Printer, name string, data []byte) (*agenda, error) {
	var f agendaFile
	var locate func(key string) int
	switch strings.ToLower(filepath.Ext(name)) {
	case ".toml":
		md, err := toml.Decode(string(data), &f)
		if err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d: %s", name, pe.Position.Line, pe.Message)
			}
			return nil, located(name, err)
		}
		locate = func(key string) int { return tomlLine(data, key) }
		if un := md.Undecoded(); len(un) > 0 {
			k := un[0].String()
			return nil, agendaErr(name, locate(k), "%s", p.S("agenda.file.unknown_setting", "Key", k))
		}
	case ".yaml", ".yml":
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
			return nil, located(name, err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, located(name, err)
		}
		locate = func(key string) int { return yamlLine(&root, key) }
	default:
		return nil, fmt.Errorf("%s: %s", name, p.S("cli.agenda.extension"))
	}
	a, key, err := f.check(p)
	if err != nil {
		return nil, agendaErr(name, locate(key), "%s: %v", key, err)
	}
	return f.programme(p, name, data, a) // issue 16: agenda_programme.go
}

// lineRe finds "line 3" and what follows it in a decoder's error, with the
// key that TOML names as `(last key "votes.budget")`.
var lineRe = regexp.MustCompile(`line (\d+)(?: \(last key "([^"]*)"\))?: ([^\n]*)`)

// located rewrites a decoder's error as "file:line: message".
func located(name string, err error) error {
	m := lineRe.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("%s: %s", name, strings.TrimPrefix(strings.TrimPrefix(err.Error(), "toml: "), "yaml: "))
	}
	line, _ := strconv.Atoi(m[1])
	if m[2] != "" {
		return agendaErr(name, line, "%s: %s", m[2], m[3])
	}
	return agendaErr(name, line, "%s", m[3])
}

func agendaErr(name string, line int, format string, args ...any) error {
	if line > 0 {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
}

// check validates the file against the session's limits and returns the
// agenda, or the key at fault and what is wrong with it, said by p.
func (f agendaSettings) check(p *lang.Printer) (*agenda, string, error) {
	a := &agenda{Title: strings.TrimSpace(f.Title), Anonymous: f.Anonymous, Timers: map[session.Phase]time.Duration{}, PrivateIdeas: f.PrivateIdeas}
	if n := utf8.RuneCountInString(a.Title); n > session.MaxTitleLen {
		return nil, "title", fmt.Errorf("%s", p.N("cli.agenda.title_long", n, "Most", p.Number(session.MaxTitleLen)))
	}
	var err error
	if a.Topics, err = checkNames(f.Topics, session.MaxTopics, session.MaxTopicLen, topicWords(p)); err != nil {
		return nil, "topics", err
	}
	if a.Horizons, err = checkNames(f.Horizons, session.MaxHorizons, session.MaxHorizonLen, horizonWords(p)); err != nil {
		return nil, "horizons", err
	}
	if b := f.Votes.Budget; b != nil {
		if *b < 1 || *b > 100 {
			return nil, "votes.budget", fmt.Errorf("%s", p.S("cli.agenda.votes_range", "Value", *b))
		}
		a.Votes = *b
	}
	if c := f.Votes.Cap; c != nil {
		if *c < 1 || *c > 100 {
			return nil, "votes.cap", fmt.Errorf("%s", p.S("cli.agenda.votes_range", "Value", *c))
		}
		a.Cap = *c
	}
	if k := f.AnonK; k != nil { // issue 15
		if *k < 1 || *k > session.MaxAnonK {
			return nil, "anon_k", fmt.Errorf("%s", p.S("anon.agenda.k_range", "Value", *k, "Max", session.MaxAnonK))
		}
		a.AnonK = *k
	}
	for name, min := range f.Timers {
		ph := session.Phase(name)
		if !ph.Valid() && name != discussItem {
			return nil, "timers." + name, fmt.Errorf("%s", p.S("agenda.file.not_a_phase"))
		}
		d := time.Duration(min * float64(time.Minute)).Round(time.Second)
		if d < time.Second || d > session.MaxTimer {
			return nil, "timers." + name, fmt.Errorf("%s", p.S("cli.agenda.timer_range", "Value", strconv.FormatFloat(min, 'g', -1, 64), "Most", int(session.MaxTimer/time.Minute)))
		}
		if name == discussItem {
			a.Item = d
			continue
		}
		a.Timers[ph] = d
	}
	return a, "", nil
}

// nameWords are what checkNames says about a list of topics or of
// horizons: each kind its own sentences, for the grammar of each language.
type nameWords struct {
	emptyList, empty   string
	tooMany            func(n, most int) string
	long, comma, twice func(name string) string
}

func topicWords(p *lang.Printer) nameWords {
	return nameWords{
		emptyList: p.S("cli.agenda.empty_list"),
		tooMany:   func(n, most int) string { return p.N("cli.agenda.topics_many", n, "Most", p.Number(most)) },
		empty:     p.S("cli.agenda.topic_empty"),
		long: func(name string) string {
			return p.S("cli.agenda.topic_long", "Name", name, "Most", p.Number(session.MaxTopicLen))
		},
		comma: func(name string) string { return p.S("cli.agenda.topic_comma", "Name", name) },
		twice: func(name string) string { return p.S("cli.agenda.topic_twice", "Name", name) },
	}
}

func horizonWords(p *lang.Printer) nameWords {
	return nameWords{
		emptyList: p.S("cli.agenda.empty_list"),
		tooMany:   func(n, most int) string { return p.N("cli.agenda.horizons_many", n, "Most", p.Number(most)) },
		empty:     p.S("cli.agenda.horizon_empty"),
		long: func(name string) string {
			return p.S("cli.agenda.horizon_long", "Name", name, "Most", p.Number(session.MaxHorizonLen))
		},
		comma: func(name string) string { return p.S("cli.agenda.horizon_comma", "Name", name) },
		twice: func(name string) string { return p.S("cli.agenda.horizon_twice", "Name", name) },
	}
}

// checkNames checks a list of topic or horizon names: not empty, not
// repeated, no commas (the command line lists them comma-separated).
func checkNames(names []string, most, longest int, say nameWords) ([]string, error) {
	if names == nil {
		return nil, nil
	}
	if len(names) == 0 {
		return nil, errors.New(say.emptyList)
	}
	if len(names) > most {
		return nil, errors.New(say.tooMany(len(names), most))
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(names))
	for _, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
			return nil, errors.New(say.empty)
		case utf8.RuneCountInString(n) > longest:
			return nil, errors.New(say.long(n))
		case strings.Contains(n, ","):
			return nil, errors.New(say.comma(n))
		case seen[strings.ToLower(n)]:
			return nil, errors.New(say.twice(n))
		}
		seen[strings.ToLower(n)] = true
		out = append(out, n)
	}
	return out, nil
}

// tomlLine finds the line where a dotted key such as "timers.ideas" is set:
// as "ideas = …" under a [timers] header, or as "timers.ideas = …".
func tomlLine(data []byte, key string) int {
	table, leaf := "", key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		table, leaf = key[:i], key[i+1:]
	}
	keyRe := regexp.MustCompile(`^\s*(?:"?([A-Za-z0-9_.-]+?)"?)\s*=`)
	headRe := regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?`) // [[sessions]] too (issue 16)
	cur := ""
	for i, line := range strings.Split(string(data), "\n") {
		if m := headRe.FindStringSubmatch(line); m != nil {
			cur = m[1]
			if cur == key {
				return i + 1
			}
			continue
		}
		m := keyRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		full := m[1]
		if cur != "" {
			full = cur + "." + m[1]
		}
		if full == key || (cur == table && m[1] == leaf) {
			return i + 1
		}
	}
	return 0
}

// yamlLine finds the line of a dotted key in a YAML document.
func yamlLine(root *yaml.Node, key string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, part := range strings.Split(key, ".") {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line, n, found = n.Content[i].Line, n.Content[i+1], true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// agendaFlag is the --agenda flag of `roundtable host`. Setting it loads
// the file and fills in the other set-up flags (title, topics, votes, cap,
// anonymous, horizons) that were not given before it; flags given after
// it override the file too, so flags given explicitly always win.
//
// The timers become a new session's agenda (agenda.plan):
// fs.Lookup("agenda").Value.(*agendaFlag).Agenda.
type agendaFlag struct {
	fs     *flag.FlagSet
	p      *lang.Printer // says what is wrong with the file
	path   string
	Agenda *agenda // nil until the flag is set
}

// addAgendaFlag defines --agenda on the host's flag set, after the flags it
// fills in.
func addAgendaFlag(fs *flag.FlagSet, p *lang.Printer) *agendaFlag {
	f := &agendaFlag{fs: fs, p: p}
	fs.Var(f, "agenda", p.S("cli.host.flag.agenda"))
	return f
}

// String returns the file's path.
func (f *agendaFlag) String() string {
	if f == nil {
		return ""
	}
	return f.path
}

// Set loads the agenda and fills in the flags not given so far.
func (f *agendaFlag) Set(path string) error {
	a, err := loadAgenda(f.p, path)
	if err != nil {
		return err
	}
	f.path, f.Agenda = path, a
	if len(a.Sessions) > 0 {
		return nil // issue 16: a programme's file sets up the session it chooses, once the host knows which (programme.go)
	}
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	set := func(name, value string) error {
		if given[name] || f.fs.Lookup(name) == nil {
			return nil
		}
		return f.fs.Set(name, value)
	}
	values := [][2]string{}
	if a.Title != "" {
		values = append(values, [2]string{"title", a.Title})
	}
	if a.Topics != nil {
		values = append(values, [2]string{"topics", strings.Join(a.Topics, ",")})
	}
	if a.Horizons != nil {
		values = append(values, [2]string{"horizons", strings.Join(a.Horizons, ",")})
	}
	if a.Votes > 0 {
		values = append(values, [2]string{"votes", strconv.Itoa(a.Votes)})
	}
	if a.Cap > 0 {
		values = append(values, [2]string{"cap", strconv.Itoa(a.Cap)})
	}
	if a.Anonymous != nil {
		values = append(values, [2]string{"anonymous", strconv.FormatBool(*a.Anonymous)})
	}
	if a.PrivateIdeas != nil {
		values = append(values, [2]string{"private-ideas", strconv.FormatBool(*a.PrivateIdeas)})
	}
	if a.AnonK > 0 { // issue 15
		values = append(values, [2]string{"anon-k", strconv.Itoa(a.AnonK)})
	}
	for _, v := range values {
		if err := set(v[0], v[1]); err != nil {
			return fmt.Errorf("%s: %s: %w", path, v[0], err)
		}
	}
	return nil
}

// plannedTimes reports whether the host's --agenda plans any time, which a
// reopened session does not take (it keeps its own agenda).
func plannedTimes(fs *flag.FlagSet) bool {
	f := fs.Lookup("agenda")
	if f == nil {
		return false
	}
	a, ok := f.Value.(*agendaFlag)
	return ok && !a.Agenda.plan().IsZero()
}
