-- Automated dossier checks (issue 14): rule sets kept per checklist version (every version stored, never changed),
-- the admin's working-calendar amendments per year, samples (a sweep's per-dossier rule outcomes and the counts the
-- server computed from them), dismissed suggestions (false positives), and a unit's reported figures with the
-- outcomes of the dossiers sampled to verify them.

-- A rule set is stored once per (checklist version, version): a change is a new row with a higher version, and the
-- highest version is the one in force. Old rows stay, so a sample or a dismissal always finds the rules it names.
CREATE TABLE check_rule_sets (
  id                    TEXT PRIMARY KEY,
  checklist_id          TEXT NOT NULL REFERENCES checklists(id),
  checklist_version_id  TEXT NOT NULL REFERENCES checklist_versions(id),
  rule_set_id           TEXT NOT NULL CHECK (length(rule_set_id) BETWEEN 1 AND 64),
  version               INTEGER NOT NULL CHECK (version >= 1),
  document              TEXT NOT NULL CHECK (json_valid(document) AND length(document) <= 2097152),
  created_by            TEXT REFERENCES users(id),
  created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (checklist_version_id, version)
);
CREATE INDEX check_rule_sets_checklist ON check_rule_sets (checklist_id, checklist_version_id, version);
CREATE INDEX check_rule_sets_rule_set ON check_rule_sets (rule_set_id, version);

CREATE TRIGGER check_rule_sets_immutable_update BEFORE UPDATE ON check_rule_sets
BEGIN
  SELECT RAISE(ABORT, 'stored rule sets never change: store a new version');
END;

CREATE TRIGGER check_rule_sets_immutable_delete BEFORE DELETE ON check_rule_sets
BEGIN
  SELECT RAISE(ABORT, 'stored rule sets never change: store a new version');
END;

-- One row per year: the whole list of that year's amendments (CalendarAmendmentsSchema), replaced as a whole.
CREATE TABLE calendar_amendments (
  year        INTEGER PRIMARY KEY CHECK (year BETWEEN 2008 AND 2199),
  amendments  TEXT NOT NULL CHECK (json_valid(amendments) AND json_type(amendments) = 'array' AND length(amendments) <= 262144),
  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_by  TEXT REFERENCES users(id),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A sample: one sweep of a unit's dossier system. Client-made id; `body_sha256` lets an identical resend answer the
-- stored sample. The counts are the server's, computed from the per-dossier outcomes.
CREATE TABLE samples (
  id                       TEXT PRIMARY KEY,
  audit_id                 TEXT NOT NULL,
  unit_id                  TEXT NOT NULL,
  site_profile             TEXT NOT NULL CHECK (length(site_profile) BETWEEN 1 AND 200),
  as_of                    TEXT NOT NULL,
  rule_set_row_id          TEXT NOT NULL REFERENCES check_rule_sets(id),
  rule_set_id              TEXT NOT NULL,
  rule_set_version         INTEGER NOT NULL CHECK (rule_set_version >= 1),
  dossier_count            INTEGER NOT NULL CHECK (dossier_count BETWEEN 1 AND 5000),
  dossiers_with_violation  INTEGER NOT NULL DEFAULT 0,
  on_time_rule             TEXT,
  on_time                  INTEGER NOT NULL DEFAULT 0,
  late                     INTEGER NOT NULL DEFAULT 0,
  body_sha256              TEXT NOT NULL CHECK (length(body_sha256) = 64),
  recorded_by              TEXT NOT NULL REFERENCES users(id),
  recorded_at              TEXT NOT NULL,
  created_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (audit_id, unit_id) REFERENCES audit_units (audit_id, unit_id)
);
CREATE INDEX samples_audit_unit ON samples (audit_id, unit_id, recorded_at);
CREATE INDEX samples_unit ON samples (unit_id);

-- Per rule of the sample's rule set (in its order), the outcomes counted.
CREATE TABLE sample_rule_counts (
  sample_id       TEXT NOT NULL REFERENCES samples(id),
  rule_id         TEXT NOT NULL,
  rule_version    INTEGER NOT NULL,
  item_code       TEXT NOT NULL,
  sort            INTEGER NOT NULL,
  pass            INTEGER NOT NULL DEFAULT 0,
  violation       INTEGER NOT NULL DEFAULT 0,
  not_applicable  INTEGER NOT NULL DEFAULT 0,
  undecidable     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sample_id, rule_id)
) WITHOUT ROWID;
CREATE INDEX sample_rule_counts_rule ON sample_rule_counts (rule_id, rule_version);

