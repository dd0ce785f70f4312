package bench

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
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
	return st, nil
}

// hostProcAttr makes the soak's host die with the soak, should the soak
// be killed before it can stop the host.
func hostProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
