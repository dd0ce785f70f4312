package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// TestDiskFullIsTheReportedReason: when the disk is full (simulated with
// SQLite's max_page_count), the batch whose commit failed gets "database or
// disk is full", and so does every batch of that session queued behind it:
// they fail because of the gap it left, and their error says why, so
// whoever reports the last failure still reports the disk being full.
func TestDiskFullIsTheReportedReason(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t, Options{MaxGroup: 1}) // one batch per transaction, as when the room pipelines
	mustCreate(t, s, "s1", "ALPHA")
	if err := s.AppendSync(ctx, Batch{Session: "s1", Events: events(1, 1)}); err != nil {
		t.Fatal(err)
	}
	// The disk is full: the file may not grow by one page.
	if err := s.do(ctx, func(tx *sql.Tx) error {
		var pages int
		if err := tx.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
			return err
		}
		_, err := tx.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	big := events(2, 3)
	for i := range big {
		big[i].Text = strings.Repeat("Shared registries for every institution. ", 200) // 8 KB: new pages
	}
	release := blockWriter(t, s)
	errs := make([]chan error, len(big))
	for i := range big {
		errs[i] = make(chan error, 1)
		s.Append(Batch{Session: "s1", Events: big[i : i+1], Done: func(err error) { errs[i] <- err }})
	}
	waitQueued(t, s, len(big))
	release()
	for i := range big {
		err := <-errs[i]
		if err == nil {
			t.Fatalf("event %d was stored on a full disk", big[i].Seq)
		}
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_FULL || !strings.Contains(err.Error(), "database or disk is full") {
			t.Errorf("event %d: %v; want the disk-full error", big[i].Seq, err)
		}
	}
	if got := seqs(t, s, "s1"); len(got) != 1 {
		t.Fatalf("stored seqs %v; want only 1", got)
	}
}
