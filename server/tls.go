package server

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"strings"
)

// CertFingerprint returns the SHA-256 fingerprint of a certificate (its
// DER bytes) as the host prints it and clients pin it: upper case hex
// pairs joined by colons, as `openssl x509 -fingerprint -sha256` shows.
func CertFingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// loadTLS reads a certificate and its key (PEM files) for serving wss://,
// and returns the server's TLS configuration and the fingerprint of its
// certificate.
func loadTLS(certFile, keyFile string) (*tls.Config, string, error) {
	if certFile == "" || keyFile == "" {
		return nil, "", fmt.Errorf("TLS needs both a certificate (--tls-cert) and its key (--tls-key)")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, "", fmt.Errorf("loading the TLS certificate %s and key %s: %w", certFile, keyFile, err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	return cfg, CertFingerprint(cert.Certificate[0]), nil
}
