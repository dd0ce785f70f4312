package session

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Decide checks a command against the state, the actor's role and the phase,
// and returns the events it becomes, or an *Error with a code. It never
// changes the state: apply the events for that.
func Decide(s *State, a Actor, c Command, now time.Time) ([]Event, error) {
	d := decider{s: s, a: a, c: c, now: now}
	if c.Type != CmdCreateSession && s.CreatedAt.IsZero() {
		return nil, Errorf(ENOTFOUND, "The session does not exist yet.")
	}
	if a.Role == RoleObserver {
		return nil, Errorf(EFORBIDDEN, "Observers can only watch.")
	}
	if a.Role != RoleFacilitator && a.Role != RoleParticipant {
		return nil, Errorf(EFORBIDDEN, "Unknown role %q.", a.Role)
	}
	if a.Role == RoleParticipant && c.Type != CmdJoin {
		if _, ok := s.Participants[a.ID]; !ok {
			return nil, Errorf(EFORBIDDEN, "Join the session first.")
		}
	}
	fn, ok := deciders[c.Type]
	if !ok {
		return nil, Errorf(EINVALID, "Unknown command %q.", c.Type)
	}
	return fn(&d)
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
		return Errorf(EFORBIDDEN, "Only the facilitator can do that.")
	}
	return nil
}

func (d *decider) participant() error {
	if d.a.Role != RoleParticipant {
		return Errorf(EFORBIDDEN, "Only participants can do that.")
	}
	return nil
}

func (d *decider) inPhase(what string, phases ...Phase) error {
	if d.a.Role == RoleFacilitator {
		return nil
	}
	if slices.Contains(phases, d.s.Phase) {
		return nil
	}
	return Errorf(EFORBIDDEN, "You cannot %s in the %s phase.", what, d.s.Phase)
}

func (d *decider) idea(id string) (*Idea, error) {
	i, ok := d.s.Ideas[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "There is no idea %q.", id)
	}
	return i, nil
}

func (d *decider) group(id string) (*Group, error) {
	g, ok := d.s.Groups[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "There is no group %q.", id)
	}
	return g, nil
}

func (d *decider) item(id string) error {
	if !d.s.IsItem(id) {
		return Errorf(ENOTFOUND, "There is no idea or group %q.", id)
	}
	if i, ok := d.s.Ideas[id]; ok && i.Hidden && d.a.Role != RoleFacilitator {
		return Errorf(ENOTFOUND, "There is no idea or group %q.", id)
	}
	return nil
}

func (d *decider) topic(id string) error {
	if d.s.Topic(id) == nil {
		return Errorf(ENOTFOUND, "There is no topic %q.", id)
	}
	return nil
}

func cleanList(in []string, field string, maxLen, maxCount int) ([]string, error) {
	if len(in) > maxCount {
		return nil, Errorf(EINVALID, "Too many %ss: %d; the limit is %d.", field, len(in), maxCount)
	}
	out := make([]string, 0, len(in))
	for _, v := range in {
		c, err := Clean(v, field, maxLen, false, true)
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
		return Errorf(EINVALID, "The vote budget must be between 0 and 100.")
	}
	if st.VoteCap < 1 || st.VoteCap > 100 {
		return Errorf(EINVALID, "The votes per item must be between 1 and 100.")
	}
	if len(st.Horizons) == 0 {
		return Errorf(EINVALID, "The road map needs at least one horizon.")
	}
	return nil
}

func (d *decider) createSession() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.CreatedAt.IsZero() {
		return nil, Errorf(ECONFLICT, "The session already exists.")
	}
	st := DefaultSettings()
	if d.c.Title != nil {
		t, err := Clean(*d.c.Title, "title", MaxTitleLen, false, true)
		if err != nil {
			return nil, err
		}
		st.Title = t
	}
	if d.c.VoteBudget != nil {
		st.VoteBudget = *d.c.VoteBudget
	}
	if d.c.VoteCap != nil {
		st.VoteCap = *d.c.VoteCap
	}
	if d.c.Anonymous != nil {
		st.Anonymous = *d.c.Anonymous
	}
	if d.c.Horizons != nil {
		h, err := cleanList(d.c.Horizons, "horizon", MaxHorizonLen, MaxHorizons)
		if err != nil {
			return nil, err
		}
		st.Horizons = h
	}
	if err := validSettings(st); err != nil {
		return nil, err
	}
	topics := d.c.Topics
	if len(topics) == 0 {
		topics = DefaultTopics()
	}
	topics, err := cleanList(topics, "topic", MaxTopicLen, MaxTopics)
	if err != nil {
		return nil, err
	}
	if len(topics) == 0 {
		return nil, Errorf(EINVALID, "A session needs at least one topic.")
	}
	e := d.event(EvSessionCreated)
	e.Settings = &st
	e.Topics = topics
	return []Event{e}, nil
}

