package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// helperEnv names the database a child process appends to in
// TestHelperProcess.
const helperEnv = "ROUNDTABLE_STORE_HELPER_DB"

// killSessions are the sessions the child appends to: the first few with
// AppendSync from one goroutine each, the last with Append and its Done
// callbacks and up to 32 batches in flight, the way the hub's room does.
func killSessions() []string { return []string{"k0", "k1", "k2", "k3", "pipe"} }

// TestKillSafety runs a child process that appends batches and prints each
// acknowledged seq, kills it with SIGKILL mid-stream, and checks that every
// acknowledged event and operation is stored exactly once.
func TestKillSafety(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t, Options{})
	for i, id := range killSessions() {
		mustCreate(t, s, id, fmt.Sprintf("KILL%d", i))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer watchdog.Stop()

	acked := map[string]int64{} // session -> highest acknowledged seq
	acks, killed := 0, false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "ack" {
			continue
		}
		seq, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		if seq <= acked[f[1]] {
			t.Fatalf("session %s: ack %d after ack %d", f[1], seq, acked[f[1]])
		}
		acked[f[1]] = seq
		if acks++; !killed && allAcked(acked, 30) {
			killed = true
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("the child ended before it was killed (%d acks): %v\n%s", acks, err, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed by SIGKILL: %v\n%s", err, stderr.String())
	}

	s = reopen(t, path, Options{})
	for _, id := range killSessions() {
		got := seqs(t, s, id)
		checkContiguous(t, id, got)
		if int64(len(got)) < acked[id] {
			t.Fatalf("session %s: %d events stored, but %d were acknowledged", id, len(got), acked[id])
		}
		if acked[id] == 0 {
			t.Fatalf("session %s: nothing acknowledged before the kill", id)
		}
		ops, err := s.Ops(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for seq := int64(helperBatch); seq <= acked[id]; seq += helperBatch {
			if ops[OpKey{"p1", fmt.Sprintf("op%d", seq)}] != seq {
				t.Fatalf("session %s: acknowledged operation op%d is not stored with seq %d", id, seq, seq)
			}
		}
		info, err := s.Session(ctx, id)
		if err != nil || info.LastSeq != int64(len(got)) {
			t.Fatalf("session %s: last seq %d, %v; want %d", id, info.LastSeq, err, len(got))
		}
		t.Logf("session %s: %d acknowledged, %d stored", id, acked[id], len(got))
	}
	var check string
	if err := s.read.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q, %v", check, err)
	}
}

// allAcked reports whether every session of the child has at least n
// acknowledged events.
func allAcked(acked map[string]int64, n int64) bool {
	for _, id := range killSessions() {
		if acked[id] < n {
			return false
		}
	}
	return true
}

// helperBatch is how many events each batch of the child holds.
const helperBatch = 3

// TestHelperProcess is the child of TestKillSafety; it does nothing unless
// the environment names a database.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("the child process of TestKillSafety")
	}
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	ack := func(id string, seq int64) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, "ack %s %d\n", id, seq)
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	batch := func(id string, last int64) Batch {
		return Batch{Session: id, Events: events(last+1, helperBatch), Actor: "p1", Op: fmt.Sprintf("op%d", last+helperBatch)}
	}
	deadline := time.Now().Add(20 * time.Second)
	names := killSessions()
	for _, id := range names[:len(names)-1] {
		go func() {
			for last := int64(0); time.Now().Before(deadline); last += helperBatch {
				if err := s.AppendSync(context.Background(), batch(id, last)); err != nil {
					fail(err)
				}
				ack(id, last+helperBatch)
			}
		}()
	}
	id := names[len(names)-1]
	inflight := make(chan struct{}, 32)
	for last := int64(0); time.Now().Before(deadline); last += helperBatch {
		inflight <- struct{}{}
		b := batch(id, last)
		b.Done = func(err error) {
			if err != nil {
				fail(err)
			}
			ack(id, last+helperBatch)
			<-inflight
		}
		s.Append(b)
	}
	os.Exit(0)
}
