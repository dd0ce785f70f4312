package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/join"
)

// freeAddr is a loopback address nothing listens on now: connecting is
// refused at once, as at a node whose process is gone.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestClientCommandsTakeANodeList (issue 17): join, console and wall take
// the nodes of one session separated by commas, and name a bad element.
func TestClientCommandsTakeANodeList(t *testing.T) {
	list := "10.0.0.1:7777,10.0.0.2:7777,wss://10.0.0.3:7777"
	tests := map[string]struct {
		cmd  string
		addr string
		err  string // "" when the list is good
	}{
		"join list":          {cmd: "join", addr: list},
		"join empty element": {cmd: "join", addr: "10.0.0.1:7777,,10.0.0.2:7777", err: "address 2 of the list is empty"},
		"join trailing":      {cmd: "join", addr: "10.0.0.1:7777,", err: "address 2 of the list is empty"},
		"join garbage":       {cmd: "join", addr: "10.0.0.1:7777,ftp://x", err: `"ftp://x", address 2 of the list, is not an address`},
		"join one bad":       {cmd: "join", addr: "ftp://x", err: `"ftp://x" is not an address`},
		"wall list":          {cmd: "wall", addr: list},
		"wall garbage":       {cmd: "wall", addr: "10.0.0.1:7777,%%", err: `"%%", address 2 of the list, is not an address`},
		"console empty":      {cmd: "console", addr: ",10.0.0.2:7777", err: "address 1 of the list is empty"},
		"console garbage":    {cmd: "console", addr: "10.0.0.1:7777, a b", err: `"a b", address 2 of the list, is not an address`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var err error
			switch tc.cmd {
			case "join":
				var a join.Answers
				a, _, err = parseJoin([]string{tc.addr, "--code", "K7Q2M"}, nil, io.Discard)
				if err == nil && a.Host != tc.addr {
					t.Fatalf("the join answers hold %q; want the list as typed", a.Host)
				}
			case "wall":
				var o wallOptions
				o, err = parseWall([]string{tc.addr, "--code", "K7Q2M"}, nil, io.Discard)
				if err == nil && (o.host != tc.addr || o.show != tc.addr) {
					t.Fatalf("the wall holds %q and shows %q; want the list as typed", o.host, o.show)
				}
			case "console":
				// a bad list is refused before anything is dialled
				err = runConsole(context.Background(), nil, []string{tc.addr, "--token", "x"}, nil, io.Discard, io.Discard)
			}
			if tc.err == "" {
				if err != nil {
					t.Fatalf("a good list refused: %v", err)
				}
				return
			}
			if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v (%T); want a usage error saying %q", err, err, tc.err)
			}
		})
	}
}

// TestJoinFileKeepsTheNodeList (issue 17): the join file remembers the
// whole list as typed and the token under it; the token is found again
// under any list that shares a node, and a file written before lists, with
// one address, still loads and finds its token under a list.
func TestJoinFileKeepsTheNodeList(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "join.json")
	aysel := join.Answers{Host: "10.0.0.1:7777, 10.0.0.2:7777", Code: "K7Q2M", Name: "Aysel", Institution: "IRIA"}
	f := openJoinFile(path, io.Discard, time.Now)
	f.Keep(aysel, "tok-1")

	back := openJoinFile(path, io.Discard, time.Now)
	if back.Last() != aysel {
		t.Fatalf("last answers %+v; want %+v", back.Last(), aysel)
	}
	at := func(host string) join.Answers { a := aysel; a.Host = host; return a }
	for host, want := range map[string]string{
		aysel.Host:                    "tok-1",
		"10.0.0.2:7777,10.0.0.1:7777": "tok-1",
		"ws://10.0.0.2:7777/ws":       "tok-1",
		"10.0.0.3:7777,10.0.0.1:7777": "tok-1",
		"10.0.0.3:7777":               "",
		"10.0.0.1:7777,,x":            "",
	} {
		if got := back.Find(at(host)); got != want {
			t.Errorf("Find at %q = %q; want %q", host, got, want)
		}
	}

	// a file from before lists: one address, as typed and as filed then
	old := `{"last":{"host":"10.0.0.5:7777","code":"K7Q2M","name":"Aysel","institution":"IRIA"},` +
		`"resume":[{"key":"ws://10.0.0.5:7777/ws\u001fk7q2m\u001faysel\u001firia","token":"old-tok","saved":"2026-11-01T09:00:00Z"}]}`
	oldPath := filepath.Join(dir, "old.json")
	if err := os.WriteFile(oldPath, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	of := openJoinFile(oldPath, io.Discard, time.Now)
	if of.Last().Host != "10.0.0.5:7777" {
		t.Fatalf("the old file's last answers: %+v", of.Last())
	}
	listed := at("10.0.0.4:7777,10.0.0.5:7777")
	if got := of.Find(listed); got != "old-tok" {
		t.Fatalf("the old file's token under a list = %q; want old-tok", got)
	}
	// joining with the list files the token under the list, once
	of.Keep(listed, "old-tok")
	b, err := os.ReadFile(oldPath)
	if err != nil {
		t.Fatal(err)
	}
	var cfg joinConfig
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Resume) != 1 || !strings.HasPrefix(cfg.Resume[0].Key, "ws://10.0.0.4:7777/ws,ws://10.0.0.5:7777/ws\x1f") {
		t.Fatalf("filed %+v; want one token under the whole list", cfg.Resume)
	}
}

