// Package limit counts failed attempts per client address for the front
// doors that admit people by a secret: the hub's hello (a join code, a
// facilitator or resume token) and the SSH server's join code. Both use
// the same rule: after Max failures within Window, the address is refused
// until the oldest of them is Window old.
package limit

import (
	"net"
	"sync"
	"time"
)

// sweepAt is how many addresses the failures are kept for before those
// whose failures have all aged out are forgotten, so that a flood from
// many addresses cannot grow the map without bound.
const sweepAt = 10000

// Failures counts failed attempts per address. It is safe for concurrent
// use.
type Failures struct {
	max    int
	window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
	told  map[string]bool // the log has said the address is blocked
}

// NewFailures returns a count that blocks an address after max failures
// within window.
func NewFailures(max int, window time.Duration) *Failures {
	return &Failures{max: max, window: window, fails: map[string][]time.Time{}, told: map[string]bool{}}
}

// Key is the part of an address the count goes by: the host, so that
// every port of one machine counts as one client.
func Key(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// Blocked reports whether addr has failed too often recently.
func (l *Failures) Blocked(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.blocked(Key(addr), now)
}

// Fail records a failure from addr and reports whether addr is now
// blocked.
func (l *Failures) Fail(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) > sweepAt {
		for k := range l.fails {
			l.recent(k, now)
		}
	}
	k := Key(addr)
	l.fails[k] = append(l.recent(k, now), now)
	return len(l.fails[k]) >= l.max
}

// Tell reports whether the log should say that addr is blocked: once,
// until it is no longer blocked.
func (l *Failures) Tell(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := Key(addr)
	if l.told[k] {
		return false
	}
	l.told[k] = true
	return true
}

// blocked is Blocked for a key. l.mu is held.
func (l *Failures) blocked(k string, now time.Time) bool {
	if len(l.recent(k, now)) < l.max {
		delete(l.told, k)
		return false
	}
	return true
}

// recent drops k's failures older than the window and returns the rest.
// l.mu is held.
func (l *Failures) recent(k string, now time.Time) []time.Time {
	kept := l.fails[k][:0]
	for _, t := range l.fails[k] {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(l.fails, k)
		delete(l.told, k)
		return nil
	}
	l.fails[k] = kept
	return kept
}
