package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"roundtable/cluster"
	"roundtable/server"
	"roundtable/session"
)

// natsLog starts a standalone NATS server with JetStream and makes a
// cluster's log on it, as the first node of a cluster would; it returns
// the server's client URL.
func natsLog(t *testing.T) string {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: natsserver.RANDOM_PORT, JetStream: true,
		StoreDir: t.TempDir(), NoSigs: true, NoLog: true, MaxPayload: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("the NATS server did not start")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	c, err := cluster.Connect(context.Background(), cluster.Config{URLs: []string{ns.ClientURL()}, Node: "setup", Wait: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	return ns.ClientURL()
}

// workshop is what hostedDB's session holds: the facilitator opens the
// ideas phase, posts an idea and places it on the road map.
var workshop = []session.Command{
	{Type: session.CmdSetPhase, Phase: session.PhaseIdeas},
	{Type: session.CmdPostIdea, Topic: "t1", Text: "Açıq məlumat portalı <script>alert(1)</script>"},
	{Type: session.CmdPlace, Item: "i5", Horizon: "Now", Lead: "IRIA"},
}

func runWorkshop(t *testing.T, room *server.Room) {
	t.Helper()
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	for _, c := range workshop {
		if err := room.Do(fac, c); err != nil {
			t.Fatal(err)
		}
	}
}

// fixedClock is the clock both the single host and the node decide with,
// so that their events are the same.
func fixedClock() time.Time { return time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) }

// TestDataCommandsOnACluster (issue 17): export, sessions and purge with
// --nats work on a cluster's log: the export is byte for byte the one a
// database gives for the same events, in all four formats; the list says
// which node serves a session; purge refuses a served session and one not
// exported, asks, leaves a tombstone, and export then says it was purged.
func TestDataCommandsOnACluster(t *testing.T) {
	ctx := context.Background()
	url := natsLog(t)
	nd, err := cluster.StartNode(ctx, cluster.NodeConfig{
		Cluster: cluster.Config{URLs: []string{url}, Node: "n1"},
		Hub:     server.HostConfig{Addr: "127.0.0.1:0", Code: "EXP1", Title: "Rəqəmsal liderlik", Now: fixedClock},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer nd.Close()
	for deadline := time.Now().Add(10 * time.Second); !nd.Owner() || nd.Room() == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the node does not own its session")
		}
	}
	runWorkshop(t, nd.Room())
	id := nd.SessionID

	// The same session on a single host.
	db := filepath.Join(t.TempDir(), "rt.db")
	h, err := server.StartHost(ctx, server.HostConfig{Addr: "127.0.0.1:0", DB: db, Code: "EXP1", Title: "Rəqəmsal liderlik", Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	runWorkshop(t, h.Room)
	dbID := h.SessionID
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}

	// Listed, served by n1, not exported.
	out, stderr, code := runCLI(t, "sessions", "--nats", url, "--json")
	var rows []sessionJSON
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 {
		t.Fatalf("sessions --json: exit %d, %s %s", code, out, stderr)
	}
	if r := rows[0]; r.ID != id || r.Events != 4 || r.Ideas != 1 || !r.Hosted || r.Node != "n1" || r.Exported != nil || r.Code != "EXP1" || !r.LastEvent.Equal(fixedClock()) {
		t.Errorf("row %+v", r)
	}
	if out, _, _ := runCLI(t, "sessions", "--nats", url); !strings.Contains(out, id) || !strings.Contains(out, "served by n1") {
		t.Errorf("the table:\n%s", out)
	}
	if out, _, _ := runCLI(t, "sessions", "--nats", url, "--lang", "ru"); !strings.Contains(out, "ведёт узел n1") {
		t.Errorf("the table in Russian:\n%s", out)
	}

	// Served: refused, whatever the flags.
	for lang, want := range map[string]string{"en": "is served by the node n1", "az": "n1 qovşağı aparır"} {
		_, stderr, code := runCLI(t, "purge", "--nats", url, "--session", id, "--yes", "--force", "--lang", lang)
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("purge while served, %s: exit %d, %q", lang, code, stderr)
		}
	}
	nd.Close() // gives the lease up

	// Not exported: refused, with the export to run.
	_, stderr, code = runCLI(t, "purge", "--nats", url, "--session", id, "--yes")
	if code != 1 || !strings.Contains(stderr, "has not been exported") || !strings.Contains(stderr, "roundtable export --nats "+url+" --session "+id) {
		t.Errorf("purge before an export: exit %d, %q", code, stderr)
	}

	// The export is the database's, byte for byte (the session's id aside).
	epoch := map[string]string{"SOURCE_DATE_EPOCH": "1772530200"}
	for _, format := range []string{"md", "json", "csv", "html"} {
		fromDB, stderr, code := runCLIEnv(t, epoch, "export", "--db", db, "--format", format)
		if code != 0 {
			t.Fatalf("export --db: exit %d: %s", code, stderr)
		}
		fromLog, stderr, code := runCLIEnv(t, epoch, "export", "--nats", url, "--session", id, "--format", format)
		if code != 0 {
			t.Fatalf("export --nats: exit %d: %s", code, stderr)
		}
		if !strings.Contains(fromLog, "Açıq məlumat portalı") {
			t.Errorf("%s: the idea is missing", format)
		}
		if strings.ReplaceAll(fromDB, dbID, id) != fromLog {
			t.Errorf("%s: the cluster's export differs from the database's:\n%s\n---\n%s", format, fromLog, fromDB)
		}
	}
	// By code and the latest, to a file.
	file := filepath.Join(t.TempDir(), "r.md")
	if _, stderr, code := runCLI(t, "export", "--nats", url, "--code", "exp1", "-o", file); code != 0 || !strings.Contains(stderr, "Wrote the draft road map") {
		t.Errorf("export --code: exit %d, %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, "export", "--db", db, "--code", "exp1", "--format", "csv"); code != 0 {
		t.Errorf("export --db --code: exit %d, %q", code, stderr)
	}
	if r := listedNATS(t, url)[0]; r.Exported == nil || !r.ExportedLast || r.Hosted {
		t.Errorf("after the export: %+v", r)
	}

	// Asked, then purged: a tombstone.
	if _, stderr, code := runCLIIn(t, "Rəqəmsal\n", "purge", "--nats", url, "--session", id); code != 1 || !strings.Contains(stderr, "Not confirmed") {
		t.Errorf("wrong answer: exit %d, %q", code, stderr)
	}
	stdout, stderr, code := runCLIIn(t, id+"\n", "purge", "--nats", url, "--session", id)
	if code != 0 || !strings.Contains(stdout, "Purged session "+id) || !strings.Contains(stderr, "1 idea · 4 events") || !strings.Contains(stderr, "from the cluster's log") {
		t.Fatalf("purge: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if r := listedNATS(t, url)[0]; r.Purged == nil || r.Ideas != 1 || r.Events != 4 || r.Code != "" {
		t.Errorf("tombstone %+v", r)
	}
	if out, _, _ := runCLI(t, "sessions", "--nats", url); !strings.Contains(out, "purged ") {
		t.Errorf("the table does not say purged:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--nats", url, "--session", id}, "was purged on"},
		{[]string{"export", "--nats", url}, "was purged on"},
		{[]string{"export", "--nats", url, "--lang", "az"}, "yalnız silinmə qeydi qalıb"},
		{[]string{"export", "--nats", url, "--code", "EXP1"}, "has the join code EXP1"},
		{[]string{"export", "--nats", url, "--session", "nope"}, "There is no session nope in the cluster"},
		{[]string{"purge", "--nats", url, "--session", "nope"}, "There is no session nope in the cluster"},
		{[]string{"sessions", "--nats", "nats://127.0.0.1:1"}, "Could not reach the cluster at nats://127.0.0.1:1"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 1 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if stdout, stderr, code := runCLI(t, "purge", "--nats", url, "--session", id); code != 0 || !strings.Contains(stdout, "already purged") {
		t.Errorf("again: exit %d, %q %q", code, stdout, stderr)
	}
}

// TestDataCommandsRefuseDBAndNATS: a command names a database or a
// cluster, not both, and --nats needs an address.
func TestDataCommandsRefuseDBAndNATS(t *testing.T) {
	for _, args := range [][]string{
		{"export", "--db", "x.db", "--nats", "nats://127.0.0.1:4222"},
		{"sessions", "--db", "x.db", "--nats", "127.0.0.1:4222"},
		{"purge", "--session", "s1", "--db", "x.db", "--nats", "nats://127.0.0.1:4222"},
	} {
		_, stderr, code := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "Give --db (a database on this machine) or --nats") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sessions", "--nats", " , "}, "--nats needs the NATS address"},
		{[]string{"export", "--nats", "n:4222", "--programme", "P"}, "A cluster keeps no programmes"},
		{[]string{"export", "--nats", "n:4222", "--session", "s", "--code", "C"}, "Give --session or --code, not both"},
		{[]string{"export", "--programme", "P", "--code", "C"}, "Give --programme or --code, not both"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if got := natsURLs(" 10.0.0.1:4222, nats://b:4222 ,,"); len(got) != 2 || got[0] != "nats://10.0.0.1:4222" || got[1] != "nats://b:4222" {
		t.Errorf("natsURLs = %q", got)
	}
}

// listedNATS is `roundtable sessions --nats url --json`.
func listedNATS(t *testing.T, url string) []sessionJSON {
	t.Helper()
	out, stderr, code := runCLI(t, "sessions", "--nats", url, "--json")
	if code != 0 {
		t.Fatalf("sessions --json: exit %d: %s", code, stderr)
	}
	var rows []sessionJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("sessions --json: %v\n%s", err, out)
	}
	return rows
}
