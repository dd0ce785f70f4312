package server

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"roundtable/session"
)

// BenchmarkHostStart10k measures a host start on an existing database whose
// session has about 10,000 events: open, replay, listen, ready for joins.
func BenchmarkHostStart10k(b *testing.B) {
	db := filepath.Join(b.TempDir(), "big.db")
	h, err := StartHost(context.Background(), HostConfig{Addr: "127.0.0.1:0", DB: db, Code: "BIG10K"})
	if err != nil {
		b.Fatal(err)
	}
	fac := session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
	if err := h.Room.Do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}); err != nil {
		b.Fatal(err)
	}
	// Many commands in flight at once, as a busy room would commit them.
	const n = 10000
	errs := make(chan error, n)
	sem := make(chan struct{}, 256)
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		go func() {
			errs <- h.Room.Do(fac, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: fmt.Sprintf("Idea %d: Rəqəmsal inkişaf", i)})
			<-sem
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	seq := h.Room.Seq()
	h.Close()
	b.ResetTimer()
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		h, err := StartHost(context.Background(), HostConfig{Addr: "127.0.0.1:0", DB: db, Code: "BIG10K"})
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		if h.Room.Seq() != seq {
			b.Fatalf("reopened at seq %d, want %d", h.Room.Seq(), seq)
		}
		b.StopTimer()
		h.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(seq), "events")
}
