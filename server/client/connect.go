package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// DialTimeout is how long an app gives one attempt to reach the hub
// (Dial, with the hello and the welcome) before it tells the person.
const DialTimeout = 15 * time.Second

// Timings and limits of every connection.
const (
	handshakeWait = 10 * time.Second // the HTTP upgrade must finish within this
	welcomeWait   = 15 * time.Second // the welcome must arrive within this after hello
	readWait      = 60 * time.Second // the hub pings every ~25 s; silence this long means it is gone
	writeWait     = 10 * time.Second // a write that takes longer fails the connection
	closeWait     = time.Second      // how long to wait for the hub to answer our close
	readLimit     = 16 << 20         // the largest frame accepted (snapshots are big)
)

// refusal is a hello the hub turned down: its error frame and close code.
type refusal struct {
	close int
	err   *session.Error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// Is makes a refusal for an ended session match ErrSessionEnded, and one
// from a host that is stopping match ErrHostPaused.
func (r *refusal) Is(target error) bool {
	return target == ErrSessionEnded && r.close == protocol.CloseSessionEnded ||
		target == ErrHostPaused && r.close == protocol.CloseHostPaused
}

// final reports whether retrying the same hello is pointless: the hub does
// not know the code, token or resume token (4401), the facilitator removed
// this participant (4403), or it cannot read our hello
// (4400).
func (r *refusal) final() bool {
	return r.close == protocol.CloseUnauthorized || r.close == protocol.CloseBadFrame || r.close == protocol.CloseRemoved
}

// unreachable is the error for a hub that cannot be reached; it matches
// ErrUnreachable.
type unreachable struct {
	msg   string
	cause error
}

func (e *unreachable) Error() string        { return e.msg }
func (e *unreachable) Unwrap() error        { return e.cause }
func (e *unreachable) Is(target error) bool { return target == ErrUnreachable }

// connect dials the node in turn, says hello and reads the welcome. ctx
// bounds the whole exchange; reach, when above zero, bounds reaching the
// node (TCP, TLS, the websocket upgrade), so that a node that is gone is
// given up in time to try the next.
func (c *Client) connect(ctx context.Context, reach time.Duration) (*conn, error) {
	hello := c.hello()
	url := c.nodeURL()
	dctx := ctx
	if reach > 0 {
		var cancel context.CancelFunc
		dctx, cancel = context.WithTimeout(ctx, reach)
		defer cancel()
	}
	ws, resp, err := c.cfg.Dialer.DialContext(dctx, url, nil)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		return nil, plainDialError(url, err, status)
	}
	ws.SetReadLimit(readLimit)
	stop := context.AfterFunc(ctx, func() { ws.Close() })
	w, err := handshake(ws, hello)
	if !stop() {
		ws.Close()
		return nil, ctx.Err()
	}
	if err != nil {
		ws.Close()
		return nil, err
	}
	cn, err := c.accept(ws, w)
	if err != nil {
		ws.Close()
		return nil, err
	}
	return cn, nil
}

// dialFirst makes the first connection. With several nodes it tries each
// in turn, once, each within NodeTimeout: a refusal every node would give
// (4400, 4401, 4403, 4410) ends it at once; otherwise, when none welcomes
// the client, the error says what each said (nodesError), and the next
// attempt starts again at the first node.
func (c *Client) dialFirst(ctx context.Context) (*conn, error) {
	n := len(c.cfg.URLs)
	if n == 1 {
		return c.connect(ctx, 0)
	}
	var errs nodesError
	for i := range n {
		c.mu.Lock()
		c.at = i
		c.mu.Unlock()
		cn, err := c.connect(ctx, c.cfg.NodeTimeout)
		if err == nil {
			return cn, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		var r *refusal
		if errors.As(err, &r) && (r.final() || r.close == protocol.CloseSessionEnded) {
			return nil, err
		}
		c.cfg.Logf("roundtable client: node %s: %v", HostPort(c.cfg.URLs[i]), err)
		errs = append(errs, err)
	}
	c.mu.Lock()
	c.at = 0
	c.mu.Unlock()
	return nil, errs.pick()
}

// nodesError is what each node said when none of several welcomed the
// client, in the order they were tried. It matches what any of them
// matches (ErrUnreachable, ErrHostPaused, ErrCertificate).
type nodesError []error

func (e nodesError) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e nodesError) Unwrap() []error { return e }

// pick is the error Dial reports for the nodes: a refused certificate
// first (someone may be pretending to be a node), then a refusal (such as
// a host that is stopping: the session exists and comes back), else all
// that was said.
func (e nodesError) pick() error {
	for _, err := range e {
		if errors.Is(err, ErrCertificate) {
			return err
		}
	}
	for _, err := range e {
		var r *refusal
		if errors.As(err, &r) {
			return err
		}
	}
	return e
}

