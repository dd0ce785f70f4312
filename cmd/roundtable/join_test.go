package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"

	"roundtable/internal/vtscreen"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui/join"
)

func TestParseJoin(t *testing.T) {
	tests := map[string]struct {
		args    []string
		want    join.Answers
		wantErr bool
	}{
		"nothing":           {args: nil},
		"address only":      {args: []string{"10.0.0.5:7777"}, want: join.Answers{Host: "10.0.0.5:7777"}},
		"flags first":       {args: []string{"--code", "K7Q2M", "--name", "Aysel", "ws://10.0.0.5:7777"}, want: join.Answers{Host: "ws://10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel"}},
		"flags after":       {args: []string{"10.0.0.5:7777", "--code", "K7Q2M", "--org", "İRİA"}, want: join.Answers{Host: "10.0.0.5:7777", Code: "K7Q2M", Institution: "İRİA"}},
		"flags both sides":  {args: []string{"--name=Рашад", "10.0.0.5", "-code", "X1"}, want: join.Answers{Host: "10.0.0.5", Code: "X1", Name: "Рашад"}},
		"two addresses":     {args: []string{"a:1", "b:2"}, wantErr: true},
		"language":          {args: []string{"--lang", "ru", "10.0.0.5"}, want: join.Answers{Host: "10.0.0.5", Lang: "ru"}},
		"unknown flag":      {args: []string{"--colour", "red"}, wantErr: true},
		"flag needs values": {args: []string{"a:1", "--code"}, wantErr: true},
		"pinned":            {args: []string{"wss://10.0.0.5:7777", "--fingerprint", strings.Repeat("ab:", 31) + "ab"}, want: join.Answers{Host: "wss://10.0.0.5:7777"}},
		"bad fingerprint":   {args: []string{"wss://10.0.0.5:7777", "--fingerprint", "abc"}, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, _, err := parseJoin(tc.args, nil, io.Discard)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !tc.wantErr && got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// startHub runs a real hub on loopback for the join flow.
func startHub(t *testing.T) *server.Host {
	t.Helper()
	h, err := server.StartHost(context.Background(), server.HostConfig{
		Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "rt.db"), Code: "K7Q2M", Title: "Join test",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// testJoiner is a joiner whose flow runs in a real program on a terminal
// emulator the test reads and types into; the flow leaves the app as soon
// as it has joined, recording as whom.
type testJoiner struct {
	joiner
	t        *testing.T
	keys     *io.PipeWriter
	mu       sync.Mutex // guards emu, sawForm and joinedAs
	emu      *vt.Emulator
	sawForm  bool                 // a form was drawn
	joinedAs []string             // participant ids, one per join
	script   func(tj *testJoiner) // answers the forms, on a goroutine of its own; nil: none
	done     chan struct{}        // closed when the program has ended
}

func newTestJoiner(t *testing.T, configPath string, interactive bool) *testJoiner {
	tj := &testJoiner{t: t, emu: vt.NewEmulator(100, 30)}
	in, keys := io.Pipe()
	tj.keys = keys
	t.Cleanup(func() { keys.Close() })
	// The terminal's answers to queries reach the program's input through a
	// buffer: a program that writes several queries before it reads its
	// input must not find the emulator blocked on the pipe (emuWriter holds
	// the lock while the emulator answers), as a real terminal never is.
	answers := make(chan []byte, 1024)
	go func() {
		defer close(answers)
		buf := make([]byte, 4096)
		for {
			n, err := tj.emu.Read(buf)
			if n > 0 {
				answers <- bytes.Clone(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		for a := range answers {
			if _, err := keys.Write(a); err != nil {
				for range answers { // the program has gone: let the emulator go on
				}
				return
			}
		}
	}()
	tj.joiner = joiner{
		dial:        client.Dial,
		interactive: interactive,
		configPath:  configPath,
		stdin:       in,
		stdout:      emuWriter{tj},
		stderr:      &bytes.Buffer{},
		now:         time.Now,
	}
	tj.program = func(ctx context.Context, m tea.Model, in io.Reader, out io.Writer) error {
		tj.done = make(chan struct{})
		scripted := make(chan struct{})
		go func() {
			defer close(scripted)
			if tj.script != nil {
				tj.script(tj)
			}
		}()
		p := tea.NewProgram(&leaveWhenJoined{tj: tj, flow: m.(*join.Model)}, tea.WithContext(ctx),
			tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(100, 30))
		_, err := p.Run()
		close(tj.done)
		<-scripted
		return err
	}
	return tj
}

// emuWriter feeds the program's output to the emulator.
type emuWriter struct{ tj *testJoiner }

func (w emuWriter) Write(p []byte) (int, error) {
	w.tj.mu.Lock()
	defer w.tj.mu.Unlock()
	// a terminal's line discipline would turn each newline into CR LF
	if _, err := w.tj.emu.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// leaveWhenJoined runs the join flow and quits once the participant app
// has started, as a participant pressing q at once would.
type leaveWhenJoined struct {
	tj   *testJoiner
	flow *join.Model
	left bool // messages may still come between tea.Quit and the end
}

func (l *leaveWhenJoined) Init() tea.Cmd { return l.flow.Init() }

func (l *leaveWhenJoined) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if l.left {
		return l, nil
	}
	_, cmd := l.flow.Update(msg)
	if c := l.flow.Client(); c != nil {
		l.left = true
		id, role := c.Me()
		if role != session.RoleParticipant {
			l.tj.t.Errorf("joined as %s", role)
		}
		l.tj.mu.Lock()
		l.tj.joinedAs = append(l.tj.joinedAs, id)
		l.tj.mu.Unlock()
		return l, tea.Quit
	}
	return l, cmd
}

func (l *leaveWhenJoined) View() tea.View {
	v := l.flow.View()
	if strings.Contains(v.Content, "Join code") {
		l.tj.mu.Lock()
		l.tj.sawForm = true
		l.tj.mu.Unlock()
	}
	return v
}

// screen returns the emulator's screen as text.
func (tj *testJoiner) screen() string {
	tj.mu.Lock()
	defer tj.mu.Unlock()
	return vtscreen.Text(tj.emu)
}

// wait waits until the screen satisfies cond, and returns it.
func (tj *testJoiner) wait(what string, cond func(string) bool) string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tj.screen()
		if cond(s) {
			return s
		}
		select {
		case <-tj.done:
			tj.t.Errorf("the flow ended while waiting for %s; screen:\n%s", what, s)
			return s
		default:
		}
		if time.Now().After(deadline) {
			tj.t.Errorf("waiting for %s; screen:\n%s", what, s)
			tj.keys.Write([]byte("\x03")) // ctrl+c: give up
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// see waits until text is on the screen.
func (tj *testJoiner) see(text string) string {
	return tj.wait(strconv.Quote(text), func(s string) bool { return strings.Contains(s, text) })
}

// focused waits until the form's field titled title has the focus bar.
func (tj *testJoiner) focused(title string) {
	tj.wait("focus on "+title, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, title) && strings.Contains(l, "┃") {
				return true
			}
		}
		return false
	})
}

func (tj *testJoiner) typ(s string) { tj.keys.Write([]byte(s)) }

// submit passes every field of the join form as it stands.
func (tj *testJoiner) submit() {
	for _, f := range []string{"Address of the session", "Join code", "Your name", "Your institution"} {
		tj.focused(f)
		tj.typ("\r")
	}
}

func TestJoinRetriesAfterWrongCodeAndResumes(t *testing.T) {
	h := startHub(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(h.URL(), "ws://"), "/ws")
	cfgPath := filepath.Join(t.TempDir(), "roundtable", "join.json")
	good := join.Answers{Host: addr, Code: "K7Q2M", Name: "Aysel Məmmədova", Institution: "İqtisadiyyat Nazirliyi"}
	wrong := good
	wrong.Code = "WRONG"

	// the form comes back with the reason; the code is typed again
	tj := newTestJoiner(t, cfgPath, true)
	tj.script = func(tj *testJoiner) {
		tj.see(`"WRONG" was not accepted`)
		tj.focused("Address of the session")
		tj.typ("\t")
		tj.focused("Join code")
		tj.typ("\x15K7Q2M") // ctrl+u clears the field
		tj.see("K7Q2M")
		tj.typ("\r")
		tj.focused("Your name")
		tj.typ("\r")
		tj.focused("Your institution")
		tj.typ("\r")
	}
	if err := tj.run(context.Background(), wrong); err != nil {
		t.Fatalf("join: %v", err)
	}
	if len(tj.joinedAs) != 1 || tj.joinedAs[0] == "" {
		t.Fatalf("joined as %q", tj.joinedAs)
	}

	// a laptop restart: nothing given on the command line; the form comes
	// prefilled with the last answers and the saved token brings back the
	// same participant
	again := newTestJoiner(t, cfgPath, true)
	again.script = func(tj *testJoiner) {
		s := tj.see("Join a Roundtable session")
		for _, want := range []string{good.Host, good.Code, good.Name, good.Institution} {
			if !strings.Contains(s, want) {
				t.Errorf("the form is not prefilled with %q:\n%s", want, s)
			}
		}
		tj.submit()
	}
	if err := again.run(context.Background(), join.Answers{}); err != nil {
		t.Fatalf("rejoin: %v", err)
	}
	if len(again.joinedAs) != 1 || again.joinedAs[0] != tj.joinedAs[0] {
		t.Errorf("rejoined as %q, want the same participant %q", again.joinedAs, tj.joinedAs[0])
	}

	// someone else on the same laptop is a new participant
	other := newTestJoiner(t, cfgPath, false)
	leyla := good
	leyla.Name = "Leyla Həsənli"
	if err := other.run(context.Background(), leyla); err != nil {
		t.Fatalf("second person: %v", err)
	}
	if len(other.joinedAs) != 1 || other.joinedAs[0] == tj.joinedAs[0] {
		t.Errorf("a second person joined as %q, the first was %q", other.joinedAs, tj.joinedAs[0])
	}
}

func TestJoinWithoutATerminal(t *testing.T) {
	tests := map[string]struct {
		given join.Answers
		want  string
	}{
		"unreachable":     {join.Answers{Host: "127.0.0.1:1", Code: "K7Q2M", Name: "A", Institution: "B"}, "Cannot reach 127.0.0.1:1"},
		"missing answers": {join.Answers{Host: "127.0.0.1:1"}, "--code, --name and --org"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tj := newTestJoiner(t, filepath.Join(t.TempDir(), "join.json"), false)
			err := tj.run(context.Background(), tc.given)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
			if tj.sawForm || len(tj.joinedAs) != 0 {
				t.Errorf("asked %v, joined %q", tj.sawForm, tj.joinedAs)
			}
		})
	}
}

func TestJoinGivingUpIsNotAnError(t *testing.T) {
	tj := newTestJoiner(t, filepath.Join(t.TempDir(), "join.json"), true)
	tj.script = func(tj *testJoiner) {
		s := tj.see("Join a Roundtable session")
		if strings.Contains(s, "Could not join") {
			t.Errorf("the first form shows a problem:\n%s", s)
		}
		tj.focused("Address of the session")
		tj.typ("\x03") // ctrl+c
	}
	err := tj.run(context.Background(), join.Answers{Host: "127.0.0.1:1"})
	if err != nil {
		t.Fatalf("closing the form gave %v", err)
	}
	if !tj.sawForm || len(tj.joinedAs) != 0 {
		t.Errorf("asked %v, joined %q", tj.sawForm, tj.joinedAs)
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key
// into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "roundtable test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// TestJoinPinsTheFingerprintTheHostPrinted: `roundtable join wss://…
// --fingerprint F` joins a host with a self-signed certificate, and a
// wrong fingerprint is refused with a plain message, never joined.
func TestJoinPinsTheFingerprintTheHostPrinted(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	h, err := server.StartHost(context.Background(), server.HostConfig{
		Addr: "127.0.0.1:0", DB: filepath.Join(dir, "rt.db"), Code: "K7Q2M", Title: "TLS", TLSCert: cert, TLSKey: key,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	if h.Fingerprint == "" || !strings.HasPrefix(h.URL(), "wss://") {
		t.Fatalf("host fingerprint %q, url %q", h.Fingerprint, h.URL())
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(h.URL(), "wss://"), "/ws")
	wrongFP := strings.Repeat("0", 64)
	tests := map[string]struct {
		fingerprint string
		joins       bool
	}{
		"printed fingerprint": {fingerprint: h.Fingerprint, joins: true},
		"wrong fingerprint":   {fingerprint: wrongFP, joins: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, trust, err := parseJoin([]string{"wss://" + addr, "--code", "K7Q2M", "--name", "Aysel", "--org", "İRİA", "--fingerprint", tc.fingerprint}, nil, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			tj := newTestJoiner(t, "", false)
			tj.trust = trust
			err = tj.run(context.Background(), a)
			if tc.joins {
				if err != nil || len(tj.joinedAs) != 1 {
					t.Fatalf("pinned join: err %v, joined %q", err, tj.joinedAs)
				}
				return
			}
			if err == nil || len(tj.joinedAs) != 0 {
				t.Fatalf("a wrong fingerprint joined (err %v, joined %q)", err, tj.joinedAs)
			}
			if !strings.Contains(err.Error(), "certificate") || !strings.Contains(err.Error(), "Do not go on") {
				t.Errorf("the refusal does not say why: %v", err)
			}
		})
	}
}