func (d *decider) join() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	name, err := Clean(d.c.Name, "name", MaxNameLen, false, true)
	if err != nil {
		return nil, err
	}
	inst, err := Clean(d.c.Institution, "institution", MaxInstitutionLen, false, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvParticipantJoined)
	e.ID = d.newID("p")
	e.Actor = e.ID
	e.Name = name
	e.Institution = inst
	e.TokenHash = d.c.TokenHash
	return []Event{e}, nil
}

func (d *decider) updateSettings() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	st := d.s.Settings
	st.Horizons = slices.Clone(st.Horizons)
	if d.c.Title != nil {
		t, err := Clean(*d.c.Title, "title", MaxTitleLen, false, true)
		if err != nil {
			return nil, err
		}
		st.Title = t
	}
	if d.c.VoteBudget != nil {
		st.VoteBudget = *d.c.VoteBudget
		for _, p := range d.s.ParticipantList() {
			if p.VotesSpent > st.VoteBudget {
				return nil, Errorf(ECONFLICT, "%s has already spent %d votes; the budget cannot go below that.", p.Name, p.VotesSpent)
			}
		}
	}
	if d.c.VoteCap != nil {
		st.VoteCap = *d.c.VoteCap
		items := slices.Collect(maps.Keys(d.s.Votes))
		ByID(items)
		for _, item := range items {
			pids := slices.Collect(maps.Keys(d.s.Votes[item]))
			ByID(pids)
			for _, pid := range pids {
				if n := d.s.Votes[item][pid]; n > st.VoteCap {
					name := pid
					if p := d.s.Participants[pid]; p != nil {
						name = p.Name
					}
					return nil, Errorf(ECONFLICT, "%s has already given %d votes to %q; the cap cannot go below that.", name, n, d.s.ItemTitle(item))
				}
			}
		}
	}
	if d.c.Anonymous != nil && *d.c.Anonymous != st.Anonymous {
		if len(d.s.Ideas) > 0 || len(d.s.Comments) > 0 {
			return nil, Errorf(ECONFLICT, "Anonymity can only change before the first idea or comment.")
		}
		st.Anonymous = *d.c.Anonymous
	}
	if d.c.Horizons != nil {
		h, err := cleanList(d.c.Horizons, "horizon", MaxHorizonLen, MaxHorizons)
		if err != nil {
			return nil, err
		}
		for _, r := range d.s.Roadmap {
			if !slices.Contains(h, r.Horizon) {
				return nil, Errorf(ECONFLICT, "Items are placed on %q; move them before removing that horizon.", r.Horizon)
			}
		}
		st.Horizons = h
	}
	if err := validSettings(st); err != nil {
		return nil, err
	}
	e := d.event(EvSettingsUpdated)
	e.Settings = &st
	return []Event{e}, nil
}

func (d *decider) addTopic() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	name, err := Clean(d.c.Name, "topic", MaxTopicLen, false, true)
	if err != nil {
		return nil, err
	}
	if len(d.s.Topics) >= MaxTopics {
		return nil, Errorf(ELIMIT, "A session has at most %d topics.", MaxTopics)
	}
	for _, t := range d.s.Topics {
		if t.Name == name {
			return nil, Errorf(ECONFLICT, "There is already a topic %q.", name)
		}
	}
	e := d.event(EvTopicAdded)
	e.ID = d.newID("t")
	e.Name = name
	return []Event{e}, nil
}

func (d *decider) renameTopic() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	name, err := Clean(d.c.Name, "topic", MaxTopicLen, false, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvTopicRenamed)
	e.Topic = d.c.Topic
	e.Name = name
	return []Event{e}, nil
}

