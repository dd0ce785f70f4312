package server

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// dialRawFrom connects from a given loopback address (127.0.0.2 is another
// "machine" to the hub's per-address limits). It skips the test where that
// address cannot be used.
func dialRawFrom(t *testing.T, url, local string) *rawClient {
	t.Helper()
	d := websocket.Dialer{NetDialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}).DialContext}
	ws, _, err := d.Dial(url, nil)
	if err != nil {
		t.Skipf("cannot dial from %s here: %v", local, err)
	}
	t.Cleanup(func() { ws.Close() })
	return &rawClient{t: t, ws: ws}
}

// refused sends hello and expects an error frame with code, then close.
func refused(t *testing.T, c *rawClient, h protocol.Hello, code string, closeCode int) {
	t.Helper()
	h.T, h.V = protocol.KindHello, protocol.Version
	c.send(h)
	if f := c.read(); f.T != protocol.KindError || f.Code != code || f.Message == "" {
		t.Fatalf("hello %+v: got %s %s %q, want error %s", h, f.T, f.Code, f.Message, code)
	}
	if got := c.closeCode(); got != closeCode {
		t.Fatalf("hello %+v: close %d, want %d", h, got, closeCode)
	}
}

// TestSecretGuessingIsLimitedPerAddress: wrong join codes, facilitator
// tokens and resume tokens all count as failed joins of the address; after
// 10 in a minute even the right code is refused (ELIMIT, 4429) from that
// address, while another address joins normally. The facilitator's token
// and a returning participant's resume token still get in from the
// blocked address (the console and returning participants share it with
// the guesser), and a wrong one gets the same refusal as a guess.
func TestSecretGuessingIsLimitedPerAddress(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	first := dialRaw(t, h.URL())
	first.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Early", Institution: "X"})
	resume := first.until(protocol.KindWelcome, "").Resume
	if resume == "" {
		t.Fatal("no resume token in the first welcome")
	}
	guesses := []protocol.Hello{
		{Code: "WRONG1", Name: "Guess", Institution: "X"},
		{Token: "not-the-token"},
		{Code: h.Code, Resume: "made-up-resume-token"},
	}
	for i := range 10 {
		refused(t, dialRaw(t, h.URL()), guesses[i%len(guesses)], session.EFORBIDDEN, protocol.CloseUnauthorized)
	}
	refused(t, dialRaw(t, h.URL()), protocol.Hello{Code: h.Code, Name: "Late", Institution: "X"}, session.ELIMIT, protocol.CloseRateLimited)
	refused(t, dialRaw(t, h.URL()), protocol.Hello{Token: "still-not-the-token"}, session.ELIMIT, protocol.CloseRateLimited)
	refused(t, dialRaw(t, h.URL()), protocol.Hello{Code: h.Code, Resume: "still-made-up"}, session.ELIMIT, protocol.CloseRateLimited)
	refused(t, dialRaw(t, h.URL()), protocol.Hello{Code: "WRONG2", Resume: resume}, session.ELIMIT, protocol.CloseRateLimited)

	fac := dialRaw(t, h.URL())
	fac.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Token: testToken})
	if w := fac.until(protocol.KindWelcome, ""); w.Role != string(session.RoleFacilitator) {
		t.Fatalf("the facilitator's token from the blocked address: welcomed as %q", w.Role)
	}
	back := dialRaw(t, h.URL())
	back.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: resume})
	if w := back.until(protocol.KindWelcome, ""); w.Role != string(session.RoleParticipant) || w.You == "" {
		t.Fatalf("a returning participant from the blocked address: welcomed as %q %q", w.Role, w.You)
	}

	other := dialRawFrom(t, h.URL(), "127.0.0.2")
	other.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Neighbour", Institution: "Y"})
	if w := other.until(protocol.KindWelcome, ""); w.You == "" {
		t.Fatal("another address could not join while the guesser was limited")
	}
}

