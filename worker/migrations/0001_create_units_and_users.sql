-- Units (any depth, with validity periods), their closure table and successions; users and sessions.
-- Timestamps are ISO 8601 UTC text; booleans are 0/1 integers.

CREATE TABLE units (
  id          TEXT PRIMARY KEY,
  parent_id   TEXT REFERENCES units(id),
  code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  level       TEXT NOT NULL CHECK (level IN ('province', 'department', 'district', 'commune', 'office')),
  gso_code    TEXT CHECK (gso_code IS NULL OR length(gso_code) <= 16),
  valid_from  TEXT,
  valid_to    TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (parent_id IS NULL OR parent_id <> id),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
-- Statistical codes were reused after 1 July 2025: a code is unique only among units valid now.
CREATE UNIQUE INDEX units_code_current ON units (code) WHERE valid_to IS NULL;
CREATE INDEX units_parent ON units (parent_id);

-- One row per (ancestor, descendant) pair including (u, u, 0): subtree queries are one indexed lookup.
CREATE TABLE unit_closure (
  ancestor_id    TEXT NOT NULL REFERENCES units(id),
  descendant_id  TEXT NOT NULL REFERENCES units(id),
  depth          INTEGER NOT NULL CHECK (depth >= 0),
  PRIMARY KEY (ancestor_id, descendant_id)
) WITHOUT ROWID;
CREATE INDEX unit_closure_descendant ON unit_closure (descendant_id, depth);

CREATE TABLE unit_successions (
  predecessor_id  TEXT NOT NULL REFERENCES units(id),
  successor_id    TEXT NOT NULL REFERENCES units(id),
  effective_on    TEXT NOT NULL,
  PRIMARY KEY (predecessor_id, successor_id),
  CHECK (predecessor_id <> successor_id)
) WITHOUT ROWID;
CREATE INDEX unit_successions_successor ON unit_successions (successor_id);

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  email          TEXT NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name   TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'unit_head', 'inspector')),
  unit_id        TEXT NOT NULL REFERENCES units(id),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_unit ON users (unit_id);

-- Only the SHA-256 of a session token is stored; the token itself lives in the client.
CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id),
  via           TEXT NOT NULL CHECK (via IN ('bearer', 'cookie')),
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  revoked_at    TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed sign-ins per key ('email:…' or 'ip:…') for throttling.
CREATE TABLE login_throttle (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  window_start  TEXT NOT NULL,
  locked_until  TEXT
) WITHOUT ROWID;