func (d *decider) removeTopic() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	if len(d.s.Topics) == 1 {
		return nil, Errorf(ECONFLICT, "A session needs at least one topic.")
	}
	for _, i := range d.s.Ideas {
		if i.Topic == d.c.Topic {
			return nil, Errorf(ECONFLICT, "The topic has ideas; move them first.")
		}
	}
	for _, g := range d.s.Groups {
		if g.Topic == d.c.Topic {
			return nil, Errorf(ECONFLICT, "The topic has groups; dissolve them first.")
		}
	}
	e := d.event(EvTopicRemoved)
	e.Topic = d.c.Topic
	return []Event{e}, nil
}

func (d *decider) setPhase() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.c.Phase.Valid() {
		return nil, Errorf(EINVALID, "Unknown phase %q.", d.c.Phase)
	}
	if d.c.Phase == d.s.Phase {
		return nil, Errorf(ECONFLICT, "The session is already in the %s phase.", d.c.Phase)
	}
	e := d.event(EvPhaseChanged)
	e.Phase = d.c.Phase
	return []Event{e}, nil
}

func (d *decider) postIdea() ([]Event, error) {
	if err := d.inPhase("post ideas", PhaseIdeas); err != nil {
		return nil, err
	}
	if d.a.Role == RoleFacilitator && d.s.Phase == PhaseClosed {
		return nil, Errorf(EFORBIDDEN, "The session is closed.")
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	text, err := Clean(d.c.Text, "idea", MaxIdeaLen, true, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvIdeaPosted)
	e.ID = d.newID("i")
	e.Topic = d.c.Topic
	e.Text = text
	if p, ok := d.s.Participants[d.a.ID]; ok {
		e.Institution = p.Institution
	}
	return []Event{e}, nil
}

// ownIdea checks that the actor may change idea id as its author (in the
// ideas phase) or as the facilitator.
func (d *decider) ownIdea(id, what string) (*Idea, error) {
	i, err := d.idea(id)
	if err != nil {
		return nil, err
	}
	if d.a.Role == RoleFacilitator {
		return i, nil
	}
	if i.Author != d.a.ID {
		return nil, Errorf(EFORBIDDEN, "You can only %s your own ideas.", what)
	}
	if i.Hidden {
		return nil, Errorf(EFORBIDDEN, "The facilitator has hidden this idea.")
	}
	if err := d.inPhase(what+" ideas", PhaseIdeas); err != nil {
		return nil, err
	}
	return i, nil
}

func (d *decider) editIdea() ([]Event, error) {
	if _, err := d.ownIdea(d.c.Item, "edit"); err != nil {
		return nil, err
	}
	text, err := Clean(d.c.Text, "idea", MaxIdeaLen, true, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvIdeaEdited)
	e.Item = d.c.Item
	e.Text = text
	return []Event{e}, nil
}

func (d *decider) deleteIdea() ([]Event, error) {
	if _, err := d.ownIdea(d.c.Item, "delete"); err != nil {
		return nil, err
	}
	e := d.event(EvIdeaDeleted)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) hideIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if i.Hidden {
		return nil, Errorf(ECONFLICT, "The idea is already hidden.")
	}
	if i.Group != "" {
		return nil, Errorf(ECONFLICT, "The idea is in a group; take it out of the group first.")
	}
	e := d.event(EvIdeaHidden)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) showIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if !i.Hidden {
		return nil, Errorf(ECONFLICT, "The idea is not hidden.")
	}
	e := d.event(EvIdeaShown)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) moveIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if err := d.topic(d.c.Topic); err != nil {
		return nil, err
	}
	if i.Topic == d.c.Topic {
		return nil, Errorf(ECONFLICT, "The idea is already under that topic.")
	}
	e := d.event(EvIdeaMoved)
	e.Item = d.c.Item
	e.Topic = d.c.Topic
	return []Event{e}, nil
}

