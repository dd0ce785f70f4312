package wsconn

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"net"
	"runtime"
	"testing"
	"time"
)

// testOptions are timings for tests: nothing happens on its own unless a
// test shortens it.
func testOptions() Options {
	return Options{
		Ping: time.Hour, Write: 10 * time.Second, Grace: 10 * time.Second,
		QueueLen: 64, SlowCode: 4408, SlowReason: "too slow",
	}
}

// waitFor polls cond until it holds, failing the test if it does not
// within 10 s (a bound for a broken build, not a measure of speed).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s after 10 s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// writerState is whether c's writer runs, whether it lingers, and how many
// writers c has started.
func writerState(c *Conn) (writing, lingering bool, starts int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writing, c.lingering, int(c.starts)
}

// noLeak fails the test unless the number of goroutines comes back to
// what it was (as goleak does, by polling).
func noLeak(t *testing.T, before int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("goroutines back to %d", before), func() bool { return runtime.NumGoroutine() <= before })
}

// expectText reads the next frame and checks it is the text message want.
func expectText(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	b0, payload, err := readFrame(r)
	if err != nil {
		t.Fatalf("reading %q: %v", want, err)
	}
	if b0 != 0x80|opText || string(payload) != want {
		t.Fatalf("got frame %#x %q, want text %q", b0, payload, want)
	}
}

// expectClose reads frames up to the close frame and returns its code,
// failing on any other frame but a ping.
func expectClose(t *testing.T, r *bufio.Reader) int {
	t.Helper()
	for {
		b0, payload, err := readFrame(r)
		if err != nil {
			t.Fatalf("reading the close frame: %v", err)
		}
		switch b0 {
		case 0x80 | opPing:
			continue
		case 0x80 | opClose:
			if len(payload) < 2 {
				return CloseNoStatusReceived
			}
			return int(binary.BigEndian.Uint16(payload))
		}
		t.Fatalf("got frame %#x %q before the close frame", b0, payload)
	}
}

// answerClose sends the client's close frame (masked), as a client that
// answers the hub's close does.
func answerClose(t *testing.T, nc net.Conn, code int) {
	t.Helper()
	if _, err := nc.Write(maskedFrame(opClose, binary.BigEndian.AppendUint16(nil, uint16(code)), [4]byte{9, 8, 7, 6})); err != nil {
		t.Fatal(err)
	}
}

// burst sends two messages in a row, reads them, and waits until the writer
// lingers (for a linger longer than the gap between them).
func burst(t *testing.T, c *Conn, r *bufio.Reader) {
	t.Helper()
	for _, m := range []string{"zero", "one"} {
		c.Send(Text([]byte(m)))
		expectText(t, r, m)
	}
	waitFor(t, "the writer to linger", func() bool { _, lingering, _ := writerState(c); return lingering })
}

func TestMessageSentDuringLingerReusesTheWriter(t *testing.T) {
	opts := testOptions()
	opts.Linger = time.Hour
	l := newLoopback(t, opts)
	before := runtime.NumGoroutine()
	nc, c := l.dial(t)
	r := bufio.NewReader(nc)

	// A lone message: its writer ends at once, though the linger is an
	// hour.
	c.Send(Text([]byte("zero")))
	expectText(t, r, "zero")
	waitFor(t, "the lone message's writer to end", func() bool { writing, _, _ := writerState(c); return !writing })
	// The next one comes within the linger: a burst, whose writer waits.
	c.Send(Text([]byte("one")))
	expectText(t, r, "one")
	waitFor(t, "the burst's writer to linger", func() bool { _, lingering, _ := writerState(c); return lingering })
	c.Send(Text([]byte("two")), Text([]byte("three")))
	expectText(t, r, "two")
	expectText(t, r, "three")
	waitFor(t, "the writer to linger again", func() bool { _, lingering, _ := writerState(c); return lingering })
	c.Send(Text([]byte("four")))
	expectText(t, r, "four")
	if _, _, starts := writerState(c); starts != 2 {
		t.Fatalf("%d writers started for five messages, the last three during the linger; want 2", starts)
	}

	// A close during the linger goes out, and the writer ends with the
	// connection.
	c.Kick(4000, "bye")
	if code := expectClose(t, r); code != 4000 {
		t.Fatalf("close code %d, want 4000", code)
	}
	answerClose(t, nc, 4000)
	<-c.Done()
	if _, _, delivered := c.Ended(); !delivered {
		t.Fatal("the close frame was not delivered")
	}
	nc.Close()
	noLeak(t, before)
}

func TestWriterEndsAfterTheLinger(t *testing.T) {
	opts := testOptions()
	// Long enough for the second message of the burst to come within it,
	// on a machine however busy.
	opts.Linger = time.Second
	l := newLoopback(t, opts)
	before := runtime.NumGoroutine()
	nc, c := l.dial(t)
	defer nc.Close()
	r := bufio.NewReader(nc)

	burst(t, c, r)
	waitFor(t, "the writer to end", func() bool { writing, _, _ := writerState(c); return !writing })
	c.mu.Lock()
	held := c.queue != nil || c.spare != nil || c.resume != nil
	c.mu.Unlock()
	if held {
		t.Fatal("the connection holds buffers after its writer ended")
	}

	// The next message starts a new writer.
	_, _, starts := writerState(c)
	c.Send(Text([]byte("two")))
	expectText(t, r, "two")
	if _, _, now := writerState(c); now != starts+1 {
		t.Fatalf("%d writers started after the linger, want 1", now-starts)
	}
	nc.Close()
	<-c.Done()
	noLeak(t, before)
}

