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
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/huh/v2"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

func TestParseJoin(t *testing.T) {
	tests := map[string]struct {
		args    []string
		want    tui.JoinAnswers
		wantErr bool
	}{
		"nothing":           {args: nil},
		"address only":      {args: []string{"10.0.0.5:7777"}, want: tui.JoinAnswers{Host: "10.0.0.5:7777"}},
		"flags first":       {args: []string{"--code", "K7Q2M", "--name", "Aysel", "ws://10.0.0.5:7777"}, want: tui.JoinAnswers{Host: "ws://10.0.0.5:7777", Code: "K7Q2M", Name: "Aysel"}},
		"flags after":       {args: []string{"10.0.0.5:7777", "--code", "K7Q2M", "--org", "İRİA"}, want: tui.JoinAnswers{Host: "10.0.0.5:7777", Code: "K7Q2M", Institution: "İRİA"}},
		"flags both sides":  {args: []string{"--name=Рашад", "10.0.0.5", "-code", "X1"}, want: tui.JoinAnswers{Host: "10.0.0.5", Code: "X1", Name: "Рашад"}},
		"two addresses":     {args: []string{"a:1", "b:2"}, wantErr: true},
		"unknown flag":      {args: []string{"--colour", "red"}, wantErr: true},
		"flag needs values": {args: []string{"a:1", "--code"}, wantErr: true},
		"pinned":            {args: []string{"wss://10.0.0.5:7777", "--fingerprint", strings.Repeat("ab:", 31) + "ab"}, want: tui.JoinAnswers{Host: "wss://10.0.0.5:7777"}},
		"bad fingerprint":   {args: []string{"wss://10.0.0.5:7777", "--fingerprint", "abc"}, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, _, err := parseJoin(tc.args, io.Discard)
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

// testJoiner is a joiner with a scripted form and an app that records who
// it joined as.
type testJoiner struct {
	joiner
	problems []string
	answers  []tui.JoinAnswers // what the form answers, in turn
	joinedAs []string
}

func newTestJoiner(t *testing.T, configPath string, interactive bool) *testJoiner {
	tj := &testJoiner{}
	tj.joiner = joiner{
		dial:        client.Dial,
		interactive: interactive,
		configPath:  configPath,
		stdin:       strings.NewReader(""),
		stdout:      &bytes.Buffer{},
		stderr:      &bytes.Buffer{},
		now:         time.Now,
	}
	tj.ask = func(_ context.Context, a tui.JoinAnswers, problem string, _ io.Reader, _ io.Writer) (tui.JoinAnswers, error) {
		tj.problems = append(tj.problems, problem)
		if len(tj.answers) == 0 {
			return a, huh.ErrUserAborted
		}
		next := tj.answers[0]
		tj.answers = tj.answers[1:]
		return next, nil
	}
	tj.app = func(_ context.Context, c *client.Client, _ io.Reader, _ io.Writer) error {
		id, role := c.Me()
		if role != session.RoleParticipant {
			t.Errorf("joined as %s", role)
		}
		tj.joinedAs = append(tj.joinedAs, id)
		return nil
	}
	return tj
}

func TestJoinRetriesAfterWrongCodeAndResumes(t *testing.T) {
	h := startHub(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(h.URL(), "ws://"), "/ws")
	cfgPath := filepath.Join(t.TempDir(), "roundtable", "join.json")
	good := tui.JoinAnswers{Host: addr, Code: "K7Q2M", Name: "Aysel Məmmədova", Institution: "İqtisadiyyat Nazirliyi"}
	wrong := good
	wrong.Code = "WRONG"

	tj := newTestJoiner(t, cfgPath, true)
	tj.answers = []tui.JoinAnswers{good}
	if err := tj.run(context.Background(), wrong); err != nil {
		t.Fatalf("join: %v", err)
	}
	if len(tj.problems) != 1 || !strings.Contains(tj.problems[0], `"WRONG" was not accepted`) {
		t.Fatalf("the form was asked with problems %q", tj.problems)
	}
	if len(tj.joinedAs) != 1 || tj.joinedAs[0] == "" {
		t.Fatalf("joined as %q", tj.joinedAs)
	}

	// a laptop restart: nothing given on the command line; the form comes
	// prefilled with the last answers and the saved token brings back the
	// same participant
	again := newTestJoiner(t, cfgPath, true)
	var prefilled tui.JoinAnswers
	again.ask = func(_ context.Context, a tui.JoinAnswers, problem string, _ io.Reader, _ io.Writer) (tui.JoinAnswers, error) {
		prefilled = a
		return a, nil
	}
	if err := again.run(context.Background(), tui.JoinAnswers{}); err != nil {
		t.Fatalf("rejoin: %v", err)
	}
	if prefilled != good {
		t.Errorf("the form was prefilled with %+v, want %+v", prefilled, good)
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
		given tui.JoinAnswers
		want  string
	}{
		"unreachable":     {tui.JoinAnswers{Host: "127.0.0.1:1", Code: "K7Q2M", Name: "A", Institution: "B"}, "Cannot reach 127.0.0.1:1"},
		"missing answers": {tui.JoinAnswers{Host: "127.0.0.1:1"}, "--code, --name and --org"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tj := newTestJoiner(t, filepath.Join(t.TempDir(), "join.json"), false)
			err := tj.run(context.Background(), tc.given)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
			if len(tj.problems) != 0 || len(tj.joinedAs) != 0 {
				t.Errorf("asked %q, joined %q", tj.problems, tj.joinedAs)
			}
		})
	}
}

func TestJoinGivingUpIsNotAnError(t *testing.T) {
	tj := newTestJoiner(t, filepath.Join(t.TempDir(), "join.json"), true)
	err := tj.run(context.Background(), tui.JoinAnswers{Host: "127.0.0.1:1"})
	if err != nil {
		t.Fatalf("closing the form gave %v", err)
	}
	if len(tj.problems) != 1 || tj.problems[0] != "" {
		t.Errorf("asked with problems %q", tj.problems)
	}
	if errors.Is(err, huh.ErrUserAborted) {
		t.Error("the abort leaked out")
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
			a, trust, err := parseJoin([]string{"wss://" + addr, "--code", "K7Q2M", "--name", "Aysel", "--org", "İRİA", "--fingerprint", tc.fingerprint}, io.Discard)
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
