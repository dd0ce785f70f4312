package main

import (
	"flag"
	"slices"
	"strings"

	"roundtable/lang"
	"roundtable/server"
	"roundtable/session"
	"roundtable/session/store"
)

// A programme of sessions on the host's command line (issue 16; README.md,
// "A programme of sessions"):
//
//	roundtable host --programme digital.leadership --day 1
//	roundtable host --programme digital.leadership --day 2 --carry
//	roundtable host --agenda programme.toml [--session-of 2]
//
// --programme puts a new session in the programme and scopes which session
// a host continues (server.ProgrammeConfig); --day is its day (the previous
// session's by default); --carry starts it with the previous session's
// road map and candidates with votes, --carry-from SESSION with another
// session's; an agenda file of the whole programme sets it up as the next
// session of the file not hosted yet, or the --session-of Nth.

// programmeFlags are the host's flags of a programme.
type programmeFlags struct {
	name      *string
	day       *int
	carry     *bool
	carryFrom *string
	sessionOf *int
	// chose says which session of a programme's agenda file the new
	// session is, once the host has chosen it.
	chose string
}

// addProgrammeFlags defines the programme's flags on the host's flag set.
func addProgrammeFlags(fs *flag.FlagSet, p *lang.Printer) *programmeFlags {
	return &programmeFlags{
		name:      fs.String("programme", "", p.S("programme.flag.programme")),
		day:       fs.Int("day", 0, p.S("programme.flag.day")),
		carry:     fs.Bool("carry", false, p.S("programme.flag.carry")),
		carryFrom: fs.String("carry-from", "", p.S("programme.flag.carry_from")),
		sessionOf: fs.Int("session-of", 0, p.S("programme.flag.session_of")),
	}
}

// programmeSetupFlag reports whether name is a programme flag that only
// sets up a new session (see setupFlag).
func programmeSetupFlag(name string) bool {
	switch name {
	case "day", "carry", "carry-from", "session-of":
		return true
	}
	return false
}

// config checks the flags (with the agenda file, which may name the
// programme and list its sessions) and returns what the host is to do.
func (f *programmeFlags) config(p *lang.Printer, fs *flag.FlagSet, ag *agendaFlag) (server.ProgrammeConfig, error) {
	name := strings.TrimSpace(*f.name)
	file := ag.Agenda
	if file != nil && file.Programme != "" {
		switch {
		case name == "":
			name = file.Programme
		case name != file.Programme:
			return server.ProgrammeConfig{}, usageError{p.S("programme.host.other_programme", "Name", name, "Path", ag.path, "Programme", file.Programme)}
		}
	}
	if name != "" && !store.ValidProgramme(name) {
		return server.ProgrammeConfig{}, usageError{p.S("programme.host.bad_name", "Name", name, "Most", store.MaxProgrammeLen)}
	}
	if *f.day < 0 || *f.day > store.MaxDay {
		return server.ProgrammeConfig{}, usageError{p.S("programme.host.day_range", "Most", p.Number(store.MaxDay))}
	}
	for _, fl := range []struct {
		name string
		set  bool
	}{{"--day", *f.day != 0}, {"--carry", *f.carry}} {
		if fl.set && name == "" {
			return server.ProgrammeConfig{}, usageError{p.S("programme.host.needs_programme", "Flag", fl.name)}
		}
	}
	var sessions []*agenda
	if file != nil {
		sessions = file.Sessions
	}
	switch n := *f.sessionOf; {
	case n != 0 && len(sessions) == 0:
		return server.ProgrammeConfig{}, usageError{p.S("programme.host.session_of_alone")}
	case n < 0 || n > len(sessions):
		return server.ProgrammeConfig{}, usageError{p.N("programme.host.session_of_range", len(sessions), "Path", ag.path)}
	}
	cfg := server.ProgrammeConfig{Programme: name, Day: *f.day, Carry: *f.carry, CarryFrom: strings.TrimSpace(*f.carryFrom),
		TableLabel: func(t session.Promotion) string { return p.S("programme.table", "No", t.No) }}
	if len(sessions) > 0 {
		cfg.Plan = f.plan(p, fs, sessions, ag.path)
	}
	return cfg, nil
}

