package session

import (
	"fmt"
	"slices"
	"time"
)

// Decide checks a command against the state, the actor's role and the phase,
// and returns the events it becomes, or an *Error with a code. It never
// changes the state: apply the events for that.
func Decide(s *State, a Actor, c Command, now time.Time) ([]Event, error) {
	d := decider{s: s, a: a, c: c, now: now}
	if c.Type != CmdCreateSession && s.CreatedAt.IsZero() {
		return nil, Refuse(ENOTFOUND, "errors.no_session")
	}
	if a.Role == RoleObserver {
		return nil, Refuse(EFORBIDDEN, "errors.observers_watch")
	}
	if a.Role != RoleFacilitator && a.Role != RoleParticipant {
		return nil, Refuse(EFORBIDDEN, "errors.unknown_role", "Role", Quoted(string(a.Role)))
	}
	if a.Role == RoleParticipant && c.Type != CmdJoin {
		if _, ok := s.Participants[a.ID]; !ok {
			return nil, Refuse(EFORBIDDEN, "errors.join_first")
		}
	}
	if err := barred(s, a, c); err != nil {
		return nil, err
	}
	fn, ok := deciders[c.Type]
	if !ok {
		return nil, Refuse(EINVALID, "errors.unknown_command", "Type", Quoted(c.Type))
	}
	evs, err := fn(&d)
	if err != nil {
		return nil, err
	}
	return d.tableRules(evs) // issue 16: decide_tables_rules.go
}

// decider carries one decision's inputs.
type decider struct {
	s   *State
	a   Actor
	c   Command
	now time.Time
	n   int64 // ids handed out so far in this decision
}

var deciders = map[string]func(*decider) ([]Event, error){
	CmdCreateSession:  (*decider).createSession,
	CmdJoin:           (*decider).join,
	CmdUpdateSettings: (*decider).updateSettings,
	CmdAddTopic:       (*decider).addTopic,
	CmdRenameTopic:    (*decider).renameTopic,
	CmdRemoveTopic:    (*decider).removeTopic,
	CmdSetPhase:       (*decider).setPhase,
	CmdPostIdea:       (*decider).postIdea,
	CmdEditIdea:       (*decider).editIdea,
	CmdDeleteIdea:     (*decider).deleteIdea,
	CmdHideIdea:       (*decider).hideIdea,
	CmdShowIdea:       (*decider).showIdea,
	CmdMoveIdea:       (*decider).moveIdea,
	CmdGroupIdeas:     (*decider).groupIdeas,
	CmdUngroupIdea:    (*decider).ungroupIdea,
	CmdRenameGroup:    (*decider).renameGroup,
	CmdDissolveGroup:  (*decider).dissolveGroup,
	CmdVote:           (*decider).vote,
	CmdRevealVotes:    (*decider).revealVotes,
	CmdHideVotes:      (*decider).hideVotes,
	CmdCloseVoting:    (*decider).closeVoting,
	CmdOpenVoting:     (*decider).openVoting,
	CmdComment:        (*decider).comment,
	CmdDeleteComment:  (*decider).deleteComment,
	CmdFocus:          (*decider).focus,
	CmdNote:           (*decider).note,
	CmdPlace:          (*decider).place,
	CmdUnplace:        (*decider).unplace,
	CmdMarkDone:       (*decider).markDone,
	CmdClearDone:      (*decider).clearDone,
	CmdFeedback:       (*decider).feedback,
	CmdTimer:          (*decider).timer,

	CmdRenameParticipant:  (*decider).renameParticipant,
	CmdRemoveParticipant:  (*decider).removeParticipant,
	CmdReadmitParticipant: (*decider).readmitParticipant,
	CmdMakeReadOnly:       (*decider).makeReadOnly,
	CmdLiftReadOnly:       (*decider).liftReadOnly,
	// Issue 15 (decide_private.go).
	CmdRevealIdeas: (*decider).revealIdeas,
	// Issue 15.
	CmdUndo: (*decider).undo,
	// Issue 16: breakout tables (decide_tables.go).
	CmdOpenTables:    (*decider).openTables,
	CmdSeat:          (*decider).seat,
	CmdPickTable:     (*decider).pickTable,
	CmdSetRapporteur: (*decider).setRapporteur,
	CmdRaiseHand:     (*decider).raiseHand,
	CmdLowerHand:     (*decider).lowerHand,
	CmdPickPromotion: (*decider).pickPromotion,
	CmdBroadcast:     (*decider).broadcast,
	CmdCloseTables:   (*decider).closeTables,
}

