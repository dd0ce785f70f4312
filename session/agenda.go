package session

import (
	"maps"
	"time"
)

// Agenda is the session's plan of time, part of its Settings: how long
// each phase has and how long each discussed item has. Moving forward into
// a phase that has a time starts that phase's countdown; focusing an item
// in the discuss phase starts the item's. Everyone sees the agenda.
type Agenda struct {
	Phases map[Phase]time.Duration `json:"phases,omitempty"` // nanoseconds per phase; a phase without one has no planned time
	Item   time.Duration           `json:"item,omitempty"`   // nanoseconds per discussed item; 0: none
}

// IsZero reports whether the agenda plans nothing (so that JSON leaves it out).
func (a Agenda) IsZero() bool { return len(a.Phases) == 0 && a.Item == 0 }

// Time returns the time planned for phase p, or 0.
func (a Agenda) Time(p Phase) time.Duration { return a.Phases[p] }

// Total returns the time planned for all the phases together.
func (a Agenda) Total() time.Duration {
	var t time.Duration
	for _, d := range a.Phases {
		t += d
	}
	return t
}

// Clone returns a copy that shares nothing with a.
func (a Agenda) Clone() Agenda {
	a.Phases = maps.Clone(a.Phases)
	return a
}

// With returns a copy of a with phase p planned for d (0 removes it).
func (a Agenda) With(p Phase, d time.Duration) Agenda {
	a = a.Clone()
	if d <= 0 {
		delete(a.Phases, p)
		if len(a.Phases) == 0 {
			a.Phases = nil
		}
		return a
	}
	if a.Phases == nil {
		a.Phases = map[Phase]time.Duration{}
	}
	a.Phases[p] = d
	return a
}

// cleanAgenda checks an agenda a command carries: known phases, each time
// from a second to MaxTimer; a time of 0 plans nothing and is dropped.
func cleanAgenda(a Agenda) (Agenda, error) {
	out := Agenda{}
	for p, d := range a.Phases {
		if !p.Valid() {
			return Agenda{}, Refuse(EINVALID, "errors.unknown_phase", "Value", Quoted(string(p)))
		}
		if d == 0 {
			continue
		}
		if d < time.Second || d > MaxTimer {
			return Agenda{}, Refuse(EINVALID, "errors.agenda_time_range", "Hours", int(MaxTimer/time.Hour))
		}
		out = out.With(p, d)
	}
	if a.Item != 0 && (a.Item < time.Second || a.Item > MaxTimer) {
		return Agenda{}, Refuse(EINVALID, "errors.agenda_time_range", "Hours", int(MaxTimer/time.Hour))
	}
	out.Item = a.Item
	return out, nil
}

// resetTimer returns the events that give phase or item a fresh countdown:
// the running (or paused, or run-out) timer stopped, carrying what it was
// so that the stop can be undone, then the planned time started when
// there is one (planned > 0).
func (d *decider) resetTimer(planned time.Duration) []Event {
	var evs []Event
	if t := d.s.Timer; t.Set() {
		e := d.event(EvTimerStopped)
		e.Timer = &t
		evs = append(evs, e)
	}
	if planned > 0 {
		e := d.event(EvTimerStarted)
		e.Duration = planned
		e.EndsAt = d.now.Add(planned)
		evs = append(evs, e)
	}
	return evs
}

// phaseChange returns the events of moving to phase to: the private ideas
// revealed when the private round ends with the ideas phase, the phase
// change (with the phase it leaves and whether it ended a private round,
// for undo), the timer reset (the new
// phase's planned time starts only when moving forward), and a private
// round begun when the ideas phase begins under private brainstorming.
func (d *decider) phaseChange(to Phase) []Event {
	var evs []Event
	if d.s.Concealed {
		evs = append(evs, d.revealEvent())
	}
	e := d.event(EvPhaseChanged)
	e.Phase = to
	e.From = d.s.Phase
	e.Private = d.s.Concealed // the reveal before it is its own: an undo needs to know (undo_clock.go)
	evs = append(evs, e)
	var planned time.Duration
	if to.Index() > d.s.Phase.Index() {
		planned = d.s.Settings.Agenda.Time(to)
	}
	evs = append(evs, d.resetTimer(planned)...)
	if to == PhaseIdeas && d.s.Settings.PrivateIdeas {
		evs = append(evs, d.event(EvIdeasConcealed))
	}
	return evs
}

// focusTimer returns the events that start a focused item's own countdown:
// in the discuss phase, when the agenda plans a time per item.
func (d *decider) focusTimer(item string) []Event {
	if item == "" || d.s.Phase != PhaseDiscuss || d.s.Settings.Agenda.Item <= 0 {
		return nil
	}
	return d.resetTimer(d.s.Settings.Agenda.Item)
}

// agendaSettings sets the agenda and private brainstorming a
// create_session or update_settings command carries on st.
func (d *decider) agendaSettings(st *Settings) error {
	if d.c.Agenda != nil {
		a, err := cleanAgenda(*d.c.Agenda)
		if err != nil {
			return err
		}
		st.Agenda = a
	}
	if d.c.PrivateIdeas != nil {
		st.PrivateIdeas = *d.c.PrivateIdeas
	}
	return nil
}
