-- The facilitator token's hash was written here and never read: the host
-- checks the token it was started with (kept beside the database by
-- roundtable host), and a restart with another token replaced it. Issue 12.
ALTER TABLE sessions DROP COLUMN facilitator_hash;
