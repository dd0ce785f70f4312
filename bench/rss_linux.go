package bench

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
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
