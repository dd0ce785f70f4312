package wsconn

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"
)

// benchOptions are the hub's shipped timings (server/conn.go).
func benchOptions() Options {
	return Options{
		Ping: 25 * time.Second, Write: 10 * time.Second, Grace: time.Second,
		QueueLen: 512, SlowCode: 4408, SlowReason: "too slow",
	}
}

// rig is n clients, in a child process of their own (clients_test.go)
// so that this process's CPU time, profile and memory are the hub's, and
// the n server connections they opened.
type rig struct {
	clients *clients
	conns   []*Conn
}

func newRig(b *testing.B, l *loopback, n, size int) *rig {
	r := &rig{clients: startClients(b, l.ln.Addr().String(), n, size)}
	for range n {
		select {
		case c := <-l.conns:
			r.conns = append(r.conns, c)
		case <-time.After(time.Minute):
			b.Fatalf("%d of %d clients connected", len(r.conns), n)
		}
	}
	r.clients.waitReady(b)
	return r
}

// close ends the clients and waits for the server to end each
// connection.
func (r *rig) close(b *testing.B) {
	r.clients.stop(b)
	for _, c := range r.conns {
		<-c.Done()
	}
}

// sendAll is one fan-out: m to every connection.
func (r *rig) sendAll(b *testing.B, m Message) {
	for _, c := range r.conns {
		if !c.Send(m) {
			b.Fatal("a queue is full")
		}
	}
}

// eventPayload is about the size of an idea's event frame.
var eventPayload = bytes.Repeat([]byte("x"), 260)

// BenchmarkFanout is the hub's hot path: one event, framed once, sent to
// each of n connections over loopback TCP (real sockets, not net.Pipe,
// whose writes wait for the reader and so would measure the clients), with
// a reader per client that drains its socket. An operation ends when every
// client has read the whole frame, so each connection's writer has one
// message per operation, as in a room where events come one at a time.
// Besides ns/op it reports per connection and operation the CPU time of
// this process (the hub's side: the clients run in a child), its write
// system calls, and the goroutines it started. linger=off is the writer
// that ends as soon as its queue is empty.
func BenchmarkFanout(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		for _, linger := range []time.Duration{0, time.Second} {
			b.Run(fmt.Sprintf("conns=%d/linger=%s", n, lingerName(linger)), func(b *testing.B) {
				benchFanout(b, n, linger, 0)
			})
		}
	}
}

// BenchmarkFanoutSparse is BenchmarkFanout with events further apart than
// the linger (2 ms apart, a 1 ms linger, standing for events seconds
// apart and a 1 s linger): what lingering costs when it does not help
// (each writer must tell that its message is not part of a burst).
func BenchmarkFanoutSparse(b *testing.B) {
	for _, linger := range []time.Duration{0, time.Millisecond} {
		b.Run(fmt.Sprintf("conns=1000/linger=%s", lingerName(linger)), func(b *testing.B) {
			benchFanout(b, 1000, linger, 2*time.Millisecond)
		})
	}
}

// BenchmarkFanoutWelcome sends each of n connections a welcome as the hub
// does, in pieces: its own head, a snapshot every welcome shares (the
// roster and ideas of a large room), and the online list, then waits until
// every client has it all. A snapshot this large (over flushAt) is written
// from where it is, apart from the small pieces around it: three writes
// per welcome. (One writev instead took 0.87× the CPU here, but a welcome
// is a small part of a join's cost, and Go keeps each socket's last iovec
// array for good: docs/BENCHMARKS.md.)
func BenchmarkFanoutWelcome(b *testing.B) {
	const n = 200
	opts := benchOptions()
	l := newLoopback(b, opts)
	head := Opening(bytes.Repeat([]byte("h"), 300))
	snapshot := Piece(bytes.Repeat([]byte("s"), 128<<10))
	online := Closing(bytes.Repeat([]byte("o"), 2000))
	size := len(head.wire) + len(snapshot.wire) + len(online.wire)
	r := newRig(b, l, n, size)
	defer r.close(b)
	welcome := func() {
		for _, c := range r.conns {
			if !c.Send(head, snapshot, online) {
				b.Fatal("a queue is full")
			}
		}
		r.clients.waitRound(b)
	}
	welcome()
	welcome()
	w0, cpu0 := writeCalls(), cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	ops := 0
	for b.Loop() {
		welcome()
		ops++
	}
	b.StopTimer()
	per := float64(n * ops)
	b.ReportMetric(float64(cpuTime()-cpu0)/per, "cpu-ns/conn/op")
	if w0 >= 0 {
		b.ReportMetric(float64(writeCalls()-w0)/per, "writes/conn/op")
	}
}

