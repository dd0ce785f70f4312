package store

import (
	"context"
	"encoding/json"
	"fmt"

	"roundtable/session"
)

// Identity is a participant of one session of a programme, as another
// session of the same programme takes them in (issue 16): under the hash
// of their resume token, the name and institution they last had there.
type Identity struct {
	Session     string // the session they took part in (the latest, when several)
	Participant string // their id there
	Name        string
	Institution string
}

// ProgrammeIdentities returns the participants of the sessions of
// programme other than except, by the hash of their resume token: who a
// hello carrying one of those tokens is in a session of the programme.
// Sessions are read in programme order, so a token used in several
// sessions names the person as the latest one knew them (renamed by the
// facilitator there, say). A participant the facilitator removed and did
// not re-admit is left out; so are purged sessions. Only the events that
// make or change a participant are decoded.
func (s *Store) ProgrammeIdentities(ctx context.Context, programme, except string) (map[string]Identity, error) {
	out := map[string]Identity{}
	if programme == "" {
		return out, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT e.session_id, e.data FROM sessions s JOIN events e ON e.session_id = s.id
		WHERE s.programme = ? AND s.id <> ? AND s.purged_at = '' AND e.type IN (?, ?, ?, ?)
		ORDER BY s.day, s.created_at, s.rowid, e.seq`,
		programme, except, session.EvParticipantJoined, session.EvParticipantRenamed, session.EvParticipantRemoved, session.EvParticipantReadmitted)
	if err != nil {
		return nil, fmt.Errorf("store: reading the participants of programme %s: %w", programme, err)
	}
	defer rows.Close()
	type person struct {
		Identity
		hash    string
		removed bool
	}
	var order []*person
	bySession := map[[2]string]*person{}
	var sid string
	var data []byte
	for rows.Next() {
		if err := rows.Scan(&sid, &data); err != nil {
			return nil, fmt.Errorf("store: reading the participants of programme %s: %w", programme, err)
		}
		var e session.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, fmt.Errorf("store: decoding an event of session %s: %w", sid, err)
		}
		k := [2]string{sid, e.ID}
		p := bySession[k]
		switch {
		case e.Type == session.EvParticipantJoined:
			if e.TokenHash == "" || p != nil {
				continue
			}
			p = &person{Identity: Identity{Session: sid, Participant: e.ID, Name: e.Name, Institution: e.Institution}, hash: e.TokenHash}
			bySession[k] = p
			order = append(order, p)
		case p == nil:
		case e.Type == session.EvParticipantRenamed:
			p.Name = e.Name
		case e.Type == session.EvParticipantRemoved:
			p.removed = true
		case e.Type == session.EvParticipantReadmitted:
			p.removed = false
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reading the participants of programme %s: %w", programme, err)
	}
	for _, p := range order {
		if p.removed {
			delete(out, p.hash)
			continue
		}
		out[p.hash] = p.Identity
	}
	return out, nil
}

// Limits of a programme's name and a session's day in it.
const (
	MaxProgrammeLen = 64
	MaxDay          = 1000
)

// ValidProgramme reports whether name may name a programme: 1 to
// MaxProgrammeLen ASCII letters, digits, dots, dashes and underscores,
// such as "digital.leadership", so that it is typed, listed and written
// in file names as it is.
func ValidProgramme(name string) bool {
	if name == "" || len(name) > MaxProgrammeLen {
		return false
	}
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '-', r == '_':
		default:
			return false
		}
	}
	return true
}
