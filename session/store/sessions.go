package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"roundtable/session"
)

// SessionInfo is what the store keeps about a session besides its events.
type SessionInfo struct {
	ID, Code, Title      string
	Phase                session.Phase
	CreatedAt, UpdatedAt time.Time
	LastSeq              int64 // seq of the last stored event, 0 before the first
	// LastEventAt is the time of the last stored event (CreatedAt before
	// the first).
	LastEventAt time.Time
	// ExportedAt is when `roundtable export` last wrote the session's road
	// map (MarkExported); zero when it never did.
	ExportedAt time.Time
	// PurgedAt is when the session's events were purged (Purge); zero while
	// it has them. A purged session's row is its tombstone: its Code is
	// "~" and its id, which no join code can be, and LastSeq still counts
	// the events it had.
	PurgedAt time.Time
	// Programme is the programme the session belongs to (issue 16), "" when
	// none; Day is its day within the programme, 0 when none was given.
	Programme string
	Day       int
}

// Purged reports whether the session is a tombstone: its events are gone.
func (i SessionInfo) Purged() bool { return !i.PurgedAt.IsZero() }

// Exported reports whether the session's road map was exported after its
// last event, so that purging it loses nothing the export does not hold.
func (i SessionInfo) Exported() bool {
	return !i.ExportedAt.IsZero() && !i.ExportedAt.Before(i.LastEventAt)
}

// CreateSession stores a new session without events. A zero CreatedAt or
// UpdatedAt is taken from the store's clock, an empty Phase is the lobby,
// and LastSeq is ignored: a new session has no events. A taken id or join
// code is an ECONFLICT *session.Error.
func (s *Store) CreateSession(ctx context.Context, info SessionInfo) error {
	if info.ID == "" || info.ID == "latest" {
		return session.Errorf(session.EINVALID, "A session needs an id other than %q.", info.ID)
	}
	if info.Code == "" {
		return session.Errorf(session.EINVALID, "A session needs a join code.")
	}
	if info.CreatedAt.IsZero() {
		info.CreatedAt = s.now()
	}
	if info.UpdatedAt.IsZero() {
		info.UpdatedAt = info.CreatedAt
	}
	if info.Phase == "" {
		info.Phase = session.PhaseLobby
	}
	return s.do(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM sessions WHERE id = ?`, info.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: checking session %s: %w", info.ID, err)
		}
		if n > 0 {
			return session.Errorf(session.ECONFLICT, "A session with id %s already exists.", info.ID)
		}
		if err := tx.QueryRow(`SELECT count(*) FROM sessions WHERE code = ?`, info.Code).Scan(&n); err != nil {
			return fmt.Errorf("store: checking join code: %w", err)
		}
		if n > 0 {
			return session.Errorf(session.ECONFLICT, "The join code %s is taken by another session.", info.Code)
		}
		_, err := tx.Exec(`INSERT INTO sessions (id, code, title, phase, created_at, updated_at, last_seq, last_event_at, programme, day)
			VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
			info.ID, info.Code, info.Title, string(info.Phase),
			formatTime(info.CreatedAt), formatTime(info.UpdatedAt), formatTime(info.CreatedAt),
			info.Programme, info.Day)
		if err != nil {
			return constraintError(err, "store: creating session %s", info.ID)
		}
		return nil
	})
}

const sessionColumns = `id, code, title, phase, created_at, updated_at, last_seq, last_event_at, exported_at, purged_at, programme, day`

// newestFirst orders sessions by creation, the latest created first.
const newestFirst = ` ORDER BY created_at DESC, rowid DESC`

// Sessions returns every session, the most recently created first.
func (s *Store) Sessions(ctx context.Context) ([]SessionInfo, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions`+newestFirst)
	if err != nil {
		return nil, fmt.Errorf("store: listing sessions: %w", err)
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		info, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: listing sessions: %w", err)
	}
	return out, nil
}

// Session returns session id; the id "latest" means the most recently
// created session. A missing session is an ENOTFOUND *session.Error.
func (s *Store) Session(ctx context.Context, id string) (SessionInfo, error) {
	if id == "latest" {
		return s.sessionWhere(ctx, `1`+newestFirst+` LIMIT 1`, "There are no sessions in the database yet.")
	}
	return s.sessionWhere(ctx, `id = ?`, fmt.Sprintf("Session %q does not exist.", id), id)
}

// ProgrammeSessions returns the sessions of programme name, in programme
// order: by day, then by creation. A programme with no session is an
// ENOTFOUND *session.Error. Purged sessions are listed too (their tombstones
// say what they held); a caller that needs events skips them.
func (s *Store) ProgrammeSessions(ctx context.Context, name string) ([]SessionInfo, error) {
	if name == "" {
		return nil, session.Errorf(session.EINVALID, "A programme needs a name.")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE programme = ? ORDER BY day, created_at, rowid`, name)
	if err != nil {
		return nil, fmt.Errorf("store: listing programme %s: %w", name, err)
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		info, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: listing programme %s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, session.Errorf(session.ENOTFOUND, "No session belongs to the programme %q.", name)
	}
	return out, nil
}

// SessionByCode returns the session with the join code code. A missing
// session is an ENOTFOUND *session.Error.
func (s *Store) SessionByCode(ctx context.Context, code string) (SessionInfo, error) {
	return s.sessionWhere(ctx, `code = ?`, fmt.Sprintf("No session has the join code %q.", code), code)
}

func (s *Store) sessionWhere(ctx context.Context, where, missing string, args ...any) (SessionInfo, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE `+where, args...)
	info, err := scanSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionInfo{}, session.Errorf(session.ENOTFOUND, "%s", missing)
	}
	return info, err
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanSession reads the sessionColumns of a row, and then into more.
func scanSession(r scanner, more ...any) (SessionInfo, error) {
	var info SessionInfo
	var phase, created, updated, lastEvent, exported, purged string
	dest := append([]any{&info.ID, &info.Code, &info.Title, &phase, &created, &updated, &info.LastSeq, &lastEvent, &exported, &purged, &info.Programme, &info.Day}, more...)
	if err := r.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return info, err
		}
		return info, fmt.Errorf("store: reading a session: %w", err)
	}
	info.Phase = session.Phase(phase)
	var err error
	if info.CreatedAt, err = parseTime(created); err != nil {
		return info, fmt.Errorf("store: session %s: created_at: %w", info.ID, err)
	}
	if info.UpdatedAt, err = parseTime(updated); err != nil {
		return info, fmt.Errorf("store: session %s: updated_at: %w", info.ID, err)
	}
	for _, t := range []struct {
		name string
		text string
		to   *time.Time
	}{{"last_event_at", lastEvent, &info.LastEventAt}, {"exported_at", exported, &info.ExportedAt}, {"purged_at", purged, &info.PurgedAt}} {
		if t.text == "" {
			continue
		}
		if *t.to, err = parseTime(t.text); err != nil {
			return info, fmt.Errorf("store: session %s: %s: %w", info.ID, t.name, err)
		}
	}
	if info.LastEventAt.IsZero() {
		info.LastEventAt = info.CreatedAt
	}
	return info, nil
}
