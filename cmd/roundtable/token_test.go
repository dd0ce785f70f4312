package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestTokenSources: the facilitator token comes from --token-file, --token
// or $ROUNDTABLE_TOKEN, in that order; giving both flags, or an empty
// file, is a mistake.
func TestTokenSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	os.WriteFile(file, []byte("  from-file \nsecond line\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	tests := map[string]struct {
		args    []string
		env     string
		want    string
		source  tokenSource
		failure bool
	}{
		"file":         {args: []string{"--token-file", file}, env: "from-env", want: "from-file", source: tokenFile},
		"flag":         {args: []string{"--token", "from-flag"}, env: "from-env", want: "from-flag", source: tokenFlag},
		"environment":  {env: " from-env ", want: "from-env", source: tokenEnvVar},
		"none":         {source: tokenNone},
		"both flags":   {args: []string{"--token", "a", "--token-file", file}, failure: true},
		"empty file":   {args: []string{"--token-file", empty}, failure: true},
		"missing file": {args: []string{"--token-file", filepath.Join(dir, "nope")}, failure: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := addTokenFlags(fs, nil, "token")
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			got, source, err := f.resolve(func(k string) string {
				if k == tokenEnv {
					return tc.env
				}
				return ""
			})
			if tc.failure {
				if err == nil {
					t.Fatalf("accepted: %q", got)
				}
				return
			}
			if err != nil || got != tc.want || source != tc.source {
				t.Fatalf("got %q from %v (%v); want %q from %v", got, source, err, tc.want, tc.source)
			}
		})
	}
}

// TestResumeCommand: the command printed to continue a session repeats how
// the host serves (address, SSH, TLS, agenda, headless) and names the
// session by its code, but leaves out what only sets up a new session,
// what chose another session, and the token.
func TestResumeCommand(t *testing.T) {
	fs := flag.NewFlagSet("host", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("addr", ":7777", "")
	fs.String("db", "roundtable.db", "")
	fs.String("title", "", "")
	fs.String("code", "", "")
	fs.Bool("new", false, "")
	fs.Bool("headless", false, "")
	fs.Bool("anonymous", true, "")
	fs.String("tls-cert", "", "")
	fs.String("tls-key", "", "")
	fs.String("agenda", "", "")
	addTokenFlags(fs, nil, "token")
	addSSHFlags(fs, nil)
	err := fs.Parse([]string{"--addr", ":8000", "--title", "Day one", "--code", "OLD", "--new", "--headless", "--anonymous=false",
		"--tls-cert", "my cert.pem", "--tls-key", "key.pem", "--agenda", "a.toml", "--token", "SECRET", "--ssh", ":2222", "--ssh-idle", "1h"})
	if err != nil {
		t.Fatal(err)
	}
	want := "roundtable host --db roundtable.db --addr :8000 --agenda a.toml --headless --ssh :2222 --ssh-idle 1h0m0s --tls-cert 'my cert.pem' --tls-key key.pem --code K7Q2M"
	if got := resumeCommand(fs, "K7Q2M"); got != want {
		t.Fatalf("resume command\n got %s\nwant %s", got, want)
	}
}
