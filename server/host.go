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

	"roundtable/session"
	"roundtable/session/store"
)

// HostConfig says which session a host serves and how.
type HostConfig struct {
	Addr string // listen address, e.g. ":7777" or "127.0.0.1:0"
	DB   string // database file

	// Session reopens a session by id, or "latest". When empty, a session
	// whose join code is Code is reopened; otherwise a new one is made.
	Session string
	Code    string // join code; made up when empty
	// FacilitatorToken sets the facilitator token; when empty a new one is
	// made at every start (only its hash is stored).
	FacilitatorToken string

	// Settings of a new session (ignored when reopening).
	Title     string
	Topics    []string
	Votes     int // vote budget; 0 means the default
	Cap       int // votes per item; 0 means the default
	Anonymous *bool
	Horizons  []string

	// TLSCert and TLSKey, when set, are PEM files of a certificate and its
	// key: the host then serves wss:// (and https:// for /healthz).
	TLSCert, TLSKey string

	AllowedOrigins []string
	// CommandRate and CommandBurst bound each connection's frames per
	// second (defaults 20 and 60).
	CommandRate, CommandBurst float64
	SendBuffer                int           // kernel send buffer per connection, bytes (0: the system's)
	PingPeriod                time.Duration // how often clients are pinged (default 25 s)
	// Committed is passed to the room (RoomConfig.Committed): a hook for
	// measurements, called for every committed event, with the time of its
	// commit, before its broadcast.
	Committed func(seq int64, at time.Time)
	Now       func() time.Time
	Logger    *slog.Logger // the hub's log; nil discards it
}

// Host is a running hub: store, room and HTTP server for one session.
type Host struct {
	Store            *store.Store
	Room             *Room
	Server           *Server
	SessionID        string
	Title            string
	Code             string
	FacilitatorToken string
	Reopened         bool
	// Fingerprint is the SHA-256 fingerprint of the TLS certificate, for
	// clients to pin; "" without TLS.
	Fingerprint string
	listener    net.Listener
	http        *http.Server
	served      chan struct{}
}

// StartHost opens the database, creates or reopens the session, and starts
// serving. It returns once the host is ready for joins.
func StartHost(ctx context.Context, cfg HostConfig) (*Host, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger
	}
	if cfg.Code != "" {
		cfg.Code = NormalizeCode(cfg.Code)
		if !ValidCode(cfg.Code) {
			return nil, fmt.Errorf("the join code %q must be 3 to 32 letters or digits", cfg.Code)
		}
	}
	var tlsConfig *tls.Config
	var fingerprint string
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		var err error
		if tlsConfig, fingerprint, err = loadTLS(cfg.TLSCert, cfg.TLSKey); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("opening the database %s: %w", cfg.DB, err)
	}
	h := &Host{Store: st, served: make(chan struct{}), Fingerprint: fingerprint}
	if err := h.open(ctx, cfg); err != nil {
		st.Close()
		return nil, err
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		h.Room.Stop()
		st.Close()
		return nil, fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	h.listener = l
	if tlsConfig != nil {
		l = tls.NewListener(l, tlsConfig)
	}
	h.Server = New(h.Room, Options{AllowedOrigins: cfg.AllowedOrigins, CommandRate: cfg.CommandRate, CommandBurst: cfg.CommandBurst, SendBuffer: cfg.SendBuffer, PingPeriod: cfg.PingPeriod, Logger: cfg.Logger})
	h.http = &http.Server{Handler: h.Server.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(h.served)
		if err := h.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("http server", "err", err)
		}
	}()
	return h, nil
}

