package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"roundtable/session"
)

// person is a participant of a test workshop, with an idea they post.
type person struct{ Name, Institution, Idea string }

// sessionWith stores a real session through session.Decide: created at at,
// each person joins (with a resume token hash) and posts their idea.
func sessionWith(t testing.TB, s *Store, id, code string, at time.Time, people ...person) {
	t.Helper()
	ctx := context.Background()
	if err := s.CreateSession(ctx, SessionInfo{ID: id, Code: code, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	st := session.NewState(id)
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	title := "Workshop " + id
	do := func(a session.Actor, c session.Command) []session.Event {
		t.Helper()
		at = at.Add(time.Minute)
		evs, err := session.Decide(st, a, c, at)
		if err != nil {
			t.Fatalf("%s: %v", c.Type, err)
		}
		for i := range evs {
			evs[i].Seq = st.Seq + 1
			st.Apply(evs[i])
		}
		if err := s.AppendSync(ctx, Batch{Session: id, Events: evs, Actor: a.ID, Op: c.Type + evs[0].ID}); err != nil {
			t.Fatal(err)
		}
		return evs
	}
	do(fac, session.Command{Type: session.CmdCreateSession, Title: &title})
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	for _, p := range people {
		joined := do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin,
			Name: p.Name, Institution: p.Institution, TokenHash: "hash-of-" + p.Name})
		me := session.Actor{ID: joined[0].ID, Role: session.RoleParticipant}
		do(me, session.Command{Type: session.CmdPostIdea, Topic: st.Topics[0].ID, Text: p.Idea})
	}
}

var (
	aysel  = person{"Aysel Zqxwvə", "Nazirlik Qwzx", "Vahid portal Pqzxwv üçün ideya"}
	dmitry = person{"Dmitry Jqzxvw", "Vedomstvo Xqzw", "Reyestr Wqzxjv edilməlidir"}
	keep   = person{"Leyla Kxqzwv", "Agentlik Vqzx", "Qalan ideya Zzqxwv"}
)

func TestPurgeLeavesATombstone(t *testing.T) {
	ctx := context.Background()
	clock := newTestClock()
	s, _ := openTest(t, Options{Now: clock.Now})
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	sessionWith(t, s, "s1", "ALPHA", start, aysel, dmitry)
	sessionWith(t, s, "s2", "BRAVO", start.Add(time.Hour), keep)

	before, err := s.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 2 || before[1].ID != "s1" || before[1].Participants != 2 || before[1].Ideas != 2 || before[1].LastSeq != 6 {
		t.Fatalf("summaries before the purge: %+v", before)
	}
	if want := start.Add(6 * time.Minute); !before[1].LastEventAt.Equal(want) {
		t.Errorf("last event at %v, want %v", before[1].LastEventAt, want)
	}

	one, err := s.Summary(ctx, "s1")
	if err != nil || one != before[1] {
		t.Errorf("Summary of s1: %+v, %v; want %+v", one, err, before[1])
	}
	if _, err := s.Summary(ctx, "nope"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Errorf("Summary of a missing session: %v", err)
	}

	sum, err := s.Purge(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Participants != 2 || sum.Ideas != 2 || !sum.Purged() || sum.Code != "~s1" {
		t.Fatalf("purge returned %+v", sum)
	}

	after, err := s.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tomb := after[1]
	if one, err := s.Summary(ctx, "s1"); err != nil || one != tomb {
		t.Errorf("Summary of the tombstone: %+v, %v; want %+v", one, err, tomb)
	}
	if tomb.ID != "s1" || !tomb.Purged() || tomb.Participants != 2 || tomb.Ideas != 2 || tomb.LastSeq != 6 ||
		tomb.Title != "Workshop s1" || !tomb.CreatedAt.Equal(start) || !tomb.LastEventAt.Equal(before[1].LastEventAt) {
		t.Errorf("tombstone %+v", tomb)
	}
	if after[0].Purged() || after[0].Participants != 1 {
		t.Errorf("the other session changed: %+v", after[0])
	}
	if got := seqs(t, s, "s1"); len(got) != 0 {
		t.Errorf("events left: %v", got)
	}
	if ops, err := s.Ops(ctx, "s1"); err != nil || len(ops) != 0 {
		t.Errorf("ops left: %v %v", ops, err)
	}
	if len(seqs(t, s, "s2")) != 4 {
		t.Errorf("the other session lost events")
	}

	tests := map[string]func() error{
		"load":          func() error { _, err := s.Load(ctx, "s1"); return err },
		"load session":  func() error { _, err := s.LoadSession(ctx, "s1", 10); return err },
		"purge again":   func() error { _, err := s.Purge(ctx, "s1"); return err },
		"mark exported": func() error { return s.MarkExported(ctx, "s1", time.Time{}) },
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			err := fn()
			var pe *PurgedError
			if !errors.As(err, &pe) || pe.Info.ID != "s1" || session.ErrorCode(err) != session.ENOTFOUND {
				t.Fatalf("got %v, want a *PurgedError for s1 that is ENOTFOUND", err)
			}
		})
	}
	// A host that loaded the session before the purge can write no more.
	ev := event(7)
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: []session.Event{ev}}); session.ErrorCode(err) != session.ENOTFOUND {
		t.Errorf("append to a purged session: %v, want ENOTFOUND", err)
	}
	// Its join code is free again.
	if err := s.CreateSession(ctx, SessionInfo{ID: "s3", Code: "ALPHA"}); err != nil {
		t.Errorf("the purged session's code is still taken: %v", err)
	}
	if _, err := s.SessionByCode(ctx, "~s1"); err == nil {
		t.Log("the tombstone's code is not a join code, but the store may find it by it")
	}
	if _, err := s.Purge(ctx, "latest"); session.ErrorCode(err) != session.EINVALID {
		t.Errorf("purge latest: %v, want EINVALID", err)
	}
	if _, err := s.Purge(ctx, "nope"); session.ErrorCode(err) != session.ENOTFOUND {
		t.Errorf("purge of a missing session: %v, want ENOTFOUND", err)
	}
}

