-- Summary roll-ups (DESIGN sections 5 and 10): per audit and per unit subtree, the pooled figures GET /summary reads,
-- so a summary of the whole country reads a few thousand rows instead of every item result and finding.
-- Derived like item_results: recomputed for the audit in the same batch as every write that changes them
-- (recomputeAuditRollups in worker/src/db/item-results.ts). `unit_id` is every ancestor-or-self of an audited unit,
-- and each row holds the figures of that unit's whole subtree in the audit. The keys start with the unit, so a
-- summary reads one contiguous range per unit; the audit index serves the per-audit recompute.

-- Item results pooled per clause group ('8.5', …) and for all clauses together (clause_group '').
CREATE TABLE rollup_scores (
  audit_id        TEXT NOT NULL REFERENCES audits(id),
  unit_id         TEXT NOT NULL REFERENCES units(id),
  clause_group    TEXT NOT NULL,
  numerator       INTEGER NOT NULL,
  denominator     INTEGER NOT NULL,
  assessed_items  INTEGER NOT NULL,
  conform         INTEGER NOT NULL,
  nc_major        INTEGER NOT NULL,
  nc_minor        INTEGER NOT NULL,
  observation     INTEGER NOT NULL,
  ofi             INTEGER NOT NULL,
  not_applicable  INTEGER NOT NULL,
  PRIMARY KEY (unit_id, clause_group, audit_id)
) WITHOUT ROWID;
CREATE INDEX rollup_scores_audit ON rollup_scores (audit_id);

-- Live nonconformity findings: by severity (withdrawn ones left out), by status, and the time to close them.
CREATE TABLE rollup_nonconformities (
  audit_id        TEXT NOT NULL REFERENCES audits(id),
  unit_id         TEXT NOT NULL REFERENCES units(id),
  nc_major        INTEGER NOT NULL,
  nc_minor        INTEGER NOT NULL,
  recorded        INTEGER NOT NULL,
  open            INTEGER NOT NULL,
  action_planned  INTEGER NOT NULL,
  disputed        INTEGER NOT NULL,
  withdrawn       INTEGER NOT NULL,
  action_done     INTEGER NOT NULL,
  closed          INTEGER NOT NULL,
  closed_timed    INTEGER NOT NULL, -- closed with a closed_at
  close_ms        INTEGER NOT NULL, -- Σ (closed_at − recorded_at) over those, in milliseconds
  PRIMARY KEY (unit_id, audit_id)
) WITHOUT ROWID;
CREATE INDEX rollup_nonconformities_audit ON rollup_nonconformities (audit_id);

-- Planned corrective actions not done yet, by due date: overdue = the rows due before today.
CREATE TABLE rollup_actions (
  audit_id      TEXT NOT NULL REFERENCES audits(id),
  unit_id       TEXT NOT NULL REFERENCES units(id),
  due_date      TEXT NOT NULL,
  open_actions  INTEGER NOT NULL,
  PRIMARY KEY (unit_id, due_date, audit_id)
) WITHOUT ROWID;
CREATE INDEX rollup_actions_audit ON rollup_actions (audit_id);

