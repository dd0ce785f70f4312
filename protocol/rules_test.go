package protocol

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNormalizeFingerprint(t *testing.T) {
	const hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	colons := strings.ToUpper(strings.Join(func() []string {
		var p []string
		for i := 0; i < len(hex); i += 2 {
			p = append(p, hex[i:i+2])
		}
		return p
	}(), ":"))
	tests := map[string]struct{ in, want string }{
		"as the host prints it": {colons, hex},
		"lower case, no colons": {hex, hex},
		"with a SHA256: prefix": {"SHA256:" + colons, hex},
		"spaces around":         {"  " + colons + "\n", hex},
		"too short":             {hex[:62], ""},
		"not hex":               {strings.Replace(hex, "a", "g", 1), ""},
		"empty":                 {"", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := NormalizeFingerprint(tc.in); got != tc.want {
				t.Fatalf("NormalizeFingerprint(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestCertFingerprintIsWhatNormalizeReads: the form the host prints is
// one the clients' pin accepts, for the same certificate.
func TestCertFingerprintIsWhatNormalizeReads(t *testing.T) {
	der := []byte("a certificate's DER bytes")
	sum := sha256.Sum256(der)
	printed := CertFingerprint(der)
	if len(printed) != 95 || strings.ToUpper(printed) != printed || strings.Count(printed, ":") != 31 {
		t.Fatalf("CertFingerprint = %q, want 32 upper-case hex pairs joined by colons", printed)
	}
	if got := NormalizeFingerprint(printed); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("NormalizeFingerprint(%q) = %q, want the SHA-256 in hex", printed, got)
	}
}

// TestNormalizeCode: what people type becomes the code on the projector.
func TestNormalizeCode(t *testing.T) {
	tests := map[string]struct {
		in, want string
		valid    bool
	}{
		"as shown":           {"K7Q2M", "K7Q2M", true},
		"lower case, dashes": {"k7q-2m", "K7Q2M", true},
		"spaces and tabs":    {" K7 Q2\tM\n", "K7Q2M", true},
		"too short":          {"ab", "AB", false},
		"too long":           {strings.Repeat("A", 33), strings.Repeat("A", 33), false},
		"not a letter":       {"K7Q2M!", "K7Q2M!", false},
		"Azerbaijani letter": {"ŞƏKİ1", "ŞƏKİ1", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := NormalizeCode(tc.in)
			if got != tc.want || ValidCode(got) != tc.valid {
				t.Fatalf("NormalizeCode(%q) = %q (valid %v), want %q (valid %v)", tc.in, got, ValidCode(got), tc.want, tc.valid)
			}
		})
	}
}
