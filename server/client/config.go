package client

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// DefaultPort is the port NormalizeURL adds to an address typed without a
// scheme or port, the same default as `roundtable host --addr`.
const DefaultPort = "7777"

// Config says whom to connect to and as whom.
//
// A participant sets Code and either Resume (a token saved from an earlier
// session) or Name and Institution; a facilitator sets Token; an observer
// sets Code and Observer.
type Config struct {
	URL         string // "ws://host:port/ws"; "host:port" and "ws://host:port" are accepted too (see NormalizeURL); may be "" when URLs is set
	Code        string // join code (participants, observers)
	Token       string // facilitator token (facilitator role)
	Resume      string // participant resume token from an earlier session, if any
	Name        string // for a new participant
	Institution string // for a new participant
	Observer    bool   // join read-only, as a wall or projector
	NoReplica   bool   // bench/bots: skip keeping a replica (events are still delivered)

	// Earlier (issue 16): resume tokens of earlier sessions at this hub,
	// sent (at most protocol.MaxEarlier) while the client has no resume
	// token of this session: a hub serving a session of the same programme
	// joins the participant one of them names as themself, and its welcome
	// gives that token as the resume token. Name and Institution may then
	// be left empty; the hub ignores tokens it does not know.
	Earlier []string

	// EventBuffer, when above zero, makes Events return a channel of this
	// capacity that carries every new event in order; Update.Events then
	// stays empty. The client waits for room in the channel, so a reader
	// that falls behind slows the connection down (and the hub may close
	// it as too slow; the client then resumes).
	EventBuffer int

	// CAFile names a PEM file of the certificate authorities to trust for a
	// wss:// host, instead of the system's. Fingerprint pins the host's
	// certificate by its SHA-256 fingerprint (as `roundtable host` prints
	// it; colons optional): the connection is refused unless the host
	// presents exactly that certificate, which then need not be signed by
	// any authority. Either or both may be set; with either, the client
	// always uses TLS (a ws:// or bare address becomes wss://).
	CAFile      string
	Fingerprint string

	// URLs names further nodes of the same session (issue 17: a cluster
	// of hubs serving one session, with the same seqs, resume tokens and
	// op ids on every node), each written as URL may be (SplitURLs reads a
	// comma-separated list as typed). The client tries URL first, then
	// these in order: Dial goes on to the next node when one cannot be
	// reached or is stopping, and after a lost connection the client
	// resumes on the next node in turn, exactly as it would on the same
	// one. CAFile and Fingerprint apply to every node.
	URLs []string
	// NodeTimeout, with several nodes, bounds one attempt to reach one
	// node (TCP, TLS and the websocket upgrade) before the next is tried:
	// DefaultNodeTimeout when zero. It grows with every round through the
	// nodes that fails, up to the dialler's handshake timeout. With a
	// single node the dialler's handshake timeout alone applies.
	NodeTimeout time.Duration

	Dialer     *websocket.Dialer                // optional; its TLS settings are replaced when CAFile or Fingerprint is set
	Logf       func(format string, args ...any) // optional
	MinBackoff time.Duration                    // first reconnect delay; default 250ms
	MaxBackoff time.Duration                    // longest reconnect delay; default 5s
}

// withDefaults returns the config with the addresses normalised (URLs then
// holds every node, URL first) and every optional field filled in.
func (c Config) withDefaults() (Config, error) {
	nodes, err := c.nodeList()
	if err != nil {
		return c, err
	}
	c.URL, c.URLs = nodes[0], nodes
	if c.NodeTimeout <= 0 {
		c.NodeTimeout = DefaultNodeTimeout
	}
	if c.Dialer == nil {
		d := *websocket.DefaultDialer
		d.HandshakeTimeout = handshakeWait
		c.Dialer = &d
	}
	tc, err := tlsConfig(c.CAFile, c.Fingerprint)
	if err != nil {
		return c, err
	}
	if tc != nil {
		d := *c.Dialer
		d.TLSClientConfig = tc
		c.Dialer = &d
		// Asking to check the host's certificate means TLS: never fall
		// back to plain text because the address was typed without wss://.
		// One pin or CA file vouches for every node.
		for i, u := range c.URLs {
			if rest, ok := strings.CutPrefix(u, "ws://"); ok {
				c.URLs[i] = "wss://" + rest
			}
		}
		c.URL = c.URLs[0]
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = 250 * time.Millisecond
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Second
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = c.MinBackoff
	}
	return c, nil
}

// NormalizeURL turns what a person types into the hub's websocket URL.
// "host:port" and "host" become "ws://host:port/ws" (DefaultPort when no
// port is given); "ws://host:port" and "wss://host:port" get the path
// "/ws"; "http://" and "https://" become "ws://" and "wss://". A URL that
// already has a path keeps it. A comma is refused: a list of several
// nodes is read by SplitURLs.
func NormalizeURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("no host address given")
	}
	if strings.Contains(s, ",") {
		return "", fmt.Errorf("%q names several addresses; give one", s)
	}
	bare := !strings.Contains(s, "://")
	if bare {
		s = "ws://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a host address", s)
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "http":
		u.Scheme = "ws"
	case "wss", "https":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("%q is not a host address: use host:port or ws://host:port", s)
	}
	host := u.Hostname()
	if host == "" {
		host = "localhost"
	}
	port := u.Port()
	if port == "" && bare {
		port = DefaultPort
	}
	if port != "" {
		u.Host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		u.Host = "[" + host + "]"
	} else {
		u.Host = host
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/ws"
	}
	u.User = nil
	u.Fragment = ""
	return u.String(), nil
}
