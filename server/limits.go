package server

import (
	"log/slog"
	"net"
	"sync"
	"time"

	"roundtable/session"
)

// Timings are the timers of every connection. A zero field takes its
// default; tests shorten them, a host keeps the defaults.
type Timings struct {
	// WriteWait bounds each write: a batch of frames or a ping that is not
	// out within it means the client is not reading (default 10 s).
	WriteWait time.Duration
	// HelloWait is how long a new connection may take to send its hello,
	// whatever else it sends meanwhile (default 10 s).
	HelloWait time.Duration
	// CloseGrace is how long the hub tries to deliver what precedes a
	// close frame and the close frame itself (default 2 s).
	CloseGrace time.Duration
}

// AddrLimits bound what one network address (the host part of a
// client's address) may do across all its connections: a room behind one
// NAT shares them, so the defaults admit a room of about a hundred people
// joining at once from one address. The facilitator (a hello with the
// valid token) is exempt, except from MaxPending: before its hello, a
// connection is anyone's. Zero fields take the defaults.
type AddrLimits struct {
	// Off switches every per-address limit off (the bench runs thousands
	// of clients from one address).
	Off bool
	// CommandRate and CommandBurst bound the commands per second of all
	// participants and observers from one address (defaults 50 and 500).
	CommandRate, CommandBurst float64
	// JoinRate and JoinBurst bound the new participants per second one
	// address may create (defaults 2 and 100). Resumes do not count.
	JoinRate, JoinBurst float64
	// MaxConns bounds the welcomed connections of one address, the
	// facilitator's not counted (default 512).
	MaxConns int
	// MaxPending bounds the connections of one address that have not sent
	// their hello yet (default 128).
	MaxPending int
	// ConnRate and ConnBurst bound the new websocket connections per
	// second from one address (defaults 50 and 300): a client refused for
	// another limit cannot come back at once, again and again.
	ConnRate, ConnBurst float64
}

// Default per-address limits (see AddrLimits).
const (
	addrCommandRate  = 50
	addrCommandBurst = 500
	addrJoinRate     = 2
	addrJoinBurst    = 100
	addrMaxConns     = 512
	addrMaxPending   = 128
	addrConnRate     = 50
	addrConnBurst    = 300
)

func (l AddrLimits) withDefaults() AddrLimits {
	l.CommandRate = orDefault(l.CommandRate, addrCommandRate)
	l.CommandBurst = orDefault(l.CommandBurst, addrCommandBurst)
	l.JoinRate = orDefault(l.JoinRate, addrJoinRate)
	l.JoinBurst = orDefault(l.JoinBurst, addrJoinBurst)
	l.MaxConns = orDefault(l.MaxConns, addrMaxConns)
	l.MaxPending = orDefault(l.MaxPending, addrMaxPending)
	l.ConnRate = orDefault(l.ConnRate, addrConnRate)
	l.ConnBurst = orDefault(l.ConnBurst, addrConnBurst)
	return l
}

// orDefault is v, or d when v is not above zero (unset).
func orDefault[T int | float64 | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}

// tokenBucket limits a rate: burst at once, then rate per second. Refused
// takes cost nothing; each is told when to come back, and those times are
// spread one per 1/rate, so that what was refused together does not come
// back together.
type tokenBucket struct {
	rate, burst, tokens float64
	last                time.Time
	slot                time.Time // the earliest time a refused take is told to come back
}

func newBucket(rate, burst float64, now time.Time) tokenBucket {
	return tokenBucket{rate: rate, burst: burst, tokens: burst, last: now}
}

