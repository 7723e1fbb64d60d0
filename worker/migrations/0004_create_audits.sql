-- Audits with their units, team and pinned checklist versions.

CREATE TABLE audits (
  id             TEXT PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  kind           TEXT NOT NULL CHECK (kind IN ('internal', 'inspection', 'follow_up')),
  status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'reporting', 'closed', 'cancelled')),
  owner_unit_id  TEXT NOT NULL REFERENCES units(id),
  planned_start  TEXT NOT NULL,
  planned_end    TEXT NOT NULL,
  started_at     TEXT,
  reporting_at   TEXT,
  closed_at      TEXT,
  cancelled_at   TEXT,
  lead_user_id   TEXT REFERENCES users(id),
  scope_note     TEXT NOT NULL DEFAULT '' CHECK (length(scope_note) <= 4000),
  created_by     TEXT REFERENCES users(id),
  version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (planned_end >= planned_start),
  CHECK (status = 'planned' OR status = 'cancelled' OR started_at IS NOT NULL)
);
CREATE INDEX audits_status ON audits (status, planned_start);
CREATE INDEX audits_owner_unit ON audits (owner_unit_id);
CREATE INDEX audits_started ON audits (started_at);

CREATE TABLE audit_units (
  audit_id  TEXT NOT NULL REFERENCES audits(id),
  unit_id   TEXT NOT NULL REFERENCES units(id),
  PRIMARY KEY (audit_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX audit_units_unit ON audit_units (unit_id, audit_id);

CREATE TABLE audit_members (
  audit_id  TEXT NOT NULL REFERENCES audits(id),
  user_id   TEXT NOT NULL REFERENCES users(id),
  role      TEXT NOT NULL CHECK (role IN ('lead', 'member')),
  PRIMARY KEY (audit_id, user_id)
) WITHOUT ROWID;
CREATE INDEX audit_members_user ON audit_members (user_id, audit_id);
-- At most one lead per audit.
CREATE UNIQUE INDEX audit_members_one_lead ON audit_members (audit_id) WHERE role = 'lead';

CREATE TABLE audit_checklists (
  audit_id    TEXT NOT NULL REFERENCES audits(id),
  version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
  PRIMARY KEY (audit_id, version_id)
) WITHOUT ROWID;
