package session

// Deciding in discussion: comments, the focused item, notes and decisions.

func (d *decider) comment() ([]Event, error) {
	if err := d.inPhase("errors.comment_phase", PhaseIdeas, PhaseGroup, PhaseVote, PhaseDiscuss, PhaseRoadmap); err != nil {
		return nil, err
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	if err := d.notPrivate(d.c.Item); err != nil { // issue 15
		return nil, err
	}
	text, err := CommentText.Clean(d.c.Text)
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
	e.InstitutionMasked = d.masked(e.Institution) // issue 15: anon.go
	return []Event{e}, nil
}

func (d *decider) deleteComment() ([]Event, error) {
	c, ok := d.s.Comments[d.c.Item]
	if !ok || d.hidden(d.c.Item) { // issue 16: another table's is not there
		return nil, Refuse(ENOTFOUND, "errors.no_comment", "ID", Quoted(d.c.Item))
	}
	if d.a.Role != RoleFacilitator && c.Author != d.a.ID {
		return nil, Refuse(EFORBIDDEN, "errors.own_comments_only")
	}
	e := d.event(EvCommentDeleted)
	e.Item = d.c.Item
	was := *c // what an undo puts back, and what the audit trail shows
	e.Comment = &was
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
			return nil, Refuse(ECONFLICT, "errors.focus_hidden")
		}
		if err := d.notPrivate(d.c.Item); err != nil { // issue 15
			return nil, err
		}
	}
	if d.c.Item == d.s.Focus {
		return nil, Refuse(ECONFLICT, "errors.already_focused")
	}
	e := d.event(EvItemFocused)
	e.Item = d.c.Item
	// issue 15: the agenda's time per item starts with the item
	return append([]Event{e}, d.focusTimer(d.c.Item)...), nil
}

func (d *decider) note() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	if err := d.item(d.c.Item); err != nil {
		return nil, err
	}
	notes, err := DiscussionNotes.Clean(d.c.Notes)
	if err != nil {
		return nil, err
	}
	decision, err := DiscussionDecision.Clean(d.c.Decision)
	if err != nil {
		return nil, err
	}
	e := d.event(EvNoteRecorded)
	e.Item = d.c.Item
	e.Notes = notes
	e.Decision = decision
	return []Event{e}, nil
}
