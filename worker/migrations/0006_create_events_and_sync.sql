-- The append-only event log and the record of applied sync ops (idempotency by op_id).

CREATE TABLE events (
  id         TEXT PRIMARY KEY,
  actor_id   TEXT REFERENCES users(id),
  entity     TEXT NOT NULL CHECK (length(entity) <= 64),
  entity_id  TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (length(type) <= 64),
  summary    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(summary)),
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX events_entity ON events (entity, entity_id, at);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_actor ON events (actor_id, at);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TABLE sync_ops (
  op_id       TEXT PRIMARY KEY,
  client_id   TEXT NOT NULL,
  user_id     TEXT NOT NULL REFERENCES users(id),
  kind        TEXT NOT NULL CHECK (kind IN ('finding.upsert', 'finding.delete', 'evidence.create')),
  entity_id   TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (json_valid(outcome)),
  applied_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sync_ops_client ON sync_ops (client_id, applied_at);

-- Batch assertions: D1 batches are transactions without control flow, so a statement
-- `INSERT INTO batch_guards (reason) SELECT '…' WHERE NOT (condition)` aborts and rolls back the whole batch
-- when the condition fails (e.g. a version check lost a race). No row is ever stored.
CREATE TABLE batch_guards (reason TEXT NOT NULL);

CREATE TRIGGER batch_guards_abort BEFORE INSERT ON batch_guards
BEGIN
  SELECT RAISE(ABORT, 'batch guard failed');
END;
