package sshd_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"roundtable/sshd"
)

// BenchmarkSessionMemory measures the heap one SSH session holds with the
// app drawn at a terminal size, after garbage collection: the figure behind
// MaxColumns×MaxRows. Run with a fixed count, e.g.
//
//	go test -run '^$' -bench SessionMemory -benchtime 10x ./sshd/
//
// 10000x10000 asks for more than the limit and is drawn at 300×100.
func BenchmarkSessionMemory(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {200, 60}, {300, 100}, {10000, 10000}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			f := start(b, sshd.Config{})
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for range b.N {
				drawn := make(chan struct{})
				s, err := f.dial(b, testCode, nil).NewSession()
				if err != nil {
					b.Fatal(err)
				}
				if err := s.RequestPty("xterm-256color", size[1], size[0], gossh.TerminalModes{}); err != nil {
					b.Fatal(err)
				}
				out, err := s.StdoutPipe()
				if err != nil {
					b.Fatal(err)
				}
				go waitText(out, "Your name", drawn)
				if err := s.Shell(); err != nil {
					b.Fatal(err)
				}
				select {
				case <-drawn:
				case <-time.After(waitFor):
					b.Fatal("the app was not drawn")
				}
			}
			b.StopTimer()
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(b.N)/(1<<20), "MiB/session")
		})
	}
}

// waitText reads r, closes seen once text has gone by, and reads on until r
// ends.
func waitText(r io.Reader, text string, seen chan struct{}) {
	var got []byte
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if seen != nil {
			got = append(got, buf[:n]...)
			if bytes.Contains(got, []byte(text)) {
				close(seen)
				seen, got = nil, nil
			}
		}
		if err != nil {
			return
		}
	}
}
