-- The data's life (issue 15): when a session was last exported, when it
-- was purged, and what a purged session's tombstone remembers.
--
-- last_event_at is the time (session.Event.At) of the last stored event; the
-- writer keeps it current with last_seq. exported_at is the last time
-- `roundtable export` wrote the session's road map, '' when never. A purged
-- session keeps its row as a tombstone: purged_at is set, its events and
-- ops are gone, its join code is replaced by '~' and its id (no join code
-- has a '~', so the code is free for a new session), and participants and
-- ideas are what it held when it was purged (0 while it is not purged:
-- counted from its events then). last_seq still counts its events.
ALTER TABLE sessions ADD COLUMN last_event_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN exported_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN purged_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN participants INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN ideas INTEGER NOT NULL DEFAULT 0;

UPDATE sessions SET last_event_at = coalesce(
	(SELECT at FROM events WHERE events.session_id = sessions.id AND events.seq = sessions.last_seq),
	created_at);
