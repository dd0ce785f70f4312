package session

import (
	"maps"
	"slices"
)

// Deciding an undo (issue 15; undo.go): the actor's newest undoable action,
// reversed by its inverse events, or a refusal that says why it can no
// longer be: something done since depends on it.

func (d *decider) undo() ([]Event, error) {
	u := d.s.NextUndo(d.a.ID)
	if u == nil {
		return nil, Refuse(ECONFLICT, "errors.undo_nothing")
	}
	evs, err := d.inverse(u)
	if err != nil {
		return nil, err
	}
	for k := range evs {
		evs[k].Undoes = u.Seq
	}
	return evs, nil
}

// inverse returns the events that reverse u, the first of them the actor's.
func (d *decider) inverse(u *UndoEntry) ([]Event, error) {
	switch u.Kind {
	case EvGroupCreated, EvIdeasGrouped:
		return d.undoMerge(u)
	case EvIdeaUngrouped, EvGroupDissolved:
		return d.undoSplit(u)
	case EvGroupRenamed:
		g, ok := d.s.Groups[u.Item]
		if !ok {
			return nil, Refuse(ECONFLICT, "errors.undo_gone")
		}
		if g.Name != u.Set {
			return nil, Refuse(ECONFLICT, "errors.undo_changed")
		}
		e := d.event(EvGroupRenamed)
		e.Item, e.Name = u.Item, u.Text
		return []Event{e}, nil
	case EvIdeaHidden:
		return d.undoHide(u)
	case EvIdeaShown:
		return d.undoShow(u)
	case EvIdeaMoved:
		i, ok := d.s.Ideas[u.Item]
		if !ok {
			return nil, Refuse(ECONFLICT, "errors.undo_gone")
		}
		if i.Topic != u.Set || d.s.Topic(u.Topic) == nil {
			return nil, Refuse(ECONFLICT, "errors.undo_changed")
		}
		e := d.event(EvIdeaMoved)
		e.Item, e.Topic = u.Item, u.Topic
		return []Event{e}, nil
	case EvIdeaEdited:
		return d.undoEdit(u)
	case EvRoadmapPlaced, EvRoadmapRemoved:
		return d.undoPlacement(u)
	case EvVotesRevealed, EvVotesHidden, EvVotingClosed, EvVotingOpened:
		return d.undoFlag(u)
	case EvPhaseChanged:
		return d.undoPhase(u) // undo_clock.go
	case EvNoteRecorded:
		n, set := d.s.Notes[u.Item], u.NoteSet
		if n == nil && (set.Notes != "" || set.Decision != "") || n != nil && (n.Notes != set.Notes || n.Decision != set.Decision) {
			return nil, Refuse(ECONFLICT, "errors.undo_changed")
		}
		if !d.s.IsItem(u.Item) {
			return nil, Refuse(ECONFLICT, "errors.undo_gone")
		}
		e := d.event(EvNoteRecorded)
		e.Item = u.Item
		if u.Note != nil {
			e.Notes, e.Decision = u.Note.Notes, u.Note.Decision
		}
		return []Event{e}, nil
	case EvItemFocused:
		return d.undoFocus(u) // undo_clock.go
	case EvIdeaPosted:
		return d.undoPost(u)
	case EvCommentPosted:
		if _, ok := d.s.Comments[u.Item]; !ok {
			return nil, Refuse(ECONFLICT, "errors.undo_gone")
		}
		e := d.event(EvCommentDeleted)
		e.Item = u.Item
		return []Event{e}, nil
	case EvVoteCast:
		return d.undoVote(u)
	case EvParticipantRenamed, EvParticipantRemoved, EvParticipantReadmitted, EvParticipantMadeReadOnly, EvParticipantReadOnlyLifted:
		return d.undoModeration(u) // undo_moderation.go
	case EvConsentOpened, EvConsentRecorded:
		return d.undoConsent(u) // issue 16: undo_consent.go
	}
	return nil, Refuse(ECONFLICT, "errors.undo_nothing")
}

