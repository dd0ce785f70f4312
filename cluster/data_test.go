package cluster

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"roundtable/server"
	"roundtable/session"
	"roundtable/session/store"
)

// oneServer starts a standalone NATS server with JetStream (an existing
// "cluster" of one, which nodes reach by URL, so that closing a node
// leaves the log up) and returns a connection that made the log's stream
// and buckets, and the server's directory.
func oneServer(t *testing.T) (*Conn, string) {
	t.Helper()
	dir := t.TempDir()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: natsserver.RANDOM_PORT, JetStream: true,
		StoreDir: dir, NoSigs: true, NoLog: true, MaxPayload: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("the NATS server did not start")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	srv, err := Connect(context.Background(), Config{URLs: []string{ns.ClientURL()}, Node: "n0", Wait: 30 * time.Second, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv, dir
}

// dataNode starts a node on the server at url serving a new session with
// join code code, whose facilitator posts an idea with text idea.
func dataNode(t *testing.T, url, code, idea string) *Node {
	t.Helper()
	nd, err := StartNode(context.Background(), NodeConfig{
		Cluster: Config{URLs: []string{url}, Node: "n1", Logger: testLogger(t)},
		Hub:     server.HostConfig{Addr: "127.0.0.1:0", Code: code, Title: "Rəqəmsal liderlik", Logger: testLogger(t)},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nd.Close() })
	eventually(t, "the node owns the session", 10*time.Second, func() bool { return nd.Owner() && nd.Room() != nil })
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	for _, c := range []session.Command{
		{Type: session.CmdSetPhase, Phase: session.PhaseIdeas},
		{Type: session.CmdPostIdea, Topic: "t1", Text: idea},
	} {
		if err := nd.Room().Do(fac, c); err != nil {
			t.Fatal(err)
		}
	}
	return nd
}

// TestDataOnTheLog: sessions, export and purge against the stream from a
// connection by URL, as a command on any node makes one: the summary's
// size and last event come from the log; a served session is not purged;
// once its node stopped, purge leaves a tombstone, frees the code, erases
// the log, and whatever asks for the events later is told it was purged.
func TestDataOnTheLog(t *testing.T) {
	srv, dir := oneServer(t)
	nd := dataNode(t, clientURL(srv), "DATA1", "Açıq məlumat portalı")
	id := nd.SessionID
	// Another session's messages after it, in the same files.
	other := dataNode(t, clientURL(srv), "KEEP1", "Saxlanılan fikir")
	other.Close()
	if files := holding(t, dir, "Açıq məlumat"); len(files) == 0 {
		t.Fatal("no file of the server holds the idea's text before the purge: the check after it cannot fail")
	}
	ctx := context.Background()
	c, err := ConnectURLs(ctx, []string{clientURL(srv)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	seq := nd.Room().Seq()
	list, err := c.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != other.SessionID {
		t.Fatalf("%d sessions, want 2, the latest first", len(list))
	}
	s := list[1]
	if s.ID != id || s.LastSeq != seq || s.Ideas != 1 || s.Owner != "n1" || s.Purged() || s.Exported() || s.Code != "DATA1" {
		t.Fatalf("summary %+v; want session %s at seq %d with 1 idea, served by n1", s, id, seq)
	}
	info, st, err := c.Replay(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Seq != seq || len(st.Ideas) != 1 || st.Phase != session.PhaseIdeas || !info.LastEventAt.Equal(s.LastEventAt) || info.LastEventAt.Before(info.CreatedAt) {
		t.Fatalf("replayed seq %d, %d ideas, phase %s, last event %s; summary's %s", st.Seq, len(st.Ideas), st.Phase, info.LastEventAt, s.LastEventAt)
	}

	// Served: refused, and nothing changed.
	var served *ServedError
	if _, err := c.Purge(ctx, id); !errors.As(err, &served) || served.Node != "n1" || session.ErrorCode(err) != session.ECONFLICT {
		t.Fatalf("purge of a served session: %v", err)
	}
	if _, _, err := c.Replay(ctx, id); err != nil {
		t.Fatalf("after the refused purge: %v", err)
	}

	if err := c.MarkExported(ctx, id, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if s, err := c.Summary(ctx, id); err != nil || !s.Exported() {
		t.Fatalf("after MarkExported: %+v, %v", s, err)
	}

	nd.Close() // a clean stop gives the lease up
	if owner, err := c.Owner(ctx, id); err != nil || owner != "" {
		t.Fatalf("owner after close %q, %v", owner, err)
	}
	tomb, err := c.Purge(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !tomb.Purged() || tomb.Code != "~"+id || tomb.LastSeq != seq || tomb.Ideas != 1 || tomb.Title != "Rəqəmsal liderlik" {
		t.Fatalf("tombstone %+v", tomb)
	}
	if _, err := c.Stream.GetLastMsgForSubject(ctx, Subject(id)); !errors.Is(err, jetstream.ErrMsgNotFound) {
		t.Fatalf("the log still has messages of the session: %v", err)
	}
	rec, _, err := c.Session(ctx, id)
	if err != nil || rec.FacilitatorHash != "" || len(rec.Created) != 0 || !rec.Purged() {
		t.Fatalf("record after purge %+v, %v", rec, err)
	}
	if _, err := c.SessionByCode(ctx, "DATA1"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Fatalf("the code still names a session: %v", err)
	}
	var pe *store.PurgedError
	if _, _, err := c.Replay(ctx, id); !errors.As(err, &pe) || pe.Info.ID != id {
		t.Fatalf("replay after purge: %v", err)
	}
	if err := c.MarkExported(ctx, id, time.Time{}); !errors.As(err, &pe) {
		t.Fatalf("MarkExported after purge: %v", err)
	}
	if _, err := c.Purge(ctx, id); !errors.As(err, &pe) {
		t.Fatalf("purge again: %v", err)
	}
	if err := c.Erase(ctx, id); err != nil {
		t.Fatalf("erase again: %v", err)
	}
	list, err = c.Summaries(ctx)
	if err != nil || len(list) != 2 || !list[1].Purged() || list[1].Ideas != 1 || list[1].LastSeq != seq || list[0].Purged() {
		t.Fatalf("summaries after purge %+v, %v", list, err)
	}
	// A node asked to serve it refuses.
	_, err = StartNode(ctx, NodeConfig{Cluster: Config{URLs: []string{clientURL(srv)}, Node: "n2", Logger: testLogger(t)},
		Hub: server.HostConfig{Addr: "127.0.0.1:0", Session: id, Logger: testLogger(t)}})
	if !errors.As(err, &pe) {
		t.Fatalf("a node on the purged session: %v", err)
	}
	// The code is free again: a new session takes it.
	nd2 := dataNode(t, clientURL(srv), "DATA1", "Yeni")
	if nd2.SessionID == id {
		t.Fatal("the new session has the purged one's id")
	}

	// Erased from the server's files, the other session's text kept.
	if files := holding(t, dir, "Açıq məlumat"); len(files) > 0 {
		t.Errorf("after the purge these files still hold the idea's text: %v", files)
	}
	if files := holding(t, dir, "Saxlanılan fikir"); len(files) == 0 {
		t.Error("the other session's idea is gone from the files")
	}
}

// holding returns the files under dir whose bytes contain text.
func holding(t *testing.T, dir, text string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(text)) {
				found = append(found, path)
			}
		}
		return nil
	})
	return found
}

// TestPurgeUnchanged: the check Purge makes after writing the tombstone
// sees a log that grew since it was read (a node appended meanwhile).
func TestPurgeUnchanged(t *testing.T) {
	srv, _ := oneServer(t)
	nd := dataNode(t, clientURL(srv), "DATA2", "x")
	ctx := context.Background()
	s0, _ := srv.scan(ctx, nd.SessionID)
	if err := nd.Room().Do(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator},
		session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "y"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.unchanged(ctx, nd.SessionID, s0); session.ErrorCode(err) != session.ECONFLICT {
		t.Fatalf("unchanged after an append: %v", err)
	}
	s1, _ := srv.scan(ctx, nd.SessionID)
	if err := srv.unchanged(ctx, nd.SessionID, s1); err != nil {
		t.Fatal(err)
	}
}

// clientURL is the client URL of the server c is connected to.
func clientURL(c *Conn) string { return c.NC.ConnectedUrl() }
