package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"roundtable/session"
	"roundtable/session/store"
)

// The data's life on a cluster (issue 17): what `roundtable sessions`,
// `export` and `purge` do against the log from any node, as they do
// against a single host's database (session/store/purge.go). The catalog
// holds a session's title, phase and export; its size and last event are
// read from the log.

// Summary is a session of the cluster with its size, as `roundtable
// sessions` lists it, and the node that serves it now.
type Summary struct {
	store.Summary
	// Owner is the node that holds the session's lease ("" when no node
	// serves it).
	Owner string
}

// ServedError is the refusal to purge a session a node serves (it holds
// the session's lease). It unwraps to an ECONFLICT *session.Error.
type ServedError struct{ ID, Node string }

func (e *ServedError) Error() string {
	return fmt.Sprintf("session %s is served by node %s: stop the nodes that serve it first", e.ID, e.Node)
}

// Unwrap makes session.ErrorCode of a ServedError ECONFLICT.
func (e *ServedError) Unwrap() error { return session.Errorf(session.ECONFLICT, "%s", e.Error()) }

// entry is a session's record as the catalog holds it, with what a
// tombstone adds: the counts the session had when it was purged. Record
// has no place for them; Conn.update rewrites a record as a Record, so the
// data's life writes records through change, never through update.
type entry struct {
	Record
	Participants int `json:"participants,omitempty"`
	Ideas        int `json:"ideas,omitempty"`
}

// entry reads a session's record with its revision: ENOTFOUND when the
// catalog has none.
func (c *Conn) entry(ctx context.Context, id string) (entry, uint64, error) {
	e, err := c.Sessions.Get(ctx, sessionKey(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return entry{}, 0, session.Refuse(session.ENOTFOUND, "errors.hub.no_session", "ID", id)
	}
	if err != nil {
		return entry{}, 0, err
	}
	var r entry
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return entry{}, 0, fmt.Errorf("the record of session %s: %w", id, err)
	}
	return r, e.Revision(), nil
}

// change changes a session's record with fn, retrying on a concurrent
// change; an error of fn is returned as it is, nothing written.
func (c *Conn) change(ctx context.Context, id string, fn func(*entry) error) (entry, uint64, error) {
	for range 10 {
		r, rev, err := c.entry(ctx, id)
		if err != nil {
			return entry{}, 0, err
		}
		if err := fn(&r); err != nil {
			return entry{}, 0, err
		}
		data, err := json.Marshal(r)
		if err != nil {
			return entry{}, 0, err
		}
		rev, err = c.Sessions.Update(ctx, sessionKey(id), data, rev)
		if err == nil {
			return r, rev, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return entry{}, 0, err
		}
	}
	return entry{}, 0, fmt.Errorf("the record of session %s kept changing", id)
}

// scan is a session read from its log: the state every event makes, the
// time of the last event, and the stream sequences of its messages.
type scan struct {
	state *session.State
	last  time.Time // the last event's time (zero before the first)
	seqs  []uint64  // every message on the session's subject, fences too
}

func (c *Conn) scan(ctx context.Context, id string) (scan, error) {
	s := scan{state: session.NewState(id)}
	err := c.Events(ctx, id, 0, func(seq uint64, g groupRecord) error {
		s.seqs = append(s.seqs, seq)
		for _, b := range g.Batches {
			for _, e := range b.Events {
				if e.Seq != s.state.Seq+1 {
					return fmt.Errorf("session %s: event %d follows %d in the log", id, e.Seq, s.state.Seq)
				}
				s.state.Apply(e)
				s.last = e.At
			}
		}
		return nil
	})
	return s, err
}

// summarise is record r's summary with its size read from the log (a
// purged session's from its tombstone).
func (c *Conn) summarise(ctx context.Context, r entry) (Summary, scan, error) {
	sum := Summary{Summary: store.Summary{SessionInfo: r.SessionInfo, Participants: r.Participants, Ideas: r.Ideas}}
	if r.Purged() {
		return sum, scan{}, nil
	}
	s, err := c.scan(ctx, r.ID)
	if err != nil {
		return sum, s, err
	}
	sum.LastSeq = s.state.Seq
	sum.LastEventAt = s.last
	if sum.LastEventAt.IsZero() {
		sum.LastEventAt = sum.CreatedAt
	}
	sum.Participants, sum.Ideas = len(s.state.Participants), len(s.state.Ideas)
	if c.Leases != nil {
		if sum.Owner, err = c.Owner(ctx, r.ID); err != nil {
			return sum, s, err
		}
	}
	return sum, s, nil
}

