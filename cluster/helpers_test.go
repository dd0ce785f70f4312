package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
)

const testToken = "cluster-facilitator-token"

// testCluster is an in-process cluster: n embedded NATS servers on
// loopback, routed to each other through proxies a test can cut (a
// partition), each with a hub node serving the same session.
type testCluster struct {
	t       testing.TB
	n       int
	dirs    []string
	ports   []int // route ports
	proxies map[[2]int]*proxy
	nodes   []*Node
	code    string
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("RT_CLUSTER_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func newTestCluster(t testing.TB, n int) *testCluster {
	t.Helper()
	c := &testCluster{t: t, n: n, proxies: map[[2]int]*proxy{}, nodes: make([]*Node, n), code: "BAKU26"}
	base := t.TempDir()
	for i := 0; i < n; i++ {
		c.dirs = append(c.dirs, filepath.Join(base, fmt.Sprintf("n%d", i)))
		c.ports = append(c.ports, freePort(t))
	}
	// Node i reaches node j's route port through proxy (i, j).
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				p := newProxy(t, fmt.Sprintf("127.0.0.1:%d", c.ports[j]))
				c.proxies[[2]int{i, j}] = p
			}
		}
	}
	t.Cleanup(func() {
		for _, nd := range c.nodes {
			if nd != nil {
				nd.Close()
			}
		}
		for _, p := range c.proxies {
			p.Close()
		}
	})
	return c
}

func (c *testCluster) config(i int) NodeConfig {
	var routes []string
	for j := 0; j < c.n; j++ {
		if j != i {
			routes = append(routes, c.proxies[[2]int{i, j}].Addr())
		}
	}
	return NodeConfig{
		Cluster: Config{Name: "rt-test", Node: fmt.Sprintf("n%d", i), Listen: fmt.Sprintf("127.0.0.1:%d", c.ports[i]),
			Routes: routes, Dir: c.dirs[i], Wait: time.Minute, Logger: testLogger(c.t), NoAdvertise: true, RouteAdvertise: "127.0.0.1:1", Secret: "test-cluster-secret"},
		Hub: server.HostConfig{Addr: "127.0.0.1:0", Code: c.code, FacilitatorHash: server.HashToken(testToken),
			Title: "Rəqəmsal inkişaf", Logger: testLogger(c.t)},
	}
}

// startAll starts every node at once (a cluster needs a majority up).
func (c *testCluster) startAll() {
	c.t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, c.n)
	for i := 0; i < c.n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c.nodes[i], errs[i] = StartNode(context.Background(), c.config(i))
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			c.t.Fatalf("node %d: %v", i, err)
		}
	}
}

// start starts node i alone (the others are up).
func (c *testCluster) start(i int) {
	c.t.Helper()
	nd, err := StartNode(context.Background(), c.config(i))
	if err != nil {
		c.t.Fatalf("node %d: %v", i, err)
	}
	c.nodes[i] = nd
}

// owner returns the index of the node that owns the session, waiting for
// one (excluding skip).
func (c *testCluster) owner(skip int) int {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for i, nd := range c.nodes {
			if i != skip && nd != nil && nd.Owner() && nd.Room() != nil {
				return i
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.t.Fatal("no node owns the session")
	return -1
}

func (c *testCluster) urls(order ...int) []string {
	var out []string
	for _, i := range order {
		out = append(out, c.nodes[i].URL())
	}
	return out
}

// from lists every node's URL, node first.
func (c *testCluster) from(first int) []string {
	order := []int{first}
	for i := range c.nodes {
		if i != first {
			order = append(order, i)
		}
	}
	return c.urls(order...)
}

// partition cuts node i off from the others (both ways), or heals it.
func (c *testCluster) partition(i int, cut bool) {
	for k, p := range c.proxies {
		if k[0] == i || k[1] == i {
			p.Cut(cut)
		}
	}
}

// dial connects a client to the given URLs (the first one first).
func dial(t testing.TB, urls []string, cfg client.Config) *client.Client {
	t.Helper()
	cfg.URLs = urls
	cfg.MinBackoff, cfg.MaxBackoff = 50*time.Millisecond, 300*time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := client.Dial(ctx, cfg)
	if err != nil {
		t.Fatalf("dial %v: %v", urls, err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

// eventually waits until cond holds on the client's replica.
func eventually(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ideas returns the texts of the ideas a client's replica holds.
func ideas(cl *client.Client) []string {
	st := cl.State()
	if st == nil {
		return nil
	}
	var out []string
	for _, it := range st.Ideas {
		out = append(out, it.Text)
	}
	return out
}

func hasIdea(cl *client.Client, text string) bool {
	for _, s := range ideas(cl) {
		if s == text {
			return true
		}
	}
	return false
}

var _ = strings.Contains
var _ = session.PhaseIdeas
