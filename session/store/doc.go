// Package store is the durable event log of Roundtable: many sessions in
// one SQLite file, each an append-only list of session.Events with
// contiguous sequence numbers, plus the operation ids already applied.
//
// One writer goroutine owns the only write connection. It commits the
// batches queued while the previous commit ran in a single transaction
// (group commit) and reports to each batch only after the commit, so an
// acknowledged event survives a killed process. Reads run on a separate
// pool of read-only connections and never wait for the writer.
package store