-- Audited units per subtree and the coverage denominator: Σ over them of the items of the pinned versions
-- (published versions never change; a plan change recomputes the audit's rows).
CREATE TABLE rollup_units (
  audit_id        TEXT NOT NULL REFERENCES audits(id),
  unit_id         TEXT NOT NULL REFERENCES units(id),
  audited_units   INTEGER NOT NULL,
  total_items     INTEGER NOT NULL,
  PRIMARY KEY (unit_id, audit_id)
) WITHOUT ROWID;
CREATE INDEX rollup_units_audit ON rollup_units (audit_id);

-- The live NC findings of an audit, for the roll-up recompute and nonconformity lists.
CREATE INDEX findings_nc_live ON findings (audit_id, unit_id) WHERE deleted_at IS NULL AND result IN ('nc_major', 'nc_minor');

-- Backfill from the rows already there (the same statements as rebuildDerivedSql's roll-up part).
INSERT INTO rollup_scores (audit_id, unit_id, clause_group, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable)
SELECT r.audit_id, c.ancestor_id, r.clause_group,
  SUM(CASE WHEN r.result IN ('conform', 'ofi', 'observation') THEN r.weight ELSE 0 END), SUM(CASE WHEN r.result <> 'not_applicable' THEN r.weight ELSE 0 END), COUNT(*),
  SUM(r.result = 'conform'), SUM(r.result = 'nc_major'), SUM(r.result = 'nc_minor'), SUM(r.result = 'observation'), SUM(r.result = 'ofi'), SUM(r.result = 'not_applicable')
FROM item_results r JOIN unit_closure c ON c.descendant_id = r.unit_id
GROUP BY r.audit_id, c.ancestor_id, r.clause_group;

INSERT INTO rollup_scores (audit_id, unit_id, clause_group, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable)
SELECT r.audit_id, c.ancestor_id, '',
  SUM(CASE WHEN r.result IN ('conform', 'ofi', 'observation') THEN r.weight ELSE 0 END), SUM(CASE WHEN r.result <> 'not_applicable' THEN r.weight ELSE 0 END), COUNT(*),
  SUM(r.result = 'conform'), SUM(r.result = 'nc_major'), SUM(r.result = 'nc_minor'), SUM(r.result = 'observation'), SUM(r.result = 'ofi'), SUM(r.result = 'not_applicable')
FROM item_results r JOIN unit_closure c ON c.descendant_id = r.unit_id
GROUP BY r.audit_id, c.ancestor_id;

INSERT INTO rollup_nonconformities (audit_id, unit_id, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms)
SELECT f.audit_id, c.ancestor_id,
  SUM(f.result = 'nc_major' AND f.status <> 'withdrawn'), SUM(f.result = 'nc_minor' AND f.status <> 'withdrawn'),
  SUM(f.status = 'recorded'), SUM(f.status = 'open'), SUM(f.status = 'action_planned'), SUM(f.status = 'disputed'),
  SUM(f.status = 'withdrawn'), SUM(f.status = 'action_done'), SUM(f.status = 'closed'),
  SUM(f.status = 'closed' AND f.closed_at IS NOT NULL),
  COALESCE(SUM(CASE WHEN f.status = 'closed' AND f.closed_at IS NOT NULL THEN CAST(round((julianday(f.closed_at) - julianday(f.recorded_at)) * 86400000) AS INTEGER) END), 0)
FROM findings f JOIN unit_closure c ON c.descendant_id = f.unit_id
WHERE f.deleted_at IS NULL AND f.result IN ('nc_major', 'nc_minor')
GROUP BY f.audit_id, c.ancestor_id;

INSERT INTO rollup_actions (audit_id, unit_id, due_date, open_actions)
SELECT f.audit_id, c.ancestor_id, ca.due_date, COUNT(*)
FROM findings f JOIN corrective_actions ca ON ca.finding_id = f.id JOIN unit_closure c ON c.descendant_id = f.unit_id
WHERE f.deleted_at IS NULL AND f.result IN ('nc_major', 'nc_minor') AND f.status = 'action_planned' AND ca.done_at IS NULL
GROUP BY f.audit_id, c.ancestor_id, ca.due_date;

INSERT INTO rollup_units (audit_id, unit_id, audited_units, total_items)
SELECT au.audit_id, c.ancestor_id, COUNT(*),
  COUNT(*) * (SELECT COUNT(*) FROM audit_checklists ac JOIN checklist_items i ON i.version_id = ac.version_id WHERE ac.audit_id = au.audit_id)
FROM audit_units au JOIN unit_closure c ON c.descendant_id = au.unit_id
GROUP BY au.audit_id, c.ancestor_id;

-- The audits a summary counts (started, not cancelled), read as one index range with their start date.
CREATE INDEX audits_counted ON audits (status, started_at, id);
