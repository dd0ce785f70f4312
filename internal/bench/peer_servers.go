package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The two servers of the peer benchmark: each runs as its own process (so
// that its resident set is its own), on 127.0.0.1 and a free port, and
// offers the same three things: a dialect for the shared client, a
// publication that every subscriber receives, and its process id.

// Server names in peer results.
const (
	peerRoundtable = "roundtable"
	peerCentrifugo = "centrifugo"
)

// CentrifugoVersion is the Centrifugo the peer benchmark builds.
const CentrifugoVersion = "v6.9.1"

// peerServer is one server under test, started for one round.
type peerServer interface {
	dialect() *peerDialect
	pid() int
	// publish sends one publication carrying mark to every subscriber;
	// the caller stamps the time just before it.
	publish(ctx context.Context, mark int) error
	stop() error
}

// rtPeer is `roundtable host --headless` at its shipped settings, and a
// facilitator on the same raw client whose commands are the publications.
type rtPeer struct {
	host *soakHost
	dir  string
	fac  *peerConn
}

func startRoundtablePeer(ctx context.Context, bin string) (*rtPeer, error) {
	dir, err := os.MkdirTemp("", "roundtable-peer-")
	if err != nil {
		return nil, err
	}
	h, err := startSoakHost(ctx, bin, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &rtPeer{host: h, dir: dir}, nil
}

// rtHello is a new participant's hello: a name, an institution, the code.
func rtHello(code string, i int) []byte {
	return fmt.Appendf(nil, `{"t":"hello","v":1,"code":%q,"name":"peer %d","institution":"Bench"}`, code, i)
}

// rtWelcomed accepts a welcome and fails on an error frame.
func rtWelcomed(frame []byte) (bool, error) {
	switch {
	case bytes.HasPrefix(frame, welcomePrefix):
		return true, nil
	case bytes.HasPrefix(frame, replyKinds[2]):
		return false, fmt.Errorf("refused: %s", frame[:min(len(frame), 200)])
	}
	return false, nil
}

func (p *rtPeer) dialect() *peerDialect {
	code := p.host.code
	return &peerDialect{url: p.host.url, steps: []peerStep{{send: func(i int) []byte { return rtHello(code, i) }, done: rtWelcomed}}}
}

// connectFacilitator opens the facilitator's session (from 127.0.0.1,
// its mark stamps not counted).
func (p *rtPeer) connectFacilitator(ctx context.Context, m *peerMarks) error {
	tok := p.host.token
	d := &peerDialect{url: p.host.url, steps: []peerStep{{
		send: func(int) []byte { return fmt.Appendf(nil, `{"t":"hello","v":1,"token":%q}`, tok) },
		done: rtWelcomed,
	}}}
	c, err := dialPeer(ctx, d, -1, 0, m)
	if err != nil {
		return fmt.Errorf("facilitator: %w", err)
	}
	select {
	case err = <-c.ready:
	case <-time.After(time.Minute):
		err = errors.New("no welcome within a minute")
	}
	if err != nil {
		c.close()
		return fmt.Errorf("facilitator: %w", err)
	}
	p.fac = c
	return nil
}

func (p *rtPeer) pid() int { return p.host.cmd.Process.Pid }

// publish renames the session: one facilitator command whose event every
// participant receives after the durable commit.
func (p *rtPeer) publish(_ context.Context, mark int) error {
	return p.fac.write(fmt.Appendf(nil, `{"t":"cmd","op":"pmk%d","cmd":{"type":"update_settings","title":"pmk-%d"}}`, mark, mark))
}

func (p *rtPeer) stop() error {
	if p.fac != nil {
		p.fac.close()
	}
	how := p.host.stop()
	os.RemoveAll(p.dir)
	if strings.HasPrefix(how, "killed") {
		return errors.New("roundtable host " + how)
	}
	return nil
}

// cfPeer is a Centrifugo process with the minimal configuration of
// centrifugoConfig.
type cfPeer struct {
	cmd    *exec.Cmd
	dir    string
	port   int
	apiKey string
	http   *http.Client
	exited chan struct{}
}

// centrifugoConfig is a minimal Centrifugo v6 configuration: the HTTP
// server on addr:port, anonymous clients that may subscribe to any channel
// without a token (client.insecure), the server API behind apiKey, and
// otherwise Centrifugo's defaults (no presence, no history, no join and
// leave messages: a plain broadcast).
func centrifugoConfig(addr string, port int, apiKey string) ([]byte, error) {
	type obj = map[string]any
	return json.MarshalIndent(obj{
		"log":         obj{"level": "error"},
		"http_server": obj{"address": addr, "port": port},
		"client":      obj{"insecure": true, "allowed_origins": []string{"*"}},
		"http_api":    obj{"key": apiKey},
	}, "", "  ")
}

// CentrifugoDir is where the peer benchmark keeps the Centrifugo it built:
// $XDG_CACHE_HOME/roundtable/peer/centrifugo-VERSION, or ~/.cache/….
func CentrifugoDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "roundtable", "peer", "centrifugo-"+CentrifugoVersion), nil
}

