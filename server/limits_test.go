package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// floodUntilClosed sends n frames with send as fast as the connection takes
// them, reads meanwhile, and returns the close code the hub ends with (0
// when it never closes: the read times out once the flood is over).
func floodUntilClosed(t *testing.T, c *rawClient, n int, send func(ws *websocket.Conn) error) int {
	t.Helper()
	var wg sync.WaitGroup
	wg.Go(func() {
		for range n {
			if send(c.ws) != nil {
				return
			}
		}
	})
	defer wg.Wait()
	for {
		_, err := c.tryRead(30 * time.Second)
		if err == nil {
			continue
		}
		c.ws.Close() // ends the flood if it is still going
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		t.Logf("the flood ended without a close frame: %v", err)
		return 0
	}
}

// TestEveryFrameCountsAgainstTheLimit: frames the hub refuses (binary,
// invalid UTF-8) and control frames (pings, pongs) count against the
// connection's rate limit like commands; a client that floods with them
// is closed with 4429, before and after its hello.
func TestEveryFrameCountsAgainstTheLimit(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{})
	control := func(typ int) func(ws *websocket.Conn) error {
		return func(ws *websocket.Conn) error {
			return ws.WriteControl(typ, []byte("flood"), time.Now().Add(5*time.Second))
		}
	}
	tests := map[string]func(ws *websocket.Conn) error{
		"binary frames": func(ws *websocket.Conn) error {
			return ws.WriteMessage(websocket.BinaryMessage, []byte(`{"t":"cmd"}`))
		},
		"invalid UTF-8": func(ws *websocket.Conn) error {
			return ws.WriteMessage(websocket.TextMessage, []byte("{\"t\":\"cmd\",\"op\":\"\xff\"}"))
		},
		"malformed JSON": func(ws *websocket.Conn) error {
			return ws.WriteMessage(websocket.TextMessage, []byte(`{"t":`))
		},
		"pings": control(websocket.PingMessage),
		"pongs": control(websocket.PongMessage),
	}
	for name, send := range tests {
		for _, helloed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, hello %v", name, helloed), func(t *testing.T) {
				var c *rawClient
				if helloed {
					c, _ = joinRaw(t, h, "Flooder", "Agency F")
				} else {
					c = dialRaw(t, h.URL())
				}
				if code := floodUntilClosed(t, c, 5000, send); code != protocol.CloseRateLimited {
					t.Fatalf("a flood of 5000 %s: close %d, want %d", name, code, protocol.CloseRateLimited)
				}
			})
		}
	}
}

// TestNewParticipantsArePerAddress: one address may create only so many
// participants at once; beyond that a join is refused (ELIMIT, 4429) while
// resumes, observers, the facilitator and other addresses are served.
func TestNewParticipantsArePerAddress(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{AddrLimits: AddrLimits{JoinBurst: 3, JoinRate: 0.001}})
	var first anyFrame
	for i := range 3 {
		c, w := joinRaw(t, h, fmt.Sprintf("Joiner %d", i), "Agency")
		if i == 0 {
			first = w
		}
		c.ws.Close()
	}
	refused(t, dialRaw(t, h.URL()), protocol.Hello{Code: h.Code, Name: "One too many", Institution: "Agency"}, session.ELIMIT, protocol.CloseRateLimited)

	back := dialRaw(t, h.URL())
	back.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: first.Resume})
	if w := back.until(protocol.KindWelcome, ""); w.You != first.You {
		t.Fatalf("resumed as %q, want %q", w.You, first.You)
	}
	wall := dialRaw(t, h.URL())
	wall.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Role: "observer"})
	wall.until(protocol.KindWelcome, "")
	facilitatorRaw(t, h)

	other := dialRawFrom(t, h.URL(), "127.0.0.2")
	other.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Neighbour", Institution: "Y"})
	if w := other.until(protocol.KindWelcome, ""); w.You == "" {
		t.Fatal("another address could not join")
	}
	var n int
	h.Room.Query(func(st *session.State) { n = len(st.Participants) })
	if n != 4 {
		t.Fatalf("%d participants, want 4", n)
	}
}

// TestCommandsArePerAddress: the connections of one address share a
// command budget; beyond it their commands get a retryable ELIMIT nack,
// while the facilitator and other addresses are served.
func TestCommandsArePerAddress(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{AddrLimits: AddrLimits{CommandBurst: 6, CommandRate: 0.001}})
	fac := facilitatorRaw(t, h)
	fac.send(cmd("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "f1")
	a, _ := joinRaw(t, h, "Ayla", "Agency")
	b, _ := joinRaw(t, h, "Bora", "Agency")
	post := func(c *rawClient, op string) anyFrame {
		t.Helper()
		c.send(cmd(op, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "idea " + op}))
		return c.until2(op)
	}
	for i := range 3 {
		for _, c := range []*rawClient{a, b} {
			op := fmt.Sprintf("%p-%d", c, i)
			if f := post(c, op); f.T != protocol.KindAck {
				t.Fatalf("command %d of 6: %s %s %s", i, f.T, f.Code, f.Message)
			}
		}
	}
	for name, c := range map[string]*rawClient{"a": a, "b": b} {
		f := post(c, "over-"+name)
		if f.T != protocol.KindNack || f.Code != session.ELIMIT || !bytes.Contains(f.Raw, []byte(`"retry_after_ms":`)) {
			t.Fatalf("the 7th command from the address: %s %s %s, want a nack ELIMIT with retry_after_ms", f.T, f.Code, f.Raw)
		}
	}
	fac.send(cmd("f2", session.Command{Type: session.CmdAddTopic, Name: "Facilitators are not limited"}))
	if f := fac.until2("f2"); f.T != protocol.KindAck {
		t.Fatalf("the facilitator's command: %s %s", f.T, f.Code)
	}
	other := dialRawFrom(t, h.URL(), "127.0.0.2")
	other.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Neighbour", Institution: "Y"})
	other.until(protocol.KindWelcome, "")
	if f := post(other, "elsewhere"); f.T != protocol.KindAck {
		t.Fatalf("another address's command: %s %s", f.T, f.Code)
	}
}