func (d *decider) groupIdeas() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if len(d.c.Ideas) == 0 {
		return nil, Errorf(EINVALID, "Select at least one idea to group.")
	}
	var ideas []string
	for _, id := range d.c.Ideas {
		i, err := d.idea(id)
		if err != nil {
			return nil, err
		}
		if i.Hidden {
			return nil, Errorf(ECONFLICT, "Idea %s is hidden; show it before grouping.", id)
		}
		if i.Group != "" && i.Group != d.c.Group {
			return nil, Errorf(ECONFLICT, "Idea %s is already in a group; take it out first.", id)
		}
		if i.Group == "" && !slices.Contains(ideas, id) {
			ideas = append(ideas, id)
		}
	}
	if d.c.Group != "" {
		if _, err := d.group(d.c.Group); err != nil {
			return nil, err
		}
		if len(ideas) == 0 {
			return nil, Errorf(ECONFLICT, "Those ideas are already in the group.")
		}
		e := d.event(EvIdeasGrouped)
		e.Item = d.c.Group
		e.Ideas = ideas
		return append([]Event{e}, d.capRefunds(d.c.Group, ideas)...), nil
	}
	name := d.c.Name
	if Sanitize(name, false) == "" {
		name = d.s.Ideas[ideas[0]].Text
		if r := []rune(Sanitize(name, false)); len(r) > 60 {
			name = string(r[:59]) + "…"
		}
	}
	name, err := Clean(name, "group name", MaxGroupNameLen, false, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvGroupCreated)
	e.ID = d.newID("g")
	e.Name = name
	e.Topic = d.s.Ideas[ideas[0]].Topic
	e.Ideas = ideas
	return append([]Event{e}, d.capRefunds(e.ID, ideas)...), nil
}

// capRefunds returns the vote_cast events that give back the votes a
// participant would hold on group gid beyond the per-item cap once the ideas'
// votes move to it: merging two ideas a participant gave 3 votes each leaves
// them 3 votes on the group and returns 3 to their budget. The events carry
// the participant as actor, so each participant's copy (and nobody else's)
// learns their own refund, and others see it like any other vote.
func (d *decider) capRefunds(gid string, ideas []string) []Event {
	total := map[string]int{}
	for pid, n := range d.s.Votes[gid] {
		total[pid] += n
	}
	for _, id := range ideas {
		for pid, n := range d.s.Votes[id] {
			total[pid] += n
		}
	}
	var over []string
	for pid, n := range total {
		if n > d.s.Settings.VoteCap {
			over = append(over, pid)
		}
	}
	ByID(over)
	out := make([]Event, 0, len(over))
	for _, pid := range over {
		e := d.event(EvVoteCast)
		e.Actor = pid
		e.Item = gid
		e.Delta = d.s.Settings.VoteCap - total[pid]
		out = append(out, e)
	}
	return out
}

func (d *decider) ungroupIdea() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	i, err := d.idea(d.c.Item)
	if err != nil {
		return nil, err
	}
	if i.Group == "" {
		return nil, Errorf(ECONFLICT, "The idea is not in a group.")
	}
	e := d.event(EvIdeaUngrouped)
	e.Item = d.c.Item
	e.ID = i.Group
	return []Event{e}, nil
}

func (d *decider) renameGroup() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if _, err := d.group(d.c.Item); err != nil {
		return nil, err
	}
	name, err := Clean(d.c.Name, "group name", MaxGroupNameLen, false, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvGroupRenamed)
	e.Item = d.c.Item
	e.Name = name
	return []Event{e}, nil
}

func (d *decider) dissolveGroup() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if _, err := d.group(d.c.Item); err != nil {
		return nil, err
	}
	e := d.event(EvGroupDissolved)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) vote() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseVote {
		return nil, Errorf(EFORBIDDEN, "Voting happens in the vote phase; now is the %s phase.", d.s.Phase)
	}
	if d.s.VotingClosed {
		return nil, Errorf(EFORBIDDEN, "Voting is closed.")
	}
	if d.c.Delta != 1 && d.c.Delta != -1 {
		return nil, Errorf(EINVALID, "A vote adds 1 or removes 1.")
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	if i, ok := d.s.Ideas[d.c.Item]; ok && i.Group != "" {
		return nil, Errorf(ECONFLICT, "This idea is in a group; vote for the group instead.")
	}
	mine := d.s.Votes[d.c.Item][d.a.ID]
	p := d.s.Participants[d.a.ID]
	if d.c.Delta > 0 {
		if p.VotesSpent >= d.s.Settings.VoteBudget {
			return nil, Errorf(ELIMIT, "You have used all %d of your votes. Remove one to vote again.", d.s.Settings.VoteBudget)
		}
		if mine >= d.s.Settings.VoteCap {
			return nil, Errorf(ELIMIT, "You can give one item at most %d votes.", d.s.Settings.VoteCap)
		}
	} else if mine <= 0 {
		return nil, Errorf(ECONFLICT, "You have no vote on this item to remove.")
	}
	e := d.event(EvVoteCast)
	e.Item = d.c.Item
	e.Delta = d.c.Delta
	return []Event{e}, nil
}