func lingerName(d time.Duration) string {
	if d <= 0 {
		return "off"
	}
	return d.String()
}

func benchFanout(b *testing.B, n int, linger, gap time.Duration) {
	opts := benchOptions()
	opts.Linger = linger
	l := newLoopback(b, opts)
	m := Text(eventPayload)
	r := newRig(b, l, n, len(m.wire))
	defer r.close(b)
	fanout := func() {
		r.sendAll(b, m)
		r.clients.waitRound(b)
	}
	fanout() // every connection has had a writer
	fanout() // and, lingering, has it still
	w0, g0, cpu0 := writeCalls(), goroutinesCreated(), cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	ops := 0
	for b.Loop() {
		fanout()
		ops++
		if gap > 0 {
			b.StopTimer()
			time.Sleep(gap)
			b.StartTimer()
		}
	}
	b.StopTimer()
	per := float64(n * ops)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/conn/op")
	b.ReportMetric(float64(cpuTime()-cpu0)/per, "cpu-ns/conn/op")
	if w0 >= 0 {
		b.ReportMetric(float64(writeCalls()-w0)/per, "writes/conn/op")
	}
	b.ReportMetric(float64(goroutinesCreated()-g0)/per, "goroutines/conn/op")
}

// BenchmarkIdleMemory measures what an idle connection holds once a burst
// of messages has gone out and its writer has ended: the growth of the
// heap and the stacks in use (HeapInuse+StackInuse, after a collection)
// per connection, the server's read loop included. linger=1h/lingering
// is what a connection holds while its writer lingers, in a burst. Run it
// with -benchtime 1x: each operation opens n connections and closes them.
func BenchmarkIdleMemory(b *testing.B) {
	for _, linger := range []time.Duration{0, time.Second} {
		b.Run("linger="+lingerName(linger), func(b *testing.B) { benchIdleMemory(b, linger) })
	}
	b.Run("linger=1h/lingering", func(b *testing.B) { benchIdleMemory(b, time.Hour) })
}

func benchIdleMemory(b *testing.B, linger time.Duration) {
	lingering := linger >= time.Hour
	const n = 2000
	opts := benchOptions()
	opts.Linger = linger
	l := newLoopback(b, opts)
	m := Text(eventPayload)
	var total, live, stacks float64
	ops := 0
	for b.Loop() {
		before, g0 := memory(), runtime.NumGoroutine()
		r := newRig(b, l, n, len(m.wire))
		for range 5 {
			r.sendAll(b, m)
			r.clients.waitRound(b)
		}
		// The writers end once the burst is out (after their linger):
		// then only the n read loops are left of the rig.
		deadline := time.Now().Add(time.Minute)
		for !lingering && runtime.NumGoroutine() > g0+n {
			if time.Now().After(deadline) {
				b.Fatalf("%d goroutines, want %d", runtime.NumGoroutine(), g0+n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		after := memory()
		total += float64(after.inUse()-before.inUse()) / n
		live += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
		stacks += float64(int64(after.StackInuse)-int64(before.StackInuse)) / n
		ops++
		r.close(b)
	}
	b.ReportMetric(total/float64(ops), "B/idle-conn")
	b.ReportMetric(live/float64(ops), "live-heap-B/idle-conn")
	b.ReportMetric(stacks/float64(ops), "stack-B/idle-conn")
}

// memory reads the memory statistics after a collection.
func memory() memStats {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memStats(ms)
}

type memStats runtime.MemStats

// inUse is the heap and the stacks in use: the spans that hold them,
// whole, as the process's resident memory does.
func (m memStats) inUse() int64 { return int64(m.HeapInuse + m.StackInuse) }

// writeCalls is how many write system calls the process has made
// (/proc/self/io syscw), or -1 where that is not known.
func writeCalls() int64 {
	io, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	var v int64
	for line := range bytes.Lines(io) {
		if _, err := fmt.Sscanf(string(line), "syscw: %d", &v); err == nil {
			return v
		}
	}
	return -1
}

// cpuTime is the CPU time this process (the hub's side) has used, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
