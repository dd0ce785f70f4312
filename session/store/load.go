package store

import (
	"context"
	"fmt"

	"roundtable/session"
)

// Loaded is a session as a host needs it to serve the session again.
type Loaded struct {
	Info   SessionInfo
	State  *session.State  // every stored event applied
	Recent []session.Event // the most recent events, oldest first, for resumes
	Ops    map[OpKey]int64 // the operations applied, with the seq of their last event
}

// Load rebuilds the state of session sessionID ("latest" for the most
// recently created) by applying every stored event to a new state. A
// missing session is an ENOTFOUND *session.Error, a purged one a
// *PurgedError.
func (s *Store) Load(ctx context.Context, sessionID string) (*session.State, error) {
	info, err := s.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	if info.Purged() {
		return nil, &PurgedError{Info: info}
	}
	st, _, err := s.replay(ctx, info.ID, 0)
	return st, err
}

// LoadSession reads session sessionID ("latest" for the most recently
// created) back to serve it again: its state, its last recent events (at
// most; none when recent is 0) and the operation ids already applied, so
// that a command retried after a restart takes effect once. A missing
// session is an ENOTFOUND *session.Error, a purged one a *PurgedError.
func (s *Store) LoadSession(ctx context.Context, sessionID string, recent int) (Loaded, error) {
	info, err := s.Session(ctx, sessionID)
	if err != nil {
		return Loaded{}, err
	}
	if info.Purged() {
		return Loaded{}, &PurgedError{Info: info}
	}
	st, events, err := s.replay(ctx, info.ID, recent)
	if err != nil {
		return Loaded{}, fmt.Errorf("loading session %s: %w", info.ID, err)
	}
	ops, err := s.Ops(ctx, info.ID)
	if err != nil {
		return Loaded{}, err
	}
	return Loaded{Info: info, State: st, Recent: events, Ops: ops}, nil
}

// replay applies every stored event of session id to a new state in one
// pass over the log, keeping the last recent events.
func (s *Store) replay(ctx context.Context, id string, recent int) (*session.State, []session.Event, error) {
	st := session.NewState(id)
	var kept []session.Event
	err := s.Events(ctx, id, 0, func(e session.Event) error {
		st.Apply(e)
		if recent > 0 {
			// Keep up to twice as many, then drop the older half: a
			// copy every recent events, not one per event.
			if len(kept) == 2*recent {
				kept = append(kept[:0], kept[recent:]...)
			}
			kept = append(kept, e)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(kept) > recent {
		kept = kept[len(kept)-recent:]
	}
	return st, kept, nil
}
