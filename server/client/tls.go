package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"roundtable/protocol"
)

// ErrCertificate is wrapped by the error Dial returns when the host's TLS
// certificate is refused: a fingerprint that does not match
// Config.Fingerprint, or a certificate no trusted authority signed. The
// client does not retry such a host. Test for it with errors.Is.
var ErrCertificate = errors.New("the host's certificate was refused")

// certError is a refused certificate, in words for the person joining.
type certError struct {
	msg   string
	cause error
}

func (e *certError) Error() string        { return e.msg }
func (e *certError) Unwrap() error        { return e.cause }
func (e *certError) Is(target error) bool { return target == ErrCertificate }

// tlsConfig builds the client's TLS settings from a CA file (PEM; the
// authorities to trust instead of the system's) and a pinned fingerprint.
// With a fingerprint alone, the host's certificate need not be signed by
// anyone: it must be exactly the one pinned. It returns nil when neither
// is given.
func tlsConfig(caFile, pin string) (*tls.Config, error) {
	if caFile == "" && pin == "" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("reading the CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("the CA file %s holds no PEM certificate", caFile)
		}
		cfg.RootCAs = pool
	}
	if pin == "" {
		return cfg, nil
	}
	want := protocol.NormalizeFingerprint(pin)
	if want == "" {
		return nil, fmt.Errorf("%q is not a SHA-256 fingerprint (64 hex digits, colons allowed)", pin)
	}
	if caFile == "" {
		// The pin is the trust: no authority has to vouch for the
		// certificate, so the usual chain check is replaced by the pin
		// check below.
		cfg.InsecureSkipVerify = true
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return &certError{msg: "the host sent no certificate"}
		}
		got := protocol.CertFingerprint(cs.PeerCertificates[0].Raw)
		if protocol.NormalizeFingerprint(got) != want {
			return &certError{msg: fmt.Sprintf("the host's certificate fingerprint is %s, not the %s you were given: "+
				"this may be another machine pretending to be the host; check the fingerprint on the facilitator's screen", got, pin)}
		}
		return nil
	}
	return cfg, nil
}

// certProblem explains a TLS handshake error about the certificate, or
// returns nil for other errors.
func certProblem(err error) error {
	var ce *certError
	if errors.As(err, &ce) {
		return ce
	}
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return &certError{msg: "the host's certificate is not signed by an authority this computer trusts; " +
			"ask the facilitator for the certificate's fingerprint to pin it, or for the CA file", cause: err}
	case errors.As(err, &host):
		return &certError{msg: fmt.Sprintf("the host's certificate is for another name (%v)", host), cause: err}
	case errors.As(err, &invalid), errors.As(err, &verify):
		return &certError{msg: fmt.Sprintf("the host's certificate is not valid: %v", err), cause: err}
	}
	return nil
}
