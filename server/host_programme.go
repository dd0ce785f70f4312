package server

import (
	"context"
	"fmt"
	"time"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

// A programme of sessions (issue 16): a host may serve a session inside a
// programme (HostConfig.Programme), a new session may start with the
// previous session's items (HostConfig.Carry, CarryFrom), and participants
// of the programme's other sessions join as themselves (room_programme.go).

// ProgrammeConfig is what HostConfig says of a programme.
type ProgrammeConfig struct {
	// Programme names the programme a new session belongs to, and scopes
	// which session is continued: the programme's last session (by day,
	// then creation) while it is open and on Day (or Day is 0); otherwise
	// a new one. Validated by store.ValidProgramme.
	Programme string
	// Day is the new session's day in the programme; 0 takes the previous
	// session's day (1 for the first).
	Day int
	// Carry starts a new session with the previous session's road-map
	// items and candidates with votes (session.CarryFrom); CarryFrom names
	// the session to take them from instead (any session of the database).
	// A session that is continued carries nothing again.
	Carry     bool
	CarryFrom string
	// TableLabel says a breakout table in the host's language ("Table 3")
	// for a carried item's Origin.Table; nil leaves it out.
	TableLabel func(session.Promotion) string
	// Plan, when set, is called once a new session of the programme is to
	// be made, before its day is chosen, with the programme's sessions so
	// far (in programme order): it may set up the new session in cfg (its
	// title, topics, agenda, Programme.Day), as an agenda file of the
	// whole programme does. An error stops the start.
	Plan func(hosted []store.SessionInfo, cfg *HostConfig) error
}

// Carried is what a new session carried from an earlier one.
type Carried struct {
	From   store.SessionInfo   // the session the items came from
	Choice session.CarryChoice // the items and how they were chosen
}

// chooseInProgramme is choose for a host given a programme (see
// ProgrammeConfig): an explicit Session or Code still wins, but must be
// of the programme.
func (h *Host) chooseInProgramme(ctx context.Context, cfg *HostConfig) (store.SessionInfo, bool, error) {
	p := cfg.Programme
	if !store.ValidProgramme(p.Programme) {
		return store.SessionInfo{}, false, fmt.Errorf("the programme name %q must be 1 to %d letters, digits, dots, dashes or underscores", p.Programme, store.MaxProgrammeLen)
	}
	if p.Day < 0 || p.Day > store.MaxDay {
		return store.SessionInfo{}, false, fmt.Errorf("the day %d must be between 1 and %d", p.Day, store.MaxDay)
	}
	list, err := h.Store.ProgrammeSessions(ctx, p.Programme)
	if err != nil && session.ErrorCode(err) != session.ENOTFOUND {
		return store.SessionInfo{}, false, err
	}
	var last store.SessionInfo // the programme's last session with its events (a purged one has none)
	for _, info := range list {
		if !info.Purged() {
			last = info
		}
	}
	h.Previous = last
	h.Day = p.Day
	if h.Day == 0 {
		h.Day = max(last.Day, 1)
	}
	if cfg.Session != "" || cfg.Code != "" {
		var info store.SessionInfo
		if cfg.Session != "" {
			info, err = h.Store.Session(ctx, cfg.Session)
		} else {
			info, err = h.Store.SessionByCode(ctx, cfg.Code)
		}
		switch {
		case err == nil && cfg.New:
			return info, false, protocol.Refuse(session.ECONFLICT, "errors.hub.code_taken", "Code", cfg.Code, "Session", info.ID)
		case err == nil && info.Programme != p.Programme:
			return info, false, fmt.Errorf("session %s (%q) is not of the programme %q", info.ID, info.Title, p.Programme)
		case err == nil:
			h.Start, h.Day = StartReopened, info.Day
			return info, true, nil
		case cfg.Session != "":
			return info, false, fmt.Errorf("session %q: %w", cfg.Session, err)
		case session.ErrorCode(err) != session.ENOTFOUND:
			return info, false, err
		}
	}
	open := last.ID != "" && last.Phase != session.PhaseClosed && (p.Day == 0 || p.Day == last.Day)
	switch {
	case cfg.New || !open:
		h.Start = StartNew
		if last.ID != "" && last.Phase == session.PhaseClosed && cfg.Code == "" {
			h.Start = StartNewAfterClosed
		}
		if p.Plan != nil {
			if err := p.Plan(list, cfg); err != nil {
				return store.SessionInfo{}, false, err
			}
			if d := cfg.Programme.Day; d != 0 {
				if d < 0 || d > store.MaxDay {
					return store.SessionInfo{}, false, fmt.Errorf("the day %d must be between 1 and %d", d, store.MaxDay)
				}
				h.Day = d
			}
		}
		return store.SessionInfo{}, false, nil
	case cfg.Code != "":
		return store.SessionInfo{}, false, &OpenSessionError{Latest: last, Code: cfg.Code}
	}
	h.Start, h.Day = StartContinued, last.Day
	return last, true, nil
}

// carry decides the carry_items a new session starts with, on its state
// just created (see ProgrammeConfig.Carry); no events when nothing is
// carried. h.Previous is the programme's session before this one.
func (h *Host) carry(ctx context.Context, cfg ProgrammeConfig, state *session.State, now time.Time) ([]session.Event, error) {
	if !cfg.Carry && cfg.CarryFrom == "" {
		return nil, nil
	}
	from := h.Previous
	if cfg.CarryFrom != "" {
		info, err := h.Store.Session(ctx, cfg.CarryFrom)
		if err != nil {
			return nil, fmt.Errorf("carrying from session %q: %w", cfg.CarryFrom, err)
		}
		from = info
	}
	if from.ID == "" {
		return nil, nil // the first session of its programme: nothing before it
	}
	prev, err := h.Store.Load(ctx, from.ID)
	if err != nil {
		return nil, fmt.Errorf("carrying from session %s: %w", from.ID, err)
	}
	choice := session.CarryFrom(prev, from.Day, cfg.TableLabel)
	h.Carried = &Carried{From: from, Choice: choice}
	if len(choice.Items) == 0 {
		return nil, nil
	}
	return session.Decide(state, session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator},
		session.Command{Type: session.CmdCarryItems, Carried: choice.Items}, now)
}
