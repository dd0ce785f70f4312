package sshd

import (
	"fmt"
	"net"
	"sync"
	"time"

	"charm.land/ssh"

	"roundtable/lang"
)

// addrUse is what one client address holds: open connections and running
// sessions.
type addrUse struct{ conns, sessions int }

// clientConnKey is the ssh.Context key of a connection's *clientConn.
type clientConnKey struct{}

// clientConn is an admitted connection: it is counted until it closes, and
// closed when it has not started the app within the login timeout.
type clientConn struct {
	net.Conn
	srv  *Server
	addr string

	mu        sync.Mutex
	stopLogin func() bool
	closed    bool
}

// admit accepts a connection unless the server or its address already
// holds as many as they may: the server twice its session limit, an
// address MaxConnsPerAddr. Nothing is said to a refused connection (no SSH
// has been spoken yet); the log says why.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr := addrKey(c.RemoteAddr())
	s.mu.Lock()
	u := s.addrs[addr]
	reason := ""
	switch {
	case s.conns >= 2*s.cfg.MaxSessions:
		reason = fmt.Sprintf("the server has %d connections, its limit", s.conns)
	case u != nil && u.conns >= s.cfg.MaxConnsPerAddr:
		reason = fmt.Sprintf("%d connections from this address, its limit", u.conns)
	}
	if reason != "" {
		log := s.quiet.first(addr+" conn", s.cfg.Now())
		s.mu.Unlock()
		if log {
			s.cfg.Logger.Warn("ssh: connection refused", "addr", addr, "reason", reason)
		}
		return nil
	}
	if u == nil {
		u = &addrUse{}
		s.addrs[addr] = u
	}
	u.conns++
	s.conns++
	s.mu.Unlock()

	cc := &clientConn{Conn: c, srv: s, addr: addr}
	cc.mu.Lock()
	cc.stopLogin = s.cfg.afterFunc(s.cfg.LoginTimeout, cc.loginExpired)
	cc.mu.Unlock()
	ctx.SetValue(clientConnKey{}, cc)
	return cc
}

// loginExpired closes a connection that has not started the app in time.
func (c *clientConn) loginExpired() {
	c.srv.cfg.Logger.Info("ssh: closed a connection that did not start the app in time",
		"addr", c.addr, "login_timeout", c.srv.cfg.LoginTimeout)
	c.Close()
}

// started stops the login timer: the connection runs the app.
func (c *clientConn) started() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopLogin != nil {
		c.stopLogin()
		c.stopLogin = nil
	}
}

// Close closes the connection and counts it out, once.
func (c *clientConn) Close() error {
	err := c.Conn.Close()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return err
	}
	c.closed = true
	if c.stopLogin != nil {
		c.stopLogin()
		c.stopLogin = nil
	}
	c.mu.Unlock()
	s := c.srv
	s.mu.Lock()
	s.conns--
	if u := s.addrs[c.addr]; u != nil {
		u.conns--
		if u.conns <= 0 && u.sessions <= 0 {
			delete(s.addrs, c.addr)
		}
	}
	s.mu.Unlock()
	return err
}

// acquire takes a session slot for a client at addr; when none is left it
// returns what to tell the participant, in p's language.
func (s *Server) acquire(addr string, p *lang.Printer) string {
	s.mu.Lock()
	u := s.addrs[addr]
	if u == nil { // a connection not admitted through admit (tests)
		u = &addrUse{}
		s.addrs[addr] = u
	}
	var reason, msg string
	switch {
	case s.sessions >= s.cfg.MaxSessions:
		reason = fmt.Sprintf("the server runs %d sessions, its limit", s.sessions)
		msg = p.S("sshd.full")
	case u.sessions >= s.cfg.MaxSessionsPerAddr:
		reason = fmt.Sprintf("%d sessions from this address, its limit", u.sessions)
		msg = p.N("sshd.full_from_network", u.sessions)
	default:
		u.sessions++
		s.sessions++
		s.mu.Unlock()
		return ""
	}
	log := s.quiet.first(addr+" session", s.cfg.Now())
	s.mu.Unlock()
	if log {
		s.cfg.Logger.Warn("ssh: session refused", "addr", addr, "reason", reason)
	}
	return msg
}

// release gives back a session slot taken by acquire.
func (s *Server) release(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions--
	if u := s.addrs[addr]; u != nil {
		u.sessions--
		if u.conns <= 0 && u.sessions <= 0 {
			delete(s.addrs, addr)
		}
	}
}

// logQuiet keeps a flood of refusals from flooding the log: one line per
// address and kind a minute. Guarded by Server.mu.
type logQuiet struct {
	last map[string]time.Time
}

// first reports whether key has not been logged in the last minute, and
// notes that it is now.
func (q *logQuiet) first(key string, now time.Time) bool {
	if q.last == nil {
		q.last = map[string]time.Time{}
	}
	if t, ok := q.last[key]; ok && now.Sub(t) < time.Minute {
		return false
	}
	if len(q.last) >= 10000 {
		for k, t := range q.last {
			if now.Sub(t) >= time.Minute {
				delete(q.last, k)
			}
		}
		if len(q.last) >= 10000 {
			return false // a flood from very many addresses: enough said
		}
	}
	q.last[key] = now
	return true
}
