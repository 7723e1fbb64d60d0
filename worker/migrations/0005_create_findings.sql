-- Findings (client-made ids, optimistic versions, a monotonic seq cursor), corrective actions, evidence,
-- and item_results: the worst live result per (audit, unit, item), kept in the same batch as each finding write.

CREATE TABLE findings (
  id              TEXT PRIMARY KEY,
  audit_id        TEXT NOT NULL,
  unit_id         TEXT NOT NULL,
  item_id         TEXT NOT NULL REFERENCES checklist_items(id),
  result          TEXT NOT NULL CHECK (result IN ('conform', 'nc_major', 'nc_minor', 'observation', 'ofi', 'not_applicable')),
  note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 8000),
  dossier_code    TEXT CHECK (dossier_code IS NULL OR length(dossier_code) <= 100),
  page_url        TEXT CHECK (page_url IS NULL OR length(page_url) <= 2048),
  status          TEXT NOT NULL CHECK (status IN ('recorded', 'open', 'action_planned', 'disputed', 'withdrawn', 'action_done', 'closed')),
  dispute_reason  TEXT CHECK (dispute_reason IS NULL OR length(dispute_reason) <= 8000),
  review_comment  TEXT CHECK (review_comment IS NULL OR length(review_comment) <= 8000),
  recorded_by     TEXT NOT NULL REFERENCES users(id),
  recorded_at     TEXT NOT NULL,
  closed_at       TEXT,
  deleted_at      TEXT,
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  seq             INTEGER NOT NULL,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (audit_id, unit_id) REFERENCES audit_units (audit_id, unit_id),
  CHECK (result IN ('nc_major', 'nc_minor') OR status IN ('recorded', 'withdrawn'))
);
CREATE UNIQUE INDEX findings_seq ON findings (seq);
CREATE INDEX findings_audit_seq ON findings (audit_id, seq);
CREATE INDEX findings_audit_unit_item ON findings (audit_id, unit_id, item_id);
CREATE INDEX findings_unit_status ON findings (unit_id, status);
CREATE INDEX findings_status ON findings (status, audit_id);
CREATE INDEX findings_dossier ON findings (dossier_code) WHERE dossier_code IS NOT NULL;
CREATE INDEX findings_recorded_by ON findings (recorded_by);

CREATE TABLE corrective_actions (
  finding_id         TEXT PRIMARY KEY REFERENCES findings(id),
  root_cause         TEXT NOT NULL CHECK (length(root_cause) BETWEEN 1 AND 8000),
  correction         TEXT NOT NULL DEFAULT '' CHECK (length(correction) <= 8000),
  action             TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 8000),
  owner_name         TEXT NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 200),
  due_date           TEXT NOT NULL,
  done_note          TEXT CHECK (done_note IS NULL OR length(done_note) <= 8000),
  done_at            TEXT,
  verification_note  TEXT CHECK (verification_note IS NULL OR length(verification_note) <= 8000),
  verified_by        TEXT REFERENCES users(id),
  verified_at        TEXT,
  effective          INTEGER CHECK (effective IS NULL OR effective IN (0, 1)),
  planned_by         TEXT REFERENCES users(id),
  version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
CREATE INDEX corrective_actions_due ON corrective_actions (due_date) WHERE done_at IS NULL;

CREATE TABLE evidence (
  id           TEXT PRIMARY KEY,
  finding_id   TEXT NOT NULL REFERENCES findings(id),
  purpose      TEXT NOT NULL DEFAULT 'finding' CHECK (purpose IN ('finding', 'response', 'action')),
  kind         TEXT NOT NULL CHECK (kind IN ('page_capture', 'screenshot', 'file')),
  page_url     TEXT CHECK (page_url IS NULL OR length(page_url) <= 2048),
  page_title   TEXT CHECK (page_title IS NULL OR length(page_title) <= 500),
  selectors    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(selectors)),
  quote        TEXT CHECK (quote IS NULL OR length(quote) <= 4000),
  fields       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
  blob_key     TEXT,
  sha256       TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
  mime         TEXT CHECK (mime IS NULL OR mime IN ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')),
  bytes        INTEGER CHECK (bytes IS NULL OR bytes BETWEEN 1 AND 10485760),
  uploaded_at  TEXT,
  captured_at  TEXT NOT NULL,
  captured_by  TEXT NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX evidence_finding ON evidence (finding_id, captured_at);

CREATE TABLE item_results (
  audit_id      TEXT NOT NULL,
  unit_id       TEXT NOT NULL,
  item_id       TEXT NOT NULL REFERENCES checklist_items(id),
  result        TEXT NOT NULL CHECK (result IN ('conform', 'nc_major', 'nc_minor', 'observation', 'ofi', 'not_applicable')),
  weight        INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 3),
  clause        TEXT NOT NULL,
  clause_group  TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (audit_id, unit_id, item_id),
  FOREIGN KEY (audit_id, unit_id) REFERENCES audit_units (audit_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX item_results_unit ON item_results (unit_id, audit_id);
