package sshd

import (
	"net"
	"sync"
	"time"
)

// failLimiter counts failed join codes per client address: after max
// failures within window the address is refused until the window passes.
// The hub has its own limiter, which sees SSH participants at their own
// addresses when they reach it through Config.Dial; this one turns a wrong
// code away before it reaches the hub, in words fit for the terminal.
type failLimiter struct {
	max    int
	window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
}

func newFailLimiter(max int, window time.Duration) *failLimiter {
	return &failLimiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// addrKey is the host part of an address: every port of one machine counts
// as one client.
func addrKey(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	if host, _, err := net.SplitHostPort(addr.String()); err == nil {
		return host
	}
	return addr.String()
}

// recent drops failures older than the window. l.mu is held.
func (l *failLimiter) recent(k string, now time.Time) []time.Time {
	kept := l.fails[k][:0]
	for _, t := range l.fails[k] {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(l.fails, k)
		return nil
	}
	l.fails[k] = kept
	return kept
}

// blocked reports whether the address has failed too often recently.
func (l *failLimiter) blocked(k string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(k, now)) >= l.max
}

// fail records a failed join code from the address and reports whether
// the address is now blocked.
func (l *failLimiter) fail(k string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) > 10000 {
		// many addresses: forget those whose failures have all aged out
		for a := range l.fails {
			l.recent(a, now)
		}
	}
	l.fails[k] = append(l.recent(k, now), now)
	return len(l.fails[k]) >= l.max
}