// TestPurgeLeavesNoTrace: after a purge, neither the database file nor its
// write-ahead log holds a purged participant's name, institution, idea or
// token hash, byte for byte, while the store is open and after it closed;
// another session's data is still there.
func TestPurgeLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t, Options{})
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	sessionWith(t, s, "s1", "ALPHA", start, aysel, dmitry)
	sessionWith(t, s, "s2", "BRAVO", start, keep)
	// and the whole reference workshop: comments, notes, feedback, votes
	w := newWorkshop(t, "s3")
	w.play()
	if err := s.CreateSession(ctx, SessionInfo{ID: "s3", Code: "CHARLIE"}); err != nil {
		t.Fatal(err)
	}
	for _, b := range w.batches {
		if err := s.AppendSync(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	secrets := []string{aysel.Name, aysel.Institution, aysel.Idea, dmitry.Name, dmitry.Idea, "hash-of-" + aysel.Name,
		"Aigerim", "Ministry of Digital Development", "Needs a legal basis first", "Monthly CIO council", "Pilot in 2027"}

	found := func(needle string) []string {
		var in []string
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(needle)) {
				in = append(in, f)
			}
		}
		return in
	}
	if in := found(aysel.Name); len(in) == 0 {
		t.Fatalf("the name is in no file before the purge: the test cannot see it")
	}
	for _, id := range []string{"s1", "s3"} {
		if _, err := s.Purge(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, secret := range secrets {
		if in := found(secret); len(in) > 0 {
			t.Errorf("%q is still in %v after the purge", secret, in)
		}
	}
	if in := found(keep.Name); len(in) == 0 {
		t.Errorf("the other session's participant is gone from the file")
	}
	// More writes after the purge do not bring anything back.
	sessionWith(t, s, "s4", "DELTA", start, person{"Nobody Else", "Other", "Another idea"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if in := found(secret); len(in) > 0 {
			t.Errorf("%q is in %v after the store closed", secret, in)
		}
	}
}

// TestPurgeRefusesWhatAHostJustWrote: events committed between the purge's
// count and its delete (a host serving the session) make the purge refuse,
// and nothing is deleted.
func TestPurgeRefusesWhatAHostJustWrote(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	sessionWith(t, s, "s1", "ALPHA", time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), aysel)
	release := blockWriter(t, s)
	committed := make(chan error, 1)
	ev := event(5)
	s.Append(Batch{Session: "s1", Events: []session.Event{ev}, Done: func(err error) { committed <- err }})
	purged := make(chan error, 1)
	go func() {
		_, err := s.Purge(ctx, "s1")
		purged <- err
	}()
	waitQueued(t, s, 2) // the batch, then the purge counted 4 events
	release()
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	if err := <-purged; session.ErrorCode(err) != session.ECONFLICT {
		t.Fatalf("purge: %v, want ECONFLICT", err)
	}
	if got := seqs(t, s, "s1"); len(got) != 5 {
		t.Fatalf("events after the refused purge: %v", got)
	}
}

func TestExportedMeansAfterTheLastEvent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{})
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	sessionWith(t, s, "s1", "ALPHA", start, aysel)
	info, _ := s.Session(ctx, "s1")
	if info.Exported() || !info.ExportedAt.IsZero() {
		t.Fatalf("a new session is exported: %+v", info)
	}
	if err := s.MarkExported(ctx, "s1", info.LastEventAt.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if info, _ = s.Session(ctx, "s1"); info.Exported() {
		t.Errorf("exported before its last event counts as exported: %+v", info)
	}
	if err := s.MarkExported(ctx, "s1", info.LastEventAt); err != nil {
		t.Fatal(err)
	}
	if info, _ = s.Session(ctx, "s1"); !info.Exported() {
		t.Errorf("exported at its last event is not exported: %+v", info)
	}
	if err := s.MarkExported(ctx, "nope", time.Time{}); session.ErrorCode(err) != session.ENOTFOUND {
		t.Errorf("marking a missing session: %v", err)
	}
}
