package client

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// DefaultNodeTimeout is how long, by default, one attempt to reach one
// node of several may take (TCP, TLS and the websocket upgrade) before the
// client tries the next: a machine that is gone answers nothing, and the
// room should not wait for it.
const DefaultNodeTimeout = 3 * time.Second

// AddressError is a list of hub addresses (SplitURLs, Config.URLs) with an
// element that is not an address. An app words it from its fields.
type AddressError struct {
	Index int    // the element's place in the list, from 1
	Addr  string // the element as typed, trimmed; "" when it is empty
	Err   error  // what NormalizeURL says of it; nil when it is empty
}

func (e *AddressError) Error() string {
	if e.Addr == "" {
		return fmt.Sprintf("address %d of the list is empty", e.Index)
	}
	return fmt.Sprintf("address %d of the list, %q, is not a host address: %v", e.Index, e.Addr, e.Err)
}

func (e *AddressError) Unwrap() error { return e.Err }

// SplitURLs reads a comma-separated list of hub addresses as a person
// types it ("10.0.0.1:7777,10.0.0.2:7777"; one address is a list of one)
// and returns each as NormalizeURL makes it, in order, repeats left out.
// An empty or malformed element is an *AddressError naming it.
func SplitURLs(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("no host address given")
	}
	var out []string
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, &AddressError{Index: i + 1}
		}
		u, err := NormalizeURL(part)
		if err != nil {
			return nil, &AddressError{Index: i + 1, Addr: part, Err: err}
		}
		if !containsURL(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// containsURL reports whether list holds u, the host's letters compared
// without case.
func containsURL(list []string, u string) bool {
	for _, v := range list {
		if strings.EqualFold(v, u) {
			return true
		}
	}
	return false
}

// HostPort is the host:port of a hub URL, as a person types it and as
// Node and Nodes name a node; the URL itself when it has no host.
func HostPort(hubURL string) string {
	u, err := url.Parse(hubURL)
	if err != nil || u.Host == "" {
		return hubURL
	}
	return u.Host
}

// nodeList is the config's nodes: URL, then URLs, each normalised, repeats
// left out. An empty URL is allowed when URLs names the nodes.
func (c Config) nodeList() ([]string, error) {
	var out []string
	if strings.TrimSpace(c.URL) != "" || len(c.URLs) == 0 {
		u, err := NormalizeURL(c.URL)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	for i, s := range c.URLs {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, &AddressError{Index: i + 1}
		}
		u, err := NormalizeURL(s)
		if err != nil {
			return nil, &AddressError{Index: i + 1, Addr: s, Err: err}
		}
		if !containsURL(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// Node returns the host:port of the node the client is connected to, or
// while offline the one it tries next. With a single address it is that
// address's.
func (c *Client) Node() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return HostPort(c.cfg.URLs[c.at])
}

// Nodes returns the host:port of every node the client may use, in the
// order it tries them (Config.URL first, then Config.URLs).
func (c *Client) Nodes() []string {
	out := make([]string, len(c.cfg.URLs))
	for i, u := range c.cfg.URLs {
		out[i] = HostPort(u)
	}
	return out
}

// nodeURL is the URL of the node to dial now.
func (c *Client) nodeURL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg.URLs[c.at]
}

// nextNode moves on to the next node in turn (the first after the last);
// with a single node it stays. The status news says where it goes.
func (c *Client) nextNode() {
	if len(c.cfg.URLs) < 2 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = (c.at + 1) % len(c.cfg.URLs)
	c.upd.NodeChanged = true
	c.notify()
}

// nodeTimeout is how long attempt n (from 1) of a reconnect may take to
// reach its node: with several nodes, NodeTimeout in the first round through
// them, growing with each round up to the dialler's own handshake timeout,
// so that a slow network still gets through; 0 (the dialler's own) with a
// single node.
func (c *Client) nodeTimeout(n int) time.Duration {
	nodes := len(c.cfg.URLs)
	if nodes < 2 {
		return 0
	}
	round := 1 + (n-1)/nodes
	return min(c.cfg.NodeTimeout*time.Duration(round), max(handshakeWait, c.cfg.NodeTimeout))
}

// round is the backoff's attempt number for reconnect attempt n: one
// round through every node counts as one attempt, so that failing over to
// the next node is as quick as the first retry.
func (c *Client) round(n int) int {
	return 1 + (n-1)/len(c.cfg.URLs)
}

// stayAfter reports whether the next attempt after a connection that ended
// with err goes to the same node: the hub closed it on purpose and may
// well go on serving (too slow, rate limited, a normal close; 4503, which
// a cluster's node also sends when it changes its role and serves on), or
// the client ended it itself to resume (a gap in the seqs). A node that
// really stops refuses the attempt (its port closed, or 4503 to the hello),
// and the attempt after goes to the next node. A node that is going away
// (1001), failed (1011) or vanished (no close frame, a read error) is left
// for the next at once.
func stayAfter(err error) bool {
	var rs *resyncError
	if errors.As(err, &rs) {
		return true
	}
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return false
	}
	switch ce.Code {
	case websocket.CloseGoingAway, websocket.CloseInternalServerErr,
		websocket.CloseAbnormalClosure, websocket.CloseNoStatusReceived, websocket.CloseTLSHandshake:
		return false
	}
	return true
}

// resyncError is a connection the client ends itself, to resume on the
// same node: a gap in the seqs.
type resyncError struct{ msg string }

func (e *resyncError) Error() string { return e.msg }