// facilitatorOnly are the commands only the facilitator may send, with
// arguments that would otherwise be valid.
func facilitatorOnly(item string) map[string]session.Command {
	title, budget := "Taken over", 50
	return map[string]session.Command{
		"update_settings": {Type: session.CmdUpdateSettings, Title: &title, VoteBudget: &budget},
		"add_topic":       {Type: session.CmdAddTopic, Name: "Hijack"},
		"rename_topic":    {Type: session.CmdRenameTopic, Topic: "t1", Name: "Renamed"},
		"remove_topic":    {Type: session.CmdRemoveTopic, Topic: "t4"},
		"set_phase":       {Type: session.CmdSetPhase, Phase: session.PhaseClosed},
		"hide_idea":       {Type: session.CmdHideIdea, Item: item},
		"show_idea":       {Type: session.CmdShowIdea, Item: item},
		"move_idea":       {Type: session.CmdMoveIdea, Item: item, Topic: "t2"},
		"group_ideas":     {Type: session.CmdGroupIdeas, Ideas: []string{item}, Name: "Mine"},
		"ungroup_idea":    {Type: session.CmdUngroupIdea, Item: item},
		"rename_group":    {Type: session.CmdRenameGroup, Item: item, Name: "Mine"},
		"dissolve_group":  {Type: session.CmdDissolveGroup, Item: item},
		"reveal_votes":    {Type: session.CmdRevealVotes},
		"hide_votes":      {Type: session.CmdHideVotes},
		"close_voting":    {Type: session.CmdCloseVoting},
		"open_voting":     {Type: session.CmdOpenVoting},
		"focus":           {Type: session.CmdFocus, Item: item},
		"note":            {Type: session.CmdNote, Item: item, Notes: "mine", Decision: "mine"},
		"place":           {Type: session.CmdPlace, Item: item, Horizon: "Now"},
		"unplace":         {Type: session.CmdUnplace, Item: item},
		"timer":           {Type: session.CmdTimer, Action: "start", Seconds: 60},
		"join":            {Type: session.CmdJoin, Name: "Sneaky", Institution: "X"},
		"create_session":  {Type: session.CmdCreateSession},
	}
}

// TestParticipantsAndObserversCannotSteer: every facilitator command from a
// participant, and any command from an observer, is refused and changes
// nothing.
func TestParticipantsAndObserversCannotSteer(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	fac.send(cmd("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "f1")
	p, _ := joinRaw(t, h, "Mallory", "Agency")
	p.send(cmd("mine", session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "My own idea"}))
	item := p.until(protocol.KindEvent, "").Event.ID
	p.until(protocol.KindAck, "mine")
	wall := dialRaw(t, h.URL())
	wall.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Role: "observer"})
	wall.until(protocol.KindWelcome, "")

	var before string
	h.Room.Query(func(st *session.State) { before = jsonOf(t, st) })
	commands := facilitatorOnly(item)
	commands["observer post_idea"] = session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "From the wall"}
	commands["observer mark_done"] = session.Command{Type: session.CmdMarkDone}
	for name, c := range commands {
		t.Run(name, func(t *testing.T) {
			who, want := p, []string{session.EFORBIDDEN, session.EINVALID}
			if strings.HasPrefix(name, "observer") {
				who, want = wall, []string{session.EFORBIDDEN}
			}
			op := "x-" + strings.ReplaceAll(name, " ", "-")
			who.send(cmd(op, c))
			f := who.until(protocol.KindNack, op)
			if !slices.Contains(want, f.Code) || f.Message == "" {
				t.Fatalf("%s answered %s %q, want one of %v with a message", name, f.Code, f.Message, want)
			}
		})
	}
	var after string
	h.Room.Query(func(st *session.State) { after = jsonOf(t, st) })
	if after != before {
		t.Fatalf("refused commands changed the session:\n%s", firstDiff(after, before))
	}
}

