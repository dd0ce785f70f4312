package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"roundtable/server"
	"roundtable/session"
	"roundtable/session/store"
)

// commitRate measures durable, acknowledged commands per second of a room
// and its store alone: a fresh session in a new database under dir,
// actors participants each posting ideas one after another (each waits
// for its command to commit, as a client waits for its ack) for d.
// maxGroup caps the batches per transaction; 1 is one command per commit.
func commitRate(dir string, actors int, d time.Duration, maxGroup int) (float64, error) {
	path := filepath.Join(dir, fmt.Sprintf("commits-%d-%d.db", maxGroup, time.Now().UnixNano()))
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}()
	st, err := store.OpenWith(path, store.Options{MaxGroup: maxGroup})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	ctx := context.Background()
	now := time.Now()
	state := session.NewState("commits")
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	evs, err := session.Decide(state, fac, session.Command{Type: session.CmdCreateSession}, now)
	if err != nil {
		return 0, err
	}
	for i := range evs {
		evs[i].Seq = int64(i + 1)
		state.Apply(evs[i])
	}
	if err := st.CreateSession(ctx, store.SessionInfo{ID: "commits", Code: "COMMITS", Title: "commits", Phase: session.PhaseLobby, CreatedAt: now, UpdatedAt: now}); err != nil {
		return 0, err
	}
	if err := st.AppendSync(ctx, store.Batch{Session: "commits", Events: evs}); err != nil {
		return 0, err
	}
	room := server.NewRoom(server.RoomConfig{Session: state, Log: st, Code: "COMMITS"})
	go room.Run()
	defer room.Stop()

	for i := range actors {
		if err := room.Do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: fmt.Sprintf("P%d", i), Institution: "Agency"}); err != nil {
			return 0, err
		}
	}
	if err := room.Do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}); err != nil {
		return 0, err
	}
	var ids []string
	var topics []string
	room.Query(func(s *session.State) {
		for _, p := range s.ParticipantList() {
			ids = append(ids, p.ID)
		}
		for _, t := range s.Topics {
			topics = append(topics, t.ID)
		}
	})
	var acked atomic.Int64
	var failed atomic.Value
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			who := session.Actor{ID: id, Role: session.RoleParticipant}
			for k := 0; time.Now().Before(deadline); k++ {
				err := room.Do(who, session.Command{Type: session.CmdPostIdea, Topic: topics[(i+k)%len(topics)],
					Text: fmt.Sprintf("Idea %d from %s: one shared registry of permits, owned by one agency", k, id)})
				if err != nil {
					failed.Store(err)
					return
				}
				acked.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, _ := failed.Load().(error); err != nil {
		return 0, err
	}
	return float64(acked.Load()) / elapsed.Seconds(), nil
}
