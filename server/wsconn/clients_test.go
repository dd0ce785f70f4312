package wsconn

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// clientsEnv, when set in the environment ("addr,n,size"), makes this test
// binary a benchmark's clients instead of running tests.
const clientsEnv = "WSCONN_BENCH_CLIENTS"

func TestMain(m *testing.M) {
	if spec := os.Getenv(clientsEnv); spec != "" {
		if err := runClients(spec, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// clients is a child process that holds a benchmark's client connections.
type clients struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

// startClients starts a child that opens n websockets to addr and drains
// them, each receiving frames of size bytes.
func startClients(b *testing.B, addr string, n, size int) *clients {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s,%d,%d", clientsEnv, addr, n, size))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return &clients{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
}

// waitReady waits until every client has connected.
func (c *clients) waitReady(b *testing.B) {
	if line, err := c.out.ReadString('\n'); err != nil || line != "ready\n" {
		b.Fatalf("the clients said %q, %v", line, err)
	}
}

// waitRound waits until every client has received one more frame.
func (c *clients) waitRound(b *testing.B) {
	if r, err := c.out.ReadByte(); err != nil || r != '.' {
		b.Fatalf("the clients said %q, %v", r, err)
	}
}

// stop has the clients close their connections and waits for them to end.
func (c *clients) stop(b *testing.B) {
	c.stdin.Close()
	if err := c.cmd.Wait(); err != nil {
		b.Fatalf("clients: %v", err)
	}
}

// runClients is the child: it opens the connections, says "ready", then
// writes a '.' each time every client has received one more frame, until
// its stdin closes.
func runClients(spec string, stdin io.Reader, stdout io.Writer) error {
	f := strings.Split(spec, ",")
	if len(f) != 3 {
		return fmt.Errorf("%s=%q: want addr,n,size", clientsEnv, spec)
	}
	n, err1 := strconv.Atoi(f[1])
	size, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || n <= 0 || size <= 0 {
		return fmt.Errorf("%s=%q: want addr,n,size", clientsEnv, spec)
	}
	conns := make([]net.Conn, 0, n)
	for range n {
		nc, err := dialWS(f[0])
		if err != nil {
			return err
		}
		conns = append(conns, nc)
	}
	round := make(chan struct{}, 1)
	var got atomic.Int64
	for _, nc := range conns {
		go func() {
			buf := make([]byte, 4096)
			rest := 0
			for {
				m, err := nc.Read(buf)
				if err != nil {
					return
				}
				rest += m
				if k := rest / size; k > 0 {
					rest -= k * size
					// The hub sends the next frame only after this
					// round, so the count passes each multiple of n.
					if v := got.Add(int64(k)); v%int64(n) == 0 {
						round <- struct{}{}
					}
				}
			}
		}()
	}
	go func() {
		for range round {
			stdout.Write([]byte{'.'})
		}
	}()
	fmt.Fprint(stdout, "ready\n")
	io.Copy(io.Discard, stdin)
	for _, nc := range conns {
		nc.Close()
	}
	return nil
}

// dialWS opens a websocket with a bare handshake, reading its answer byte
// by byte so that no frame is read with it.
func dialWS(addr string) (net.Conn, error) {
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	_, err = io.WriteString(nc, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"+
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	if err != nil {
		nc.Close()
		return nil, err
	}
	var head []byte
	var b [1]byte
	for !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		if _, err := nc.Read(b[:]); err != nil {
			nc.Close()
			return nil, fmt.Errorf("handshake: %v after %q", err, head)
		}
		head = append(head, b[0])
	}
	if !bytes.HasPrefix(head, []byte("HTTP/1.1 101 ")) {
		nc.Close()
		return nil, fmt.Errorf("handshake answered %q", head)
	}
	return nc, nil
}
