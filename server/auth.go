package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// codeAlphabet has no 0/O, 1/I/L: a join code is read off a projector.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewJoinCode returns a random join code of six characters.
func NewJoinCode() string {
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NewToken returns a long random secret: 32 bytes, base32 without padding.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// HashToken returns the hash under which a token is stored; the token
// itself is never stored.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// sameSecret compares two strings in constant time.
func sameSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// joinLimiter limits failed joins per address: after maxFails failures in
// window, the address is refused until the window passes. It belongs to the
// room goroutine and is not safe for concurrent use.
type joinLimiter struct {
	maxFails int
	window   time.Duration
	fails    map[string][]time.Time
	told     map[string]bool // the log has said the address is blocked
}

func newJoinLimiter(maxFails int, window time.Duration) *joinLimiter {
	return &joinLimiter{maxFails: maxFails, window: window, fails: map[string][]time.Time{}, told: map[string]bool{}}
}

func (l *joinLimiter) key(addr string) string { return hostOf(addr) }

// Tell reports whether the log should say that addr is blocked: once,
// until it is no longer blocked.
func (l *joinLimiter) Tell(addr string) bool {
	k := l.key(addr)
	if l.told[k] {
		return false
	}
	l.told[k] = true
	return true
}

// Blocked reports whether addr has failed too often recently.
func (l *joinLimiter) Blocked(addr string, now time.Time) bool {
	k := l.key(addr)
	recent := l.fails[k][:0]
	for _, t := range l.fails[k] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) == 0 {
		delete(l.fails, k)
		delete(l.told, k)
		return false
	}
	l.fails[k] = recent
	if len(recent) < l.maxFails {
		delete(l.told, k)
		return false
	}
	return true
}

// Fail records a failed join from addr.
func (l *joinLimiter) Fail(addr string, now time.Time) {
	k := l.key(addr)
	l.fails[k] = append(l.fails[k], now)
}