// hello builds the hello for the next connection from what the client
// knows: the role, the resume token and the last seq applied.
func (c *Client) hello() protocol.Hello {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := protocol.Hello{T: protocol.KindHello, V: protocol.Version}
	if !c.fresh {
		h.Since = c.lastSeq
	}
	switch {
	case c.cfg.Token != "":
		h.Token = c.cfg.Token
	case c.cfg.Observer:
		h.Code = c.cfg.Code
		h.Role = string(session.RoleObserver)
	case c.resume != "":
		h.Code = c.cfg.Code
		h.Resume = c.resume
	default:
		h.Code = c.cfg.Code
		h.Name = c.cfg.Name
		h.Institution = c.cfg.Institution
		h.Since = 0
		h.Earlier = c.cfg.Earlier[:min(len(c.cfg.Earlier), protocol.MaxEarlier)] // issue 16
	}
	return h
}

// handshake sends hello and waits for the welcome, or for the error frame
// and close that refuse it.
func handshake(ws *websocket.Conn, hello protocol.Hello) (*protocol.Welcome, error) {
	ws.SetWriteDeadline(time.Now().Add(writeWait))
	if err := ws.WriteJSON(hello); err != nil {
		return nil, fmt.Errorf("sending hello: %w", err)
	}
	ws.SetReadDeadline(time.Now().Add(welcomeWait))
	var refused *session.Error
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				if refused == nil {
					refused = closeReason(ce)
				}
				return nil, &refusal{close: ce.Code, err: refused}
			}
			if refused != nil {
				return nil, &refusal{close: closeFor(refused.Code), err: refused}
			}
			return nil, fmt.Errorf("waiting for the welcome: %w", err)
		}
		kind, err := protocol.Kind(data)
		if err != nil {
			return nil, fmt.Errorf("the host sent a malformed frame: %w", err)
		}
		switch kind {
		case protocol.KindWelcome:
			var w protocol.Welcome
			if err := json.Unmarshal(data, &w); err != nil {
				return nil, fmt.Errorf("the host sent a malformed welcome: %w", err)
			}
			return &w, nil
		case protocol.KindError:
			var e protocol.Error
			if err := json.Unmarshal(data, &e); err != nil {
				return nil, fmt.Errorf("the host sent a malformed error: %w", err)
			}
			refused = e.Refused()
			// The close frame follows; do not wait long for it.
			ws.SetReadDeadline(time.Now().Add(closeWait))
		}
	}
}

// closeReason explains a close that came without an error frame.
func closeReason(ce *websocket.CloseError) *session.Error {
	switch ce.Code {
	case protocol.CloseUnauthorized:
		return protocol.Refuse(session.EFORBIDDEN, "errors.client.refused_secret")
	case protocol.CloseBadFrame:
		return protocol.Refuse(session.EINVALID, "errors.client.hello_unread")
	case protocol.CloseRateLimited:
		return protocol.Refuse(session.ELIMIT, "errors.client.join_attempts")
	case websocket.CloseGoingAway:
		return protocol.Refuse(session.EINTERNAL, "errors.hub.shutting_down")
	case protocol.CloseSessionEnded:
		return protocol.Refuse(session.ENOTFOUND, "errors.client.session_ended")
	case protocol.CloseHostPaused:
		return protocol.Refuse(session.EINTERNAL, "errors.client.host_paused")
	case protocol.CloseRemoved:
		return removed()
	}
	return protocol.Refuse(session.EINTERNAL, "errors.client.closed", "Code", ce.Code)
}

// removed is the refusal of a participant the facilitator removed, as the
// hub words it (close 4403).
func removed() *session.Error {
	return protocol.Refuse(session.EFORBIDDEN, "errors.hub.removed")
}

// closeFor guesses the close code that goes with an error code, for an
// error frame whose close never arrived.
func closeFor(code string) int {
	switch code {
	case session.EFORBIDDEN:
		return protocol.CloseUnauthorized
	case session.EINVALID:
		return protocol.CloseBadFrame
	case session.ELIMIT:
		return protocol.CloseRateLimited
	}
	return websocket.CloseGoingAway
}

// plainDialError explains a failed dial in plain words.
func plainDialError(rawURL string, err error, status int) error {
	if ce := certProblem(err); ce != nil {
		return ce
	}
	host := rawURL
	if u, perr := url.Parse(rawURL); perr == nil {
		host = u.Host
	}
	var why string
	var dns *net.DNSError
	var ne net.Error
	switch {
	case status == http.StatusTooManyRequests:
		why = "the host is turning away new connections from your network for a moment (too many at once); try again in a few seconds"
	case status == http.StatusServiceUnavailable:
		why = "the host is shutting down"
	case status != 0:
		why = fmt.Sprintf("it answered, but is not a Roundtable host (HTTP %d)", status)
	case errors.As(err, &dns):
		why = "no such host"
	case errors.Is(err, syscall.ECONNREFUSED):
		why = "nothing is listening there (is the host running?)"
	case errors.As(err, &ne) && ne.Timeout():
		why = "no answer"
	default:
		why = "the connection failed"
	}
	return &unreachable{msg: fmt.Sprintf("cannot reach %s: %s", host, why), cause: err}
}
