package main

import (
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/session/store"
)

// Agenda files of a whole programme (issue 16; README.md, "A programme of
// sessions"): a file may name its programme (programme = "…") and list its
// sessions ([[sessions]], each with its day and its own title, topics,
// votes, timers, …, over the file's settings, which every session
// shares). `roundtable host --agenda FILE` then hosts the next session of
// the file that the programme has not hosted yet, or the one --session-of
// names (programme.go).

// agendaSession is one session of a programme's agenda file.
type agendaSession struct {
	agendaSettings `yaml:",inline"`
	Day            int `toml:"day" yaml:"day"`
}

// maxAgendaSessions bounds a programme's agenda file.
const maxAgendaSessions = 100

// programme checks the programme part of an agenda file (its name and
// sessions) and returns top, the file's own settings, with it; errors
// name the file and the line, as the other checks do.
func (f agendaFile) programme(p *lang.Printer, name string, data []byte, top *agenda) (*agenda, error) {
	yamlFile := !strings.HasSuffix(strings.ToLower(name), ".toml")
	at := func(i int, key string) int {
		if yamlFile {
			var root yaml.Node
			if yaml.Unmarshal(data, &root) != nil {
				return 0
			}
			if i < 0 {
				return yamlLine(&root, key)
			}
			return yamlSessionLine(&root, i, key)
		}
		if i < 0 {
			return tomlLine(data, key)
		}
		return tomlSessionLine(data, i, key)
	}
	fail := func(i int, key, msg string) error {
		where := key
		if i >= 0 {
			where = fmt.Sprintf("sessions[%d].%s", i+1, key)
			if key == "" {
				where = fmt.Sprintf("sessions[%d]", i+1)
			}
		}
		return agendaErr(name, at(i, key), "%s: %s", where, msg)
	}
	top.Programme = strings.TrimSpace(f.Programme)
	if top.Programme != "" && !store.ValidProgramme(top.Programme) {
		return nil, fail(-1, "programme", p.S("programme.agenda.bad_name", "Name", top.Programme, "Most", store.MaxProgrammeLen))
	}
	if len(f.Sessions) == 0 {
		return top, nil
	}
	if top.Programme == "" {
		return nil, fail(0, "", p.S("programme.agenda.no_programme"))
	}
	if n := len(f.Sessions); n > maxAgendaSessions {
		return nil, fail(maxAgendaSessions, "", p.N("programme.agenda.too_many", n, "Most", p.Number(maxAgendaSessions)))
	}
	seen := map[string]int{}
	for i, s := range f.Sessions {
		own, key, err := s.check(p)
		if err != nil {
			return nil, fail(i, key, err.Error())
		}
		if s.Day < 1 || s.Day > store.MaxDay {
			return nil, fail(i, "day", p.S("programme.agenda.day", "Most", p.Number(store.MaxDay)))
		}
		merged := mergeAgenda(top, own)
		merged.Programme, merged.Day = top.Programme, s.Day
		if merged.Title == "" {
			return nil, fail(i, "", p.S("programme.agenda.title"))
		}
		k := strconv.Itoa(s.Day) + "\x1f" + session.FoldName(merged.Title)
		if first, ok := seen[k]; ok {
			return nil, fail(i, "title", p.S("programme.agenda.twice", "Day", s.Day, "Title", merged.Title, "First", first+1))
		}
		seen[k] = i
		top.Sessions = append(top.Sessions, merged)
	}
	return top, nil
}

// mergeAgenda is a session's settings over the file's: what the session
// gives wins, timers phase by phase.
func mergeAgenda(file, own *agenda) *agenda {
	out := *file
	out.Sessions = nil
	if own.Title != "" {
		out.Title = own.Title
	}
	if own.Topics != nil {
		out.Topics = own.Topics
	}
	if own.Horizons != nil {
		out.Horizons = own.Horizons
	}
	if own.Votes > 0 {
		out.Votes = own.Votes
	}
	if own.Cap > 0 {
		out.Cap = own.Cap
	}
	if own.AnonK > 0 {
		out.AnonK = own.AnonK
	}
	if own.Anonymous != nil {
		out.Anonymous = own.Anonymous
	}
	if own.PrivateIdeas != nil {
		out.PrivateIdeas = own.PrivateIdeas
	}
	if own.Item > 0 {
		out.Item = own.Item
	}
	out.Timers = maps.Clone(file.Timers)
	if out.Timers == nil {
		out.Timers = map[session.Phase]time.Duration{}
	}
	maps.Copy(out.Timers, own.Timers)
	return &out
}

var (
	sessionsHead = regexp.MustCompile(`^\s*\[\[\s*sessions\s*\]\]`)
	anyHead      = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?`)
)

// tomlSessionLine finds the line of key ("title", "timers.ideas") in the
// i-th [[sessions]] table of a TOML file: the key's own line, or the
// table's when the key is not written there; 0 when there is no such
// table.
func tomlSessionLine(data []byte, i int, key string) int {
	lines := strings.Split(string(data), "\n")
	start, n := -1, -1
	for k, l := range lines {
		if sessionsHead.MatchString(l) {
			if n++; n == i {
				start = k
				break
			}
		}
	}
	if start < 0 {
		return 0
	}
	if key == "" {
		return start + 1
	}
	table, leaf := "", key
	if j := strings.LastIndexByte(key, '.'); j >= 0 {
		table, leaf = key[:j], key[j+1:]
	}
	keyRe := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(leaf) + `"?\s*=`)
	cur := ""
	for k := start + 1; k < len(lines); k++ {
		l := lines[k]
		if m := anyHead.FindStringSubmatch(l); m != nil {
			if !strings.HasPrefix(m[1], "sessions.") || sessionsHead.MatchString(l) {
				break
			}
			cur = strings.TrimPrefix(m[1], "sessions.")
			if cur == key {
				return k + 1
			}
			continue
		}
		if cur == table && keyRe.MatchString(l) {
			return k + 1
		}
	}
	return start + 1
}

// yamlSessionLine is tomlSessionLine for a YAML document.
func yamlSessionLine(root *yaml.Node, i int, key string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return 0
	}
	var list *yaml.Node
	for k := 0; k+1 < len(n.Content); k += 2 {
		if n.Content[k].Value == "sessions" {
			list = n.Content[k+1]
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode || i < 0 || i >= len(list.Content) {
		return 0
	}
	item := list.Content[i]
	if key == "" {
		return item.Line
	}
	wrapped := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{item}}
	if line := yamlLine(wrapped, key); line > 0 {
		return line
	}
	return item.Line
}
