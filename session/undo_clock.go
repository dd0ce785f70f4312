package session

// Undoing a phase change or a focus with the clock they reset (issue 15):
// the agenda makes set_phase stop the timer and start the next phase's,
// and focus start an item's countdown (agenda.go). Undoing them restores
// the phase or focus and the timer as it was just before, by
// timer_restored (or timer_stopped when there was none); the clock kept
// running meanwhile, as a wall clock would.
//
// A phase change can also end a private round (its ideas_revealed comes
// first) or begin one (ideas_concealed after it). Undoing one that began a
// round ends the round again, by an ideas_revealed with nothing in it,
// unless private ideas were posted in it since: those would be shown to
// everyone, so the undo is refused and the facilitator can reveal them
// or change the phase knowingly. Undoing one that ended a round begins it
// again when its reveal showed nothing; when it showed ideas it cannot be
// undone: everyone has read them.

// phaseEntry records a phase change: the phase and, unless the change is
// from a log older than the agenda (no from: the timer ran on), the timer
// before it and what became of a private round.
func (s *State) phaseEntry(e Event) *UndoEntry {
	u := &UndoEntry{To: e.Phase, undoData: &undoData{Phase: s.Phase}}
	if e.From == "" {
		return u
	}
	t := s.Timer
	u.Timer = &t
	if e.Private {
		u.Ended, u.Revealed = s.revealedLast == 0, s.revealedLast
	}
	return u
}

// focusClock returns the timer before focus event e when e resets it
// (focusTimer: an item focused in the discuss phase with a time per item
// on the agenda), else nil.
func (s *State) focusClock(e Event) *Timer {
	if e.Item == "" || s.Phase != PhaseDiscuss || s.Settings.Agenda.Item <= 0 {
		return nil
	}
	t := s.Timer
	return &t
}

// undoPhase changes back to the phase before, with its clock and private
// round, within UndoPhaseWindow of the change.
func (d *decider) undoPhase(u *UndoEntry) ([]Event, error) {
	if d.s.Phase != u.To {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	if d.now.Sub(u.At) > UndoPhaseWindow {
		return nil, Refuse(ECONFLICT, "errors.undo_too_late", "N", int(UndoPhaseWindow.Minutes()))
	}
	if u.Revealed > 0 {
		return nil, Refuse(ECONFLICT, "errors.undo_ideas_revealed")
	}
	var evs []Event
	if d.s.Concealed {
		for _, i := range d.s.Ideas {
			if i.Private {
				return nil, Refuse(ECONFLICT, "errors.undo_private_since")
			}
		}
		evs = append(evs, d.revealEvent()) // nothing to reveal: the round ends
	}
	e := d.event(EvPhaseChanged)
	e.Phase, e.From, e.Private = u.Phase, d.s.Phase, d.s.Concealed
	evs = append(evs, e)
	evs = append(evs, d.restoreClock(u.Timer)...)
	if u.Ended && u.Phase == PhaseIdeas && d.s.Settings.PrivateIdeas {
		evs = append(evs, d.event(EvIdeasConcealed))
	}
	return evs, nil
}

// undoFocus focuses the item focused before, with its clock.
func (d *decider) undoFocus(u *UndoEntry) ([]Event, error) {
	if d.s.Focus != u.Set {
		return nil, Refuse(ECONFLICT, "errors.undo_changed")
	}
	if i := d.s.Ideas[u.Focus]; u.Focus != "" && (!d.s.IsItem(u.Focus) || i != nil && i.Hidden) {
		return nil, Refuse(ECONFLICT, "errors.undo_gone")
	}
	e := d.event(EvItemFocused)
	e.Item = u.Focus
	return append([]Event{e}, d.restoreClock(u.Timer)...), nil
}

// restoreClock returns the event that sets the timer back to was, the
// timer before an action that reset it; nothing when the action left the
// clock alone (was is nil) or it is as it was.
func (d *decider) restoreClock(was *Timer) []Event {
	now := d.s.Timer
	if was == nil || sameTimer(*was, now) {
		return nil
	}
	if !was.Set() {
		e := d.event(EvTimerStopped)
		e.Timer = &now
		return []Event{e}
	}
	e := d.event(EvTimerRestored)
	t := *was
	e.Timer = &t
	return []Event{e}
}

func sameTimer(a, b Timer) bool {
	return a.Running == b.Running && a.EndsAt.Equal(b.EndsAt) && a.Remaining == b.Remaining && a.Duration == b.Duration
}
