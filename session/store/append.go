package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"roundtable/session"
)

// Batch is the events of one command of one session, stored together or not
// at all.
type Batch struct {
	Session string
	// Events have Seq set by the caller: contiguous, increasing, and the
	// first one right after the session's last stored event. Append encodes
	// them before it returns; the store keeps no reference to the slice.
	Events []session.Event
	// Actor and Op, when Op is not "", record the operation id in ops with
	// the seq of the last event, so a retry can be recognised.
	Actor, Op string
	// Done is called exactly once, from the writer goroutine, after the
	// transaction committed (nil) or failed. It must not block, call Append,
	// AppendSync or Close. When the batch cannot be queued (the store is
	// closed, or AppendSync's ctx ended first) it is called at once, in the
	// caller's goroutine, with that error.
	Done func(error)
}

// OpKey names an operation: the actor who sent it and its id.
type OpKey struct{ Actor, Op string }

// request is one item of the writer's queue: the rows of a batch, or a job
// that runs in a transaction of its own (creating a session, for example).
type request struct {
	session, actor, op string
	rows               []eventRow
	title, phase       sql.NullString // set when an event of the batch changes them
	err                error          // why the batch could not be encoded
	job                func(tx *sql.Tx) error
	raw                func(db *sql.DB) error // runs outside a transaction (VACUUM)
	done               func(error)
}

// alone reports whether r runs by itself rather than in a group of batches.
func (r request) alone() bool { return r.job != nil || r.raw != nil }

// eventRow is one event as stored.
type eventRow struct {
	seq           int64
	typ, at, data string
}

// batchRequest encodes b in the caller's goroutine, so that the writer only
// writes and the caller may reuse b.Events once Append returns.
func batchRequest(b Batch, done func(error)) request {
	r := request{session: b.Session, actor: b.Actor, op: b.Op, done: done, rows: make([]eventRow, len(b.Events))}
	for i := range b.Events {
		e := &b.Events[i]
		data, err := json.Marshal(e)
		if err != nil {
			r.err = fmt.Errorf("store: encoding event %d of session %s: %w", e.Seq, b.Session, err)
			break
		}
		r.rows[i] = eventRow{seq: e.Seq, typ: e.Type, at: formatTime(e.At), data: string(data)}
		switch e.Type {
		case session.EvSessionCreated, session.EvSettingsUpdated:
			if e.Settings != nil {
				r.title = sql.NullString{String: e.Settings.Title, Valid: true}
			}
		case session.EvPhaseChanged:
			r.phase = sql.NullString{String: string(e.Phase), Valid: true}
		}
	}
	return r
}

// Append queues b for the writer. It blocks only while the queue is full.
func (s *Store) Append(b Batch) {
	done := b.Done
	if done == nil {
		done = func(error) {}
	}
	if err := s.enqueue(context.Background(), batchRequest(b, done)); err != nil {
		done(err)
	}
}

// AppendSync queues b and waits until it is committed or has failed. When
// ctx ends first it returns ctx.Err(), and b may still be committed.
func (s *Store) AppendSync(ctx context.Context, b Batch) error {
	ch := make(chan error, 1)
	done := b.Done
	b.Done = func(err error) {
		if done != nil {
			done(err)
		}
		ch <- err
	}
	if err := s.enqueue(ctx, batchRequest(b, b.Done)); err != nil {
		b.Done(err)
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
