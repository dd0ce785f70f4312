// Package cluster runs a session on several hub nodes that share a
// replicated log on NATS JetStream (issue 17; docs/ARCHITECTURE.md, "A
// cluster of hubs"). A node either embeds a NATS server that forms a
// cluster with the other nodes' (routes), or connects to an existing NATS
// cluster. One node at a time owns a session (a lease with a short TTL in a
// key-value bucket) and appends its events, fenced by JetStream's expected
// last sequence; every node serves participants and fans the session out to
// its own connections.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The names a cluster's data lives under.
const (
	StreamEvents   = "RT_EVENTS"   // every session's events, a subject per session
	SubjectEvents  = "rt.ev."      // + session id
	SubjectStored  = "rt.re."      // + session id: every message stored on rt.ev.<id>, published again (RePublish)
	BucketSessions = "RT_SESSIONS" // "s.<id>": a session's record; "c.<hex of code>": the id of the session with that join code
	BucketLeases   = "RT_LEASES"   // "<id>": the session's owner, while its lease lives
	BucketNodes    = "RT_NODES"    // "<node>": a node's addresses, while it runs
	SubjectCommand = "rt.cmd."     // + session id: commands forwarded to the owner
	SubjectOnline  = "rt.on."      // + session id: who is online at which node
)

// Timings of a cluster. The lease's TTL is its bucket's, set when the
// bucket is made.
const (
	LeaseTTL      = 4 * time.Second        // an owner that renews for longer than this has lost its session
	leaseRenew    = time.Second            // how often an owner renews
	leaseTry      = 500 * time.Millisecond // how often a follower tries to take a free lease
	nodeTTL       = 10 * time.Second
	appendTimeout = 3 * time.Second // one append's wait for the log's acknowledgement
)

// Config says how a node reaches the cluster's log: an embedded NATS server
// (Name set) or an existing NATS cluster (URLs set).
type Config struct {
	// The embedded NATS server.
	Name   string   // the cluster's name; every node gives the same
	Node   string   // this node's name, unique in the cluster
	Listen string   // host:port the other nodes' routes reach this one at
	Routes []string // the other nodes' route addresses (host:port or nats-route://host:port)
	Client string   // host:port of the NATS client port, for export, sessions and purge ("": a random port on loopback)
	// Secret, when set, is what the embedded server asks of the other
	// nodes' routes (user "roundtable") and of NATS clients (a token):
	// without it anyone who reaches the ports could write to the log. Every
	// node gives the same.
	Secret string
	// RouteAdvertise, when set, is the route address this server tells the
	// others about (gossip), instead of its own: tests give an address
	// nobody listens at, so that nodes reach each other only through the
	// routes they were given (through proxies a test cuts).
	RouteAdvertise string
	// NoAdvertise keeps the embedded server from telling the others its
	// route address: they reach it only by their routes (tests put proxies
	// there to cut them).
	NoAdvertise bool
	Dir         string // JetStream's directory (the node's data)

	// An existing NATS cluster instead.
	URLs []string // nats://host:port

	// Replicas is how many copies of the log JetStream keeps: by default 3
	// when the cluster has three or more servers, else as many as it has.
	Replicas int
	// Wait bounds how long Connect waits for the cluster's JetStream to be
	// ready (a quorum of its servers up; default 2 minutes).
	Wait   time.Duration
	Logger *slog.Logger
}

// Conn is a node's connection to the cluster: its embedded server (if
// any), the NATS connection, the log's stream and the buckets.
type Conn struct {
	NC       *nats.Conn
	JS       jetstream.JetStream
	Server   *natsserver.Server // the embedded server; nil with an existing cluster
	Node     string
	Stream   jetstream.Stream // StreamEvents
	Sessions jetstream.KeyValue
	Leases   jetstream.KeyValue
	Nodes    jetstream.KeyValue
	Replicas int
	logger   *slog.Logger
}

