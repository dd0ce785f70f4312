package store

import (
	"context"
	"encoding/json"
	"fmt"

	"roundtable/session"
)

// Events calls fn with every stored event of session sessionID whose seq is
// greater than after, in seq order, and stops at the first error fn returns.
func (s *Store) Events(ctx context.Context, sessionID string, after int64, fn func(session.Event) error) error {
	rows, err := s.read.QueryContext(ctx,
		`SELECT seq, data FROM events WHERE session_id = ? AND seq > ? ORDER BY seq`, sessionID, after)
	if err != nil {
		return fmt.Errorf("store: reading events of session %s: %w", sessionID, err)
	}
	defer rows.Close()
	var data []byte
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq, &data); err != nil {
			return fmt.Errorf("store: reading events of session %s: %w", sessionID, err)
		}
		var e session.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("store: decoding event %d of session %s: %w", seq, sessionID, err)
		}
		e.Seq = seq
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: reading events of session %s: %w", sessionID, err)
	}
	return nil
}

// Ops returns every operation stored for session sessionID with the seq of
// the last event it produced.
func (s *Store) Ops(ctx context.Context, sessionID string) (map[OpKey]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT actor, op, seq FROM ops WHERE session_id = ?`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("store: reading operations of session %s: %w", sessionID, err)
	}
	defer rows.Close()
	out := map[OpKey]int64{}
	for rows.Next() {
		var k OpKey
		var seq int64
		if err := rows.Scan(&k.Actor, &k.Op, &seq); err != nil {
			return nil, fmt.Errorf("store: reading operations of session %s: %w", sessionID, err)
		}
		out[k] = seq
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reading operations of session %s: %w", sessionID, err)
	}
	return out, nil
}
