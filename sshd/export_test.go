package sshd

import "time"

// WithIdleCheck returns cfg with sessions looking for idleness every d, so
// that a test with a fake clock (Config.Now) sees an idle session closed
// as soon as it moves the clock.
func WithIdleCheck(cfg Config, d time.Duration) Config {
	cfg.idleCheck = d
	return cfg
}

// WithLoginTimer returns cfg with the timer behind LoginTimeout replaced:
// after(d, f) must arrange for f to run when the test says so, and return a
// stop that reports whether it kept f from running.
func WithLoginTimer(cfg Config, after func(d time.Duration, f func()) (stop func() bool)) Config {
	cfg.afterFunc = after
	return cfg
}
