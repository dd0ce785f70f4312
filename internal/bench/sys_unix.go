//go:build unix

package bench

import (
	"fmt"
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// raiseFileLimit raises this process's soft limit of open files to at
// least need (up to the hard limit) and reports what it did. It fails when
// the hard limit is below need.
func raiseFileLimit(need uint64) (string, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return "", fmt.Errorf("reading the open-file limit: %w", err)
	}
	if lim.Cur >= need {
		return "", nil
	}
	if lim.Max < need {
		return "", fmt.Errorf("%d connections need %d open files, but the hard limit (ulimit -Hn) is %d", need, need, lim.Max)
	}
	old := lim.Cur
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return "", fmt.Errorf("raising the open-file limit to %d: %w", lim.Cur, err)
	}
	return fmt.Sprintf("open-file limit (RLIMIT_NOFILE) raised from %d to %d", old, lim.Cur), nil
}