func (d *decider) revealVotes() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.VotesRevealed {
		return nil, Errorf(ECONFLICT, "The votes are already revealed.")
	}
	e := d.event(EvVotesRevealed)
	e.Tallies = map[string]int{}
	for item := range d.s.Votes {
		if t := d.s.Tally(item); t > 0 {
			e.Tallies[item] = t
		}
	}
	return []Event{e}, nil
}

func (d *decider) hideVotes() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.VotesRevealed {
		return nil, Errorf(ECONFLICT, "The votes are already hidden.")
	}
	return []Event{d.event(EvVotesHidden)}, nil
}

func (d *decider) closeVoting() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.s.VotingClosed {
		return nil, Errorf(ECONFLICT, "Voting is already closed.")
	}
	return []Event{d.event(EvVotingClosed)}, nil
}

func (d *decider) openVoting() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.VotingClosed {
		return nil, Errorf(ECONFLICT, "Voting is already open.")
	}
	return []Event{d.event(EvVotingOpened)}, nil
}

func (d *decider) comment() ([]Event, error) {
	if err := d.inPhase("comment", PhaseIdeas, PhaseGroup, PhaseVote, PhaseDiscuss, PhaseRoadmap); err != nil {
		return nil, err
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	text, err := Clean(d.c.Text, "comment", MaxCommentLen, true, true)
	if err != nil {
		return nil, err
	}
	e := d.event(EvCommentPosted)
	e.ID = d.newID("c")
	e.Item = d.c.Item
	e.Text = text
	if p, ok := d.s.Participants[d.a.ID]; ok {
		e.Institution = p.Institution
	}
	return []Event{e}, nil
}

func (d *decider) deleteComment() ([]Event, error) {
	c, ok := d.s.Comments[d.c.Item]
	if !ok {
		return nil, Errorf(ENOTFOUND, "There is no comment %q.", d.c.Item)
	}
	if d.a.Role != RoleFacilitator && c.Author != d.a.ID {
		return nil, Errorf(EFORBIDDEN, "You can only delete your own comments.")
	}
	e := d.event(EvCommentDeleted)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) focus() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if d.c.Item != "" {
		if err := d.item(d.c.Item); err != nil {
			return nil, err
		}
		if i := d.s.Ideas[d.c.Item]; i != nil && i.Hidden {
			return nil, Errorf(ECONFLICT, "The idea is hidden; show it before focusing it.")
		}
	}
	if d.c.Item == d.s.Focus {
		return nil, Errorf(ECONFLICT, "That item is already focused.")
	}
	e := d.event(EvItemFocused)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) note() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	notes, err := Clean(d.c.Notes, "notes", MaxNotesLen, true, false)
	if err != nil {
		return nil, err
	}
	decision, err := Clean(d.c.Decision, "decision", MaxNotesLen, true, false)
	if err != nil {
		return nil, err
	}
	e := d.event(EvNoteRecorded)
	e.Item = d.c.Item
	e.Notes = notes
	e.Decision = decision
	return []Event{e}, nil
}

func (d *decider) place() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if !d.s.Votable(d.c.Item) {
		if err := d.item(d.c.Item); err != nil {
			return nil, err
		}
		return nil, Errorf(ECONFLICT, "Only groups and visible ideas outside groups can go on the road map.")
	}
	if !slices.Contains(d.s.Settings.Horizons, d.c.Horizon) {
		return nil, Errorf(EINVALID, "Unknown horizon %q; the horizons are %v.", d.c.Horizon, d.s.Settings.Horizons)
	}
	lead, err := Clean(d.c.Lead, "lead institution", MaxInstitutionLen, false, false)
	if err != nil {
		return nil, err
	}
	sup, err := cleanList(d.c.Supporters, "supporting institution", MaxInstitutionLen, MaxSupporters)
	if err != nil {
		return nil, err
	}
	if d.c.Order < 0 {
		return nil, Errorf(EINVALID, "The order is a position from 1; 0 puts the item last.")
	}
	e := d.event(EvRoadmapPlaced)
	e.Item = d.c.Item
	e.Horizon = d.c.Horizon
	e.Lead = lead
	e.Supporters = sup
	e.Order = d.c.Order
	return []Event{e}, nil
}

