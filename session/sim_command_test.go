package session_test

import (
	"slices"
	"strings"
	"time"

	"roundtable/session"
)

// The simulator's commands: what a random actor asks for, given the state.

// simText returns a text for a command: plain, Azerbaijani, Russian, emoji,
// escapes, empty, invalid UTF-8 and over-long.
func simText(c chooser) string {
	pool := []string{
		"Open data portal", "Rəqəmsal inkişaf", "Şəffaflıq", "Координация", "🚀 launch", "👩🏽‍💻 with ZWJ",
		"\x1b[31mred\x1b[0m", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "line one\nline two", "", "  ", "bad \xff",
		strings.Repeat("x", 501), "\u202eevil", "tab\there",
	}
	return pool[c.IntN(len(pool))]
}

// pick returns one of the ids, or a bogus one now and then.
func pick(c chooser, ids []string, bogus string) string {
	if len(ids) == 0 || c.IntN(10) == 0 {
		return bogus
	}
	return ids[c.IntN(len(ids))]
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	session.ByID(out)
	return out
}

// command makes a random command of a random type for the state.
func (m *sim) command(a session.Actor) session.Command {
	c, s := m.c, m.s
	ideas, groups := keys(s.Ideas), keys(s.Groups)
	items := append(slices.Clone(ideas), groups...)
	topics := make([]string, len(s.Topics))
	for k, t := range s.Topics {
		topics[k] = t.ID
	}
	types := session.CommandTypes()
	if m.noTables { // issue 16: a room that never sits at tables
		types = slices.DeleteFunc(types, func(t string) bool { return slices.Contains(tableTypes, t) })
	}
	typ := types[c.IntN(len(types))]
	// Removing people and making them read-only are picked as often as any
	// command but mostly turned into bringing them back, so the room keeps
	// enough active people to reach budgets, caps and merges.
	switch {
	case typ == session.CmdRemoveParticipant && c.IntN(4) != 0:
		typ = session.CmdReadmitParticipant
	case typ == session.CmdMakeReadOnly && c.IntN(4) != 0:
		typ = session.CmdLiftReadOnly
	}
	// Participants mostly do what their phase is for, so votes and ideas
	// are common enough to test budgets and merges.
	if a.Role == session.RoleParticipant && c.IntN(3) != 0 {
		switch s.Phase {
		case session.PhaseIdeas:
			typ = session.CmdPostIdea
		case session.PhaseVote:
			typ = session.CmdVote
		case session.PhaseDiscuss, session.PhaseRoadmap:
			typ = session.CmdComment
		case session.PhaseClosed:
			typ = session.CmdFeedback
		}
	}
	removed := false
	for _, p := range s.Participants {
		removed = removed || p.Removed
	}
	if a.Role == session.RoleFacilitator && removed && c.IntN(6) == 0 {
		typ = session.CmdReadmitParticipant // someone removed comes back, or the removal is undone
	} else if a.Role == session.RoleFacilitator && len(ideas) > 1 && c.IntN(5) == 0 {
		// the facilitator groups often once there are ideas, so that merges,
		// renames and splits (and their undos) are common enough
		typ = []string{session.CmdGroupIdeas, session.CmdGroupIdeas, session.CmdRenameGroup, session.CmdUngroupIdea}[c.IntN(4)]
	} else if a.Role == session.RoleFacilitator && !m.noTables && c.IntN(14) == 0 {
		// issue 16: the facilitator opens and closes tables often enough
		// that rooms work at tables and come back
		typ = []string{session.CmdOpenTables, session.CmdOpenTables, session.CmdCloseTables, session.CmdSeat}[c.IntN(4)]
	} else if a.Role == session.RoleFacilitator && c.IntN(4) == 0 {
		typ = []string{session.CmdSetPhase, session.CmdGroupIdeas, session.CmdRevealVotes, session.CmdHideVotes, session.CmdPlace, session.CmdTimer, session.CmdOpenVoting, session.CmdOpenVoting,
			session.CmdShowIdea, session.CmdRenameGroup, session.CmdUngroupIdea, session.CmdRevealIdeas}[c.IntN(12)]
		if c.IntN(10) == 0 { // moderation of participants, now and then; re-admitting often enough that votes go on
			typ = []string{session.CmdRenameParticipant, session.CmdRemoveParticipant, session.CmdReadmitParticipant,
				session.CmdReadmitParticipant, session.CmdMakeReadOnly, session.CmdLiftReadOnly, session.CmdLiftReadOnly}[c.IntN(7)]
		}
	}
	cmd := session.Command{Type: typ}
	switch c.IntN(40) {
	case 0:
		cmd.Type = "no_such_command"
	case 1:
		cmd.Type = session.CmdCreateSession
	}
	cmd.Item = pick(c, items, "i999")
	cmd.Topic = pick(c, topics, "t999")
	cmd.Text = simText(c)
	cmd.Name = simText(c)
	cmd.Institution = []string{"IRIA", "ASAN", "DTX", "Nazirlik"}[c.IntN(4)]
	cmd.Phase = session.Phases()[c.IntN(7)]
	if c.IntN(2) == 0 {
		cmd.Phase = []session.Phase{session.PhaseIdeas, session.PhaseVote, session.PhaseVote}[c.IntN(3)]
	}
	cmd.Delta = []int{1, 1, 1, 1, -1, -1, 0, 2}[c.IntN(8)]
	cmd.Horizon = pick(c, s.Settings.Horizons, "Someday")
	cmd.Lead = cmd.Institution
	cmd.Order = c.IntN(5)
	cmd.Rating = c.IntN(7)
	cmd.Action = []string{session.TimerStart, session.TimerPause, session.TimerResume, session.TimerExtend, session.TimerStop, "rewind"}[c.IntN(6)]
	cmd.Seconds = c.IntN(1200) - 300
	switch typ {
	case session.CmdGroupIdeas:
		var loose []string
		for _, id := range ideas {
			if i := s.Ideas[id]; i.Group == "" && !i.Hidden {
				loose = append(loose, id)
			}
		}
		// Ideas one voter gave votes, so merges go over the cap.
		var withVotes []string
		// The voter is one who gave votes to two loose ideas or more, when
		// there is one.
		var voters []string
		for _, pid := range keys(s.Participants) {
			n := 0
			for _, id := range loose {
				if s.Votes[id][pid] > 0 {
					n++
				}
			}
			if n >= 2 {
				voters = append(voters, pid)
			}
		}
		if len(voters) == 0 {
			voters = keys(s.Participants)
		}
		voter := pick(c, voters, "p992")
		for _, id := range loose {
			if s.Votes[id][voter] > 0 {
				withVotes = append(withVotes, id)
			}
		}
		switch c.IntN(4) {
		case 0:
			loose = ideas
		case 1, 2:
			if len(withVotes) > 0 {
				loose = withVotes
			}
		}
		n := 1 + c.IntN(4)
		for range n {
			cmd.Ideas = append(cmd.Ideas, pick(c, loose, "i998"))
		}
		if c.IntN(2) == 0 {
			cmd.Group = pick(c, groups, "g997")
		}
		if c.IntN(2) == 0 {
			cmd.Name = ""
		}
	case session.CmdVote:
		if cands := s.Candidates(); c.IntN(5) != 0 {
			if len(cands) > 3 && c.IntN(2) == 0 {
				cands = cands[:3]
			}
			cmd.Item = pick(c, cands, "g995")
		}
	case session.CmdShowIdea, session.CmdUngroupIdea:
		var some []string
		for _, id := range ideas {
			if i := s.Ideas[id]; (typ == session.CmdShowIdea && i.Hidden) || (typ == session.CmdUngroupIdea && i.Group != "") {
				some = append(some, id)
			}
		}
		cmd.Item = pick(c, some, "i994")
	case session.CmdRenameGroup, session.CmdDissolveGroup:
		cmd.Item = pick(c, groups, "g993")
	case session.CmdDeleteComment:
		cmd.Item = pick(c, keys(s.Comments), "c999")
	case session.CmdRenameParticipant, session.CmdRemoveParticipant, session.CmdReadmitParticipant, session.CmdMakeReadOnly, session.CmdLiftReadOnly:
		// Lifting and re-admitting pick among those it would apply to most
		// of the time, so that read-only and removed people come back and
		// votes go on.
		var some []string
		for id, p := range s.Participants {
			if (typ == session.CmdLiftReadOnly && p.ReadOnly) || (typ == session.CmdReadmitParticipant && p.Removed) {
				some = append(some, id)
			}
		}
		slices.Sort(some)
		if len(some) == 0 || c.IntN(4) == 0 {
			some = keys(s.Participants)
		}
		cmd.Participant = pick(c, some, "p991")
		cmd.Attribution = []string{"", session.AttributionKeep, session.AttributionRemoved, "forget"}[c.IntN(4)]
	case session.CmdPlace:
		cmd.Supporters = []string{"IRIA", "ASAN"}[:c.IntN(3)]
	case session.CmdUnplace:
		cmd.Item = pick(c, keys(s.Roadmap), "i996")
	case session.CmdUpdateSettings:
		if len(s.Votes) > 0 && c.IntN(3) == 0 {
			// votes were given: lower the cap or the budget now and then
			// below what someone gave, so that votes go back (issue 15)
			most, spent := 0, 0
			for _, votes := range s.Votes {
				for pid, n := range votes {
					most = max(most, n)
					if p := s.Participants[pid]; p != nil {
						spent = max(spent, p.VotesSpent)
					}
				}
			}
			if most > 1 && c.IntN(2) == 0 {
				cmd.VoteCap = ptr(most - 1)
			} else {
				cmd.VoteBudget = ptr(max(spent-1, 0))
			}
			break
		}
		switch c.IntN(7) {
		case 5: // issue 15
			cmd.PrivateIdeas = ptr(c.IntN(2) == 0)
		case 6:
			cmd.Agenda = &session.Agenda{Phases: map[session.Phase]time.Duration{cmd.Phase: time.Duration(c.IntN(3)) * time.Minute}, Item: time.Duration(c.IntN(2)) * time.Minute}
		case 0:
			cmd.VoteBudget = ptr(c.IntN(8))
			if c.IntN(3) != 0 { // mostly more than spent: low budgets leave too few votes to merge
				cmd.VoteBudget = ptr(3 + c.IntN(5))
			}
		case 1:
			cmd.VoteCap = ptr(c.IntN(5))
		case 2:
			cmd.Anonymous = ptr(c.IntN(2) == 0)
		case 3:
			cmd.Horizons = [][]string{{"Now", "Next", "Later"}, {"Now", "Q2 2027"}, {}}[c.IntN(3)]
		case 4:
			cmd.Title = ptr(simText(c))
		}
	case session.CmdFocus:
		if c.IntN(4) == 0 {
			cmd.Item = ""
		}
	case session.CmdOpenTables, session.CmdSeat, session.CmdPickTable, session.CmdSetRapporteur, session.CmdRaiseHand,
		session.CmdLowerHand, session.CmdPickPromotion, session.CmdBroadcast, session.CmdCloseTables:
		m.tableFields(a, &cmd) // issue 16: sim_tables_test.go
	case session.CmdNote:
		cmd.Notes, cmd.Decision = simText(c), simText(c)
	case session.CmdTimer:
		if cmd.Action == session.TimerStart && cmd.Seconds <= 0 {
			cmd.Seconds = 60
		}
	}
	m.tableWork(a, &cmd) // issue 16
	return cmd
}
