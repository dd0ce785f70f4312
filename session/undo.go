package session

import (
	"maps"
	"slices"
	"time"
)

// Undo (issue 15). Apply keeps, per actor, the actions they can undo, oldest
// first, with what undoing each needs to know of the state before it
// (State.Undo). The undo command (decide_undo.go) takes the newest, checks
// that nothing since depends on it, and appends the inverse events, each
// with Undoes set to the seq of the action's event: nothing is ever deleted
// from the log. Apply takes an undone action off its actor's list and never
// records an inverse event as an action, so an undo is not itself undone.
//
// The lists are rebuilt by Apply from the log, so a restarted host has
// them, and are never sent: a replica holds what it rebuilt from the events
// it received, which for its own actions is the whole of them.

// UndoDepth is how many actions each actor can undo, newest first.
const UndoDepth = 20

// UndoPhaseWindow is how long a phase change can be undone: long enough to
// notice a slip of > or <, short enough that nobody has yet worked in the
// new phase on the strength of it (in the reference workshop a phase is 10
// to 20 minutes, and people post within the first minutes).
const UndoPhaseWindow = 5 * time.Minute

// UndoEntry is one action its actor can undo: the event that began it and
// what undoing it needs of the state before it. Entries never change once
// recorded, so copies of a state share them.
type UndoEntry struct {
	Seq  int64     // the action's event
	Kind string    // its type: what undoing reverses (an Ev constant)
	At   time.Time // when it was done
	Item string    // the idea, group, comment or road map item it was about
	N    int       // a merge: ideas merged; a vote: its delta
	To   Phase     // phase_changed: the phase set
	// Count is a vote's voter's votes on the item right after it: votes
	// given back since (a lower cap or budget) make it no longer undoable.
	Count int

	*undoData // what undoing needs beyond that; nil for a post, a comment, a vote, a flag
}

// undoData is what undoing an action needs of the state before it.
type undoData struct {
	Text  string // idea_edited: the text before; group_renamed: the name before
	Set   string // idea_edited: the text set; group_renamed: the name set; idea_moved: the topic set; item_focused: the item focused
	Topic string // idea_moved: the topic before
	Phase Phase  // phase_changed: the phase before
	Focus string // the focus before, when the action moved or cleared it

	Ideas   []string                  // a merge: the ideas merged, in order
	Members []string                  // a merge: the group's ideas right after it
	Votes   map[string]map[string]int // item -> voter -> votes the action moved away: merged ideas', a hidden idea's
	Before  map[string]int            // ideas_grouped: the group's votes before, per voter
	After   map[string]int            // a merge: the group's votes right after, per voter
	Placed  map[string]RoadmapItem    // placements the action took away or replaced, by item
	Placing *RoadmapItem              // roadmap_placed: the placement it set
	Note    *Note                     // note_recorded: the note before (nil: none)
	NoteSet *Note                     // note_recorded: the note it set
	Group   *groupRecord              // a group the action dissolved (dissolve, or taking out its last idea)
	GroupID string                    // idea_ungrouped: the group the idea left

	// Issue 15, undo with the agenda and moderation (undo_clock.go,
	// undo_moderation.go). Timer: the timer before a phase change or a
	// focus that reset it (nil: the action left the clock alone). Ended:
	// the phase change ended a private round that had nothing to reveal;
	// Revealed: how many ideas its end revealed (then it cannot be undone).
	Timer    *Timer
	Ended    bool
	Revealed int
}

// groupRecord is a dissolved group as it was, for undoing its end.
type groupRecord struct {
	Group    Group
	Votes    map[string]int
	Placed   *RoadmapItem
	Note     *Note
	Comments int
	Focused  bool
}

// mergeMark is the last merge applied: the cap refunds of its command
// follow it at the same time, as vote_cast events of the voters, and are no
// votes of theirs to undo.
type mergeMark struct {
	item string
	at   time.Time
}