// Summaries returns every session of the cluster with its size, the most
// recently created first, as store.Summaries does for one database. It
// replays each session that still has its events.
func (c *Conn) Summaries(ctx context.Context) ([]Summary, error) {
	recs, err := c.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(recs))
	for i := len(recs) - 1; i >= 0; i-- {
		r, _, err := c.entry(ctx, recs[i].ID) // with a tombstone's counts
		if session.ErrorCode(err) == session.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		sum, _, err := c.summarise(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, nil
}

// Summary returns session id with its size: ENOTFOUND when the catalog
// has none.
func (c *Conn) Summary(ctx context.Context, id string) (Summary, error) {
	r, _, err := c.entry(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	sum, _, err := c.summarise(ctx, r)
	return sum, err
}

// Latest returns the record of the most recently created session:
// ENOTFOUND when the cluster has none.
func (c *Conn) Latest(ctx context.Context) (Record, error) {
	recs, err := c.List(ctx)
	if err != nil {
		return Record{}, err
	}
	if len(recs) == 0 {
		return Record{}, session.Errorf(session.ENOTFOUND, "There are no sessions in the cluster yet.")
	}
	return recs[len(recs)-1], nil
}

// Replay returns session id's state, every event of its log applied, and
// its record's information with its last event from the log: for export.
// A purged session is a *store.PurgedError, as from a single host's store.
func (c *Conn) Replay(ctx context.Context, id string) (store.SessionInfo, *session.State, error) {
	r, _, err := c.entry(ctx, id)
	if err != nil {
		return store.SessionInfo{}, nil, err
	}
	if r.Purged() {
		return r.SessionInfo, nil, &store.PurgedError{Info: r.SessionInfo}
	}
	sum, s, err := c.summarise(ctx, r)
	if err != nil {
		return sum.SessionInfo, nil, err
	}
	return sum.SessionInfo, s.state, nil
}

// MarkExported records that the road map of session id was exported at at
// (now when zero), so that it may be purged. A purged session is a
// *store.PurgedError.
func (c *Conn) MarkExported(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		at = time.Now()
	}
	_, _, err := c.change(ctx, id, func(r *entry) error {
		if r.Purged() {
			return &store.PurgedError{Info: r.SessionInfo}
		}
		r.ExportedAt = at.UTC()
		return nil
	})
	return err
}

// Purge deletes session id's log for good: its events (names,
// institutions, texts, votes, resume token hashes) and operation ids. The
// record stays as a tombstone (id, title, created, last event, phase,
// number of events, participants and ideas, purged at; no join code, no
// facilitator token's hash, no creating events), its join code freed, so
// that loading or exporting it later is a *store.PurgedError.
//
// A missing session is ENOTFOUND; an already purged one a
// *store.PurgedError. A session a node serves (its lease is held) is a
// *ServedError, whatever the caller's flags: a node appends to it. When a
// node starts on the session or appends to it while it is purged, the
// record is put back, nothing is deleted, and the answer is a *ServedError
// or ECONFLICT. Purge does not ask whether the session was exported: its
// caller does. When the tombstone is written and only erasing the log
// failed, Purge returns the tombstone and the error; Erase finishes it.
func (c *Conn) Purge(ctx context.Context, id string) (Summary, error) {
	if id == "latest" {
		return Summary{}, session.Errorf(session.EINVALID, "Name the session to purge by its id, not %q.", id)
	}
	if c.Leases == nil {
		return Summary{}, errors.New("the connection has no leases bucket: it cannot tell whether a node serves the session")
	}
	for range 10 {
		r, rev, err := c.entry(ctx, id)
		if err != nil {
			return Summary{}, err
		}
		if r.Purged() {
			return Summary{}, &store.PurgedError{Info: r.SessionInfo}
		}
		sum, s, err := c.summarise(ctx, r)
		if err != nil {
			return Summary{}, err
		}
		if sum.Owner != "" {
			return Summary{}, &ServedError{ID: id, Node: sum.Owner}
		}
		before, _ := json.Marshal(r)
		tomb := r
		tomb.LastSeq, tomb.LastEventAt = sum.LastSeq, sum.LastEventAt
		tomb.Participants, tomb.Ideas = sum.Participants, sum.Ideas
		tomb.PurgedAt = time.Now().UTC()
		tomb.Code = "~" + id
		tomb.FacilitatorHash, tomb.Created = "", nil
		data, err := json.Marshal(tomb)
		if err != nil {
			return Summary{}, err
		}
		// From here no node starts on the session (it refuses a tombstone).
		trev, err := c.Sessions.Update(ctx, sessionKey(id), data, rev)
		if errors.Is(err, jetstream.ErrKeyExists) {
			continue // the record changed meanwhile (a title, an export): again
		}
		if err != nil {
			return Summary{}, err
		}
		// A node that read the record before it became a tombstone may
		// have taken the lease, or appended, since: then put it back.
		owner, err := c.Owner(ctx, id)
		if err == nil && owner == "" {
			err = c.unchanged(ctx, id, s)
		} else if err == nil {
			err = &ServedError{ID: id, Node: owner}
		}
		if err != nil {
			if _, uerr := c.Sessions.Update(ctx, sessionKey(id), before, trev); uerr != nil {
				return Summary{}, errors.Join(err, fmt.Errorf("and the record of session %s could not be put back: %w", id, uerr))
			}
			return Summary{}, err
		}
		out := Summary{Summary: store.Summary{SessionInfo: tomb.SessionInfo, Participants: tomb.Participants, Ideas: tomb.Ideas}}
		c.freeCode(ctx, r.Code, id)
		return out, c.Erase(ctx, id)
	}
	return Summary{}, fmt.Errorf("the record of session %s kept changing", id)
}

// unchanged checks that the session's log still ends where s ended.
func (c *Conn) unchanged(ctx context.Context, id string, s scan) error {
	var want uint64
	if len(s.seqs) > 0 {
		want = s.seqs[len(s.seqs)-1]
	}
	var got uint64
	m, err := c.Stream.GetLastMsgForSubject(ctx, Subject(id))
	switch {
	case errors.Is(err, jetstream.ErrMsgNotFound):
	case err != nil:
		return err
	default:
		got = m.Sequence
	}
	if got != want {
		return session.Errorf(session.ECONFLICT, "Session %s took new events while it was being purged (a node serves it?); nothing was purged.", id)
	}
	return nil
}

// freeCode frees a purged session's join code, unless another session has
// it already (best effort: a code left behind names a tombstone, which no
// node serves).
func (c *Conn) freeCode(ctx context.Context, code, id string) {
	e, err := c.Sessions.Get(ctx, codeKey(code))
	if err != nil || string(e.Value()) != id {
		return
	}
	c.Sessions.Purge(ctx, codeKey(code), jetstream.LastRevision(e.Revision()))
}

// Erase deletes every message left on session id's subject, each
// overwritten where the stream's files hold it (JetStream's secure
// delete), then purges the subject. Purge calls it; calling it again
// finishes an erase that failed. It erases nothing of a session that is
// not a tombstone.
func (c *Conn) Erase(ctx context.Context, id string) error {
	r, _, err := c.entry(ctx, id)
	if err != nil {
		return err
	}
	if !r.Purged() {
		return session.Errorf(session.ECONFLICT, "Session %s is not purged: nothing was erased.", id)
	}
	var seqs []uint64
	err = c.Events(ctx, id, 0, func(seq uint64, _ groupRecord) error {
		seqs = append(seqs, seq)
		return nil
	})
	if err != nil {
		return fmt.Errorf("erasing session %s: %w", id, err)
	}
	for _, seq := range seqs {
		if err := c.Stream.SecureDeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
			return fmt.Errorf("erasing session %s, message %d: %w", id, seq, err)
		}
	}
	if err := c.Stream.Purge(ctx, jetstream.WithPurgeSubject(Subject(id))); err != nil {
		return fmt.Errorf("erasing session %s: %w", id, err)
	}
	return nil
}
