package sshd

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"roundtable/lang"
)

// TestDoorPseudo says everything the SSH door says in the pseudo language:
// every word of English left is text that bypassed the catalogue.
func TestDoorPseudo(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(Config{Addr: "127.0.0.1:0", HubURL: "ws://hub/ws", Code: "PSEUDO",
		HostKeyPath: filepath.Join(dir, "key"), StorePath: filepath.Join(dir, "participants.json")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := lang.New(lang.Pseudo)
	const rc, command = "HZUKAPGK", "ssh -p 2222 HZUKAPGK@10.0.0.1"
	said := map[string]string{
		"rejoin note":   rejoinNote(p, rc, command),
		"idle, seconds": idleNote(p, 30*time.Second),
		"idle, minutes": idleNote(p, time.Hour),
	}
	for _, paused := range []bool{false, true} {
		for _, joined := range []bool{false, true} {
			for _, key := range []bool{false, true} {
				said["come back"] += comeBack(p, paused, joined, key, !key) + "\n"
			}
		}
	}
	ctx := context.WithValue(context.Background(), clampedKey{}, "400x120")
	for _, stop := range []string{"", stopPaused, stopEnded} {
		a := newApp(s, ctx, &net.TCPAddr{IP: net.IPv4(10, 0, 0, 2)}, "10.0.0.1", "", "root", lang.Pseudo, nil)
		a.idle = true
		said["exit note "+stop] = a.exitNote(stop)
	}
	s.cfg.MaxSessions = 0
	said["full"] = s.acquire("10.0.0.2", p)
	s.cfg.MaxSessions, s.cfg.MaxSessionsPerAddr = 10, 0
	said["full from network"] = s.acquire("10.0.0.2", p)
	for what, text := range said {
		text = ansi.Strip(text)
		if !strings.Contains(text, "~") {
			t.Errorf("%s: no pseudo text: %q", what, text)
		}
		if esc := lang.Escaped(text, command, s.Command("10.0.0.1"), "ssh-max-per-addr", "Roundtable"); len(esc) > 0 {
			t.Errorf("%s: English in the pseudo text: %q\n%s", what, esc, text)
		}
	}
}
