package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrClosed is the error a batch or write gets when the store is closed.
var ErrClosed = errors.New("store: closed")

// Options tune a store. The zero value is what Open uses.
type Options struct {
	// Now is the clock for created and updated times; time.Now when nil.
	Now func() time.Time
	// Synchronous is the SQLite synchronous level of the write connection:
	// "FULL" (the default: a commit survives power loss) or "NORMAL" (a
	// commit survives a killed process, not a lost machine).
	Synchronous string
	// QueueSize is how many batches may wait for the writer before Append
	// blocks; 1024 when 0.
	QueueSize int
	// MaxGroup is how many batches the writer commits in one transaction at
	// most; 512 when 0.
	MaxGroup int
	// BusyTimeout is how long a connection waits for a lock held by another
	// process; 5 s when 0.
	BusyTimeout time.Duration
}

// Store is the durable event log of many sessions in one SQLite file. One
// writer goroutine owns the write connection and commits batches in groups;
// reads use a separate pool of read-only connections.
type Store struct {
	write *sql.DB // one connection, used by the writer goroutine only
	read  *sql.DB // read-only queries
	stmts *statements
	now   func() time.Time

	maxGroup int
	queue    chan request
	stopped  chan struct{} // closed when the writer has returned

	mu     sync.RWMutex // guards closed against sends on a closed queue
	closed bool

	commits atomic.Int64 // transactions the writer committed or tried
	batches atomic.Int64 // batches in those transactions

	// failed is each session's first commit failure since its last
	// successful commit; only the writer goroutine touches it.
	failed map[string]error

	tightened []ModeChange // files Open found open to others (see Tightened)
}

// Open opens or creates the database file at path with the defaults: WAL,
// synchronous=FULL, foreign keys on, secure_delete on, migrations applied. The file, its -wal
// and its -shm are private to their owner (0600): a new database is created
// so, and an existing one open to others is narrowed (see Tightened).
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{})
}

// OpenWith opens or creates the database file at path with the given options.
func OpenWith(path string, o Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: no database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: the database path %q must not contain '?' or '#'", path)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	level := strings.ToUpper(o.Synchronous)
	if level == "" {
		level = "FULL"
	}
	if level != "FULL" && level != "NORMAL" {
		return nil, fmt.Errorf("store: synchronous must be FULL or NORMAL, not %q", o.Synchronous)
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 1024
	}
	if o.MaxGroup <= 0 {
		o.MaxGroup = 512
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	busy := fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds())
	tightened, err := private(path)
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}

	// secure_delete: what a purge deletes is overwritten, not only freed.
	write, err := sql.Open("sqlite", dsn(path, "immediate", busy, "journal_mode(WAL)", "foreign_keys(1)", "synchronous("+level+")", "secure_delete(1)"))
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := checkWAL(write); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	if err := migrate(write); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: migrating %s: %w", path, err)
	}
	stmts, err := prepare(write)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: preparing statements: %w", err)
	}
	read, err := sql.Open("sqlite", dsn(path, "", busy, "foreign_keys(1)", "query_only(1)"))
	if err != nil {
		stmts.close()
		write.Close()
		return nil, fmt.Errorf("store: opening %s for reading: %w", path, err)
	}
	read.SetMaxIdleConns(4)

	s := &Store{
		write:    write,
		read:     read,
		stmts:    stmts,
		now:      o.Now,
		maxGroup: o.MaxGroup,
		queue:    make(chan request, o.QueueSize),
		stopped:  make(chan struct{}),
		failed:   map[string]error{},

		tightened: tightened,
	}
	go s.run()
	return s, nil
}

// dsn builds a modernc.org/sqlite data source name: the plain path, then
// each pragma, and the transaction lock mode when txlock is not "".
func dsn(path, txlock string, pragmas ...string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if txlock != "" {
		q.Set("_txlock", txlock)
	}
	return path + "?" + q.Encode()
}

// checkWAL makes sure the database really is in WAL mode: SQLite keeps the
// old mode without an error where WAL is impossible.
func checkWAL(db *sql.DB) error {
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("the database is in journal mode %q, not WAL", mode)
	}
	return nil
}

// Close stops the writer after it has committed every queued batch, then
// closes the connections. It must not be called from a Done callback.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.queue)
	s.mu.Unlock()
	<-s.stopped
	s.stmts.close()
	return errors.Join(s.read.Close(), s.write.Close())
}

// enqueue hands r to the writer, waiting while the queue is full.
func (s *Store) enqueue(ctx context.Context, r request) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.queue <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// do runs fn in a transaction of its own on the writer goroutine and waits
// for the result. When ctx ends first, fn may still run.
func (s *Store) do(ctx context.Context, fn func(tx *sql.Tx) error) error {
	ch := make(chan error, 1)
	if err := s.enqueue(ctx, request{job: fn, done: func(err error) { ch <- err }}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