// TestJoinPastADeadNode (issue 17): through the real hub, `roundtable
// join DEAD,HUB` joins at the hub; the same person joining at the hub's
// address alone comes back as themself by the token filed under the list.
func TestJoinPastADeadNode(t *testing.T) {
	h := startHub(t)
	addr := client.HostPort(h.URL())
	cfgPath := filepath.Join(t.TempDir(), "join.json")
	a, _, err := parseJoin([]string{freeAddr(t) + "," + addr, "--code", "K7Q2M", "--name", "Aysel", "--org", "IRIA"}, nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tj := newTestJoiner(t, cfgPath, false)
	if err := tj.run(context.Background(), a); err != nil || len(tj.joinedAs) != 1 || tj.joinedAs[0] == "" {
		t.Fatalf("join past a dead node: err %v, joined %q", err, tj.joinedAs)
	}
	again := newTestJoiner(t, cfgPath, false)
	a.Host = addr
	if err := again.run(context.Background(), a); err != nil || len(again.joinedAs) != 1 || again.joinedAs[0] != tj.joinedAs[0] {
		t.Fatalf("rejoin at the hub alone: err %v, joined %q; want %q again", err, again.joinedAs, tj.joinedAs[0])
	}
}

// TestClientFailsOverToTheNodeThatServesTheSession (issue 17): through the
// real hub. The client is given two addresses, the hub at the first; the
// hub stops (4503) with a command unsent, and the session is served again
// from the same database at the second address. The client resumes there
// as the same participant, from its last seq, and the command reaches the
// session once.
func TestClientFailsOverToTheNodeThatServesTheSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	start := func(addr string) *server.Host {
		t.Helper()
		h, err := server.StartHost(context.Background(), server.HostConfig{Addr: addr, DB: db, Code: "K7Q2M", Title: "Nodes",
			FacilitatorHash: server.HashToken("facilitator-secret")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		return h
	}
	first := start("127.0.0.1:0")
	second := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fac, err := client.Dial(ctx, client.Config{URL: first.URL(), Token: "facilitator-secret"})
	if err != nil {
		t.Fatal(err)
	}
	fac.Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	wait(t, "the ideas phase", func() bool { return fac.Pending() == 0 })
	fac.Close()
	c, err := client.Dial(ctx, client.Config{
		URLs: []string{client.HostPort(first.URL()), second}, Code: "K7Q2M", Name: "Aysel", Institution: "IRIA",
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	me, _ := c.Me()
	token := c.ResumeToken()
	seq := c.State().Seq

	first.Close()
	wait(t, "the client to notice", func() bool { return c.Status() != client.Online })
	op := c.Send(session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "One registry of state services"})
	start(second)
	var acked []string
	var nacks []client.Nack
	wait(t, "the resume on the second node", func() bool {
		u := c.Drain()
		acked, nacks = append(acked, u.Acked...), append(nacks, u.Nacks...)
		return c.Status() == client.Online && c.Pending() == 0
	})
	if c.Node() != second {
		t.Fatalf("on %q; want %q", c.Node(), second)
	}
	if id, _ := c.Me(); id != me || c.ResumeToken() != token {
		t.Fatalf("resumed as %q (token kept: %v); want %q", id, c.ResumeToken() == token, me)
	}
	if len(acked) != 1 || acked[0] != op || len(nacks) != 0 {
		t.Fatalf("acked %v, nacked %+v; want %s acked once", acked, nacks, op)
	}
	n := 0
	for _, i := range c.State().Ideas {
		if i.Text == "One registry of state services" {
			n++
		}
	}
	if n != 1 || c.State().Seq <= seq {
		t.Fatalf("the idea is in the replica %d times at seq %d (was %d); want once, after", n, c.State().Seq, seq)
	}
}

// wait polls cond until it holds, failing the test after 10 s.
func wait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
