-- A programme (issue 16): sessions grouped under a name, such as the two
-- days of "digital.leadership", in one database. programme is '' for a
-- session outside any programme; day is its day within the programme
-- (1, 2, …), 0 when none was given.
ALTER TABLE sessions ADD COLUMN programme TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN day INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_programme ON sessions (programme, day, created_at);
