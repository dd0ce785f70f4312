package sshd_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/memconn"
	"roundtable/server"
	"roundtable/session"
	"roundtable/sshd"
)

// startDay starts day of a programme on the database in dir, with an SSH
// server beside it keeping its participants file there too.
func startDay(t *testing.T, dir, code string, day int) *fixture {
	t.Helper()
	db := filepath.Join(dir, "rt.db")
	h, err := server.StartHost(context.Background(), server.HostConfig{
		Addr: "127.0.0.1:0", DB: db, Code: code, Title: "Day", FacilitatorHash: server.HashToken(testToken),
		Programme: server.ProgrammeConfig{Programme: "digital.leadership", Day: day},
	})
	if err != nil {
		t.Fatal(err)
	}
	local := memconn.Listen("hub")
	h.ServeLocal(local)
	s, err := sshd.Start(sshd.Config{Addr: "127.0.0.1:0", Dial: local.Dial, Code: h.Code,
		HostKeyPath: db + ".ssh_host_ed25519_key", StorePath: db + ".ssh-participants.json"})
	if err != nil {
		h.Close()
		t.Fatal(err)
	}
	f := &fixture{host: h, local: local, ssh: s, dir: dir}
	t.Cleanup(func() { s.Close(); h.Close() })
	return f
}

// TestKeyHolderAcrossTheProgramme (issue 16): a key that joined day 1 of a
// programme over SSH joins day 2 as the same person, without being asked
// who they are; a new key is asked.
func TestKeyHolderAcrossTheProgramme(t *testing.T) {
	dir := t.TempDir()
	key := newKey(t)
	day1 := startDay(t, dir, "DAYONE", 1)
	tm := open(t, day1.dial(t, "DAYONE", key), 80, 24)
	tm.join(t, "Aysel Məmmədova", "Rəqəmsal İnkişaf Nazirliyi")
	tm.see(t, "You are in")
	day1.participants(t, func(ps []*session.Participant) bool { return len(ps) == 1 })
	day1.ssh.Close()
	day1.host.Close()

	day2 := startDay(t, dir, "DAYTWO", 2)
	tm = open(t, day2.dial(t, "DAYTWO", key), 80, 24)
	s := tm.see(t, "You are in")
	if strings.Contains(s, "Your name") {
		t.Errorf("the key holder was asked who they are:\n%s", s)
	}
	ps := day2.participants(t, func(ps []*session.Participant) bool { return len(ps) == 1 })
	if ps[0].Name != "Aysel Məmmədova" || ps[0].Institution != "Rəqəmsal İnkişaf Nazirliyi" {
		t.Errorf("day 2's participant: %+v", ps[0])
	}
	other := open(t, day2.dial(t, "DAYTWO", newKey(t)), 80, 24)
	other.focused(t, "Your name")
}