func (b *tokenBucket) refill(now time.Time) {
	if now.After(b.last) {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
}

// take takes a token; without one, it says how long until the caller may
// try again.
func (b *tokenBucket) take(now time.Time) (bool, time.Duration) {
	b.refill(now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	at := now.Add(time.Duration((1 - b.tokens) / b.rate * float64(time.Second)))
	if b.slot.After(at) {
		at = b.slot
	}
	// However many were refused, none is told to wait longer than the
	// bucket takes to fill: past that, the times start over.
	if latest := now.Add(time.Duration(b.burst / b.rate * float64(time.Second))); at.After(latest) {
		at = now.Add(time.Duration((1 - b.tokens) / b.rate * float64(time.Second)))
	}
	b.slot = at.Add(time.Duration(float64(time.Second) / b.rate))
	return false, at.Sub(now)
}

// full reports whether the bucket would be full at now.
func (b *tokenBucket) full(now time.Time) bool {
	return b.tokens+now.Sub(b.last).Seconds()*b.rate >= b.burst
}

// hostOf is the address a limit keys on: the host part of a remote
// address.
func hostOf(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// Limits an address can reach, for the log.
const (
	limitOpens = iota
	limitPending
	limitConns
	limitJoins
	limitCommands
	limitKinds
)

var limitNames = [limitKinds]string{"new connections", "connections before hello", "connections", "new participants", "commands"}

// addrBook holds the per-address limits of a server's connections. Its
// methods are safe for concurrent use: read loops count connections, the
// room takes joins and commands.
type addrBook struct {
	lim    AddrLimits
	logger *slog.Logger

	mu      sync.Mutex
	addrs   map[string]*addrState
	pruneAt int // forget idle addresses when there are more than this
}

// addrState is what one address has used.
type addrState struct {
	key            string
	pending, conns int
	opens          tokenBucket // new connections
	joins, cmds    tokenBucket
	hit            [limitKinds]bool // a limit reached, logged once until it is not
}

func newAddrBook(lim AddrLimits, logger *slog.Logger) *addrBook {
	return &addrBook{lim: lim.withDefaults(), logger: logger, addrs: map[string]*addrState{}, pruneAt: 1024}
}

// reserve counts a new connection from addr as waiting for its hello;
// false when the address opens connections too fast or has too many
// waiting, with how long it should wait.
func (b *addrBook) reserve(addr string) (*addrState, time.Duration, bool) {
	if b.lim.Off {
		return nil, 0, true
	}
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	key := hostOf(addr)
	st := b.addrs[key]
	if st == nil {
		if len(b.addrs) >= b.pruneAt {
			b.prune(now)
		}
		st = &addrState{key: key, opens: newBucket(b.lim.ConnRate, b.lim.ConnBurst, now),
			joins: newBucket(b.lim.JoinRate, b.lim.JoinBurst, now), cmds: newBucket(b.lim.CommandRate, b.lim.CommandBurst, now)}
		b.addrs[key] = st
	}
	if !b.check(st, limitPending, st.pending < b.lim.MaxPending) {
		return nil, time.Second, false
	}
	ok, wait := st.opens.take(now)
	if !b.check(st, limitOpens, ok) {
		return nil, wait, false
	}
	st.pending++
	return st, 0, true
}

// unreserve gives back a reservation whose upgrade failed.
func (b *addrBook) unreserve(st *addrState) {
	if st == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	st.pending--
}

// attach gives c the reservation made for it.
func (b *addrBook) attach(c *wsConn, st *addrState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c.book, c.lim, c.pending = b, st, st != nil
}

// helloRead stops counting c as waiting for its hello.
func (b *addrBook) helloRead(c *wsConn) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.pending {
		c.pending = false
		c.lim.pending--
	}
}

// release stops counting c when it has ended.
func (b *addrBook) release(c *wsConn) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.pending {
		c.pending = false
		c.lim.pending--
	}
	if c.admitted {
		c.admitted = false
		c.lim.conns--
	}
}

// prune forgets addresses with no connection whose buckets are full
// again: they would start afresh anyway. b.mu is held.
func (b *addrBook) prune(now time.Time) {
	for k, st := range b.addrs {
		if st.pending == 0 && st.conns == 0 && st.opens.full(now) && st.joins.full(now) && st.cmds.full(now) {
			delete(b.addrs, k)
		}
	}
	b.pruneAt = max(1024, 2*len(b.addrs))
}

// check logs the first time in a row that an address reaches a limit and
// returns ok. b.mu is held.
func (b *addrBook) check(st *addrState, kind int, ok bool) bool {
	if ok {
		st.hit[kind] = false
		return true
	}
	if !st.hit[kind] {
		st.hit[kind] = true
		b.logger.Warn("address limited", "addr", st.key, "limit", limitNames[kind])
	}
	return false
}

func (c *wsConn) admit(a session.Actor) bool {
	c.identify(a)
	if c.lim == nil || a.Role == session.RoleFacilitator {
		return true
	}
	b := c.book
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.admitted {
		return true
	}
	if !b.check(c.lim, limitConns, c.lim.conns < b.lim.MaxConns) {
		return false
	}
	c.admitted = true
	c.lim.conns++
	return true
}

func (c *wsConn) identify(a session.Actor) {
	who := a.ID
	if a.Role == session.RoleObserver {
		who = string(a.Role)
	}
	c.SetName(who)
}

func (c *wsConn) takeJoin() (bool, time.Duration) {
	return c.take(func(a *addrState) *tokenBucket { return &a.joins }, limitJoins)
}

func (c *wsConn) takeCommand() (bool, time.Duration) {
	return c.take(func(a *addrState) *tokenBucket { return &a.cmds }, limitCommands)
}

// take takes one from the address's bucket that pick names (limit says
// which, for the log); without limits it always may.
func (c *wsConn) take(pick func(*addrState) *tokenBucket, limit int) (bool, time.Duration) {
	if c.lim == nil {
		return true, 0
	}
	b := c.book
	b.mu.Lock()
	defer b.mu.Unlock()
	ok, wait := pick(c.lim).take(time.Now())
	b.check(c.lim, limit, ok)
	return ok, wait
}
