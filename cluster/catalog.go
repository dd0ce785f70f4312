package cluster

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"roundtable/session"
	"roundtable/session/store"
)

// Record is a session as the cluster's catalog holds it (BucketSessions,
// key "s.<id>"): what `roundtable sessions` lists, the facilitator token's
// hash every node checks, and the events that created it, which the first
// owner appends (so that a node that dies between making the record and
// appending loses nothing).
type Record struct {
	store.SessionInfo
	FacilitatorHash string          `json:"facilitator_hash,omitempty"`
	Created         []session.Event `json:"created,omitempty"`
}

func sessionKey(id string) string { return "s." + id }

// codeKey is the catalog's key for a join code: hex, since a code may hold
// letters a key may not.
func codeKey(code string) string { return "c." + hex.EncodeToString([]byte(code)) }

// Subject is the subject of a session's events.
func Subject(id string) string { return SubjectEvents + id }

// Session returns a session's record: ENOTFOUND when the catalog has none.
func (c *Conn) Session(ctx context.Context, id string) (Record, uint64, error) {
	e, err := c.Sessions.Get(ctx, sessionKey(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Record{}, 0, session.Refuse(session.ENOTFOUND, "errors.hub.no_session", "ID", id)
	}
	if err != nil {
		return Record{}, 0, err
	}
	var r Record
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return Record{}, 0, fmt.Errorf("the record of session %s: %w", id, err)
	}
	return r, e.Revision(), nil
}

// SessionByCode returns the record of the session with a join code.
func (c *Conn) SessionByCode(ctx context.Context, code string) (Record, error) {
	e, err := c.Sessions.Get(ctx, codeKey(code))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Record{}, session.Refuse(session.ENOTFOUND, "errors.hub.no_code", "Code", code)
	}
	if err != nil {
		return Record{}, err
	}
	r, _, err := c.Session(ctx, string(e.Value()))
	return r, err
}

// CreateSession puts a new session in the catalog: its code first, taken
// atomically, so that nodes started together with the same code make one
// session. It returns the session the code names: rec's, or (taken is
// true) the one another node made first.
func (c *Conn) CreateSession(ctx context.Context, rec Record) (Record, bool, error) {
	if _, err := c.Sessions.Create(ctx, codeKey(rec.Code), []byte(rec.ID)); err != nil {
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return Record{}, false, err
		}
		// Taken: the other node may still be writing its record.
		for i := 0; ; i++ {
			got, err := c.SessionByCode(ctx, rec.Code)
			if err == nil || session.ErrorCode(err) != session.ENOTFOUND || i >= 40 {
				return got, true, err
			}
			select {
			case <-ctx.Done():
				return Record{}, true, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return Record{}, false, err
	}
	if _, err := c.Sessions.Create(ctx, sessionKey(rec.ID), data); err != nil {
		return Record{}, false, err
	}
	return rec, false, nil
}

// update changes a session's record with fn, retrying on a concurrent
// change.
func (c *Conn) update(ctx context.Context, id string, fn func(*Record)) error {
	for range 10 {
		rec, rev, err := c.Session(ctx, id)
		if err != nil {
			return err
		}
		fn(&rec)
		data, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if _, err = c.Sessions.Update(ctx, sessionKey(id), data, rev); err == nil {
			return nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return err
		}
	}
	return fmt.Errorf("the record of session %s kept changing", id)
}

// List returns every session's record, oldest first.
func (c *Conn) List(ctx context.Context) ([]Record, error) {
	lister, err := c.Sessions.ListKeys(ctx)
	if errors.Is(err, jetstream.ErrNoKeysFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Record
	for k := range lister.Keys() {
		if len(k) < 2 || k[:2] != "s." {
			continue
		}
		r, _, err := c.Session(ctx, k[2:])
		if err != nil {
			if session.ErrorCode(err) == session.ENOTFOUND {
				continue // purged meanwhile
			}
			return nil, err
		}
		out = append(out, r)
	}
	sortRecords(out)
	return out, nil
}

func sortRecords(rs []Record) {
	sort.SliceStable(rs, func(i, j int) bool {
		if !rs[i].CreatedAt.Equal(rs[j].CreatedAt) {
			return rs[i].CreatedAt.Before(rs[j].CreatedAt)
		}
		return rs[i].ID < rs[j].ID
	})
}
