package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostLogIsPrivateAndBounded: the log beside the database is created
// 0600, gets JSON lines appended across opens, echoes text lines when
// asked, and rotates at its size so it never holds more than twice that.
func TestHostLogIsPrivateAndBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rt.db.log")
	var echo bytes.Buffer
	l, err := openHostLog(path, &echo)
	if err != nil {
		t.Fatal(err)
	}
	l.Info("connection", "remote", "127.0.0.1:5000")
	l.Close()
	l, err = openHostLog(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Warn("refused", "code", 4429)
	l.Close()
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 {
		t.Fatalf("the log holds %d lines; want 2 (appended):\n%s", len(lines), data)
	}
	for _, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil || v["msg"] == nil {
			t.Errorf("not a JSON log line: %s (%v)", line, err)
		}
	}
	if !strings.Contains(echo.String(), "msg=connection") || strings.Contains(echo.String(), "refused") {
		t.Errorf("the echo got %q; want only the first run's line, as text", echo.String())
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("log mode %v (%v); want -rw-------", fi.Mode(), err)
	}

	f, err := openLogFile(path, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line := []byte(strings.Repeat("x", 99) + "\n")
	for range 100 {
		if _, err := f.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{path, path + ".1"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("after 10,000 bytes: %v", err)
		}
		if fi.Size() > 1000 || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %d bytes, mode %v; want at most 1000, -rw-------", filepath.Base(p), fi.Size(), fi.Mode())
		}
	}
}
