package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"roundtable/session"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var facilitator = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}

// participantConfig is a new participant of h with fast reconnects.
func participantConfig(h *fakeHub, name string) Config {
	return Config{
		URL: h.url(), Code: h.code, Name: name, Institution: "IRIA",
		MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
	}
}

// dial connects and closes the client when the test ends (before the hub).
func dial(t *testing.T, cfg Config) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Dial(ctx, cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitFor polls cond until it holds, failing the test after 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func idea(text string) session.Command {
	return session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: text}
}

// ideasWith counts the ideas in st with this text.
func ideasWith(st *session.State, text string) int {
	n := 0
	for _, i := range st.Ideas {
		if i.Text == text {
			n++
		}
	}
	return n
}

func TestNormalizeURL(t *testing.T) {
	tests := map[string]struct {
		in, want string
		err      bool
	}{
		"host and port":    {in: "localhost:7777", want: "ws://localhost:7777/ws"},
		"bare host":        {in: "10.0.0.5", want: "ws://10.0.0.5:7777/ws"},
		"port only":        {in: ":9000", want: "ws://localhost:9000/ws"},
		"ws without path":  {in: "ws://hub.example:8080", want: "ws://hub.example:8080/ws"},
		"ws with slash":    {in: "ws://hub.example:8080/", want: "ws://hub.example:8080/ws"},
		"full ws":          {in: "ws://hub.example:8080/ws", want: "ws://hub.example:8080/ws"},
		"wss keeps port":   {in: "wss://hub.example", want: "wss://hub.example/ws"},
		"http becomes ws":  {in: "http://127.0.0.1:7777", want: "ws://127.0.0.1:7777/ws"},
		"https to wss":     {in: "https://hub.example/rt/ws", want: "wss://hub.example/rt/ws"},
		"ipv6":             {in: "[::1]:7777", want: "ws://[::1]:7777/ws"},
		"spaces trimmed":   {in: "  localhost:7777 ", want: "ws://localhost:7777/ws"},
		"empty":            {in: "", err: true},
		"unknown scheme":   {in: "ftp://hub.example", err: true},
		"garbage with url": {in: "ws://%zz", err: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := NormalizeURL(tc.in)
			if tc.err {
				if err == nil {
					t.Fatalf("NormalizeURL(%q) = %q, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("NormalizeURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	tests := map[string]struct {
		attempt  int
		max      time.Duration
		spreads  bool
		wantHigh time.Duration
	}{
		"first":     {attempt: 1, wantHigh: 200 * time.Millisecond, spreads: true},
		"third":     {attempt: 3, wantHigh: 800 * time.Millisecond, spreads: true},
		"capped":    {attempt: 30, wantHigh: hi, spreads: true},
		"no spread": {attempt: 5, max: lo, wantHigh: lo},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			top := hi
			if tc.max > 0 {
				top = tc.max
			}
			seen := map[time.Duration]bool{}
			for range 200 {
				d := backoff(tc.attempt, lo, top)
				if d < lo || d > tc.wantHigh {
					t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tc.attempt, d, lo, tc.wantHigh)
				}
				seen[d] = true
			}
			if tc.spreads && len(seen) < 10 {
				t.Fatalf("backoff(%d) took only %d distinct values in 200 draws", tc.attempt, len(seen))
			}
		})
	}
}

func TestDialWelcome(t *testing.T) {
	tests := map[string]struct {
		cfg      func(h *fakeHub) Config
		wantID   string
		wantRole session.Role
		resume   bool
	}{
		"new participant": {
			cfg:    func(h *fakeHub) Config { return participantConfig(h, "Aysel") },
			wantID: "p5", wantRole: session.RoleParticipant, resume: true,
		},
		"facilitator": {
			cfg:    func(h *fakeHub) Config { return Config{URL: h.url(), Token: h.tok} },
			wantID: session.FacilitatorID, wantRole: session.RoleFacilitator,
		},
		"observer": {
			cfg:      func(h *fakeHub) Config { return Config{URL: "ws://" + h.url(), Code: h.code, Observer: true} },
			wantRole: session.RoleObserver,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			c := dial(t, tc.cfg(h))
			id, role := c.Me()
			if id != tc.wantID || role != tc.wantRole {
				t.Fatalf("Me() = %q, %q; want %q, %q", id, role, tc.wantID, tc.wantRole)
			}
			if got := c.ResumeToken() != ""; got != tc.resume {
				t.Fatalf("ResumeToken() = %q; want one: %v", c.ResumeToken(), tc.resume)
			}
			if c.Status() != Online || c.SessionID() != "s1" {
				t.Fatalf("Status() = %v, SessionID() = %q", c.Status(), c.SessionID())
			}
			st := c.State()
			h.mu.Lock()
			hubSeq := h.st.Seq
			h.mu.Unlock()
			if st == nil || st.Seq != hubSeq || st.Phase != session.PhaseIdeas || len(st.Topics) != 4 {
				t.Fatalf("replica = %+v; want the hub's state at seq %d", st, hubSeq)
			}
			if tc.wantRole == session.RoleParticipant {
				if p := st.Participants[id]; p == nil || p.Name != "Aysel" || p.Institution != "IRIA" {
					t.Fatalf("replica lacks the participant: %+v", st.Participants)
				}
				if !slices.Equal(c.Online(), []string{id}) {
					t.Fatalf("Online() = %v", c.Online())
				}
			}
			select {
			case <-c.Changes():
			default:
				t.Fatal("Changes not signalled after Dial")
			}
			u := c.Drain()
			if !u.Snapshot || !u.StatusChanged || u.Status != Online || u.Err != nil {
				t.Fatalf("first Drain = %+v", u)
			}
		})
	}
}

func TestDialParticipantSetsID(t *testing.T) {
	h := newFakeHub(t)
	a := dial(t, participantConfig(h, "Aysel"))
	b := dial(t, participantConfig(h, "Murad"))
	ida, _ := a.Me()
	idb, _ := b.Me()
	if ida == "" || idb == "" || ida == idb {
		t.Fatalf("ids %q and %q; want two different participants", ida, idb)
	}
	if a.ResumeToken() == b.ResumeToken() {
		t.Fatal("two participants got the same resume token")
	}
}

func TestDialRefused(t *testing.T) {
	tests := map[string]struct {
		cfg  func(h *fakeHub) Config
		code string
	}{
		"wrong code": {
			cfg:  func(h *fakeHub) Config { c := participantConfig(h, "Aysel"); c.Code = "WRONG"; return c },
			code: session.EFORBIDDEN,
		},
		"wrong token": {
			cfg:  func(h *fakeHub) Config { return Config{URL: h.url(), Token: "guess"} },
			code: session.EFORBIDDEN,
		},
		"unknown resume token": {
			cfg:  func(h *fakeHub) Config { c := participantConfig(h, ""); c.Resume = "stolen"; return c },
			code: session.EFORBIDDEN,
		},
		"no name": {
			cfg:  func(h *fakeHub) Config { return participantConfig(h, "") },
			code: session.EINVALID,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := newFakeHub(t)
			c, err := Dial(context.Background(), tc.cfg(h))
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded; want a refusal")
			}
			se, ok := err.(*session.Error)
			if !ok {
				t.Fatalf("Dial error %T %v; want a *session.Error", err, err)
			}
			if se.Code != tc.code || se.Message == "" {
				t.Fatalf("Dial error code %q message %q; want %q", se.Code, se.Message, tc.code)
			}
			if errors.Is(err, ErrUnreachable) {
				t.Fatal("a refusal must not count as unreachable")
			}
		})
	}
}

func TestDialUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	notHub := httptest.NewServer(http.NotFoundHandler())
	defer notHub.Close()
	limited := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "2")
		http.Error(w, "too many connections from your address", http.StatusTooManyRequests)
	}))
	defer limited.Close()
	stopping := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "the host is shutting down", http.StatusServiceUnavailable)
	}))
	defer stopping.Close()

	tests := map[string]struct {
		url, want string
	}{
		"nothing listening":  {url: closed, want: "nothing is listening"},
		"not a hub":          {url: notHub.URL, want: "HTTP 404"},
		"limited (HTTP 429)": {url: limited.URL, want: "turning away new connections from your network"},
		"stopping (503)":     {url: stopping.URL, want: "the host is shutting down"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			// Dial reports these at once instead of retrying: it ends
			// well before this deadline, with the reason.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, err := Dial(ctx, Config{URL: tc.url, Code: "K7Q2M", Name: "A", Institution: "B"})
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded; want ErrUnreachable")
			}
			if !errors.Is(err, ErrUnreachable) {
				t.Fatalf("Dial error %v; want one wrapping ErrUnreachable", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Dial error %q; want it to say %q", err, tc.want)
			}
			if ctx.Err() != nil {
				t.Fatalf("Dial gave up only at the test's deadline: %v", err)
			}
		})
	}
}

func TestDialContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h := newFakeHub(t)
	if _, err := Dial(ctx, participantConfig(h, "Aysel")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Dial with a cancelled context: %v", err)
	}
}
