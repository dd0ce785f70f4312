package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

// HostConfig says which session a host serves and how.
type HostConfig struct {
	Addr string // listen address, e.g. ":7777" or "127.0.0.1:0"
	DB   string // database file

	// Which session (see StartHost): Session reopens a session by id, or
	// "latest"; Code reopens the session with that join code, or names a
	// new session's code (made up when empty); New makes a new session even
	// when the latest one is still open.
	Session string
	Code    string
	New     bool
	// FacilitatorHash is HashToken of the facilitator token, which the
	// caller chooses and keeps (the host never sees the token itself); when
	// empty no hello can join as the facilitator.
	FacilitatorHash string

	// Settings of a new session (ignored when reopening).
	Title     string
	Lang      string // the session's language, en, az or ru ("" is English)
	Topics    []string
	Votes     int // vote budget; 0 means the default
	Cap       int // votes per item; 0 means the default
	Anonymous *bool
	Horizons  []string
	// Issue 15: the time planned per phase and per discussed item, and
	// private brainstorming.
	Agenda       session.Agenda
	PrivateIdeas bool

	// AnonK is k of institution-aware anonymity for a new session
	// (session/anon.go); 0 keeps the session's default (issue 15).
	AnonK int

	// Programme: the programme of sessions the session belongs to, and
	// what a new one carries (issue 16; host_programme.go).
	Programme ProgrammeConfig

	// TLSCert and TLSKey, when set, are PEM files of a certificate and its
	// key: the host then serves wss:// (and https:// for /healthz).
	TLSCert, TLSKey string

	AllowedOrigins []string
	// CommandRate and CommandBurst bound each connection's frames per
	// second (defaults 20 and 60).
	CommandRate, CommandBurst float64
	SendBuffer                int           // kernel send buffer per connection, bytes (0: the system's)
	PingPeriod                time.Duration // how often clients are pinged (default 25 s)
	Timings                   Timings       // the other connection timers (server.Timings; zero: defaults)
	AddrLimits                AddrLimits    // per-address limits (server.AddrLimits; Off for the bench)
	CrowdSize                 int           // participants before the room is a crowd (RoomConfig.CrowdSize; 0: 250)
	// Committed is passed to the room (RoomConfig.Committed): a hook for
	// measurements, called for every committed event, with the time of its
	// commit, before its broadcast.
	Committed func(seq int64, at time.Time)
	Now       func() time.Time
	Logger    *slog.Logger // the hub's log; nil discards it
}

// StartKind says how a host chose its session.
type StartKind int

// How a host chose its session.
const (
	// StartNew: a new session, because the database had none or New was
	// set (or Code named no session and the latest one is closed).
	StartNew StartKind = iota
	// StartNewAfterClosed: a new session, because the latest one (Host.Previous)
	// is closed and nothing else was asked for.
	StartNewAfterClosed
	// StartReopened: the session named by HostConfig.Session or Code.
	StartReopened
	// StartContinued: the latest session, still open, because nothing else
	// was asked for: a host restarted after a crash with the same command.
	StartContinued
)

// OpenSessionError is StartHost's refusal to make a new session with
// another join code while the latest session is still open: a host
// restarted with a new code by mistake would leave its participants
// outside. Continue the open session (no code, or its code), or set New.
type OpenSessionError struct {
	Latest store.SessionInfo // the open session
	Code   string            // the join code that names no session
}

func (e *OpenSessionError) Error() string {
	return fmt.Sprintf("session %s (%q, join code %s) is still open, in the %s phase, and no session has the join code %s: continue the open one, or start a new one explicitly",
		e.Latest.ID, e.Latest.Title, e.Latest.Code, e.Latest.Phase, e.Code)
}

// Host is a running hub: store, room and HTTP server for one session.
type Host struct {
	Store     *store.Store
	Room      *Room
	Server    *Server
	SessionID string
	Title     string
	Code      string
	// Reopened is true when the session existed before this start
	// (StartReopened or StartContinued).
	Reopened bool
	// Start says how the session was chosen; Phase is its phase at start.
	Start StartKind
	Phase session.Phase
	// Previous is the latest session when it was closed and a new one was
	// made after it (StartNewAfterClosed); zero otherwise.
	Previous store.SessionInfo
	// Fingerprint is the SHA-256 fingerprint of the TLS certificate, for
	// clients to pin; "" without TLS.
	Fingerprint string
	listener    net.Listener
	http        *http.Server
	served      chan struct{}

	// Issue 16: the programme the session belongs to ("" none) and its day
	// there; Carried, what a new session carried (nil: it carried nothing
	// because nothing was asked, or nothing came before it).
	Programme string
	Day       int
	Carried   *Carried
}

