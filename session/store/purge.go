package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"roundtable/session"
)

// PurgedError is the answer for a session whose events were purged, to
// anything that would need them: loading it, serving it, exporting it.
// It unwraps to an ENOTFOUND *session.Error.
type PurgedError struct{ Info SessionInfo }

func (e *PurgedError) Error() string {
	return fmt.Sprintf("session %s (%q) was purged at %s: only its tombstone is left",
		e.Info.ID, e.Info.Title, e.Info.PurgedAt.UTC().Format(time.RFC3339))
}

// Unwrap makes session.ErrorCode of a PurgedError ENOTFOUND.
func (e *PurgedError) Unwrap() error { return session.Errorf(session.ENOTFOUND, "%s", e.Error()) }

// ErrNotScrubbed is the error of a scrub that could not empty the
// write-ahead log (DB-wal) because another connection, in another process,
// kept reading an older snapshot: what was deleted may still be in that
// file until a later scrub, or until the last connection closes.
var ErrNotScrubbed = errors.New("store: the write-ahead log could not be emptied while another connection reads the database")

// Summary is a session with its size: what `roundtable sessions` lists.
type Summary struct {
	SessionInfo
	// Participants and Ideas are counted from the session's events; a
	// purged session's are those it had when it was purged.
	Participants, Ideas int
}

// Summaries returns every session with its size, the most recently created
// first. It replays each session that still has its events.
func (s *Store) Summaries(ctx context.Context) ([]Summary, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+`, participants, ideas FROM sessions`+newestFirst)
	if err != nil {
		return nil, fmt.Errorf("store: listing sessions: %w", err)
	}
	var out []Summary
	for rows.Next() {
		var sum Summary
		if sum.SessionInfo, err = scanSession(rows, &sum.Participants, &sum.Ideas); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, sum)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store: listing sessions: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: listing sessions: %w", err)
	}
	for i := range out {
		if out[i].Purged() {
			continue
		}
		st, _, err := s.replay(ctx, out[i].ID, 0)
		if err != nil {
			return nil, err
		}
		out[i].Participants, out[i].Ideas = count(st)
	}
	return out, nil
}

// Summary returns session id with its size; a missing session is an
// ENOTFOUND *session.Error.
func (s *Store) Summary(ctx context.Context, id string) (Summary, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+sessionColumns+`, participants, ideas FROM sessions WHERE id = ?`, id)
	var sum Summary
	var err error
	sum.SessionInfo, err = scanSession(row, &sum.Participants, &sum.Ideas)
	if errors.Is(err, sql.ErrNoRows) {
		return sum, session.Errorf(session.ENOTFOUND, "Session %q does not exist.", id)
	}
	if err != nil || sum.Purged() {
		return sum, err
	}
	st, _, err := s.replay(ctx, id, 0)
	if err != nil {
		return sum, err
	}
	sum.Participants, sum.Ideas = count(st)
	return sum, nil
}

// count is the size of a session's state as a summary gives it.
func count(st *session.State) (participants, ideas int) {
	return len(st.Participants), len(st.Ideas)
}

// MarkExported records that the road map of session id was exported at
// at (the store's clock when zero), so that it may be purged.
func (s *Store) MarkExported(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		at = s.now()
	}
	return s.do(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE sessions SET exported_at = ? WHERE id = ? AND purged_at = ''`, formatTime(at), id)
		if err != nil {
			return fmt.Errorf("store: marking session %s exported: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return s.missingOrPurged(ctx, id)
		}
		return nil
	})
}

// missingOrPurged says why session id has no live row.
func (s *Store) missingOrPurged(ctx context.Context, id string) error {
	info, err := s.Session(ctx, id)
	if err != nil {
		return err
	}
	return &PurgedError{Info: info}
}

// Purge deletes the events and operation ids of session id for good: the
// names, institutions, texts, votes and resume token hashes they hold.
// The session's row stays as a tombstone (id, title, created, last event,
// phase, number of events, participants and ideas, purged at), its join
// code freed. Then the file is scrubbed (see Scrub), so that nothing
// deleted can be read back from it.
//
// A missing session is ENOTFOUND; an already purged one is a
// *PurgedError. When a host appends to the session while it is purged,
// the purge is refused with ECONFLICT and nothing is deleted. When the
// delete committed and only the scrub failed, Purge returns the tombstone
// and the scrub's error (ErrNotScrubbed when another process kept reading).
// Purge does not ask whether the session was exported: its caller does.
func (s *Store) Purge(ctx context.Context, id string) (Summary, error) {
	if id == "latest" {
		return Summary{}, session.Errorf(session.EINVALID, "Name the session to purge by its id, not %q.", id)
	}
	info, err := s.Session(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	if info.Purged() {
		return Summary{}, &PurgedError{Info: info}
	}
	st, _, err := s.replay(ctx, id, 0)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{SessionInfo: info}
	sum.Participants, sum.Ideas = count(st)
	sum.PurgedAt = s.now()
	err = s.do(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRow(`SELECT last_seq FROM sessions WHERE id = ? AND purged_at = ''`, id).Scan(&last); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return s.missingOrPurged(ctx, id)
			}
			return fmt.Errorf("store: purging session %s: %w", id, err)
		}
		if last != st.Seq {
			return session.Errorf(session.ECONFLICT, "Session %s took new events while it was being purged (a host serves it?); nothing was purged.", id)
		}
		for _, q := range []string{`DELETE FROM events WHERE session_id = ?`, `DELETE FROM ops WHERE session_id = ?`} {
			if _, err := tx.Exec(q, id); err != nil {
				return fmt.Errorf("store: purging session %s: %w", id, err)
			}
		}
		_, err := tx.Exec(`UPDATE sessions SET purged_at = ?, participants = ?, ideas = ?, code = '~' || id WHERE id = ?`,
			formatTime(sum.PurgedAt), sum.Participants, sum.Ideas, id)
		if err != nil {
			return fmt.Errorf("store: purging session %s: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	sum.Code = "~" + id
	return sum, s.Scrub(ctx)
}

// Scrub makes what was deleted unreadable from the database's files:
// deleted rows are already overwritten (secure_delete), VACUUM rebuilds
// the file without free pages, and a checkpoint copies the write-ahead log
// into the file and truncates the log to nothing. It waits for the writer
// like any write; while it runs nothing else is written.
func (s *Store) Scrub(ctx context.Context) error {
	ch := make(chan error, 1)
	if err := s.enqueue(ctx, request{raw: scrub, done: func(err error) { ch <- err }}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// scrub runs on the write connection, outside any transaction.
func scrub(db *sql.DB) error {
	var errs []error
	// VACUUM builds the new file in a temporary database: in memory, so
	// that no copy of the data is left in a temporary file.
	if _, err := db.Exec(`PRAGMA temp_store = MEMORY`); err != nil {
		return fmt.Errorf("store: scrubbing: %w", err)
	}
	if _, err := db.Exec(`VACUUM`); err != nil {
		errs = append(errs, fmt.Errorf("store: scrubbing: VACUUM: %w", err))
	}
	if _, err := db.Exec(`PRAGMA temp_store = DEFAULT`); err != nil {
		errs = append(errs, fmt.Errorf("store: scrubbing: %w", err))
	}
	// VACUUM in WAL mode writes the new pages to the log; the checkpoint
	// puts them in the file and empties the log, old frames and all.
	var busy, frames, copied int
	if err := db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied); err != nil {
		errs = append(errs, fmt.Errorf("store: scrubbing: checkpoint: %w", err))
	} else if busy != 0 {
		errs = append(errs, ErrNotScrubbed)
	}
	return errors.Join(errs...)
}
