package server

import (
	"crypto/tls"
	"fmt"

	"roundtable/protocol"
)

// loadTLS reads a certificate and its key (PEM files) for serving wss://,
// and returns the server's TLS configuration and the fingerprint of its
// certificate.
// LoadTLS loads a certificate and its key (PEM files): the TLS config
// and the certificate's SHA-256 fingerprint.
func LoadTLS(certFile, keyFile string) (*tls.Config, string, error) {
	return loadTLS(certFile, keyFile)
}

func loadTLS(certFile, keyFile string) (*tls.Config, string, error) {
	if certFile == "" || keyFile == "" {
		return nil, "", fmt.Errorf("TLS needs both a certificate (--tls-cert) and its key (--tls-key)")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, "", fmt.Errorf("loading the TLS certificate %s and key %s: %w", certFile, keyFile, err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	return cfg, protocol.CertFingerprint(cert.Certificate[0]), nil
}
