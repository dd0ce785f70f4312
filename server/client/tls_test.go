package client

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

// TestTLSSettingsAreCheckedBeforeDialing: a malformed pin or an unusable
// CA file is reported at once, with nothing dialled.
func TestTLSSettingsAreCheckedBeforeDialing(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	os.WriteFile(notPEM, []byte("not a certificate"), 0o600)
	tests := map[string]struct {
		cfg  Config
		want string
	}{
		"pin too short":   {Config{Fingerprint: "AB:CD"}, "not a SHA-256 fingerprint"},
		"missing CA file": {Config{CAFile: filepath.Join(dir, "nope.pem")}, "reading the CA file"},
		"CA file not PEM": {Config{CAFile: notPEM}, "holds no PEM certificate"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.cfg.URL, tc.cfg.Code, tc.cfg.Name, tc.cfg.Institution = "wss://127.0.0.1:1/ws", "K7Q2M", "A", "B"
			_, err := Dial(context.Background(), tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Dial error %v, want one saying %q", err, tc.want)
			}
			if errors.Is(err, ErrUnreachable) {
				t.Fatalf("%v: reported as unreachable, so something was dialled", err)
			}
		})
	}
}