// NextUndo returns the action actor would undo now, or nil: for the apps,
// to say what u will undo. A replica knows only the actions it saw.
func (s *State) NextUndo(actor string) *UndoEntry {
	stack := s.Undo[actor]
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// noteUndo keeps the undo lists by event e, before e is applied.
func (s *State) noteUndo(e Event) {
	if e.Undoes != 0 {
		s.popUndo(e.Actor, e.Undoes)
		return
	}
	if e.Actor == "" {
		return
	}
	u := s.undoEntry(e)
	if u == nil {
		return
	}
	u.Seq, u.Kind, u.At = e.Seq, e.Type, e.At
	if s.Undo == nil {
		s.Undo = map[string][]*UndoEntry{}
	}
	// The lists are this state's own (Clone copies them), so they change
	// in place.
	stack := s.Undo[e.Actor]
	if len(stack) >= UndoDepth {
		n := copy(stack, stack[len(stack)-UndoDepth+1:])
		clear(stack[n:])
		stack = stack[:n]
	}
	s.Undo[e.Actor] = append(stack, u)
}

// popUndo takes the action with event seq off actor's list.
func (s *State) popUndo(actor string, seq int64) {
	stack := s.Undo[actor]
	for k := len(stack) - 1; k >= 0; k-- {
		if stack[k].Seq == seq {
			if len(stack) == 1 {
				delete(s.Undo, actor)
				return
			}
			s.Undo[actor] = slices.Delete(stack, k, k+1)
			return
		}
	}
}

// undoEntry returns what undoing e will need, or nil when e is no action
// its actor can undo (or changes nothing).
func (s *State) undoEntry(e Event) *UndoEntry {
	switch e.Type {
	case EvGroupCreated, EvIdeasGrouped:
		return s.mergeEntry(e)
	case EvIdeaUngrouped:
		i := s.Ideas[e.Item]
		if i == nil || i.Group == "" {
			return nil
		}
		u := &UndoEntry{Item: e.Item, undoData: &undoData{GroupID: i.Group}}
		if g := s.Groups[i.Group]; g != nil && len(g.Ideas) == 1 {
			u.Group = s.recordGroup(g)
		}
		return u
	case EvGroupDissolved:
		g := s.Groups[e.Item]
		if g == nil {
			return nil
		}
		return &UndoEntry{Item: e.Item, undoData: &undoData{Group: s.recordGroup(g)}}
	case EvGroupRenamed:
		g := s.Groups[e.Item]
		if g == nil {
			return nil
		}
		return &UndoEntry{Item: e.Item, undoData: &undoData{Text: g.Name, Set: e.Name}}
	case EvIdeaHidden:
		i := s.Ideas[e.Item]
		if i == nil || i.Hidden {
			return nil
		}
		u := &UndoEntry{Item: e.Item, undoData: &undoData{Votes: map[string]map[string]int{}, Placed: map[string]RoadmapItem{}}}
		if v := s.Votes[e.Item]; len(v) > 0 {
			u.Votes[e.Item] = maps.Clone(v)
		}
		if r := s.Roadmap[e.Item]; r != nil {
			u.Placed[e.Item] = cloneRoadmapItem(*r)
		}
		if s.Focus == e.Item {
			u.Focus = e.Item
		}
		return u
	case EvIdeaShown:
		if i := s.Ideas[e.Item]; i == nil || !i.Hidden {
			return nil
		}
		return &UndoEntry{Item: e.Item}
	case EvIdeaMoved:
		i := s.Ideas[e.Item]
		if i == nil {
			return nil
		}
		return &UndoEntry{Item: e.Item, undoData: &undoData{Topic: i.Topic, Set: e.Topic}}
	case EvIdeaEdited:
		i := s.Ideas[e.Item]
		if i == nil {
			return nil
		}
		return &UndoEntry{Item: e.Item, undoData: &undoData{Text: i.Text, Set: e.Text}}
	case EvRoadmapPlaced:
		if !s.IsItem(e.Item) {
			return nil
		}
		u := &UndoEntry{Item: e.Item, undoData: &undoData{Placed: map[string]RoadmapItem{},
			Placing: &RoadmapItem{Item: e.Item, Horizon: e.Horizon, Lead: e.Lead, Supporters: slices.Clone(e.Supporters)}}}
		if r := s.Roadmap[e.Item]; r != nil {
			u.Placed[e.Item] = cloneRoadmapItem(*r)
		}
		return u
	case EvRoadmapRemoved:
		r := s.Roadmap[e.Item]
		if r == nil {
			return nil
		}
		return &UndoEntry{Item: e.Item, undoData: &undoData{Placed: map[string]RoadmapItem{e.Item: cloneRoadmapItem(*r)}}}
	case EvVotesRevealed, EvVotesHidden, EvVotingClosed, EvVotingOpened:
		return &UndoEntry{}
	case EvPhaseChanged:
		return s.phaseEntry(e) // undo_clock.go
	case EvNoteRecorded:
		u := &UndoEntry{Item: e.Item, undoData: &undoData{NoteSet: &Note{Item: e.Item, Notes: e.Notes, Decision: e.Decision}}}
		if n := s.Notes[e.Item]; n != nil {
			c := *n
			u.Note = &c
		}
		return u
	case EvItemFocused:
		return &UndoEntry{Item: e.Item, undoData: &undoData{Focus: s.Focus, Set: e.Item, Timer: s.focusClock(e)}}
	case EvIdeaPosted, EvCommentPosted:
		return &UndoEntry{Item: e.ID}
	case EvVoteCast:
		if e.Delta != 1 && e.Delta != -1 || e.Actor == FacilitatorID || !s.IsItem(e.Item) {
			return nil
		}
		if e.Delta < 0 && s.merging.item == e.Item && s.merging.at.Equal(e.At) {
			return nil // a cap refund of the merge just applied
		}
		return &UndoEntry{Item: e.Item, N: e.Delta, Count: s.Votes[e.Item][e.Actor] + e.Delta}
	case EvParticipantRenamed, EvParticipantRemoved, EvParticipantReadmitted, EvParticipantMadeReadOnly, EvParticipantReadOnlyLifted:
		return s.moderationEntry(e) // undo_moderation.go
	case EvConsentOpened, EvConsentRecorded:
		return s.consentEntry(e) // issue 16: undo_consent.go
	}
	return nil
}

// mergeEntry records a group_created or ideas_grouped: the ideas it takes
// in, their votes and placements, and the group's votes before and after.
func (s *State) mergeEntry(e Event) *UndoEntry {
	gid := e.ID
	var before map[string]int
	var members []string
	if e.Type == EvIdeasGrouped {
		gid = e.Item
		g := s.Groups[gid]
		if g == nil {
			return nil
		}
		before = maps.Clone(s.Votes[gid])
		members = slices.Clone(g.Ideas)
	}
	u := &UndoEntry{Item: gid, undoData: &undoData{Votes: map[string]map[string]int{}, Placed: map[string]RoadmapItem{}, Before: before}}
	total := maps.Clone(before)
	if total == nil {
		total = map[string]int{}
	}
	for _, id := range e.Ideas {
		i := s.Ideas[id]
		if i == nil || i.Group != "" || slices.Contains(u.Ideas, id) {
			continue
		}
		u.Ideas = append(u.Ideas, id)
		if v := s.Votes[id]; len(v) > 0 {
			u.Votes[id] = maps.Clone(v)
			for pid, n := range v {
				total[pid] += n
			}
		}
		if r := s.Roadmap[id]; r != nil {
			u.Placed[id] = cloneRoadmapItem(*r)
		}
		if s.Focus == id {
			u.Focus = id
		}
	}
	if len(u.Ideas) == 0 {
		return nil
	}
	u.N = len(u.Ideas)
	u.Members = append(members, u.Ideas...)
	u.After = map[string]int{}
	for pid, n := range total {
		if n > 0 {
			u.After[pid] = min(n, s.Settings.VoteCap)
		}
	}
	s.merging = mergeMark{item: gid, at: e.At}
	return u
}

// recordGroup keeps a group that is about to be dissolved.
func (s *State) recordGroup(g *Group) *groupRecord {
	r := &groupRecord{Group: *g, Votes: maps.Clone(s.Votes[g.ID]), Focused: s.Focus == g.ID}
	r.Group.Ideas = slices.Clone(g.Ideas)
	if p := s.Roadmap[g.ID]; p != nil {
		c := cloneRoadmapItem(*p)
		r.Placed = &c
	}
	if n := s.Notes[g.ID]; n != nil {
		c := *n
		r.Note = &c
	}
	for _, c := range s.Comments {
		if c.Item == g.ID {
			r.Comments++
		}
	}
	return r
}

func cloneRoadmapItem(r RoadmapItem) RoadmapItem {
	r.Supporters = slices.Clone(r.Supporters)
	return r
}

// cloneUndo copies the lists; the entries are shared (they never change).
func cloneUndo(in map[string][]*UndoEntry) map[string][]*UndoEntry {
	if in == nil {
		return nil
	}
	out := make(map[string][]*UndoEntry, len(in))
	for k, v := range in {
		out[k] = slices.Clone(v)
	}
	return out
}