// TestResumeTokensCannotBeMisused: a participant's resume token is not a
// facilitator token, a facilitator token is not a resume token, a token of
// one session opens nothing in another, and no secret is ever sent to
// anyone or stored in the clear.
func TestResumeTokensCannotBeMisused(t *testing.T) {
	const tokenA = "facilitator-token-of-session-a"
	dbA := filepath.Join(t.TempDir(), "a.db")
	a := startTestHost(t, HostConfig{DB: dbA, Code: "ALPHA1", FacilitatorHash: HashToken(tokenA)})
	b := startTestHost(t, HostConfig{Code: "BRAVO2"})
	p, w := joinRaw(t, a, "Aysel", "IRIA")
	token := w.Resume
	if token == "" || w.You == "" {
		t.Fatalf("first welcome without resume token or id: %+v", w)
	}
	p.ws.Close()

	tests := map[string]struct {
		host  *Host
		hello protocol.Hello
	}{
		"resume token as facilitator token":    {a, protocol.Hello{Token: token}},
		"facilitator token as resume token":    {a, protocol.Hello{Code: a.Code, Resume: tokenA}},
		"resume token in another session":      {b, protocol.Hello{Code: b.Code, Resume: token}},
		"resume token with another code":       {b, protocol.Hello{Code: a.Code, Resume: token}},
		"facilitator token of another session": {b, protocol.Hello{Token: tokenA}},
		"resume token, one character changed":  {a, protocol.Hello{Code: a.Code, Resume: token[:len(token)-1] + string(rune('a'+(token[len(token)-1]-'a'+1)%26))}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			refused(t, dialRawFrom(t, tc.host.URL(), fmt.Sprintf("127.0.0.%d", 10+len(name)%200)), tc.hello, session.EFORBIDDEN, protocol.CloseUnauthorized)
		})
	}

	// The right token comes back as the same participant, whatever name it
	// claims, and sees no secret.
	again := dialRaw(t, a.URL())
	again.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: a.Code, Resume: token, Name: "Someone Else", Institution: "Elsewhere"})
	w2 := again.until(protocol.KindWelcome, "")
	if w2.You != w.You || w2.Resume != "" {
		t.Fatalf("resumed as %q (resume %q), want %q and no new token", w2.You, w2.Resume, w.You)
	}
	for _, secret := range []string{token, HashToken(token), tokenA, HashToken(tokenA), "token_hash"} {
		if bytes.Contains(w2.Raw, []byte(secret)) {
			t.Fatalf("a welcome carries the secret %q", secret)
		}
	}
	// Only hashes reach the disk.
	a.Close()
	for _, f := range []string{dbA, dbA + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, secret := range []string{token, tokenA} {
			if bytes.Contains(data, []byte(secret)) {
				t.Fatalf("%s holds the secret %q in the clear", filepath.Base(f), secret)
			}
		}
	}
}

