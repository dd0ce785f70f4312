package memconn_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"roundtable/internal/memconn"
)

// pair dials l on behalf of remote and returns both ends.
func pair(t *testing.T, l *memconn.Listener, remote net.Addr) (client, server net.Conn) {
	t.Helper()
	got := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			t.Error(err)
		}
		got <- c
	}()
	client, err := l.Dial(context.Background(), remote)
	if err != nil {
		t.Fatal(err)
	}
	server = <-got
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// TestAddresses: the accepted end reports the dialler's address as its
// remote address, and the dialled end the listener's.
func TestAddresses(t *testing.T) {
	l := memconn.Listen("hub")
	defer l.Close()
	ssh := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 7), Port: 50123}
	client, server := pair(t, l, ssh)
	if got := server.RemoteAddr().String(); got != "127.0.0.7:50123" {
		t.Errorf("server end's RemoteAddr %q, want the dialler's 127.0.0.7:50123", got)
	}
	if server.LocalAddr().String() != "hub" || client.RemoteAddr().String() != "hub" || client.LocalAddr() != net.Addr(ssh) {
		t.Errorf("addresses: server local %v, client local %v remote %v", server.LocalAddr(), client.LocalAddr(), client.RemoteAddr())
	}
}

// TestBytesBothWays: what one end writes the other reads, in order, in
// both directions at once; writes larger than the buffer get through.
func TestBytesBothWays(t *testing.T) {
	l := memconn.Listen("hub")
	defer l.Close()
	client, server := pair(t, l, nil)
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*memconn.BufferSize/16+5)
	var wg sync.WaitGroup
	for _, dir := range []struct{ w, r net.Conn }{{client, server}, {server, client}} {
		wg.Go(func() {
			if n, err := dir.w.Write(big); err != nil || n != len(big) {
				t.Errorf("write: %d, %v", n, err)
			}
		})
		wg.Go(func() {
			got := make([]byte, len(big))
			if _, err := io.ReadFull(dir.r, got); err != nil || !bytes.Equal(got, big) {
				t.Errorf("read: %v, equal %v", err, bytes.Equal(got, big))
			}
		})
	}
	wg.Wait()
}

// TestClose: after one end closes, the other reads what was written and
// then io.EOF, and its writes fail; the closed end's own reads and writes
// fail with net.ErrClosed, and a blocked writer is released.
func TestClose(t *testing.T) {
	l := memconn.Listen("hub")
	defer l.Close()
	client, server := pair(t, l, nil)
	client.Write([]byte("last words"))
	client.Close()
	got, err := io.ReadAll(server)
	if err != nil || string(got) != "last words" {
		t.Errorf("after close the other end read %q, %v", got, err)
	}
	if _, err := server.Write([]byte("x")); err == nil {
		t.Error("writing to a closed peer succeeded")
	}
	if _, err := client.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("reading a closed end: %v", err)
	}
	if _, err := client.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("writing a closed end: %v", err)
	}

	// a writer blocked on a full buffer is released when the reader closes
	client, server = pair(t, l, nil)
	done := make(chan error, 1)
	go func() {
		_, err := client.Write(make([]byte, 2*memconn.BufferSize))
		done <- err
	}()
	server.Close()
	if err := <-done; err == nil {
		t.Error("a blocked write succeeded after the reader closed")
	}
}

// TestDeadlines: a reader with nothing to read and a writer with a full
// buffer both give up at their deadlines with os.ErrDeadlineExceeded, a
// net.Error that is a timeout; a later deadline revives the connection.
func TestDeadlines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := memconn.Listen("hub")
		defer l.Close()
		client, server := pair(t, l, nil)

		server.SetReadDeadline(time.Now().Add(time.Second))
		start := time.Now()
		_, err := server.Read(make([]byte, 10))
		var ne net.Error
		if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("read past its deadline: %v", err)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Errorf("the read gave up after %v, want 1s", waited)
		}

		// the reader does not read: the writer fills the buffer and stops
		server.SetWriteDeadline(time.Now().Add(time.Second))
		n, err := server.Write(make([]byte, memconn.BufferSize+10))
		if !errors.Is(err, os.ErrDeadlineExceeded) || n != memconn.BufferSize {
			t.Errorf("write past its deadline: %d bytes, %v; want %d and a timeout", n, err, memconn.BufferSize)
		}

		// moving the deadlines revives both
		server.SetDeadline(time.Time{})
		go client.Write([]byte("ok"))
		got := make([]byte, 2)
		if _, err := io.ReadFull(server, got); err != nil || string(got) != "ok" {
			t.Errorf("after clearing the deadline: %q, %v", got, err)
		}
		// a deadline moved later before it passed does not fire early
		server.SetReadDeadline(time.Now().Add(time.Second))
		server.SetReadDeadline(time.Now().Add(time.Hour))
		go func() {
			time.Sleep(time.Minute)
			client.Write([]byte("!"))
		}()
		if _, err := server.Read(got); err != nil {
			t.Errorf("a deadline moved later fired early: %v", err)
		}
	})
}

// TestListenerClose: a closed listener refuses Accept and Dial, and a
// Dial waiting for an Accept gives up with its context.
func TestListenerClose(t *testing.T) {
	l := memconn.Listen("hub")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Dial(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("dial with a cancelled context: %v", err)
	}
	l.Close()
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("accept on a closed listener: %v", err)
	}
	if _, err := l.Dial(context.Background(), nil); !errors.Is(err, net.ErrClosed) {
		t.Errorf("dial to a closed listener: %v", err)
	}
}

// TestHTTP: an http.Server serves on the listener and sees the dialler's
// address as the request's RemoteAddr; Shutdown stops it.
func TestHTTP(t *testing.T) {
	l := memconn.Listen("hub")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.RemoteAddr)
	})}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	remote := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2), Port: 4242}
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return l.Dial(ctx, remote)
	}}}
	resp, err := hc.Get("http://hub/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "127.0.0.2:4242" {
		t.Errorf("the handler saw RemoteAddr %q, want 127.0.0.2:4242", body)
	}
	hc.CloseIdleConnections()
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve returned %v", err)
	}
	if _, err := hc.Get("http://hub/"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("a request after Shutdown: %v", err)
	}
}
