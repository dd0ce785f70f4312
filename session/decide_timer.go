package session

import "time"

// Deciding on the countdown timer.

func (d *decider) timer() ([]Event, error) {
	if err := d.facilitator(); err != nil {
		return nil, err
	}
	t := d.s.Timer
	switch d.c.Action {
	case TimerStart:
		dur := time.Duration(d.c.Seconds) * time.Second
		if dur <= 0 || dur > MaxTimer {
			return nil, Refuse(EINVALID, "errors.timer_range", "Hours", int(MaxTimer/time.Hour))
		}
		e := d.event(EvTimerStarted)
		e.Duration = dur
		e.EndsAt = d.now.Add(dur)
		return []Event{e}, nil
	case TimerExtend:
		add := time.Duration(d.c.Seconds) * time.Second
		if add == 0 || add > MaxTimer || add < -MaxTimer {
			return nil, Refuse(EINVALID, "errors.timer_extend_range", "Hours", int(MaxTimer/time.Hour))
		}
		if !t.Set() {
			return nil, Refuse(ECONFLICT, "errors.no_timer")
		}
		left := t.Left(d.now) + add
		if left < 0 {
			left = 0
		}
		if left > MaxTimer {
			return nil, Refuse(EINVALID, "errors.timer_max", "Hours", int(MaxTimer/time.Hour))
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
			return nil, Refuse(ECONFLICT, "errors.timer_not_running")
		}
		e := d.event(EvTimerPaused)
		e.Duration = t.Left(d.now)
		return []Event{e}, nil
	case TimerResume:
		if t.Running || t.Remaining <= 0 {
			return nil, Refuse(ECONFLICT, "errors.no_paused_timer")
		}
		e := d.event(EvTimerResumed)
		e.EndsAt = d.now.Add(t.Remaining)
		return []Event{e}, nil
	case TimerStop:
		if !t.Set() {
			return nil, Refuse(ECONFLICT, "errors.no_timer")
		}
		e := d.event(EvTimerStopped)
		e.Timer = &t // issue 15: what was stopped, for undo
		return []Event{e}, nil
	}
	return nil, Refuse(EINVALID, "errors.unknown_timer_action", "Value", Quoted(d.c.Action))
}
