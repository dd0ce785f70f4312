//go:build !linux

package bench

// residentBytes is not measured on this system.
func residentBytes() uint64 { return 0 }

// spreadSources is off: other systems may not answer on 127.0.0.2.
const spreadSources = false