func (h *Host) open(ctx context.Context, cfg HostConfig) error {
	var info store.SessionInfo
	var err error
	switch {
	case cfg.Session != "":
		info, err = h.Store.Session(ctx, cfg.Session)
		if err != nil {
			return fmt.Errorf("session %q: %w", cfg.Session, err)
		}
		h.Reopened = true
	case cfg.Code != "":
		info, err = h.Store.SessionByCode(ctx, cfg.Code)
		if err == nil {
			h.Reopened = true
		} else if session.ErrorCode(err) != session.ENOTFOUND {
			return err
		}
	}
	token := cfg.FacilitatorToken
	if token == "" {
		token = NewToken()
	}
	h.FacilitatorToken = token
	var state *session.State
	if h.Reopened {
		if err := h.Store.SetFacilitatorHash(ctx, info.ID, HashToken(token)); err != nil {
			return err
		}
	}
	const ringSize = 8192
	var recent []session.Event
	if h.Reopened {
		// One pass over the log rebuilds the state and keeps the most
		// recent events for resumes.
		state = session.NewState(info.ID)
		err := h.Store.Events(ctx, info.ID, 0, func(e session.Event) error {
			state.Apply(e)
			if len(recent) == 2*ringSize {
				recent = append(recent[:0], recent[ringSize:]...)
			}
			recent = append(recent, e)
			return nil
		})
		if err != nil {
			return fmt.Errorf("loading session %s: %w", info.ID, err)
		}
		if len(recent) > ringSize {
			recent = recent[len(recent)-ringSize:]
		}
	} else {
		if info, state, err = h.create(ctx, cfg, token); err != nil {
			return err
		}
	}
	ops, err := h.Store.Ops(ctx, info.ID)
	if err != nil {
		return err
	}
	h.SessionID, h.Code, h.Title = info.ID, info.Code, state.Settings.Title
	h.Room = NewRoom(RoomConfig{
		Session:         state,
		Recent:          recent,
		Ops:             ops,
		Code:            info.Code,
		FacilitatorHash: HashToken(token),
		Log:             h.Store,
		Now:             cfg.Now,
		Logger:          cfg.Logger,
		RingSize:        ringSize,
		Committed:       cfg.Committed,
	})
	go h.Room.Run()
	return nil
}

func (h *Host) create(ctx context.Context, cfg HostConfig, token string) (store.SessionInfo, *session.State, error) {
	cmd := session.Command{Type: session.CmdCreateSession, Topics: cfg.Topics, Anonymous: cfg.Anonymous, Horizons: cfg.Horizons}
	if cfg.Title != "" {
		cmd.Title = &cfg.Title
	}
	if cfg.Votes != 0 {
		cmd.VoteBudget = &cfg.Votes
	}
	if cfg.Cap != 0 {
		cmd.VoteCap = &cfg.Cap
	}
	id := newSessionID()
	state := session.NewState(id)
	now := cfg.Now()
	evs, err := session.Decide(state, session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, cmd, now)
	if err != nil {
		return store.SessionInfo{}, nil, err
	}
	code := cfg.Code
	for tries := 0; ; tries++ {
		if code == "" {
			code = NewJoinCode()
		}
		info := store.SessionInfo{ID: id, Code: code, FacilitatorHash: HashToken(token), Title: evs[0].Settings.Title, Phase: session.PhaseLobby, CreatedAt: now, UpdatedAt: now}
		err = h.Store.CreateSession(ctx, info)
		if err == nil {
			break
		}
		if session.ErrorCode(err) != session.ECONFLICT || cfg.Code != "" || tries > 10 {
			return store.SessionInfo{}, nil, err
		}
		code = ""
	}
	for i := range evs {
		evs[i].Seq = int64(i + 1)
		state.Apply(evs[i])
	}
	if err := h.Store.AppendSync(ctx, store.Batch{Session: id, Events: evs}); err != nil {
		return store.SessionInfo{}, nil, err
	}
	return store.SessionInfo{ID: id, Code: code}, state, nil
}

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
// get close 1001, the database is closed.
func (h *Host) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Stop accepting (hijacked websockets are not waited for here), then
	// let the room finish its commits and close every websocket with 1001.
	h.http.Shutdown(ctx)
	<-h.served
	err := h.Server.Shutdown(ctx)
	if cerr := h.Store.Close(); err == nil {
		err = cerr
	}
	return err
}
