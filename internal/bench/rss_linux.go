package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

// residentBytes returns this process's resident set size from
// /proc/self/status, or 0.
func residentBytes() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmRSS:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) == 0 {
			return 0
		}
		kb, err := strconv.ParseUint(string(f[0]), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// spreadSources reports whether bots may dial from 127.0.0.2 and up, so
// that many runs in a row do not run out of ephemeral ports on 127.0.0.1.
const spreadSources = true

// procStatus is what the soak reads of another process.
type procStatus struct {
	rss     uint64 // resident set, bytes
	threads int
	cpu     time.Duration // user and system time so far
}

// processStatus reads a process's resident set and threads from
// /proc/PID/status.
func processStatus(pid int) (procStatus, error) {
	var st procStatus
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return st, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, rest, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		f := bytes.Fields(rest)
		if !ok || len(f) == 0 {
			continue
		}
		n, err := strconv.ParseUint(string(f[0]), 10, 64)
		if err != nil {
			continue
		}
		switch string(key) {
		case "VmRSS":
			st.rss = n << 10
		case "Threads":
			st.threads = int(n)
		}
	}
	st.cpu, err = processCPU(pid)
	return st, err
}

// processCPU reads a process's user and system time from /proc/PID/stat,
// in clock ticks of 10 ms (the kernel's USER_HZ on every Linux Go runs on).
func processCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted from 3 (state) start after its last ')'.
	i := bytes.LastIndexByte(data, ')')
	f := bytes.Fields(data[i+1:])
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	var ticks uint64
	for _, k := range f[11:13] { // utime and stime, fields 14 and 15
		n, err := strconv.ParseUint(string(k), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected /proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}

// hostProcAttr makes the soak's host die with the soak, should the soak
// be killed before it can stop the host.
func hostProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
