package client

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
