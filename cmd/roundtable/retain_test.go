package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/session"
	"roundtable/session/store"
)

func TestParseRetention(t *testing.T) {
	tests := map[string]struct {
		in   string
		want time.Duration
		bad  bool
	}{
		"days":     {in: "30d", want: 30 * 24 * time.Hour},
		"hours":    {in: "12h", want: 12 * time.Hour},
		"off":      {in: "0", want: 0},
		"go":       {in: "1h30m", want: 90 * time.Minute},
		"negative": {in: "-3d", bad: true},
		"words":    {in: "month", bad: true},
		"fraction": {in: "1.5d", bad: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := parseRetention(tc.in)
			if (err != nil) != tc.bad || (!tc.bad && got != tc.want) {
				t.Fatalf("%q: %v, %v", tc.in, got, err)
			}
		})
	}
	for lang, want := range map[string]string{"en": `--retain "month": give a length of time`, "az": "--retain “month”: 30d, 12h"} {
		_, stderr, code := runCLI(t, "host", "--retain", "month", "--lang", lang)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, %q", lang, code, stderr)
		}
	}
}

// oldSession stores a session whose events happened at at, with one
// participant (name) and an idea, as a host of that day would have.
func oldSession(t *testing.T, st *store.Store, id, code, name string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := st.CreateSession(ctx, store.SessionInfo{ID: id, Code: code, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	state := session.NewState(id)
	title := "Day " + id
	do := func(a session.Actor, c session.Command) session.Actor {
		at = at.Add(time.Minute)
		evs, err := session.Decide(state, a, c, at)
		if err != nil {
			t.Fatal(err)
		}
		for i := range evs {
			evs[i].Seq = state.Seq + 1
			state.Apply(evs[i])
		}
		if err := st.AppendSync(ctx, store.Batch{Session: id, Events: evs}); err != nil {
			t.Fatal(err)
		}
		return session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	do(fac, session.Command{Type: session.CmdCreateSession, Title: &title})
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	me := do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: name, Institution: "Nazirlik"})
	do(me, session.Command{Type: session.CmdPostIdea, Topic: state.Topics[0].ID, Text: "An idea of " + name})
}

// TestRetainOnce (issue 15): one pass of host --retain purges the sessions
// whose last event is older than the retention and that were exported
// since, and keeps, with a line in the log, the host's own, those another
// host holds, those not exported and those still recent.
func TestRetainOnce(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "rt.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	now := old.AddDate(0, 2, 0)
	for _, s := range []struct {
		id, code string
		at       time.Time
		exported bool
	}{
		{"exported", "AAA1", old, true},
		{"unexported", "BBB1", old, false},
		{"recent", "CCC1", now.AddDate(0, 0, -3), true},
		{"own", "DDD1", old, true},
		{"held", "EEE1", old, true},
	} {
		oldSession(t, st, s.id, s.code, "Participant "+s.id, s.at)
		if s.exported {
			if err := st.MarkExported(ctx, s.id, s.at.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	lock, err := lockSession(db, "held")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()

	var logged bytes.Buffer
	out := retainOnce(ctx, st, db, "own", 30*24*time.Hour, now, slog.New(slog.NewTextHandler(&logged, nil)))
	var purgedIDs, keptIDs []string
	for _, o := range out {
		if o.Purged != nil {
			purgedIDs = append(purgedIDs, o.ID)
		} else {
			keptIDs = append(keptIDs, o.ID)
		}
	}
	slices.Sort(keptIDs)
	if !slices.Equal(purgedIDs, []string{"exported"}) || !slices.Equal(keptIDs, []string{"held", "unexported"}) {
		t.Fatalf("purged %v, kept %v\n%s", purgedIDs, keptIDs, logged.String())
	}
	for _, id := range []string{"exported", "unexported", "recent", "own", "held"} {
		info, _ := st.Session(ctx, id)
		if info.Purged() != (id == "exported") {
			t.Errorf("%s: purged %v", id, info.Purged())
		}
	}
	for _, want := range []string{"retention: session purged", "session=exported", "participants=1",
		"retention: session kept: not exported", "session=unexported", "retention: session kept: a running host serves it", "session=held"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logged.String())
		}
	}
	// A second pass has nothing new to do.
	logged.Reset()
	for _, o := range retainOnce(ctx, st, db, "own", 30*24*time.Hour, now, slog.New(slog.NewTextHandler(&logged, nil))) {
		if o.Purged != nil {
			t.Errorf("purged %s twice", o.ID)
		}
	}
}

// TestHostRetains: host --retain 30d purges, as it starts, an old exported
// session of its database, says so in its log, and holds its own session,
// which purge then refuses and sessions shows as hosted.
func TestHostRetains(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "rt.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().AddDate(0, -3, 0)
	oldSession(t, st, "olddays", "OLD1", "Aysel Retainova", old)
	if err := st.MarkExported(ctx, "olddays", old.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.Close()

	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out syncBuffer
	done := make(chan int)
	go func() {
		done <- runIn(hctx, []string{"host", "--headless", "--quiet", "--new", "--addr", "127.0.0.1:0", "--db", db, "--retain", "30d"},
			func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
	}()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	defer stop()
	deadline := time.Now().Add(20 * time.Second)
	var rows []sessionJSON
	for {
		if strings.Contains(out.String(), "Listening:") {
			rows = listed(t, db)
			if len(rows) == 2 && rows[1].Purged != nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the old session was not purged:\n%s\n%+v", out.String(), rows)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "Retention: sessions whose last event is older than 30d") {
		t.Errorf("the start notes do not mention the retention:\n%s", out.String())
	}
	own := rows[0]
	if !own.Hosted || own.Purged != nil {
		t.Errorf("the host's own session: %+v", own)
	}
	if _, stderr, code := runCLI(t, "purge", "--db", db, "--session", own.ID, "--yes", "--force"); code != 1 || !strings.Contains(stderr, "is served by a running host") {
		t.Errorf("purging the hosted session: exit %d, %q", code, stderr)
	}
	stop()
	log, _ := os.ReadFile(db + ".log")
	if !strings.Contains(string(log), "retention: session purged") || !strings.Contains(string(log), "olddays") {
		t.Errorf("the log does not name the purged session:\n%s", log)
	}
	if _, err := os.Stat(hostLockPath(db, own.ID)); !os.IsNotExist(err) {
		t.Errorf("the host left its lock file: %v", err)
	}
	if b, _ := os.ReadFile(db); bytes.Contains(b, []byte("Aysel Retainova")) {
		t.Errorf("the purged participant's name is still in the database file")
	}
}