// TestConnectionsArePerAddress: one address may hold only so many
// welcomed connections (the facilitator's not counted) and so many that
// have not said hello yet (HTTP 429 beyond).
func TestConnectionsArePerAddress(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{AddrLimits: AddrLimits{MaxConns: 2, MaxPending: 2}})
	observe := func(c *rawClient) {
		t.Helper()
		c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Role: "observer"})
	}
	// Two connections without a hello; a third is refused at the upgrade.
	p1, p2 := dialRaw(t, h.URL()), dialRaw(t, h.URL())
	_, resp, err := websocket.DefaultDialer.Dial(h.URL(), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a third connection without hello: %v %+v, want HTTP 429 with Retry-After", err, resp)
	}
	// Once they are welcomed, they count as connections: two at most.
	observe(p1)
	p1.until(protocol.KindWelcome, "")
	observe(p2)
	p2.until(protocol.KindWelcome, "")
	third := dialRaw(t, h.URL())
	refused(t, third, protocol.Hello{Code: h.Code, Role: "observer"}, session.ELIMIT, protocol.CloseRateLimited)
	facilitatorRaw(t, h) // exempt
	// One leaves; another takes its place once the hub has seen it go.
	p1.ws.Close()
	for k := 0; ; k++ {
		c := dialRaw(t, h.URL())
		observe(c)
		f := c.read()
		if f.T == protocol.KindWelcome {
			break
		}
		if f.T != protocol.KindError || f.Code != session.ELIMIT || k > 100 {
			t.Fatalf("after one left: %s %s %s", f.T, f.Code, f.Message)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDefaultsAdmitARoomBehindOneAddress: a room of 65 joining at once
// from one address (a venue's NAT) is served normally with the default
// limits: every join is welcomed and every command acknowledged.
func TestDefaultsAdmitARoomBehindOneAddress(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	fac.send(cmd("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "f1")
	const people, ideas = 65, 3
	var wg sync.WaitGroup
	errs := make(chan error, people)
	for i := range people {
		wg.Go(func() {
			ws, _, err := websocket.DefaultDialer.Dial(h.URL(), nil)
			if err != nil {
				errs <- err
				return
			}
			defer ws.Close()
			c := &rawClient{t: t, ws: ws}
			ws.WriteJSON(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: fmt.Sprintf("Person %d", i), Institution: "Ministry"})
			for j := range ideas {
				ws.WriteJSON(cmd(fmt.Sprintf("i%d", j), session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: fmt.Sprintf("idea %d of person %d", j, i)}))
			}
			for acked := 0; acked < ideas; {
				f, err := c.tryRead(30 * time.Second)
				if err != nil {
					errs <- fmt.Errorf("person %d: %w", i, err)
					return
				}
				switch f.T {
				case protocol.KindAck:
					acked++
				case protocol.KindNack, protocol.KindError:
					errs <- fmt.Errorf("person %d: %s %s %s", i, f.T, f.Code, f.Message)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var p, n int
	h.Room.Query(func(st *session.State) { p, n = len(st.Participants), len(st.Ideas) })
	if p != people || n != people*ideas {
		t.Fatalf("%d participants and %d ideas, want %d and %d", p, n, people, people*ideas)
	}
}

// TestNewConnectionsArePerAddress: one address may open only so many
// connections at once; beyond that the upgrade is refused (HTTP 429 with
// Retry-After), so that a client refused for another limit cannot come
// straight back again and again. Another address is served.
func TestNewConnectionsArePerAddress(t *testing.T) {
	t.Parallel()
	h := startTestHost(t, HostConfig{AddrLimits: AddrLimits{ConnBurst: 5, ConnRate: 0.001}})
	for range 5 {
		c := dialRaw(t, h.URL())
		c.ws.Close()
	}
	_, resp, err := websocket.DefaultDialer.Dial(h.URL(), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a sixth connection: %v %+v, want HTTP 429 with Retry-After", err, resp)
	}
	other := dialRawFrom(t, h.URL(), "127.0.0.2")
	other.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Neighbour", Institution: "Y"})
	other.until(protocol.KindWelcome, "")
}

// TestRetryTimesStayBounded: the times a bucket gives refused takes are
// spread out, but never beyond the time it takes to fill, however many
// are refused (a flood must not push a neighbour's retry into the hours).
func TestRetryTimesStayBounded(t *testing.T) {
	now := time.Now()
	b := newBucket(50, 500, now)
	b.tokens = 0
	fill := 10 * time.Second
	var prev time.Duration
	spread := false
	for i := range 100000 {
		ok, wait := b.take(now)
		if ok || wait <= 0 || wait > fill {
			t.Fatalf("take %d: %v %v, want a refusal within %v", i, ok, wait, fill)
		}
		if i > 0 && wait != prev {
			spread = true
		}
		prev = wait
	}
	if !spread {
		t.Fatal("every refusal was given the same time")
	}
}