func (d *decider) unplace() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if _, ok := d.s.Roadmap[d.c.Item]; !ok {
		return nil, Errorf(ENOTFOUND, "That item is not on the road map.")
	}
	e := d.event(EvRoadmapRemoved)
	e.Item = d.c.Item
	return []Event{e}, nil
}

func (d *decider) markDone() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Done[d.s.Phase][d.a.ID] {
		return nil, Errorf(ECONFLICT, "You are already marked done with this phase.")
	}
	e := d.event(EvDoneMarked)
	e.ID = d.a.ID
	e.Phase = d.s.Phase
	return []Event{e}, nil
}

func (d *decider) clearDone() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if !d.s.Done[d.s.Phase][d.a.ID] {
		return nil, Errorf(ECONFLICT, "You are not marked done with this phase.")
	}
	e := d.event(EvDoneCleared)
	e.ID = d.a.ID
	e.Phase = d.s.Phase
	return []Event{e}, nil
}

func (d *decider) feedback() ([]Event, error) {
	if err := d.participant(); err != nil {
		return nil, err
	}
	if d.s.Phase != PhaseClosed {
		return nil, Errorf(EFORBIDDEN, "Feedback opens when the session is closed.")
	}
	if d.c.Rating < 1 || d.c.Rating > 5 {
		return nil, Errorf(EINVALID, "The rating is from 1 to 5.")
	}
	text, err := Clean(d.c.Text, "feedback", MaxFeedbackLen, true, false)
	if err != nil {
		return nil, err
	}
	e := d.event(EvFeedbackGiven)
	e.Rating = d.c.Rating
	e.Text = text
	return []Event{e}, nil
}

func (d *decider) timer() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	t := d.s.Timer
	switch d.c.Action {
	case TimerStart:
		dur := time.Duration(d.c.Seconds) * time.Second
		if dur <= 0 || dur > MaxTimer {
			return nil, Errorf(EINVALID, "A timer runs from 1 second to %v.", MaxTimer)
		}
		e := d.event(EvTimerStarted)
		e.Duration = dur
		e.EndsAt = d.now.Add(dur)
		return []Event{e}, nil
	case TimerExtend:
		add := time.Duration(d.c.Seconds) * time.Second
		if add == 0 || add > MaxTimer || add < -MaxTimer {
			return nil, Errorf(EINVALID, "Extend by a number of seconds, up to %v.", MaxTimer)
		}
		if !t.Set() {
			return nil, Errorf(ECONFLICT, "No timer is set.")
		}
		left := t.Left(d.now) + add
		if left < 0 {
			left = 0
		}
		if left > MaxTimer {
			return nil, Errorf(EINVALID, "A timer runs at most %v.", MaxTimer)
		}
		if t.Running || left > 0 && t.Remaining == 0 {
			e := d.event(EvTimerStarted)
			e.Duration = max(t.Duration+add, left) // never less than what is left, so never negative
			e.EndsAt = d.now.Add(left)
			return []Event{e}, nil
		}
		e := d.event(EvTimerPaused)
		e.Duration = left
		return []Event{e}, nil
	case TimerPause:
		if !t.Running {
			return nil, Errorf(ECONFLICT, "The timer is not running.")
		}
		e := d.event(EvTimerPaused)
		e.Duration = t.Left(d.now)
		return []Event{e}, nil
	case TimerResume:
		if t.Running || t.Remaining <= 0 {
			return nil, Errorf(ECONFLICT, "There is no paused timer.")
		}
		e := d.event(EvTimerResumed)
		e.EndsAt = d.now.Add(t.Remaining)
		return []Event{e}, nil
	case TimerStop:
		if !t.Set() {
			return nil, Errorf(ECONFLICT, "No timer is set.")
		}
		return []Event{d.event(EvTimerStopped)}, nil
	}
	return nil, Errorf(EINVALID, "Unknown timer action %q; use start, pause, resume, extend or stop.", d.c.Action)
}
