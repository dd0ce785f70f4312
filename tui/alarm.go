package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// FlashFor is how long the screen flashes when time is up.
const FlashFor = 3 * time.Second

// Alarm is the quiet signal when the timer runs out (issue 15): the
// terminal bell once and a flash of the header for FlashFor, both only
// when On. It rings only for a timer it saw counting down, never for one
// that had already run out when it first saw it (a participant joining
// late, a snapshot after a reconnect), and once per timer. It never
// blocks: the bell is a command, and the flash ends by the clock, which
// the shell's tick redraws.
type Alarm struct {
	On bool // ring and flash; the console's is on, a participant's off until they press b

	armed      time.Time // EndsAt of the running timer seen with time left
	rang       time.Time // EndsAt of the timer it rang for
	flashUntil time.Time
}

// Check looks at the timer now (at every change and every tick). It
// reports whether the timer has just run out, once per timer, and
// returns the bell when the alarm is On; it starts the flash too.
func (a *Alarm) Check(t session.Timer, now time.Time) (up bool, bell tea.Cmd) {
	if !t.Running || t.EndsAt.IsZero() {
		return false, nil
	}
	if t.Left(now) > 0 {
		a.armed = t.EndsAt
		return false, nil
	}
	if !a.armed.Equal(t.EndsAt) || a.rang.Equal(t.EndsAt) {
		return false, nil
	}
	a.rang = t.EndsAt
	if !a.On {
		return true, nil
	}
	a.flashUntil = now.Add(FlashFor)
	return true, tea.Raw("\a")
}

// Flashing reports whether the screen flashes at now.
func (a *Alarm) Flashing(now time.Time) bool { return a.On && now.Before(a.flashUntil) }

// Quiet stops a flash (a key pressed, the phase changed).
func (a *Alarm) Quiet() { a.flashUntil = time.Time{} }
