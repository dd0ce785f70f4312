package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// timeLayout stores times in UTC with a fixed width, so that text order is
// time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime returns t as stored.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a time as stored.
func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// chunks are the row counts of the prepared multi-row inserts, largest
// first; any number of rows is written as a sum of them.
func chunks() [4]int { return [4]int{128, 32, 8, 1} }

// Columns of the multi-row inserts.
const (
	eventColumns = 5 // session_id, seq, type, at, data
	opColumns    = 4 // session_id, actor, op, seq
)

// statements are prepared once on the write connection; the writer uses
// them inside each transaction through tx.Stmt.
type statements struct {
	lastSeq      *sql.Stmt
	advance      *sql.Stmt
	insertEvents [4]*sql.Stmt // one per chunk size
	upsertOps    [4]*sql.Stmt // one per chunk size
}

func prepare(db *sql.DB) (*statements, error) {
	var st statements
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		if s, err = db.Prepare(q); err != nil {
			err = fmt.Errorf("%s: %w", q, err)
		}
		return s
	}
	st.lastSeq = prep(`SELECT last_seq, purged_at FROM sessions WHERE id = ?`)
	st.advance = prep(`UPDATE sessions SET last_seq = ?, updated_at = ?, last_event_at = ?,
		title = coalesce(?, title), phase = coalesce(?, phase) WHERE id = ?`)
	for i, n := range chunks() {
		st.insertEvents[i] = prep(`INSERT INTO events (session_id, seq, type, at, data) VALUES ` + placeholders(n, eventColumns))
		st.upsertOps[i] = prep(`INSERT INTO ops (session_id, actor, op, seq) VALUES ` + placeholders(n, opColumns) +
			` ON CONFLICT (session_id, actor, op) DO UPDATE SET seq = excluded.seq`)
	}
	if err != nil {
		st.close()
		return nil, err
	}
	return &st, nil
}

// placeholders returns rows tuples of cols parameters: (?, ?), (?, ?).
func placeholders(rows, cols int) string {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(tuple+", ", rows), ", ")
}

func (st *statements) close() error {
	all := []*sql.Stmt{st.lastSeq, st.advance}
	all = append(all, st.insertEvents[:]...)
	all = append(all, st.upsertOps[:]...)
	var errs []error
	for _, s := range all {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

// rowBuffer collects the arguments of rows for one table's multi-row
// inserts.
type rowBuffer struct {
	cols int
	args []any
}

func (b *rowBuffer) add(args ...any) { b.args = append(b.args, args...) }

// flush inserts every buffered row with as few statements as the chunk
// sizes allow; stmts holds one statement per chunk size.
func (b *rowBuffer) flush(tx *sql.Tx, stmts [4]*sql.Stmt) error {
	args := b.args
	for i, n := range chunks() {
		var st *sql.Stmt
		for len(args) >= n*b.cols {
			if st == nil {
				st = tx.Stmt(stmts[i])
			}
			if _, err := st.Exec(args[:n*b.cols]...); err != nil {
				return err
			}
			args = args[n*b.cols:]
		}
	}
	return nil
}