// TestFloodIsLimitedAndOthersAreUnaffected: a client sending commands as
// fast as it can gets retryable ELIMIT nacks, then an error and close 4429;
// it reconnects and floods again, six times. Meanwhile a participant on
// another address sends commands one after another: every one is
// acknowledged, none refused, in order, and all of them are stored. (How
// fast is for the bench: this asserts only what happens, so that it holds
// on a busy machine.)
func TestFloodIsLimitedAndOthersAreUnaffected(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	fac := facilitatorRaw(t, h)
	fac.send(cmd("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}))
	fac.until(protocol.KindAck, "f1")
	bystander := dialRawFrom(t, h.URL(), "127.0.0.2")
	bystander.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: "Bystander", Institution: "Agency A"})
	bystander.until(protocol.KindWelcome, "")

	const floods = 6
	done := make(chan struct{})
	var retryable, closes int
	go func() {
		defer close(done)
		for k := range floods {
			flooder, _ := joinRaw(t, h, fmt.Sprintf("Flooder %d", k), "Agency F")
			var wg sync.WaitGroup
			wg.Go(func() {
				for i := range 2000 {
					if flooder.ws.WriteJSON(cmd(fmt.Sprintf("flood%d-%d", k, i), session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "spam"})) != nil {
						return
					}
				}
			})
			for {
				f, err := flooder.tryRead(30 * time.Second)
				if err != nil {
					if ce, ok := err.(*websocket.CloseError); ok && ce.Code == protocol.CloseRateLimited {
						closes++
					}
					break
				}
				if f.T == protocol.KindNack && f.Code == session.ELIMIT && bytes.Contains(f.Raw, []byte(`"retry_after_ms":`)) {
					retryable++
				}
			}
			flooder.ws.Close()
			wg.Wait()
		}
	}()

	// The bystander's commands, one after another while the floods go on
	// (and after, if they end first).
	var seqs []int64
	for i := range 20 {
		op := fmt.Sprintf("steady%d", i)
		bystander.send(cmd(op, session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "steady " + op}))
		f := bystander.until2(op)
		if f.T != protocol.KindAck {
			t.Fatalf("the bystander's %s was answered %s %s %s", op, f.T, f.Code, f.Message)
		}
		seqs = append(seqs, f.Seq)
	}
	<-done
	if retryable == 0 || closes != floods {
		t.Fatalf("the flooder got %d retryable nacks and %d closes with 4429 in %d floods; want nacks and a close each time", retryable, closes, floods)
	}
	if !slices.IsSorted(seqs) {
		t.Fatalf("the bystander's acks are out of order: %v", seqs)
	}
	var steady int
	h.Room.Query(func(st *session.State) {
		for _, idea := range st.Ideas {
			if strings.HasPrefix(idea.Text, "steady ") {
				steady++
			}
		}
	})
	if steady != 20 {
		t.Fatalf("%d of the bystander's 20 ideas are stored", steady)
	}
}

// until2 reads until the ack or nack of op.
func (c *rawClient) until2(op string) anyFrame {
	c.t.Helper()
	for {
		f := c.read()
		if (f.T == protocol.KindAck || f.T == protocol.KindNack) && f.Op == op {
			return f
		}
	}
}

// TestCrossOriginUpgradesAreRefused: a browser page from another origin
// cannot open the websocket unless the host allows that origin; native
// clients (no Origin) and the host's own origin can.
func TestCrossOriginUpgradesAreRefused(t *testing.T) {
	plain := startTestHost(t, HostConfig{})
	allowing := startTestHost(t, HostConfig{AllowedOrigins: []string{"https://workshop.example.org"}})
	tests := map[string]struct {
		host   *Host
		origin string // "" sends no Origin header
		self   bool   // the Origin is the host's own address
		want   int    // HTTP status of the upgrade
	}{
		"native client":                {host: plain, want: http.StatusSwitchingProtocols},
		"the host's own page":          {host: plain, self: true, want: http.StatusSwitchingProtocols},
		"another site":                 {host: plain, origin: "https://evil.example.com", want: http.StatusForbidden},
		"an opaque origin":             {host: plain, origin: "null", want: http.StatusForbidden},
		"a file:// page":               {host: plain, origin: "file://", want: http.StatusForbidden},
		"allowed site":                 {host: allowing, origin: "https://workshop.example.org", want: http.StatusSwitchingProtocols},
		"allowed site, trailing slash": {host: allowing, origin: "https://workshop.example.org/", want: http.StatusForbidden},
		"allowed site, other scheme":   {host: allowing, origin: "http://workshop.example.org", want: http.StatusForbidden},
		"allowed site as a subdomain":  {host: allowing, origin: "https://workshop.example.org.evil.com", want: http.StatusForbidden},
		"another site, allowing host":  {host: allowing, origin: "https://evil.example.com", want: http.StatusForbidden},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			hdr := http.Header{}
			origin := tc.origin
			if tc.self {
				origin = "http://" + strings.TrimPrefix(strings.TrimSuffix(tc.host.URL(), "/ws"), "ws://")
			}
			if origin != "" {
				hdr.Set("Origin", origin)
			}
			ws, resp, err := websocket.DefaultDialer.DialContext(context.Background(), tc.host.URL(), hdr)
			if ws != nil {
				ws.Close()
			}
			if resp == nil {
				t.Fatalf("no HTTP answer: %v", err)
			}
			if resp.StatusCode != tc.want {
				t.Fatalf("origin %q: status %d, want %d", origin, resp.StatusCode, tc.want)
			}
		})
	}
}

