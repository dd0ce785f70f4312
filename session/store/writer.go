package store

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"roundtable/session"
)

// run is the writer goroutine: it takes the first queued request, drains
// the batches already queued behind it, commits them in one transaction and
// only then reports to each. It returns when the queue is closed and empty.
func (s *Store) run() {
	defer close(s.stopped)
	group := make([]request, 0, s.maxGroup)
	for r := range s.queue {
		if r.alone() {
			r.done(s.runAlone(r))
			continue
		}
		group = append(group[:0], r)
		job := s.collect(&group)
		err := s.commit(group)
		s.remember(group, err)
		s.commits.Add(1)
		s.batches.Add(int64(len(group)))
		for _, g := range group {
			g.done(err)
		}
		clear(group)
		if job != nil {
			job.done(s.runAlone(*job))
		}
	}
}

// remember keeps, for each session of group, the first commit failure since
// its last successful commit (the batches queued behind a failed one fail
// too, for the gap it left, and say why: see groupWriter.write), and forgets
// it once a commit of that session succeeds.
func (s *Store) remember(group []request, err error) {
	for _, g := range group {
		switch {
		case g.session == "":
		case err == nil:
			delete(s.failed, g.session)
		case s.failed[g.session] == nil:
			s.failed[g.session] = err
		}
	}
}

// collect appends to group the batches already waiting, up to maxGroup. A
// job ends the group, since it runs in a transaction of its own; collect
// returns it so that it runs right after the group, in queue order.
func (s *Store) collect(group *[]request) *request {
	for len(*group) < s.maxGroup {
		select {
		case r, ok := <-s.queue:
			if !ok {
				return nil
			}
			if r.alone() {
				return &r
			}
			*group = append(*group, r)
		default:
			return nil
		}
	}
	return nil
}

// runAlone runs a request that is not a batch: a job in a transaction of
// its own, or a raw job on the write connection outside any transaction.
func (s *Store) runAlone(r request) error {
	if r.raw != nil {
		return r.raw(s.write)
	}
	return s.runJob(r.job)
}

// runJob runs fn in a transaction of its own.
func (s *Store) runJob(fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.write.Begin()
	if err != nil {
		return fmt.Errorf("store: beginning a transaction: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: committing: %w", err)
	}
	return nil
}

// commit writes every batch of group in one transaction. Any failure rolls
// back all of them.
func (s *Store) commit(group []request) (err error) {
	tx, err := s.write.Begin()
	if err != nil {
		return fmt.Errorf("store: beginning a transaction: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	w := groupWriter{
		failed:   s.failed,
		lastSeq:  tx.Stmt(s.stmts.lastSeq),
		sessions: map[string]*progress{},
		events:   rowBuffer{cols: eventColumns},
		ops:      rowBuffer{cols: opColumns},
	}
	for i := range group {
		if err := w.write(&group[i]); err != nil {
			return err
		}
	}
	if err := w.events.flush(tx, s.stmts.insertEvents); err != nil {
		return constraintError(err, "store: storing events")
	}
	if err := w.ops.flush(tx, s.stmts.upsertOps); err != nil {
		return fmt.Errorf("store: recording operations: %w", err)
	}
	advance := tx.Stmt(s.stmts.advance)
	now := formatTime(s.now())
	for _, p := range w.order {
		if _, err := advance.Exec(p.last, now, p.lastAt, p.title, p.phase, p.id); err != nil {
			return fmt.Errorf("store: updating session %s: %w", p.id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: committing: %w", err)
	}
	return nil
}

// progress is what one transaction did to one session so far.
type progress struct {
	id     string
	last   int64          // seq of the last event written, this transaction included
	lastAt string         // the stored time of that event
	title  sql.NullString // the new title, when an event set one
	phase  sql.NullString // the new phase, when an event set one
}

// groupWriter checks the batches of one transaction and collects their
// rows.
type groupWriter struct {
	failed      map[string]error // Store.failed: the first failure per session
	lastSeq     *sql.Stmt
	sessions    map[string]*progress
	order       []*progress // sessions in first-touched order
	events, ops rowBuffer
}

// session returns the progress of session id, reading its last seq the
// first time.
func (w *groupWriter) session(id string) (*progress, error) {
	if p := w.sessions[id]; p != nil {
		return p, nil
	}
	p := &progress{id: id}
	var purged string
	if err := w.lastSeq.QueryRow(id).Scan(&p.last, &purged); errors.Is(err, sql.ErrNoRows) {
		return nil, session.Errorf(session.ENOTFOUND, "Session %q does not exist.", id)
	} else if err != nil {
		return nil, fmt.Errorf("store: reading session %s: %w", id, err)
	}
	if purged != "" {
		// A host that loaded the session before it was purged: what it
		// would write now is personal data the purge promised was gone.
		return nil, session.Errorf(session.ENOTFOUND, "Session %q was purged at %s; it takes no more events.", id, purged)
	}
	w.sessions[id] = p
	w.order = append(w.order, p)
	return p, nil
}

// write checks the batch of r against the sessions' last seqs and collects
// its rows.
func (w *groupWriter) write(r *request) error {
	if r.err != nil {
		return r.err
	}
	if r.session == "" {
		return session.Errorf(session.EINVALID, "A batch needs a session.")
	}
	if len(r.rows) == 0 {
		if r.op != "" {
			return session.Errorf(session.EINVALID, "Operation %q has no events to record.", r.op)
		}
		return nil
	}
	p, err := w.session(r.session)
	if err != nil {
		return err
	}
	for _, row := range r.rows {
		switch {
		case row.seq <= p.last:
			return session.Errorf(session.ECONFLICT, "Event %d of session %s is already stored (last %d): two writers?", row.seq, r.session, p.last)
		case row.seq != p.last+1 && w.failed[r.session] != nil:
			// The events before this one were lost with a failed commit:
			// that failure is the reason.
			return fmt.Errorf("store: event %d of session %s follows events whose commit failed: %w", row.seq, r.session, w.failed[r.session])
		case row.seq != p.last+1:
			return session.Errorf(session.ECONFLICT, "Event %d of session %s would leave a gap after event %d.", row.seq, r.session, p.last)
		}
		w.events.add(r.session, row.seq, row.typ, row.at, row.data)
		p.last, p.lastAt = row.seq, row.at
	}
	if r.title.Valid {
		p.title = r.title
	}
	if r.phase.Valid {
		p.phase = r.phase
	}
	if r.op != "" {
		w.ops.add(r.session, r.actor, r.op, p.last)
	}
	return nil
}

// constraintError turns a primary key or unique violation into an
// ECONFLICT *session.Error and wraps any other error with the context given.
func constraintError(err error, format string, args ...any) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return session.Errorf(session.ECONFLICT, "%s: already stored.", fmt.Sprintf(format, args...))
		}
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