// CommandTypes returns every command type Decide knows.
func CommandTypes() []string {
	out := make([]string, 0, len(deciders))
	for k := range deciders {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (d *decider) event(typ string) Event {
	return Event{Type: typ, At: d.now, Actor: d.a.ID}
}

// newID hands out the next id with the given prefix: i idea, g group,
// c comment, t topic, p participant.
func (d *decider) newID(prefix string) string {
	d.n++
	return fmt.Sprintf("%s%d", prefix, d.s.Counter+d.n)
}

func (d *decider) facilitator() error {
	if d.a.Role != RoleFacilitator {
		return Refuse(EFORBIDDEN, "errors.facilitator_only")
	}
	return nil
}

func (d *decider) participant() error {
	if d.a.Role != RoleParticipant {
		return Refuse(EFORBIDDEN, "errors.participants_only")
	}
	return nil
}

// inPhase refuses a participant outside the given phases with key, a
// refusal that names the phase now.
func (d *decider) inPhase(key string, phases ...Phase) error {
	if d.a.Role == RoleFacilitator {
		return nil
	}
	if slices.Contains(phases, d.s.Phase) {
		return nil
	}
	return Refuse(EFORBIDDEN, key, "Phase", d.s.Phase)
}

func (d *decider) idea(id string) (*Idea, error) {
	i, ok := d.s.Ideas[id]
	if !ok || d.hidden(id) { // issue 16: another table's is not there
		return nil, Refuse(ENOTFOUND, "errors.no_idea", "ID", Quoted(id))
	}
	return i, nil
}

func (d *decider) group(id string) (*Group, error) {
	g, ok := d.s.Groups[id]
	if !ok || d.hidden(id) { // issue 16: another table's is not there
		return nil, Refuse(ENOTFOUND, "errors.no_group", "ID", Quoted(id))
	}
	return g, nil
}

func (d *decider) item(id string) error {
	if !d.s.IsItem(id) || d.hidden(id) { // issue 16: another table's is not there
		return Refuse(ENOTFOUND, "errors.no_item", "ID", Quoted(id))
	}
	if i, ok := d.s.Ideas[id]; ok && i.Hidden && d.a.Role != RoleFacilitator {
		return Refuse(ENOTFOUND, "errors.no_item", "ID", Quoted(id))
	}
	// issue 15: another's private idea is not there for a participant
	if i, ok := d.s.Ideas[id]; ok && i.Private && d.a.Role != RoleFacilitator && i.Author != d.a.ID {
		return Refuse(ENOTFOUND, "errors.no_item", "ID", Quoted(id))
	}
	return nil
}

func (d *decider) topic(id string) error {
	if d.s.Topic(id) == nil {
		return Refuse(ENOTFOUND, "errors.no_topic", "ID", Quoted(id))
	}
	return nil
}

func cleanList(in []string, field Field, maxCount int) ([]string, error) {
	if len(in) > maxCount {
		return nil, Refuse(EINVALID, "errors.too_many", "Field", field.Name, "Count", len(in), "Max", maxCount)
	}
	out := make([]string, 0, len(in))
	for _, v := range in {
		c, err := field.Clean(v)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func validSettings(st Settings) error {
	if st.VoteBudget < 0 || st.VoteBudget > 100 {
		return Refuse(EINVALID, "errors.vote_budget_range")
	}
	if st.VoteCap < 1 || st.VoteCap > 100 {
		return Refuse(EINVALID, "errors.vote_cap_range")
	}
	if len(st.Horizons) == 0 {
		return Refuse(EINVALID, "errors.needs_horizon")
	}
	return nil
}