-- The drill-down: one row per dossier, its outcomes (facts masked for identifiers) as JSON.
CREATE TABLE sample_dossiers (
  sample_id     TEXT NOT NULL REFERENCES samples(id),
  ordinal       INTEGER NOT NULL,
  dossier_code  TEXT NOT NULL CHECK (length(dossier_code) BETWEEN 1 AND 100),
  violations    INTEGER NOT NULL DEFAULT 0,
  outcomes      TEXT NOT NULL CHECK (json_valid(outcomes)),
  PRIMARY KEY (sample_id, ordinal)
) WITHOUT ROWID;

-- An inspector's judgement that a rule's suggestion was wrong for a dossier: counted per rule version.
CREATE TABLE suggestion_dismissals (
  id            TEXT PRIMARY KEY,
  audit_id      TEXT NOT NULL,
  unit_id       TEXT NOT NULL,
  checklist_id  TEXT NOT NULL REFERENCES checklists(id),
  rule_id       TEXT NOT NULL CHECK (length(rule_id) BETWEEN 1 AND 64),
  rule_version  INTEGER NOT NULL CHECK (rule_version >= 1),
  item_code     TEXT NOT NULL,
  dossier_code  TEXT NOT NULL CHECK (length(dossier_code) BETWEEN 1 AND 100),
  reason        TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  dismissed_by  TEXT NOT NULL REFERENCES users(id),
  dismissed_at  TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (audit_id, unit_id) REFERENCES audit_units (audit_id, unit_id)
);
CREATE INDEX suggestion_dismissals_audit ON suggestion_dismissals (audit_id, unit_id, dismissed_at);
CREATE INDEX suggestion_dismissals_rule ON suggestion_dismissals (checklist_id, rule_id, rule_version);

-- The figures a unit reported for a period, one row per (audit, unit, period). `seed` is drawn once, when the row is
-- created, and kept when the figures are replaced: the plan's positions follow from (seed, population, size).
CREATE TABLE reported_figures (
  id                   TEXT PRIMARY KEY,
  audit_id             TEXT NOT NULL,
  unit_id              TEXT NOT NULL,
  period_from          TEXT NOT NULL,
  period_to            TEXT NOT NULL,
  figures              TEXT NOT NULL CHECK (json_valid(figures) AND length(figures) <= 4096),
  source               TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 500),
  margin               REAL NOT NULL CHECK (margin > 0 AND margin < 1),
  expected_proportion  REAL NOT NULL CHECK (expected_proportion > 0 AND expected_proportion < 1),
  seed                 TEXT NOT NULL CHECK (length(seed) = 32),
  version              INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by           TEXT NOT NULL REFERENCES users(id),
  updated_by           TEXT NOT NULL REFERENCES users(id),
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  FOREIGN KEY (audit_id, unit_id) REFERENCES audit_units (audit_id, unit_id),
  UNIQUE (audit_id, unit_id, period_from, period_to),
  CHECK (period_from <= period_to)
);
CREATE INDEX reported_figures_unit ON reported_figures (unit_id);

-- The sampled dossiers' outcomes of a figures row (the latest set; each replacement is an event), with the plan
-- (population, size) they were drawn under: a later change of the figures leaves them stale rather than wrong.
CREATE TABLE reported_figure_samples (
  figures_id   TEXT PRIMARY KEY REFERENCES reported_figures(id),
  seed         TEXT NOT NULL,
  population   INTEGER NOT NULL,
  size         INTEGER NOT NULL,
  results      TEXT NOT NULL CHECK (json_valid(results) AND json_type(results) = 'array'),
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  recorded_by  TEXT NOT NULL REFERENCES users(id),
  recorded_at  TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
