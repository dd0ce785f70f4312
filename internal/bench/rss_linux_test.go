//go:build linux

package bench

import (
	"os"
	"testing"
	"time"
)

// TestProcessCPUGrows: a process's CPU time reads from /proc and grows
// while it works.
func TestProcessCPUGrows(t *testing.T) {
	before, err := processCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for x := 0; ; x++ {
		now, err := processCPU(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if now > before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("CPU time stayed at %v through a minute of work", now)
		}
		for i := range 1_000_000 {
			x ^= i
		}
	}
}