// plan sets up a new session of the programme from its agenda file: the
// --session-of Nth session, or the first (of --day, when given) that the
// programme has not hosted (no session of the same day and title). Flags
// given on the command line win over the file, as with any agenda.
func (f *programmeFlags) plan(p *lang.Printer, fs *flag.FlagSet, sessions []*agenda, path string) func([]store.SessionInfo, *server.HostConfig) error {
	return func(hosted []store.SessionInfo, cfg *server.HostConfig) error {
		pick := -1
		if n := *f.sessionOf; n > 0 {
			pick = n - 1
		} else {
			for i, s := range sessions {
				if (cfg.Programme.Day == 0 || s.Day == cfg.Programme.Day) && !wasHosted(hosted, s) {
					pick = i
					break
				}
			}
		}
		if pick < 0 && cfg.Programme.Day != 0 && !slices.ContainsFunc(sessions, func(s *agenda) bool { return s.Day == cfg.Programme.Day }) {
			return usageError{p.S("programme.host.no_such_day", "Path", path, "Day", cfg.Programme.Day)}
		}
		if pick < 0 {
			return usageError{p.N("programme.host.all_hosted", len(sessions), "Path", path)}
		}
		s := sessions[pick]
		given := map[string]bool{}
		fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
		if !given["title"] {
			cfg.Title = s.Title
		}
		if !given["topics"] && s.Topics != nil {
			cfg.Topics = s.Topics
		}
		if !given["horizons"] && s.Horizons != nil {
			cfg.Horizons = s.Horizons
		}
		if !given["votes"] && s.Votes > 0 {
			cfg.Votes = s.Votes
		}
		if !given["cap"] && s.Cap > 0 {
			cfg.Cap = s.Cap
		}
		if !given["anonymous"] && s.Anonymous != nil {
			cfg.Anonymous = s.Anonymous
		}
		if !given["private-ideas"] && s.PrivateIdeas != nil {
			cfg.PrivateIdeas = *s.PrivateIdeas
		}
		if !given["anon-k"] && s.AnonK > 0 {
			cfg.AnonK = s.AnonK
		}
		cfg.Agenda = s.plan()
		if cfg.Programme.Day == 0 {
			cfg.Programme.Day = s.Day
		}
		key := "programme.host.note.next"
		if *f.sessionOf > 0 {
			key = "programme.host.note.session_of"
		}
		f.chose = p.S(key, "N", pick+1, "Of", len(sessions), "Path", path, "Day", s.Day, "Title", s.Title)
		return nil
	}
}

// wasHosted reports whether the programme has a session of s's day and
// title (titles compared as names are).
func wasHosted(hosted []store.SessionInfo, s *agenda) bool {
	for _, h := range hosted {
		if h.Day == s.Day && session.FoldName(h.Title) == session.FoldName(s.Title) {
			return true
		}
	}
	return false
}

// withNotes puts the programme's notes after the first of the host's own,
// which says which session it serves.
func (f *programmeFlags) withNotes(p *lang.Printer, h *server.Host, notes []hostNote) []hostNote {
	more := f.notes(p, h)
	if len(notes) == 0 || len(more) == 0 {
		return append(notes, more...)
	}
	return append(append(append([]hostNote{}, notes[0]), more...), notes[1:]...)
}

// notes say, once the host has started, the programme and day of its
// session, which session of the agenda file it is, and what it carried.
func (f *programmeFlags) notes(p *lang.Printer, h *server.Host) []hostNote {
	var out []hostNote
	say := func(text string) { out = append(out, hostNote{text: text}) }
	if h.Programme != "" {
		say(p.S("programme.host.note.in", "Programme", h.Programme, "Day", h.Day))
	}
	if h.Reopened {
		return out
	}
	if f.chose != "" {
		say(f.chose)
	}
	switch c := h.Carried; {
	case c != nil && len(c.Choice.Items) > 0:
		say(p.N("programme.host.note.carried", len(c.Choice.Items), "Title", c.From.Title, "Day", c.From.Day, "ID", c.From.ID))
		say(p.N("programme.host.note.placed", c.Choice.Placed) + " " + p.N("programme.host.note.candidates", c.Choice.Candidates))
		if c.Choice.Left > 0 {
			say(p.N("programme.host.note.left", c.Choice.Left, "Most", p.Number(session.MaxCarried)))
		}
	case c != nil:
		say(p.S("programme.host.note.carried_none", "Title", c.From.Title, "ID", c.From.ID))
	case *f.carry || strings.TrimSpace(*f.carryFrom) != "":
		say(p.S("programme.host.note.nothing_before"))
	}
	return out
}
