package server

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/session/store"
)

// TestHelperHostProcess is not a test: it is the host process that
// TestKillHostAndRestart starts and kills.
func TestHelperHostProcess(t *testing.T) {
	if os.Getenv("RT_HELPER_HOST") != "1" {
		t.Skip("helper process")
	}
	sendBuffer, _ := strconv.Atoi(os.Getenv("RT_SENDBUF"))
	h, err := StartHost(context.Background(), HostConfig{
		Addr: os.Getenv("RT_ADDR"), DB: os.Getenv("RT_DB"), Code: "KILL9", FacilitatorHash: HashToken("kill-test-token"),
		CommandRate: 1000, CommandBurst: 1000, SendBuffer: sendBuffer,
	})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("Listening:", h.URL())
	select {}
}

type hostProcess struct {
	cmd *exec.Cmd
}

func startHostProcess(t *testing.T, addr, db string, env ...string) *hostProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHostProcess$", "-test.v")
	cmd.Env = append(append(os.Environ(), "RT_HELPER_HOST=1", "RT_ADDR="+addr, "RT_DB="+db), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Listening:") || strings.HasPrefix(sc.Text(), "error:") {
				ready <- sc.Text()
			}
		}
	}()
	select {
	case line := <-ready:
		if strings.HasPrefix(line, "error:") {
			t.Fatalf("host process: %s", line)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("host process did not start")
	}
	return &hostProcess{cmd: cmd}
}

func (p *hostProcess) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

// TestKillHostAndRestart kills the host process with SIGKILL while clients
// are sending, restarts it on the same database, and finds every
// acknowledged command present exactly once (and, once the clients' outboxes
// drain, every command they sent).
func TestKillHostAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel() // its own host process; runs beside the other parallel tests
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	db := filepath.Join(t.TempDir(), "kill.db")
	proc := startHostProcess(t, addr, db)
	defer func() { proc.kill() }()
	url := "ws://" + addr + "/ws"

	fac := track(dialClient(t, client.Config{URL: url, Token: "kill-test-token"}))
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	const people, each = 5, 60
	var trackers []*tracker
	for i := 0; i < people; i++ {
		trackers = append(trackers, track(dialClient(t, client.Config{URL: url, Code: "KILL9", Name: fmt.Sprintf("P%d", i), Institution: "Agency"})))
	}
	var mu sync.Mutex
	texts := map[string]string{} // op -> text
	var wg sync.WaitGroup
	for i, tr := range trackers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < each; k++ {
				text := fmt.Sprintf("idea %d/%d", i, k)
				op := tr.c.Send(session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: text})
				mu.Lock()
				texts[op] = text
				mu.Unlock()
				time.Sleep(3 * time.Millisecond)
				tr.drain()
			}
		}()
	}
	// Kill the host once some commands are acknowledged and others are in flight.
	waitFor(t, "some acks", func() bool {
		n := 0
		for _, tr := range trackers {
			tr.drain()
			tr.mu.Lock()
			n += len(tr.acked)
			tr.mu.Unlock()
		}
		return n >= 60
	})
	proc.kill()
	ackedBeforeKill := map[string]bool{}
	for _, tr := range trackers {
		tr.drain()
		tr.mu.Lock()
		for op := range tr.acked {
			ackedBeforeKill[op] = true
		}
		tr.mu.Unlock()
	}
	t.Logf("killed the host after %d acks", len(ackedBeforeKill))
	time.Sleep(200 * time.Millisecond) // clients notice and queue
	proc = startHostProcess(t, addr, db)
	wg.Wait()
	for i, tr := range trackers {
		waitFor(t, fmt.Sprintf("client %d outbox to drain", i), func() bool { return tr.c.Pending() == 0 })
	}
	proc.kill()

	// Read the database as a restarted host would.
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	info, err := st.Session(context.Background(), "latest")
	if err != nil {
		t.Fatal(err)
	}
	state, err := st.Load(context.Background(), info.ID)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, idea := range state.Ideas {
		count[idea.Text]++
	}
	mu.Lock()
	defer mu.Unlock()
	for op := range ackedBeforeKill {
		if count[texts[op]] != 1 {
			t.Fatalf("acknowledged %q is stored %d times", texts[op], count[texts[op]])
		}
	}
	for _, text := range texts {
		if count[text] != 1 {
			t.Fatalf("%q is stored %d times after the outboxes drained", text, count[text])
		}
	}
	if len(state.Ideas) != people*each {
		t.Fatalf("%d ideas stored, want %d", len(state.Ideas), people*each)
	}
}
