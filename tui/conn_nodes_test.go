package tui

import (
	"testing"

	"roundtable/server/client"
	"roundtable/session"
)

// nodesConn is a stub connection to several nodes, or to one.
type nodesConn struct {
	stubConn
	node  string
	nodes []string
}

func (c *nodesConn) Node() string    { return c.node }
func (c *nodesConn) Nodes() []string { return c.nodes }

// TestConnViewNamesTheNode: with several nodes the view names the one the
// connection is on or trying (issue 17); with one, or a connection that
// does not tell, it names none.
func TestConnViewNamesTheNode(t *testing.T) {
	tests := map[string]struct {
		conn Conn
		want string
	}{
		"several": {&nodesConn{stubConn: stubConn{status: client.Offline}, node: "10.0.0.2:7777",
			nodes: []string{"10.0.0.1:7777", "10.0.0.2:7777"}}, "10.0.0.2:7777"},
		"one":          {&nodesConn{stubConn: stubConn{status: client.Offline}, node: "10.0.0.1:7777", nodes: []string{"10.0.0.1:7777"}}, ""},
		"does not say": {&stubConn{status: client.Offline}, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var v ConnView
			v.Node = "stale"
			v.ReadConn(tc.conn)
			if v.Node != tc.want {
				t.Fatalf("Node = %q; want %q", v.Node, tc.want)
			}
		})
	}
	conn := &nodesConn{stubConn: stubConn{status: client.Offline, state: session.NewState("s1")}, node: "a:1", nodes: []string{"a:1", "b:2"}}
	s := NewShell(conn, nil, true)
	conn.node = "b:2"
	conn.next = client.Update{NodeChanged: true, Node: "b:2"}
	s.Update(ChangeMsg{})
	if s.Node != "b:2" {
		t.Fatalf("after the news the shell's Node = %q; want b:2", s.Node)
	}
}
