//go:build !linux

package bench

import (
	"errors"
	"syscall"
	"time"
)

// residentBytes is not measured on this system.
func residentBytes() uint64 { return 0 }

// spreadSources is off: other systems may not answer on 127.0.0.2.
const spreadSources = false

// procStatus is what the soak reads of another process.
type procStatus struct {
	rss     uint64 // resident set, bytes
	threads int
	cpu     time.Duration // user and system time so far
}

// processStatus is not measured on this system.
func processStatus(pid int) (procStatus, error) {
	return procStatus{}, errors.New("process memory is read from /proc, on Linux only")
}

// hostProcAttr asks for nothing special on this system.
func hostProcAttr() *syscall.SysProcAttr { return nil }