// StartHost loads the TLS files and listens first, so that a host that
// cannot serve writes nothing; then it opens (or creates) the database,
// chooses the session and starts serving. It returns once the host is
// ready for joins.
//
// The session: HostConfig.Session names one to reopen (a purged one is
// refused with a *store.PurgedError); otherwise Code reopens the session
// with that code if there is one; otherwise New, or a database without
// sessions, or a closed or purged latest session gives a new one;
// otherwise the latest session is still open and is continued, unless Code
// names a new code, which is refused with an *OpenSessionError.
func StartHost(ctx context.Context, cfg HostConfig) (*Host, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger
	}
	if cfg.Code != "" {
		cfg.Code = protocol.NormalizeCode(cfg.Code)
		if !protocol.ValidCode(cfg.Code) {
			return nil, fmt.Errorf("the join code %q must be 3 to 32 letters or digits", cfg.Code)
		}
	}
	if cfg.New && cfg.Session != "" {
		return nil, errors.New("a new session and a session to reopen were both asked for")
	}
	var tlsConfig *tls.Config
	var fingerprint string
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		var err error
		if tlsConfig, fingerprint, err = loadTLS(cfg.TLSCert, cfg.TLSKey); err != nil {
			return nil, err
		}
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	st, err := store.Open(cfg.DB)
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("opening the database %s: %w", cfg.DB, err)
	}
	h := &Host{Store: st, served: make(chan struct{}), Fingerprint: fingerprint, listener: l}
	if err := h.open(ctx, cfg); err != nil {
		l.Close()
		st.Close()
		return nil, err
	}
	if tlsConfig != nil {
		l = tls.NewListener(l, tlsConfig)
	}
	h.Server = New(h.Room, Options{AllowedOrigins: cfg.AllowedOrigins, CommandRate: cfg.CommandRate, CommandBurst: cfg.CommandBurst, SendBuffer: cfg.SendBuffer, PingPeriod: cfg.PingPeriod, Timings: cfg.Timings, AddrLimits: cfg.AddrLimits, Logger: cfg.Logger})
	h.http = &http.Server{Handler: h.Server.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(h.served)
		if err := h.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("http server", "err", err)
		}
	}()
	cfg.Logger.Info("host started", "session", h.SessionID, "start", h.Start.String(), "phase", string(h.Phase), "addr", l.Addr().String(), "tls", fingerprint != "")
	return h, nil
}

// String names the kind for logs.
func (k StartKind) String() string {
	switch k {
	case StartNew:
		return "new"
	case StartNewAfterClosed:
		return "new_after_closed"
	case StartReopened:
		return "reopened"
	case StartContinued:
		return "continued"
	}
	return fmt.Sprintf("StartKind(%d)", int(k))
}

// choose finds the session to serve (see StartHost); ok is false when a new
// one is to be made.
func (h *Host) choose(ctx context.Context, cfg *HostConfig) (info store.SessionInfo, ok bool, err error) {
	if cfg.Programme.Programme != "" { // issue 16
		return h.chooseInProgramme(ctx, cfg)
	}
	notFound := func(err error) bool { return session.ErrorCode(err) == session.ENOTFOUND }
	if cfg.Session != "" {
		info, err = h.Store.Session(ctx, cfg.Session)
		if err != nil {
			return info, false, fmt.Errorf("session %q: %w", cfg.Session, err)
		}
		h.Start = StartReopened
		return info, true, nil
	}
	if cfg.Code != "" {
		info, err = h.Store.SessionByCode(ctx, cfg.Code)
		if err == nil && cfg.New {
			return info, false, protocol.Refuse(session.ECONFLICT, "errors.hub.code_taken", "Code", cfg.Code, "Session", info.ID)
		}
		if err == nil {
			h.Start = StartReopened
			return info, true, nil
		}
		if !notFound(err) {
			return info, false, err
		}
	}
	h.Start = StartNew
	if cfg.New {
		return store.SessionInfo{}, false, nil
	}
	latest, err := h.Store.Session(ctx, "latest")
	switch {
	case notFound(err):
		return store.SessionInfo{}, false, nil
	case err != nil:
		return store.SessionInfo{}, false, err
	case latest.Purged():
		// Only its tombstone is left (roundtable purge): nothing to
		// continue, so a new session, as after an empty database.
		return store.SessionInfo{}, false, nil
	case latest.Phase == session.PhaseClosed:
		if cfg.Code == "" {
			h.Start, h.Previous = StartNewAfterClosed, latest
		}
		return store.SessionInfo{}, false, nil
	case cfg.Code != "":
		return store.SessionInfo{}, false, &OpenSessionError{Latest: latest, Code: cfg.Code}
	}
	h.Start = StartContinued
	return latest, true, nil
}

func (h *Host) open(ctx context.Context, cfg HostConfig) error {
	info, found, err := h.choose(ctx, &cfg) // a programme's Plan may set up the new session (issue 16)
	if err != nil {
		return err
	}
	h.Reopened = found
	var log Log = h.Store
	var loaded store.Loaded
	if found {
		loaded, err = log.LoadSession(ctx, info.ID, ringSize)
	} else {
		loaded, err = h.create(ctx, cfg)
	}
	if err != nil {
		return err
	}
	state := loaded.State
	h.SessionID, h.Code, h.Title, h.Phase = state.ID, loaded.Info.Code, state.Settings.Title, state.Phase
	h.Programme, h.Day = loaded.Info.Programme, loaded.Info.Day
	identities, err := h.Store.ProgrammeIdentities(ctx, h.Programme, h.SessionID) // issue 16
	if err != nil {
		return err
	}
	h.Room = NewRoom(RoomConfig{
		Session:         state,
		Recent:          loaded.Recent,
		Ops:             loaded.Ops,
		Code:            loaded.Info.Code,
		FacilitatorHash: cfg.FacilitatorHash,
		Log:             log,
		Now:             cfg.Now,
		Logger:          cfg.Logger,
		RingSize:        ringSize,
		Committed:       cfg.Committed,
		CrowdSize:       cfg.CrowdSize,
		Identities:      identities,
	})
	go h.Room.Run()
	return nil
}