// undoMerge takes the merged ideas out again and gives their votes back to
// them as they were, their placements and the focus too. It refuses when
// the group has changed since: ideas in or out, votes on it, and for a new
// group a placement, comments or notes that would go with it.
func (d *decider) undoMerge(u *UndoEntry) ([]Event, error) {
	g, ok := d.s.Groups[u.Item]
	if !ok {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	if !sameSet(g.Ideas, u.Members) {
		return nil, Refuse(ECONFLICT, "errors.undo_group_changed")
	}
	if !maps.Equal(d.s.Votes[g.ID], u.After) {
		return nil, Refuse(ECONFLICT, "errors.undo_votes_since")
	}
	created := u.Kind == EvGroupCreated
	if created {
		if _, placed := d.s.Roadmap[g.ID]; placed {
			return nil, Refuse(ECONFLICT, "errors.undo_placed_since")
		}
		if d.s.Notes[g.ID] != nil || len(d.s.CommentsOn(g.ID)) > 0 {
			return nil, Refuse(ECONFLICT, "errors.undo_comments_since")
		}
	}
	// Each voter's spending changes by what the merge gave back.
	back := map[string]int{}
	for pid, n := range u.Before {
		back[pid] += n
	}
	for _, v := range u.Votes {
		for pid, n := range v {
			back[pid] += n
			if n > d.s.Settings.VoteCap {
				return nil, Refuse(ECONFLICT, "errors.undo_cap_lowered")
			}
		}
	}
	if err := d.budgetFor(back, u.After); err != nil {
		return nil, err
	}
	var evs []Event
	if created {
		e := d.event(EvGroupDissolved)
		e.Item = g.ID
		evs = append(evs, e)
	} else {
		for _, id := range u.Ideas {
			e := d.event(EvIdeaUngrouped)
			e.Item, e.ID = id, g.ID
			evs = append(evs, e)
		}
		for _, pid := range sortedKeys(u.After) {
			if delta := u.Before[pid] - u.After[pid]; delta != 0 {
				evs = append(evs, d.voteAs(pid, g.ID, delta))
			}
		}
	}
	for _, id := range u.Ideas {
		for _, pid := range sortedKeys(u.Votes[id]) {
			evs = append(evs, d.voteAs(pid, id, u.Votes[id][pid]))
		}
	}
	for _, id := range u.Ideas {
		if r, ok := u.Placed[id]; ok {
			evs = append(evs, d.placeAgain(r)...)
		}
	}
	if u.Focus != "" && d.s.Focus == g.ID {
		e := d.event(EvItemFocused)
		e.Item = u.Focus
		evs = append(evs, e)
	}
	return evs, nil
}

// undoSplit puts an idea back into its group, or brings back a group its
// split or dissolving ended, with its votes, placement, note and focus.
func (d *decider) undoSplit(u *UndoEntry) ([]Event, error) {
	if u.Group == nil {
		g, ok := d.s.Groups[u.GroupID]
		if !ok {
			return nil, Refuse(ECONFLICT, "errors.undo_gone")
		}
		if err := d.loose(u.Item); err != nil {
			return nil, err
		}
		e := d.event(EvIdeasGrouped)
		e.Item, e.Ideas = g.ID, []string{u.Item}
		evs := []Event{e}
		if d.s.Focus == u.Item {
			// issue 16: regrouping moves the focus to the group (Apply's
			// addToGroup); the idea itself was focused, and stays so
			f := d.event(EvItemFocused)
			f.Item = u.Item
			evs = append(evs, f)
		}
		return evs, nil
	}
	r := u.Group
	if r.Comments > 0 {
		return nil, Refuse(ECONFLICT, "errors.undo_comments_lost")
	}
	for _, id := range r.Group.Ideas {
		if err := d.loose(id); err != nil {
			return nil, err
		}
	}
	for _, n := range r.Votes {
		if n > d.s.Settings.VoteCap {
			return nil, Refuse(ECONFLICT, "errors.undo_cap_lowered")
		}
	}
	if err := d.budgetFor(r.Votes, nil); err != nil {
		return nil, err
	}
	e := d.event(EvGroupCreated)
	e.ID, e.Name, e.Topic, e.Ideas = r.Group.ID, r.Group.Name, r.Group.Topic, slices.Clone(r.Group.Ideas)
	evs := []Event{e}
	for _, pid := range sortedKeys(r.Votes) {
		evs = append(evs, d.voteAs(pid, r.Group.ID, r.Votes[pid]))
	}
	if r.Placed != nil {
		evs = append(evs, d.placeAgain(*r.Placed)...)
	}
	if r.Note != nil {
		n := d.event(EvNoteRecorded)
		n.Item, n.Notes, n.Decision = r.Group.ID, r.Note.Notes, r.Note.Decision
		evs = append(evs, n)
	}
	if r.Focused && d.s.Focus == "" {
		f := d.event(EvItemFocused)
		f.Item = r.Group.ID
		evs = append(evs, f)
	}
	return evs, nil
}

// loose checks that idea id can go back into a group as it was: there,
// visible, in no group, with no votes and no placement of its own.
func (d *decider) loose(id string) error {
	i, ok := d.s.Ideas[id]
	switch {
	case !ok:
		return Refuse(ECONFLICT, "errors.undo_gone")
	case i.Group != "":
		return Refuse(ECONFLICT, "errors.undo_grouped_since")
	case i.Hidden:
		return Refuse(ECONFLICT, "errors.undo_changed")
	case d.s.Tally(id) > 0:
		return Refuse(ECONFLICT, "errors.undo_votes_since")
	case d.s.Roadmap[id] != nil:
		return Refuse(ECONFLICT, "errors.undo_placed_since")
	}
	return nil
}

// undoHide shows the idea again with its votes, placement and focus.
func (d *decider) undoHide(u *UndoEntry) ([]Event, error) {
	i, ok := d.s.Ideas[u.Item]
	if !ok {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	if !i.Hidden {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	v := u.Votes[u.Item]
	for _, n := range v {
		if n > d.s.Settings.VoteCap {
			return nil, Refuse(ECONFLICT, "errors.undo_cap_lowered")
		}
	}
	if err := d.budgetFor(v, nil); err != nil {
		return nil, err
	}
	e := d.event(EvIdeaShown)
	e.Item = u.Item
	evs := []Event{e}
	for _, pid := range sortedKeys(v) {
		evs = append(evs, d.voteAs(pid, u.Item, v[pid]))
	}
	if r, ok := u.Placed[u.Item]; ok {
		evs = append(evs, d.placeAgain(r)...)
	}
	if u.Focus != "" && d.s.Focus == "" {
		f := d.event(EvItemFocused)
		f.Item = u.Item
		evs = append(evs, f)
	}
	return evs, nil
}

// undoShow hides the idea again, unless the room has used it since.
func (d *decider) undoShow(u *UndoEntry) ([]Event, error) {
	i, ok := d.s.Ideas[u.Item]
	if !ok {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	switch {
	case i.Hidden:
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	case i.Group != "":
		return nil, Refuse(ECONFLICT, "errors.undo_grouped_since")
	case d.s.Tally(u.Item) > 0:
		return nil, Refuse(ECONFLICT, "errors.undo_votes_since")
	case d.s.Roadmap[u.Item] != nil:
		return nil, Refuse(ECONFLICT, "errors.undo_placed_since")
	}
	e := d.event(EvIdeaHidden)
	e.Item = u.Item
	return []Event{e}, nil
}

// undoEdit puts back the text before the edit; a participant under the
// rules of editing.
func (d *decider) undoEdit(u *UndoEntry) ([]Event, error) {
	i, ok := d.s.Ideas[u.Item]
	if !ok {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	if i.Text != u.Set {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	if _, err := d.ownIdea(u.Item, "errors.edit_own_ideas", "errors.edit_idea_phase"); err != nil {
		return nil, err
	}
	e := d.event(EvIdeaEdited)
	e.Item, e.Text = u.Item, u.Text
	return []Event{e}, nil
}

// undoPlacement puts an item back where it was on the road map, or off it.
func (d *decider) undoPlacement(u *UndoEntry) ([]Event, error) {
	now := d.s.Roadmap[u.Item]
	prev, had := u.Placed[u.Item]
	if u.Kind == EvRoadmapPlaced {
		if now == nil || now.Horizon != u.Placing.Horizon || now.Lead != u.Placing.Lead || !slices.Equal(now.Supporters, u.Placing.Supporters) {
			return nil, Refuse(ECONFLICT, "errors.undo_changed")
		}
		if !had {
			e := d.event(EvRoadmapRemoved)
			e.Item = u.Item
			return []Event{e}, nil
		}
	} else {
		if now != nil {
			return nil, Refuse(ECONFLICT, "errors.undo_changed")
		}
		if !d.s.Votable(u.Item) {
			return nil, Refuse(ECONFLICT, "errors.undo_gone")
		}
	}
	evs := d.placeAgain(prev)
	if len(evs) == 0 {
		return nil, Refuse(ECONFLICT, "errors.undo_changed") // its horizon is gone
	}
	return evs, nil
}

// undoFlag turns back a reveal, a hide of the tallies, or closing or
// opening voting.
func (d *decider) undoFlag(u *UndoEntry) ([]Event, error) {
	var flag bool
	var inverse string
	switch u.Kind {
	case EvVotesRevealed:
		flag, inverse = d.s.VotesRevealed, EvVotesHidden
	case EvVotesHidden:
		flag, inverse = !d.s.VotesRevealed, EvVotesRevealed
	case EvVotingClosed:
		flag, inverse = d.s.VotingClosed, EvVotingOpened
	default:
		flag, inverse = !d.s.VotingClosed, EvVotingClosed
	}
	if !flag {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	if inverse == EvVotesRevealed {
		return d.revealVotes()
	}
	return []Event{d.event(inverse)}, nil
}

// undoPost deletes the idea posted, under the rules of deleting, unless
// others have built on it since.
func (d *decider) undoPost(u *UndoEntry) ([]Event, error) {
	if _, ok := d.s.Ideas[u.Item]; !ok {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	i, err := d.ownIdea(u.Item, "errors.delete_own_ideas", "errors.delete_idea_phase")
	if err != nil {
		return nil, err
	}
	if i.Group != "" || len(d.s.Votes[u.Item]) > 0 || d.s.Roadmap[u.Item] != nil || d.s.Notes[u.Item] != nil || len(d.s.CommentsOn(u.Item)) > 0 {
		return nil, Refuse(ECONFLICT, "errors.undo_built_on")
	}
	e := d.event(EvIdeaDeleted)
	e.Item = u.Item
	return []Event{e}, nil
}

// undoVote takes back one vote, or gives back one taken, under the rules
// of voting.
func (d *decider) undoVote(u *UndoEntry) ([]Event, error) {
	if !d.s.IsItem(u.Item) {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	if i, ok := d.s.Ideas[u.Item]; ok && i.Group != "" {
		return nil, Refuse(ECONFLICT, "errors.undo_grouped_since")
	}
	if d.s.Votes[u.Item][d.a.ID] != u.Count {
		// the voter's own votes since are undone first, so something else
		// changed them: votes given back when the cap or budget was
		// lowered (issue 15), or the idea hidden or its group dissolved
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	d.c = Command{Type: CmdVote, Item: u.Item, Delta: -u.N}
	return d.vote()
}

// budgetFor checks that giving each voter back[pid] votes, after taking
// away taken[pid], keeps them within their budget.
func (d *decider) budgetFor(back, taken map[string]int) error {
	for _, pid := range sortedKeys(back) {
		p := d.s.Participants[pid]
		if p == nil {
			continue
		}
		if p.VotesSpent-taken[pid]+back[pid] > d.s.Settings.VoteBudget {
			return Refuse(ECONFLICT, "errors.undo_votes_spent", "Name", p.Name)
		}
	}
	return nil
}

// voteAs is a vote_cast of voter pid: an undo giving votes back or taking
// them away, as a merge's refund does.
func (d *decider) voteAs(pid, item string, delta int) Event {
	e := d.event(EvVoteCast)
	e.Actor, e.Item, e.Delta = pid, item, delta
	return e
}

// placeAgain places r again where it was, if its horizon still exists.
func (d *decider) placeAgain(r RoadmapItem) []Event {
	if !slices.Contains(d.s.Settings.Horizons, r.Horizon) {
		return nil
	}
	e := d.event(EvRoadmapPlaced)
	e.Item, e.Horizon, e.Lead, e.Supporters, e.Order = r.Item, r.Horizon, r.Lead, slices.Clone(r.Supporters), r.Order
	return []Event{e}
}

// sortedKeys returns a map's keys in creation order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	ByID(out)
	return out
}

// sameSet reports whether two lists of ids hold the same ids, in any order
// (an idea put back into its group goes last).
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	ByID(a)
	ByID(b)
	return slices.Equal(a, b)
}
