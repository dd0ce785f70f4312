package main

import (
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync"
)

// logMaxBytes is how large a log file grows before it is rotated: the old
// one becomes FILE.1 (replacing the one before), so a host's log never
// takes more than twice this, whatever a hostile room makes it log.
const logMaxBytes = 16 << 20

// logFile is an append-only log file, readable by its owner only (it names
// participants and addresses), rotated at a size.
type logFile struct {
	path string
	max  int64

	mu   sync.Mutex
	f    *os.File
	size int64
}

// openLogFile opens path for appending, creating it 0600, and makes an
// existing one private.
func openLogFile(path string, max int64) (*logFile, error) {
	l := &logFile{path: path, max: max}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *logFile) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err // the command says what failed, in its reader's language
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		f.Chmod(0o600)
	}
	l.f, l.size = f, fi.Size()
	return nil
}

// Write appends p (one log line), rotating the file first when p would
// take it past its size.
func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, fs.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate moves the file to FILE.1 and starts a new one.
func (l *logFile) rotate() error {
	l.f.Close()
	l.f = nil
	if err := os.Rename(l.path, l.path+".1"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return l.open()
}

// Close closes the file.
func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// hostLog is where a host (or the demo) logs: JSON lines appended to a file
// beside the database, and, when echo is not nil, text lines to echo too
// (the terminal of a headless host). The file is the one place that has
// every line whatever the terminal shows.
type hostLog struct {
	*slog.Logger
	// File logs to the file only: for what the terminal is told anyway.
	File *slog.Logger
	Path string
	file *logFile
}

// openHostLog opens the log at path with the size bound logMaxBytes.
func openHostLog(path string, echo io.Writer) (*hostLog, error) {
	f, err := openLogFile(path, logMaxBytes)
	if err != nil {
		return nil, err
	}
	toFile := slog.NewJSONHandler(f, nil)
	var h slog.Handler = toFile
	if echo != nil {
		h = slog.NewMultiHandler(toFile, slog.NewTextHandler(echo, nil))
	}
	return &hostLog{Logger: slog.New(h), File: slog.New(toFile), Path: path, file: f}, nil
}

// Close closes the log file.
func (l *hostLog) Close() error { return l.file.Close() }