// BuildCentrifugo returns the path of the Centrifugo binary in dir,
// building it there with `go install` from the module proxy when absent.
func BuildCentrifugo(ctx context.Context, dir string, logf func(string, ...any)) (string, error) {
	bin := filepath.Join(dir, "centrifugo")
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	logf("peer: building Centrifugo %s into %s (go install; a few minutes)", CentrifugoVersion, dir)
	cmd := exec.CommandContext(ctx, "go", "install", "github.com/centrifugal/centrifugo/v6@"+CentrifugoVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building Centrifugo: %w: %s", err, tailOf(out))
	}
	return bin, nil
}

func tailOf(out []byte) string {
	s := strings.TrimSpace(string(out))
	return s[max(0, len(s)-500):]
}

// freePort returns a port on 127.0.0.1 that nothing listened on a moment
// ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startCentrifugoPeer(ctx context.Context, bin string) (*cfPeer, error) {
	dir, err := os.MkdirTemp("", "roundtable-peer-cf-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p := &cfPeer{dir: dir, port: port, apiKey: "peer-" + strconv.FormatInt(time.Now().UnixNano(), 36),
		http: &http.Client{Timeout: time.Minute}, exited: make(chan struct{})}
	cfg, err := centrifugoConfig("127.0.0.1", port, p.apiKey)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "config.json"), cfg, 0o600)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "centrifugo.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p.cmd = exec.Command(bin, "--config", filepath.Join(dir, "config.json"))
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.SysProcAttr = hostProcAttr()
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting Centrifugo: %w", err)
	}
	go func() {
		p.cmd.Wait()
		logFile.Close()
		close(p.exited)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err == nil {
			c.Close()
			return p, nil
		}
		select {
		case <-p.exited:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("centrifugo exited at start: %s", tail(filepath.Join(dir, "centrifugo.log")))
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, errors.New("centrifugo did not listen within 30 s")
		}
	}
}

// cfReply is the part of a Centrifugo reply the client looks at.
type cfReply struct {
	ID    uint32 `json:"id"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// cfReplied returns a step's test: the frame (one or more JSON lines)
// holds the reply with this id, and it is not an error.
func cfReplied(id uint32) func([]byte) (bool, error) {
	return func(frame []byte) (bool, error) {
		for line := range bytes.SplitSeq(frame, []byte("\n")) {
			var r cfReply
			if len(bytes.TrimSpace(line)) == 0 || json.Unmarshal(line, &r) != nil || r.ID != id {
				continue
			}
			if r.Error != nil {
				return false, fmt.Errorf("centrifugo error %d: %s", r.Error.Code, r.Error.Message)
			}
			return true, nil
		}
		return false, nil
	}
}

// cfPong answers Centrifugo's application ping (an empty object) with an
// empty command, as its SDKs do; it answers nothing else (an unasked pong
// is a protocol error).
func cfPong(frame []byte) []byte {
	if bytes.Equal(bytes.TrimSpace(frame), []byte("{}")) {
		return []byte("{}")
	}
	return nil
}

// peerChannel is the channel every Centrifugo subscriber joins.
const peerChannel = "room"

func (p *cfPeer) dialect() *peerDialect {
	return &peerDialect{
		url: fmt.Sprintf("ws://127.0.0.1:%d/connection/websocket", p.port),
		steps: []peerStep{
			{send: func(int) []byte { return []byte(`{"id":1,"connect":{}}`) }, done: cfReplied(1)},
			{send: func(int) []byte { return []byte(`{"id":2,"subscribe":{"channel":"` + peerChannel + `"}}`) }, done: cfReplied(2)},
		},
		pong: cfPong,
	}
}

func (p *cfPeer) pid() int { return p.cmd.Process.Pid }

// publish calls the server API's publish on the channel.
func (p *cfPeer) publish(ctx context.Context, mark int) error {
	body := fmt.Appendf(nil, `{"channel":%q,"data":{"m":"pmk-%d"}}`, peerChannel, mark)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/api/publish", p.port), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", p.apiKey)
	resp, err := p.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || bytes.Contains(reply, []byte(`"error"`)) {
		return fmt.Errorf("centrifugo publish: %s %s", resp.Status, reply)
	}
	return nil
}

func (p *cfPeer) stop() error {
	defer os.RemoveAll(p.dir)
	select {
	case <-p.exited:
		return errors.New("centrifugo had exited: " + tail(filepath.Join(p.dir, "centrifugo.log")))
	default:
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
		return nil
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		return errors.New("centrifugo killed: not stopped 15 s after an interrupt")
	}
}