// Connect starts the embedded server (when cfg.Name is set) or dials the
// cluster, then waits until JetStream can hold the log: the stream and the
// buckets exist with cfg's replicas.
func Connect(ctx context.Context, cfg Config) (*Conn, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 2 * time.Minute
	}
	c := &Conn{Node: cfg.Node, logger: cfg.Logger}
	var err error
	switch {
	case cfg.Name != "" && len(cfg.URLs) > 0:
		return nil, errors.New("a node embeds its NATS server (a cluster name) or uses an existing one (NATS URLs), not both")
	case cfg.Name != "":
		if c.Server, err = startServer(cfg); err != nil {
			return nil, err
		}
		opts := []nats.Option{nats.InProcessServer(c.Server), nats.Name("roundtable " + cfg.Node), nats.MaxReconnects(-1)}
		if cfg.Secret != "" {
			opts = append(opts, nats.Token(cfg.Secret))
		}
		c.NC, err = nats.Connect("", opts...)
	case len(cfg.URLs) > 0:
		c.NC, err = nats.Connect(strings.Join(cfg.URLs, ","), nats.Name("roundtable "+cfg.Node), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(true), nats.ReconnectWait(250*time.Millisecond))
	default:
		return nil, errors.New("no cluster: give the cluster's name to embed a NATS server, or NATS URLs")
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("connecting to NATS: %w", err)
	}
	if c.JS, err = jetstream.New(c.NC, jetstream.WithDefaultTimeout(2*time.Second)); err != nil {
		c.Close()
		return nil, err
	}
	c.Replicas = cfg.Replicas
	if c.Replicas <= 0 {
		servers := 1 + len(cfg.Routes)
		if c.Server == nil {
			servers = len(c.NC.Servers())
		}
		c.Replicas = min(3, max(1, servers))
	}
	wctx, cancel := context.WithTimeout(ctx, cfg.Wait)
	defer cancel()
	if err := c.setUp(wctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// ConnectURLs dials an existing cluster for a command that only reads or
// purges (export, sessions, purge): no embedded server, nothing made.
func ConnectURLs(ctx context.Context, urls []string, opts ...nats.Option) (*Conn, error) {
	nc, err := nats.Connect(strings.Join(urls, ","), append([]nats.Option{nats.Name("roundtable"), nats.Timeout(5 * time.Second)}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", strings.Join(urls, ","), err)
	}
	c := &Conn{NC: nc, logger: slog.New(slog.DiscardHandler)}
	if c.JS, err = jetstream.New(nc, jetstream.WithDefaultTimeout(5*time.Second)); err != nil {
		c.Close()
		return nil, err
	}
	if c.Stream, err = c.JS.Stream(ctx, StreamEvents); err != nil {
		c.Close()
		return nil, fmt.Errorf("the cluster at %s holds no Roundtable sessions (%w)", strings.Join(urls, ","), err)
	}
	if c.Sessions, err = c.JS.KeyValue(ctx, BucketSessions); err != nil {
		c.Close()
		return nil, err
	}
	// The leases say which node serves a session (purge refuses it).
	if c.Leases, err = c.JS.KeyValue(ctx, BucketLeases); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// setUp makes (or finds) the stream and the buckets, retrying while the
// cluster has no JetStream leader yet.
func (c *Conn) setUp(ctx context.Context) error {
	var last error
	for {
		actx, cancel := context.WithTimeout(ctx, 3*time.Second)
		last = c.tryCreate(actx)
		cancel()
		if last == nil {
			return nil
		}
		c.logger.Info("waiting for the cluster's log", "err", last)
		select {
		case <-ctx.Done():
			return fmt.Errorf("the cluster's JetStream is not ready (a majority of its servers must be up): %w", last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (c *Conn) tryCreate(ctx context.Context) error {
	var err error
	if c.Stream, err = c.JS.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: StreamEvents, Subjects: []string{SubjectEvents + "*"}, Replicas: c.Replicas,
		Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute, MaxMsgSize: 1 << 20,
		// Any replica answers reads (direct gets), and every stored
		// message is published again on rt.re.<id> for followers
		// (node.go), so that neither needs a consumer.
		AllowDirect: true,
		RePublish:   &jetstream.RePublish{Source: SubjectEvents + "*", Destination: SubjectStored + "{{wildcard(1)}}"},
	}); err != nil {
		return err
	}
	kv := func(cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
		cfg.Replicas = c.Replicas
		return c.JS.CreateOrUpdateKeyValue(ctx, cfg)
	}
	if c.Sessions, err = kv(jetstream.KeyValueConfig{Bucket: BucketSessions}); err != nil {
		return err
	}
	if c.Leases, err = kv(jetstream.KeyValueConfig{Bucket: BucketLeases, TTL: LeaseTTL}); err != nil {
		return err
	}
	if c.Nodes, err = kv(jetstream.KeyValueConfig{Bucket: BucketNodes, TTL: nodeTTL}); err != nil {
		return err
	}
	return nil
}

// Close closes the connection and shuts the embedded server down.
func (c *Conn) Close() {
	if c.NC != nil {
		c.NC.Close()
	}
	if c.Server != nil {
		c.Server.Shutdown()
		c.Server.WaitForShutdown()
	}
}

// ClientURL is the embedded server's client URL ("" without one).
func (c *Conn) ClientURL() string {
	if c.Server == nil {
		return ""
	}
	return c.Server.ClientURL()
}

func startServer(cfg Config) (*natsserver.Server, error) {
	if cfg.Node == "" {
		return nil, errors.New("a node needs a name (--node)")
	}
	if cfg.Dir == "" {
		return nil, errors.New("a node needs a directory for its log (--cluster-data)")
	}
	lhost, lport, err := splitHostPort(cfg.Listen, 6222)
	if err != nil {
		return nil, fmt.Errorf("the cluster address %q: %w", cfg.Listen, err)
	}
	o := &natsserver.Options{
		ServerName: cfg.Node, JetStream: true, StoreDir: cfg.Dir, NoSigs: true, NoLog: true,
		Cluster: natsserver.ClusterOpts{Name: cfg.Name, Host: lhost, Port: lport, ConnectRetries: -1},
		// A route's ping keeps a half-open route from lasting: a partition
		// is noticed within a few seconds.
		MaxPayload: 1 << 20,
	}
	if len(cfg.Routes) == 0 {
		// One node alone: JetStream without a cluster (a cluster of one
		// would wait for peers it has no route to).
		o.Cluster = natsserver.ClusterOpts{}
	}
	o.Cluster.NoAdvertise = cfg.NoAdvertise
	if len(cfg.Routes) > 0 {
		o.Cluster.Advertise = cfg.RouteAdvertise
	}
	if cfg.Secret != "" {
		if len(cfg.Routes) > 0 {
			o.Cluster.Username, o.Cluster.Password = routeUser, cfg.Secret
		}
		o.Authorization = cfg.Secret
	}
	o.Cluster.PingInterval = time.Second
	o.Cluster.MaxPingsOut = 3
	// Without an address of its own the client port is a random one on
	// loopback: the node itself connects in process.
	o.Host, o.Port = "127.0.0.1", natsserver.RANDOM_PORT
	if cfg.Client != "" {
		if o.Host, o.Port, err = splitHostPort(cfg.Client, 4222); err != nil {
			return nil, fmt.Errorf("the NATS client address %q: %w", cfg.Client, err)
		}
	}
	for _, r := range cfg.Routes {
		if !strings.Contains(r, "://") {
			r = "nats-route://" + r
		}
		u, err := url.Parse(r)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("the route %q is not host:port", r)
		}
		if cfg.Secret != "" && u.User == nil {
			u.User = url.UserPassword(routeUser, cfg.Secret)
		}
		o.Routes = append(o.Routes, u)
	}
	s, err := natsserver.NewServer(o)
	if err != nil {
		return nil, fmt.Errorf("the embedded NATS server: %w", err)
	}
	go s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("the embedded NATS server did not start (is %s or the client port in use?)", cfg.Listen)
	}
	return s, nil
}

// routeUser is the user a node's routes authenticate as, with the secret.
const routeUser = "roundtable"

// splitHostPort reads host:port, ":port" or "port"; def is the port when
// only a host is given.
func splitHostPort(s string, def int) (string, int, error) {
	if s == "" {
		return "0.0.0.0", def, nil
	}
	if !strings.Contains(s, ":") {
		if p, err := strconv.Atoi(s); err == nil {
			return "0.0.0.0", p, nil
		}
		return s, def, nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, err
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 0 || p > 65535 {
		return "", 0, fmt.Errorf("the port %q is not a number from 0 to 65535", port)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	if p == 0 {
		p = natsserver.RANDOM_PORT
	}
	return host, p, nil
}