// ringSize is how many recent events a room keeps for resumes.
const ringSize = 8192

// create makes a new session: stored with its first event, and as a room
// starts it.
func (h *Host) create(ctx context.Context, cfg HostConfig) (store.Loaded, error) {
	cmd := CreateCommand(cfg)
	id := newSessionID()
	state := session.NewState(id)
	now := cfg.Now()
	evs, err := session.Decide(state, session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, cmd, now)
	if err != nil {
		return store.Loaded{}, err
	}
	for i := range evs {
		evs[i].Seq = int64(i + 1)
		state.Apply(evs[i])
	}
	// issue 16: the items the session starts with, in its first batch, so
	// that a restart never carries them again (host_programme.go)
	carried, err := h.carry(ctx, cfg.Programme, state, now)
	if err != nil {
		return store.Loaded{}, err
	}
	for _, e := range carried {
		e.Seq = int64(len(evs) + 1)
		state.Apply(e)
		evs = append(evs, e)
	}
	code := cfg.Code
	for tries := 0; ; tries++ {
		if code == "" {
			code = NewJoinCode()
		}
		info := store.SessionInfo{ID: id, Code: code, Title: evs[0].Settings.Title, Phase: session.PhaseLobby, CreatedAt: now, UpdatedAt: now,
			Programme: cfg.Programme.Programme, Day: h.Day}
		err = h.Store.CreateSession(ctx, info)
		if err == nil {
			break
		}
		if session.ErrorCode(err) != session.ECONFLICT || cfg.Code != "" || tries > 10 {
			return store.Loaded{}, err
		}
		code = ""
	}
	if err := h.Store.AppendSync(ctx, store.Batch{Session: id, Events: evs}); err != nil {
		return store.Loaded{}, err
	}
	return store.Loaded{Info: store.SessionInfo{ID: id, Code: code, Programme: cfg.Programme.Programme, Day: h.Day}, State: state, Ops: map[store.OpKey]int64{}}, nil
}

// CreateCommand is the command that creates a session with cfg's
// settings (a cluster's node creates one too: issue 17).
func CreateCommand(cfg HostConfig) session.Command {
	cmd := session.Command{Type: session.CmdCreateSession, Topics: cfg.Topics, Anonymous: cfg.Anonymous, Horizons: cfg.Horizons, Lang: cfg.Lang}
	if cfg.AnonK > 0 { // issue 15
		cmd.AnonK = &cfg.AnonK
	}
	if cfg.Title != "" {
		cmd.Title = &cfg.Title
	}
	if cfg.Votes != 0 {
		cmd.VoteBudget = &cfg.Votes
	}
	if cfg.Cap != 0 {
		cmd.VoteCap = &cfg.Cap
	}
	if !cfg.Agenda.IsZero() { // issue 15
		a := cfg.Agenda
		cmd.Agenda = &a
	}
	if cfg.PrivateIdeas {
		cmd.PrivateIdeas = &cfg.PrivateIdeas
	}
	return cmd
}

// NewSessionID makes up a session id.
func NewSessionID() string { return newSessionID() }

func newSessionID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Addr returns the address the host listens on.
func (h *Host) Addr() net.Addr { return h.listener.Addr() }

// URL returns a websocket URL for clients on this machine: wss:// when the
// host has TLS.
func (h *Host) URL() string {
	_, port, _ := net.SplitHostPort(h.listener.Addr().String())
	scheme := "ws"
	if h.Fingerprint != "" {
		scheme = "wss"
	}
	return scheme + "://127.0.0.1:" + port + "/ws"
}

// JoinAddrs returns the host:port addresses participants can type.
func (h *Host) JoinAddrs() []string { return Addrs(h.listener.Addr()) }

// Done is closed when the host stops serving (Close, or a storage fault).
func (h *Host) Done() <-chan struct{} { return h.Room.Done() }

// Err returns the fault that stopped the host, if any.
func (h *Host) Err() error { return h.Room.Err() }

// Close shuts the host down gracefully: commits in flight finish, clients
// get close 4410 (session ended) or 4503 (host paused), the database is
// closed.
func (h *Host) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Stop accepting (hijacked websockets are not waited for here), then
	// let the room finish its commits and close every websocket (4410 or
	// 4503, by the session's phase).
	h.http.Shutdown(ctx)
	<-h.served
	err := h.Server.Shutdown(ctx)
	if cerr := h.Store.Close(); err == nil {
		err = cerr
	}
	return err
}
