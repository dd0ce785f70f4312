package session

import "time"

// Timer is the countdown everyone sees. While running, EndsAt is when it
// reaches zero; while paused, Remaining is what is left.
type Timer struct {
	Running   bool          `json:"running"`
	EndsAt    time.Time     `json:"ends_at,omitzero"`
	Remaining time.Duration `json:"remaining,omitempty"` // nanoseconds, while paused
	Duration  time.Duration `json:"duration,omitempty"`  // nanoseconds, as last set
}

// Left returns the time left on the timer at now, never negative.
func (t Timer) Left(now time.Time) time.Duration {
	if t.Running {
		if d := t.EndsAt.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return t.Remaining
}

// Set reports whether a timer has been set (running, paused, or run out).
func (t Timer) Set() bool { return t.Running || t.Remaining > 0 || !t.EndsAt.IsZero() }
