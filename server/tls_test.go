package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// testPKI is a certificate authority and a host certificate it signed,
// made for one test and written to its temporary directory.
type testPKI struct {
	caFile, certFile, keyFile string
	leaf                      []byte // the host certificate, DER
}

func newTestPKI(t *testing.T, name string) testPKI {
	t.Helper()
	dir := t.TempDir()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "roundtable host"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leaf, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(file, kind string, der []byte) string {
		path := filepath.Join(dir, file)
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	return testPKI{
		caFile:   write("ca.pem", "CERTIFICATE", caDER),
		certFile: write("host.pem", "CERTIFICATE", leaf),
		keyFile:  write("host-key.pem", "EC PRIVATE KEY", keyDER),
		leaf:     leaf,
	}
}

// TestTLSServesWSSAndClientsVerifyOrPin: with --tls-cert and --tls-key the
// host serves wss:// and prints its certificate's fingerprint; a client
// connects when it trusts the CA or pins that fingerprint, and refuses, in
// plain words, a wrong pin or a certificate nobody it trusts signed.
func TestTLSServesWSSAndClientsVerifyOrPin(t *testing.T) {
	t.Parallel() // its own host; runs beside the other parallel tests
	pki := newTestPKI(t, "host")
	other := newTestPKI(t, "other")
	h := startTestHost(t, HostConfig{TLSCert: pki.certFile, TLSKey: pki.keyFile})
	if !strings.HasPrefix(h.URL(), "wss://") {
		t.Fatalf("URL %s is not wss://", h.URL())
	}
	if want := protocol.CertFingerprint(pki.leaf); h.Fingerprint != want || len(want) != 95 {
		t.Fatalf("fingerprint %q, want %q", h.Fingerprint, want)
	}
	wrongPin := protocol.CertFingerprint(other.leaf)
	tests := map[string]struct {
		cfg     client.Config
		wantErr string // "" when the join must succeed
	}{
		"trusts the CA":               {cfg: client.Config{CAFile: pki.caFile}},
		"pins the fingerprint":        {cfg: client.Config{Fingerprint: h.Fingerprint}},
		"pins it without colons":      {cfg: client.Config{Fingerprint: strings.ToLower(strings.ReplaceAll(h.Fingerprint, ":", ""))}},
		"trusts the CA and pins":      {cfg: client.Config{CAFile: pki.caFile, Fingerprint: h.Fingerprint}},
		"wrong pin":                   {cfg: client.Config{Fingerprint: wrongPin}, wantErr: "fingerprint is " + h.Fingerprint},
		"right CA, wrong pin":         {cfg: client.Config{CAFile: pki.caFile, Fingerprint: wrongPin}, wantErr: "not the " + wrongPin},
		"neither CA nor pin":          {cfg: client.Config{}, wantErr: "not signed by an authority"},
		"another CA":                  {cfg: client.Config{CAFile: other.caFile}, wantErr: "not signed by an authority"},
		"plain ws:// to the TLS host": {cfg: client.Config{URL: strings.Replace(h.URL(), "wss://", "ws://", 1)}, wantErr: "cannot reach"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := tc.cfg
			if cfg.URL == "" {
				cfg.URL = h.URL()
			}
			cfg.Code, cfg.Name, cfg.Institution = h.Code, "Secure "+name, "Agency"
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := client.Dial(ctx, cfg)
			if tc.wantErr != "" {
				if err == nil {
					c.Close()
					t.Fatalf("joined; want an error containing %q", tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %q does not say %q", err, tc.wantErr)
				}
				if !strings.HasPrefix(name, "plain") && !errors.Is(err, client.ErrCertificate) {
					t.Fatalf("error %v is not ErrCertificate", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("join over TLS: %v", err)
			}
			defer c.Close()
			tr := track(c)
			tr.must(t, session.Command{Type: session.CmdMarkDone})
		})
	}
}

// TestTLSNeedsCertAndKey: a certificate without its key (or a missing
// file) stops the host from starting, with a message naming the flag.
func TestTLSNeedsCertAndKey(t *testing.T) {
	pki := newTestPKI(t, "host")
	tests := map[string]struct {
		cert, key, want string
	}{
		"certificate only": {cert: pki.certFile, want: "--tls-key"},
		"key only":         {key: pki.keyFile, want: "--tls-cert"},
		"missing file":     {cert: pki.certFile, key: filepath.Join(t.TempDir(), "nope.pem"), want: "loading the TLS certificate"},
		"key of another":   {cert: pki.certFile, key: newTestPKI(t, "other").keyFile, want: "loading the TLS certificate"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := StartHost(context.Background(), HostConfig{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "rt.db"),
				TLSCert: tc.cert, TLSKey: tc.key})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("StartHost error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestPinnedClientNeverFallsBackToPlainText: a client told to check the
// host's certificate does not talk to a host without TLS.
func TestPinnedClientNeverFallsBackToPlainText(t *testing.T) {
	pki := newTestPKI(t, "host")
	h := startTestHost(t, HostConfig{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, client.Config{URL: h.URL(), Code: h.Code, Name: "Careful", Institution: "Agency", Fingerprint: protocol.CertFingerprint(pki.leaf)})
	if err == nil {
		c.Close()
		t.Fatal("a client with a pinned fingerprint joined a host without TLS")
	}
	if n := h.Room.Connections(); n != 0 {
		t.Fatalf("the plain host saw %d welcomed connections", n)
	}
}
