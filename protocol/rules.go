package protocol

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// The rules every front door shares (the websocket hub, the SSH server,
// the clients), kept here once.

// NormalizeCode makes a typed join code comparable: upper case, without
// spaces or dashes ("k7q2-m" is "K7Q2M").
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, strings.ToUpper(code))
}

// ValidCode reports whether a normalised code is fit to be a join code:
// 3 to 32 capital letters or digits.
func ValidCode(code string) bool {
	if len(code) < 3 || len(code) > 32 {
		return false
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

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

// NormalizeFingerprint makes a typed SHA-256 fingerprint comparable: lower
// case hex without colons, spaces or a "SHA256:" prefix. It returns ""
// unless that leaves 64 hex digits.
func NormalizeFingerprint(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "sha256:")
	s = strings.NewReplacer(":", "", " ", "", "-", "").Replace(s)
	if len(s) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(s); err != nil {
		return ""
	}
	return s
}
