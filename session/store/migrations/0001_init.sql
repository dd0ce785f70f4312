-- Sessions: one row per live discussion. last_seq is the seq of the last
-- stored event; the writer keeps it, updated_at, title and phase current in
-- the transaction that stores the events.
CREATE TABLE sessions (
	id               TEXT PRIMARY KEY,
	code             TEXT NOT NULL UNIQUE,
	facilitator_hash TEXT NOT NULL DEFAULT '',
	title            TEXT NOT NULL DEFAULT '',
	phase            TEXT NOT NULL DEFAULT 'lobby',
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	last_seq         INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX sessions_created_at ON sessions (created_at);

-- Events: the log. data is the whole session.Event as JSON; type and at are
-- copies for people reading the database with other tools.
CREATE TABLE events (
	session_id TEXT NOT NULL REFERENCES sessions (id),
	seq        INTEGER NOT NULL CHECK (seq > 0),
	type       TEXT NOT NULL,
	at         TEXT NOT NULL,
	data       TEXT NOT NULL,
	PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

-- Ops: the operation ids already applied, so a retried command takes effect
-- once. seq is the seq of the last event the operation produced.
CREATE TABLE ops (
	session_id TEXT NOT NULL REFERENCES sessions (id),
	actor      TEXT NOT NULL,
	op         TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	PRIMARY KEY (session_id, actor, op)
) WITHOUT ROWID;
