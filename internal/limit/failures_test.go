package limit

import (
	"fmt"
	"testing"
	"time"
)

func TestFailures(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	l := NewFailures(3, time.Minute)
	for i := range 2 {
		if l.Fail("192.0.2.1:5000", start.Add(time.Duration(i)*time.Second)) {
			t.Fatalf("blocked after %d failures of 3", i+1)
		}
	}
	if !l.Fail("192.0.2.1:6000", start.Add(2*time.Second)) {
		t.Fatal("not blocked after 3 failures from one host on different ports")
	}
	if !l.Blocked("192.0.2.1", start.Add(30*time.Second)) {
		t.Fatal("the host is not blocked within the window")
	}
	if l.Blocked("192.0.2.2:5000", start.Add(30*time.Second)) {
		t.Fatal("another host is blocked")
	}
	if !l.Tell("192.0.2.1:1") || l.Tell("192.0.2.1:2") {
		t.Fatal("Tell does not say a block once")
	}
	if l.Blocked("192.0.2.1:5000", start.Add(61*time.Second)) {
		t.Fatal("still blocked once the first failure is a minute old")
	}
	if !l.Tell("192.0.2.1:1") {
		t.Fatal("Tell stays quiet about a new block after the old one ended")
	}
}

// TestFailuresForgetOldAddresses: failures from many addresses do not pile
// up once they have aged out.
func TestFailuresForgetOldAddresses(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	l := NewFailures(10, time.Minute)
	for i := range sweepAt + 1 {
		l.Fail(fmt.Sprintf("[2001:db8::%x]:1", i), start) // documentation addresses, never dialled
	}
	l.Fail("192.0.2.9:1", start.Add(2*time.Minute))
	if n := len(l.fails); n != 1 {
		t.Fatalf("%d addresses kept after the sweep, want 1", n)
	}
}