// TestHostileFrames: frames that break the protocol at the websocket level
// get an error frame or the right close code, and the hub keeps serving.
func TestHostileFrames(t *testing.T) {
	h := startTestHost(t, HostConfig{})
	tests := map[string]struct {
		send      func(c *rawClient)
		wantError string // code of an error frame first, if any
		wantClose int    // 0: the connection stays open
	}{
		"binary frame": {
			send:      func(c *rawClient) { c.ws.WriteMessage(websocket.BinaryMessage, []byte(`{"t":"cmd"}`)) },
			wantError: session.EINVALID,
		},
		"frame of 16,385 bytes": {
			send: func(c *rawClient) {
				c.sendRaw(append([]byte(`{"t":"cmd","x":"`), append(bytes.Repeat([]byte("a"), 16385-18), '"', '}')...))
			},
			wantError: session.EINVALID, wantClose: protocol.CloseBadFrame,
		},
		"frame over 64 KiB": {
			send:      func(c *rawClient) { c.sendRaw(bytes.Repeat([]byte("a"), 70000)) },
			wantClose: websocket.CloseMessageTooBig,
		},
		"JSON nested a million deep": {
			send:      func(c *rawClient) { c.sendRaw(bytes.Repeat([]byte("["), 16000)) },
			wantError: session.EINVALID,
		},
		"second hello": {
			send: func(c *rawClient) {
				c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Token: testToken})
			},
			wantError: session.EINVALID,
		},
		"command with a wrongly typed field": {
			send:      func(c *rawClient) { c.sendRaw([]byte(`{"t":"cmd","op":"w1","cmd":{"type":"vote","delta":"lots"}}`)) },
			wantError: session.EINVALID,
		},
		"op id of 65 characters": {
			send: func(c *rawClient) { c.send(cmd(strings.Repeat("o", 65), session.Command{Type: session.CmdMarkDone})) },
		},
		"ping": {
			send: func(c *rawClient) {
				c.ws.WriteControl(websocket.PingMessage, []byte("are you there"), time.Now().Add(time.Second))
			},
		},
		"unsolicited pong": {
			send: func(c *rawClient) {
				c.ws.WriteControl(websocket.PongMessage, []byte("hi"), time.Now().Add(time.Second))
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, _ := joinRaw(t, h, "Hostile", "Agency")
			pong := make(chan string, 1)
			c.ws.SetPongHandler(func(data string) error { pong <- data; return nil })
			tc.send(c)
			if tc.wantError != "" {
				f := c.until(protocol.KindError, "")
				if f.Code != tc.wantError || f.Message == "" {
					t.Fatalf("error %s %q, want %s with a message", f.Code, f.Message, tc.wantError)
				}
			}
			if tc.wantClose != 0 {
				if code := c.closeCode(); code != tc.wantClose {
					t.Fatalf("close %d, want %d", code, tc.wantClose)
				}
			} else {
				op := "alive-" + strings.ReplaceAll(name, " ", "-")
				c.send(cmd(op, session.Command{Type: session.CmdMarkDone}))
				if f := c.until2(op); f.T != protocol.KindAck {
					t.Fatalf("after %s the connection answers %s %s", name, f.T, f.Code)
				}
			}
			if name == "ping" {
				select {
				case data := <-pong:
					if data != "are you there" {
						t.Fatalf("pong carried %q", data)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("no pong to a ping")
				}
			}
		})
	}
	// The hub still serves everyone.
	c, w := joinRaw(t, h, "After", "Agency")
	if w.You == "" {
		t.Fatal("no welcome after the hostile frames")
	}
	c.ws.Close()
}