func TestPingsDoNotMakeTheWriterLinger(t *testing.T) {
	opts := testOptions()
	opts.Linger = time.Hour
	opts.Ping = 5 * time.Millisecond
	l := newLoopback(t, opts)
	nc, c := l.dial(t)
	defer nc.Close()
	r := bufio.NewReader(nc)
	if b0, _, err := readFrame(r); err != nil || b0 != 0x80|opPing {
		t.Fatalf("got frame %#x, %v; want a ping", b0, err)
	}
	// The writer of an idle connection ends once its ping is out, though
	// the linger is an hour.
	waitFor(t, "the ping's writer to end", func() bool { writing, _, _ := writerState(c); return !writing })
}

func TestLingeringWriterSendsPings(t *testing.T) {
	opts := testOptions()
	opts.Linger = time.Hour
	l := newLoopback(t, opts)
	nc, c := l.dial(t)
	defer nc.Close()
	r := bufio.NewReader(nc)
	burst(t, c, r)
	_, _, starts := writerState(c)
	c.pingNow()
	if b0, _, err := readFrame(r); err != nil || b0 != 0x80|opPing {
		t.Fatalf("got frame %#x, %v; want a ping", b0, err)
	}
	if _, _, now := writerState(c); now != starts {
		t.Fatalf("%d writers started; want the lingering one to send the ping", starts)
	}
}

func TestCloseWhileLingeringLeaksNothing(t *testing.T) {
	opts := testOptions()
	opts.Linger = time.Hour
	l := newLoopback(t, opts)
	before := runtime.NumGoroutine()
	nc, c := l.dial(t)
	defer nc.Close()
	r := bufio.NewReader(nc)
	burst(t, c, r)
	// A server whose shutdown ran out of time closes the socket under the
	// lingering writer; the read loop then ends the connection.
	c.Close()
	<-c.Done()
	noLeak(t, before)
}

func TestKickDuringLingerWaitsTheGraceForTheAnswer(t *testing.T) {
	opts := testOptions()
	opts.Linger = time.Hour
	opts.Grace = 50 * time.Millisecond
	l := newLoopback(t, opts)
	nc, c := l.dial(t)
	defer nc.Close()
	r := bufio.NewReader(nc)
	burst(t, c, r)
	// Queued, then kicked before the writer wakes: the message goes out
	// before the close frame.
	c.mu.Lock()
	c.queue = append(c.queue, Text([]byte("two")))
	c.mu.Unlock()
	c.Kick(CloseGoingAway, "")
	expectText(t, r, "two")
	if code := expectClose(t, r); code != CloseGoingAway {
		t.Fatalf("close code %d, want %d", code, CloseGoingAway)
	}
	// The client never answers: the connection ends after the grace.
	<-c.Done()
	if _, err := r.ReadByte(); err == nil {
		t.Fatal("the socket is still open after the grace")
	}
}

func TestSlowKickDuringLingerDropsTheQueue(t *testing.T) {
	opts := testOptions()
	opts.Linger = time.Hour
	l := newLoopback(t, opts)
	nc, c := l.dial(t)
	defer nc.Close()
	r := bufio.NewReader(nc)
	burst(t, c, r)
	c.mu.Lock()
	c.queue = append(c.queue, Text([]byte("dropped")))
	c.mu.Unlock()
	c.Kick(opts.SlowCode, opts.SlowReason)
	if code := expectClose(t, r); code != opts.SlowCode {
		t.Fatalf("close code %d, want %d", code, opts.SlowCode)
	}
	answerClose(t, nc, opts.SlowCode)
	<-c.Done()
}

// TestSendsRacingTheLingerAllArrive sends bursts with pauses about as long
// as the linger, so that sends meet writers that linger, that time out,
// and that end: every message must arrive, once and in order.
func TestSendsRacingTheLingerAllArrive(t *testing.T) {
	opts := testOptions()
	opts.Linger = 200 * time.Microsecond
	opts.QueueLen = 4096
	l := newLoopback(t, opts)
	before := runtime.NumGoroutine()
	nc, c := l.dial(t)
	r := bufio.NewReader(nc)
	const n = 3000
	done := make(chan error, 1)
	go func() {
		for i := range n {
			b0, payload, err := readFrame(r)
			if err == nil && (b0 != 0x80|opText || string(payload) != fmt.Sprint(i)) {
				err = fmt.Errorf("frame %d: %#x %q", i, b0, payload)
			}
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := range n {
		if !c.Send(Text([]byte(fmt.Sprint(i)))) {
			t.Fatal("the queue is full")
		}
		switch i % 7 {
		case 0:
			time.Sleep(time.Duration(i%5) * 100 * time.Microsecond)
		case 3:
			runtime.Gosched()
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_, _, starts := writerState(c)
	t.Logf("%d writers started for %d messages", starts, n)
	nc.Close()
	<-c.Done()
	noLeak(t, before)
}
