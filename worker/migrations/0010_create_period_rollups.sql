-- Period roll-ups (DESIGN section 10; ADR 0009): the per-audit roll-ups of migration 0007 summed per unit subtree,
-- audit status and audit start month (Asia/Ho_Chi_Minh; '' while not started) instead of per audit, so a summary of
-- the whole country reads a few rows per month instead of one per audit. GET /summary reads them for the whole
-- months of its period; the partial months at either end, a single audit and an inspector's own audits are still
-- read from the per-audit rows (worker/src/db/summary.ts).
--
-- Kept by the database itself, in the same transaction as every change: triggers add each per-audit row that the
-- recompute inserts (recomputeAuditRollups and friends) to its (unit, status, month) row, subtract each one it
-- deletes and move the difference of each one it updates, and an audit whose status or start month changes moves its
-- per-audit rows to the new (status, month).
-- All figures are sums of integers, so the differences are exact; a row whose figures drop to nothing is deleted,
-- so the keys are those with data. The primary keys start with the unit, as in 0007: one range per summary.

-- Per audit (derived like the tables of 0007, by rollupSql in worker/src/db/derived-sql.ts): audited units per
-- subtree and pinned checklist version, the coverage denominators' factor (× the items of the version, or of one
-- clause group of it). Kept per version because an audit's plan may change its versions before the recompute runs.
CREATE TABLE rollup_versions (
  audit_id       TEXT NOT NULL REFERENCES audits(id),
  unit_id        TEXT NOT NULL REFERENCES units(id),
  version_id     TEXT NOT NULL REFERENCES checklist_versions(id),
  audited_units  INTEGER NOT NULL,
  PRIMARY KEY (unit_id, version_id, audit_id)
) WITHOUT ROWID;
CREATE INDEX rollup_versions_audit ON rollup_versions (audit_id);

INSERT INTO rollup_versions (audit_id, unit_id, version_id, audited_units)
SELECT au.audit_id, c.ancestor_id, ac.version_id, COUNT(*)
FROM audit_units au JOIN audit_checklists ac ON ac.audit_id = au.audit_id JOIN unit_closure c ON c.descendant_id = au.unit_id
GROUP BY au.audit_id, c.ancestor_id, ac.version_id;

-- `status` is the audit's status; `month` is 'YYYY-MM' of its start in Vietnam time, '' when not started.
CREATE TABLE rollup_period_scores (
  unit_id         TEXT NOT NULL REFERENCES units(id),
  clause_group    TEXT NOT NULL, -- '' for all clauses together, as in rollup_scores
  status          TEXT NOT NULL,
  month           TEXT NOT NULL,
  numerator       INTEGER NOT NULL,
  denominator     INTEGER NOT NULL,
  assessed_items  INTEGER NOT NULL,
  conform         INTEGER NOT NULL,
  nc_major        INTEGER NOT NULL,
  nc_minor        INTEGER NOT NULL,
  observation     INTEGER NOT NULL,
  ofi             INTEGER NOT NULL,
  not_applicable  INTEGER NOT NULL,
  PRIMARY KEY (unit_id, clause_group, status, month)
) WITHOUT ROWID;

CREATE TABLE rollup_period_nonconformities (
  unit_id         TEXT NOT NULL REFERENCES units(id),
  status          TEXT NOT NULL,
  month           TEXT NOT NULL,
  nc_major        INTEGER NOT NULL,
  nc_minor        INTEGER NOT NULL,
  recorded        INTEGER NOT NULL,
  open            INTEGER NOT NULL,
  action_planned  INTEGER NOT NULL,
  disputed        INTEGER NOT NULL,
  withdrawn       INTEGER NOT NULL,
  action_done     INTEGER NOT NULL,
  closed          INTEGER NOT NULL,
  closed_timed    INTEGER NOT NULL,
  close_ms        INTEGER NOT NULL,
  PRIMARY KEY (unit_id, status, month)
) WITHOUT ROWID;

CREATE TABLE rollup_period_actions (
  unit_id       TEXT NOT NULL REFERENCES units(id),
  due_date      TEXT NOT NULL,
  status        TEXT NOT NULL,
  month         TEXT NOT NULL,
  open_actions  INTEGER NOT NULL,
  PRIMARY KEY (unit_id, due_date, status, month)
) WITHOUT ROWID;

CREATE TABLE rollup_period_versions (
  unit_id        TEXT NOT NULL REFERENCES units(id),
  version_id     TEXT NOT NULL REFERENCES checklist_versions(id),
  status         TEXT NOT NULL,
  month          TEXT NOT NULL,
  audited_units  INTEGER NOT NULL,
  PRIMARY KEY (unit_id, version_id, status, month)
) WITHOUT ROWID;

-- Backfill from the per-audit rows already there, before the triggers exist (so nothing is counted twice).
INSERT INTO rollup_period_scores (unit_id, clause_group, status, month, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable)
SELECT x.unit_id, x.clause_group, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''),
  SUM(x.numerator), SUM(x.denominator), SUM(x.assessed_items), SUM(x.conform), SUM(x.nc_major), SUM(x.nc_minor),
  SUM(x.observation), SUM(x.ofi), SUM(x.not_applicable)
FROM rollup_scores x JOIN audits a ON a.id = x.audit_id
GROUP BY 1, 2, 3, 4;

INSERT INTO rollup_period_nonconformities (unit_id, status, month, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms)
SELECT x.unit_id, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''),
  SUM(x.nc_major), SUM(x.nc_minor), SUM(x.recorded), SUM(x.open), SUM(x.action_planned), SUM(x.disputed),
  SUM(x.withdrawn), SUM(x.action_done), SUM(x.closed), SUM(x.closed_timed), SUM(x.close_ms)
FROM rollup_nonconformities x JOIN audits a ON a.id = x.audit_id
GROUP BY 1, 2, 3;

INSERT INTO rollup_period_actions (unit_id, due_date, status, month, open_actions)
SELECT x.unit_id, x.due_date, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''),
  SUM(x.open_actions)
FROM rollup_actions x JOIN audits a ON a.id = x.audit_id
GROUP BY 1, 2, 3, 4;

INSERT INTO rollup_period_versions (unit_id, version_id, status, month, audited_units)
SELECT x.unit_id, x.version_id, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''),
  SUM(x.audited_units)
FROM rollup_versions x JOIN audits a ON a.id = x.audit_id
GROUP BY 1, 2, 3, 4;

-- The triggers that keep them: for each per-audit table, one that adds the rows inserted, one that subtracts the rows
-- deleted and one that does both for a row updated (the recompute updates only the rows whose figures changed); for
-- each period table, one that drops a row whose figures reached nothing; then the audit's own changes.
CREATE TRIGGER rollup_scores_period_insert AFTER INSERT ON rollup_scores
BEGIN
  INSERT INTO rollup_period_scores (unit_id, clause_group, status, month, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable)
  SELECT NEW.unit_id, NEW.clause_group, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.numerator, NEW.denominator, NEW.assessed_items, NEW.conform, NEW.nc_major, NEW.nc_minor, NEW.observation, NEW.ofi, NEW.not_applicable
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, clause_group, status, month) DO UPDATE SET
    numerator = numerator + excluded.numerator, denominator = denominator + excluded.denominator, assessed_items = assessed_items + excluded.assessed_items, conform = conform + excluded.conform,
    nc_major = nc_major + excluded.nc_major, nc_minor = nc_minor + excluded.nc_minor, observation = observation + excluded.observation, ofi = ofi + excluded.ofi,
    not_applicable = not_applicable + excluded.not_applicable;
END;

CREATE TRIGGER rollup_scores_period_delete AFTER DELETE ON rollup_scores
BEGIN
  UPDATE rollup_period_scores SET
    numerator = numerator - OLD.numerator, denominator = denominator - OLD.denominator, assessed_items = assessed_items - OLD.assessed_items, conform = conform - OLD.conform,
    nc_major = nc_major - OLD.nc_major, nc_minor = nc_minor - OLD.nc_minor, observation = observation - OLD.observation, ofi = ofi - OLD.ofi,
    not_applicable = not_applicable - OLD.not_applicable
  WHERE unit_id = OLD.unit_id AND clause_group = OLD.clause_group
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
END;

CREATE TRIGGER rollup_scores_period_update AFTER UPDATE ON rollup_scores
BEGIN
  UPDATE rollup_period_scores SET
    numerator = numerator - OLD.numerator, denominator = denominator - OLD.denominator, assessed_items = assessed_items - OLD.assessed_items, conform = conform - OLD.conform,
    nc_major = nc_major - OLD.nc_major, nc_minor = nc_minor - OLD.nc_minor, observation = observation - OLD.observation, ofi = ofi - OLD.ofi,
    not_applicable = not_applicable - OLD.not_applicable
  WHERE unit_id = OLD.unit_id AND clause_group = OLD.clause_group
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
  INSERT INTO rollup_period_scores (unit_id, clause_group, status, month, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable)
  SELECT NEW.unit_id, NEW.clause_group, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.numerator, NEW.denominator, NEW.assessed_items, NEW.conform, NEW.nc_major, NEW.nc_minor, NEW.observation, NEW.ofi, NEW.not_applicable
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, clause_group, status, month) DO UPDATE SET
    numerator = numerator + excluded.numerator, denominator = denominator + excluded.denominator, assessed_items = assessed_items + excluded.assessed_items, conform = conform + excluded.conform,
    nc_major = nc_major + excluded.nc_major, nc_minor = nc_minor + excluded.nc_minor, observation = observation + excluded.observation, ofi = ofi + excluded.ofi,
    not_applicable = not_applicable + excluded.not_applicable;
END;

CREATE TRIGGER rollup_period_scores_drop_empty AFTER UPDATE ON rollup_period_scores
WHEN NEW.assessed_items = 0
BEGIN
  DELETE FROM rollup_period_scores WHERE unit_id = NEW.unit_id AND clause_group = NEW.clause_group AND status = NEW.status AND month = NEW.month;
END;

CREATE TRIGGER rollup_nonconformities_period_insert AFTER INSERT ON rollup_nonconformities
BEGIN
  INSERT INTO rollup_period_nonconformities (unit_id, status, month, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms)
  SELECT NEW.unit_id, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.nc_major, NEW.nc_minor, NEW.recorded, NEW.open, NEW.action_planned, NEW.disputed, NEW.withdrawn, NEW.action_done, NEW.closed, NEW.closed_timed, NEW.close_ms
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, status, month) DO UPDATE SET
    nc_major = nc_major + excluded.nc_major, nc_minor = nc_minor + excluded.nc_minor, recorded = recorded + excluded.recorded, open = open + excluded.open,
    action_planned = action_planned + excluded.action_planned, disputed = disputed + excluded.disputed, withdrawn = withdrawn + excluded.withdrawn, action_done = action_done + excluded.action_done,
    closed = closed + excluded.closed, closed_timed = closed_timed + excluded.closed_timed, close_ms = close_ms + excluded.close_ms;
END;

CREATE TRIGGER rollup_nonconformities_period_delete AFTER DELETE ON rollup_nonconformities
BEGIN
  UPDATE rollup_period_nonconformities SET
    nc_major = nc_major - OLD.nc_major, nc_minor = nc_minor - OLD.nc_minor, recorded = recorded - OLD.recorded, open = open - OLD.open,
    action_planned = action_planned - OLD.action_planned, disputed = disputed - OLD.disputed, withdrawn = withdrawn - OLD.withdrawn, action_done = action_done - OLD.action_done,
    closed = closed - OLD.closed, closed_timed = closed_timed - OLD.closed_timed, close_ms = close_ms - OLD.close_ms
  WHERE unit_id = OLD.unit_id
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
END;

CREATE TRIGGER rollup_nonconformities_period_update AFTER UPDATE ON rollup_nonconformities
BEGIN
  UPDATE rollup_period_nonconformities SET
    nc_major = nc_major - OLD.nc_major, nc_minor = nc_minor - OLD.nc_minor, recorded = recorded - OLD.recorded, open = open - OLD.open,
    action_planned = action_planned - OLD.action_planned, disputed = disputed - OLD.disputed, withdrawn = withdrawn - OLD.withdrawn, action_done = action_done - OLD.action_done,
    closed = closed - OLD.closed, closed_timed = closed_timed - OLD.closed_timed, close_ms = close_ms - OLD.close_ms
  WHERE unit_id = OLD.unit_id
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
  INSERT INTO rollup_period_nonconformities (unit_id, status, month, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms)
  SELECT NEW.unit_id, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.nc_major, NEW.nc_minor, NEW.recorded, NEW.open, NEW.action_planned, NEW.disputed, NEW.withdrawn, NEW.action_done, NEW.closed, NEW.closed_timed, NEW.close_ms
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, status, month) DO UPDATE SET
    nc_major = nc_major + excluded.nc_major, nc_minor = nc_minor + excluded.nc_minor, recorded = recorded + excluded.recorded, open = open + excluded.open,
    action_planned = action_planned + excluded.action_planned, disputed = disputed + excluded.disputed, withdrawn = withdrawn + excluded.withdrawn, action_done = action_done + excluded.action_done,
    closed = closed + excluded.closed, closed_timed = closed_timed + excluded.closed_timed, close_ms = close_ms + excluded.close_ms;
END;

CREATE TRIGGER rollup_period_nonconformities_drop_empty AFTER UPDATE ON rollup_period_nonconformities
WHEN NEW.recorded + NEW.open + NEW.action_planned + NEW.disputed + NEW.withdrawn + NEW.action_done + NEW.closed = 0
BEGIN
  DELETE FROM rollup_period_nonconformities WHERE unit_id = NEW.unit_id AND status = NEW.status AND month = NEW.month;
END;

CREATE TRIGGER rollup_actions_period_insert AFTER INSERT ON rollup_actions
BEGIN
  INSERT INTO rollup_period_actions (unit_id, due_date, status, month, open_actions)
  SELECT NEW.unit_id, NEW.due_date, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.open_actions
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, due_date, status, month) DO UPDATE SET
    open_actions = open_actions + excluded.open_actions;
END;

CREATE TRIGGER rollup_actions_period_delete AFTER DELETE ON rollup_actions
BEGIN
  UPDATE rollup_period_actions SET
    open_actions = open_actions - OLD.open_actions
  WHERE unit_id = OLD.unit_id AND due_date = OLD.due_date
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
END;

CREATE TRIGGER rollup_actions_period_update AFTER UPDATE ON rollup_actions
BEGIN
  UPDATE rollup_period_actions SET
    open_actions = open_actions - OLD.open_actions
  WHERE unit_id = OLD.unit_id AND due_date = OLD.due_date
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
  INSERT INTO rollup_period_actions (unit_id, due_date, status, month, open_actions)
  SELECT NEW.unit_id, NEW.due_date, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.open_actions
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, due_date, status, month) DO UPDATE SET
    open_actions = open_actions + excluded.open_actions;
END;

CREATE TRIGGER rollup_period_actions_drop_empty AFTER UPDATE ON rollup_period_actions
WHEN NEW.open_actions = 0
BEGIN
  DELETE FROM rollup_period_actions WHERE unit_id = NEW.unit_id AND due_date = NEW.due_date AND status = NEW.status AND month = NEW.month;
END;

CREATE TRIGGER rollup_versions_period_insert AFTER INSERT ON rollup_versions
BEGIN
  INSERT INTO rollup_period_versions (unit_id, version_id, status, month, audited_units)
  SELECT NEW.unit_id, NEW.version_id, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.audited_units
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, version_id, status, month) DO UPDATE SET
    audited_units = audited_units + excluded.audited_units;
END;

CREATE TRIGGER rollup_versions_period_delete AFTER DELETE ON rollup_versions
BEGIN
  UPDATE rollup_period_versions SET
    audited_units = audited_units - OLD.audited_units
  WHERE unit_id = OLD.unit_id AND version_id = OLD.version_id
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
END;

CREATE TRIGGER rollup_versions_period_update AFTER UPDATE ON rollup_versions
BEGIN
  UPDATE rollup_period_versions SET
    audited_units = audited_units - OLD.audited_units
  WHERE unit_id = OLD.unit_id AND version_id = OLD.version_id
    AND (status, month) = (SELECT a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '') FROM audits a WHERE a.id = OLD.audit_id);
  INSERT INTO rollup_period_versions (unit_id, version_id, status, month, audited_units)
  SELECT NEW.unit_id, NEW.version_id, a.status, COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), ''), NEW.audited_units
  FROM audits a WHERE a.id = NEW.audit_id
  ON CONFLICT (unit_id, version_id, status, month) DO UPDATE SET
    audited_units = audited_units + excluded.audited_units;
END;

CREATE TRIGGER rollup_period_versions_drop_empty AFTER UPDATE ON rollup_period_versions
WHEN NEW.audited_units = 0
BEGIN
  DELETE FROM rollup_period_versions WHERE unit_id = NEW.unit_id AND version_id = NEW.version_id AND status = NEW.status AND month = NEW.month;
END;

-- An audit whose status or start month changes (started, reporting, closed, cancelled; or a corrected start) moves
-- its per-audit rows from the old (status, month) to the new one.
CREATE TRIGGER audits_period_rollups AFTER UPDATE OF status, started_at ON audits
WHEN OLD.status IS NOT NEW.status OR COALESCE(strftime('%Y-%m', OLD.started_at, '+7 hours'), '') IS NOT COALESCE(strftime('%Y-%m', NEW.started_at, '+7 hours'), '')
BEGIN
  UPDATE rollup_period_scores SET
    numerator = rollup_period_scores.numerator - x.numerator, denominator = rollup_period_scores.denominator - x.denominator, assessed_items = rollup_period_scores.assessed_items - x.assessed_items,
    conform = rollup_period_scores.conform - x.conform, nc_major = rollup_period_scores.nc_major - x.nc_major, nc_minor = rollup_period_scores.nc_minor - x.nc_minor,
    observation = rollup_period_scores.observation - x.observation, ofi = rollup_period_scores.ofi - x.ofi, not_applicable = rollup_period_scores.not_applicable - x.not_applicable
  FROM rollup_scores x
  WHERE x.audit_id = NEW.id AND rollup_period_scores.unit_id = x.unit_id AND rollup_period_scores.clause_group = x.clause_group
    AND rollup_period_scores.status = OLD.status AND rollup_period_scores.month = COALESCE(strftime('%Y-%m', OLD.started_at, '+7 hours'), '');
  INSERT INTO rollup_period_scores (unit_id, clause_group, status, month, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable)
  SELECT x.unit_id, x.clause_group, NEW.status, COALESCE(strftime('%Y-%m', NEW.started_at, '+7 hours'), ''), x.numerator, x.denominator, x.assessed_items, x.conform, x.nc_major, x.nc_minor, x.observation, x.ofi, x.not_applicable
  FROM rollup_scores x WHERE x.audit_id = NEW.id
  ON CONFLICT (unit_id, clause_group, status, month) DO UPDATE SET
    numerator = numerator + excluded.numerator, denominator = denominator + excluded.denominator, assessed_items = assessed_items + excluded.assessed_items, conform = conform + excluded.conform,
    nc_major = nc_major + excluded.nc_major, nc_minor = nc_minor + excluded.nc_minor, observation = observation + excluded.observation, ofi = ofi + excluded.ofi,
    not_applicable = not_applicable + excluded.not_applicable;
  UPDATE rollup_period_nonconformities SET
    nc_major = rollup_period_nonconformities.nc_major - x.nc_major, nc_minor = rollup_period_nonconformities.nc_minor - x.nc_minor, recorded = rollup_period_nonconformities.recorded - x.recorded,
    open = rollup_period_nonconformities.open - x.open, action_planned = rollup_period_nonconformities.action_planned - x.action_planned, disputed = rollup_period_nonconformities.disputed - x.disputed,
    withdrawn = rollup_period_nonconformities.withdrawn - x.withdrawn, action_done = rollup_period_nonconformities.action_done - x.action_done, closed = rollup_period_nonconformities.closed - x.closed,
    closed_timed = rollup_period_nonconformities.closed_timed - x.closed_timed, close_ms = rollup_period_nonconformities.close_ms - x.close_ms
  FROM rollup_nonconformities x
  WHERE x.audit_id = NEW.id AND rollup_period_nonconformities.unit_id = x.unit_id
    AND rollup_period_nonconformities.status = OLD.status AND rollup_period_nonconformities.month = COALESCE(strftime('%Y-%m', OLD.started_at, '+7 hours'), '');
  INSERT INTO rollup_period_nonconformities (unit_id, status, month, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms)
  SELECT x.unit_id, NEW.status, COALESCE(strftime('%Y-%m', NEW.started_at, '+7 hours'), ''), x.nc_major, x.nc_minor, x.recorded, x.open, x.action_planned, x.disputed, x.withdrawn, x.action_done, x.closed, x.closed_timed, x.close_ms
  FROM rollup_nonconformities x WHERE x.audit_id = NEW.id
  ON CONFLICT (unit_id, status, month) DO UPDATE SET
    nc_major = nc_major + excluded.nc_major, nc_minor = nc_minor + excluded.nc_minor, recorded = recorded + excluded.recorded, open = open + excluded.open,
    action_planned = action_planned + excluded.action_planned, disputed = disputed + excluded.disputed, withdrawn = withdrawn + excluded.withdrawn, action_done = action_done + excluded.action_done,
    closed = closed + excluded.closed, closed_timed = closed_timed + excluded.closed_timed, close_ms = close_ms + excluded.close_ms;
  UPDATE rollup_period_actions SET
    open_actions = rollup_period_actions.open_actions - x.open_actions
  FROM rollup_actions x
  WHERE x.audit_id = NEW.id AND rollup_period_actions.unit_id = x.unit_id AND rollup_period_actions.due_date = x.due_date
    AND rollup_period_actions.status = OLD.status AND rollup_period_actions.month = COALESCE(strftime('%Y-%m', OLD.started_at, '+7 hours'), '');
  INSERT INTO rollup_period_actions (unit_id, due_date, status, month, open_actions)
  SELECT x.unit_id, x.due_date, NEW.status, COALESCE(strftime('%Y-%m', NEW.started_at, '+7 hours'), ''), x.open_actions
  FROM rollup_actions x WHERE x.audit_id = NEW.id
  ON CONFLICT (unit_id, due_date, status, month) DO UPDATE SET
    open_actions = open_actions + excluded.open_actions;
  UPDATE rollup_period_versions SET
    audited_units = rollup_period_versions.audited_units - x.audited_units
  FROM rollup_versions x
  WHERE x.audit_id = NEW.id AND rollup_period_versions.unit_id = x.unit_id AND rollup_period_versions.version_id = x.version_id
    AND rollup_period_versions.status = OLD.status AND rollup_period_versions.month = COALESCE(strftime('%Y-%m', OLD.started_at, '+7 hours'), '');
  INSERT INTO rollup_period_versions (unit_id, version_id, status, month, audited_units)
  SELECT x.unit_id, x.version_id, NEW.status, COALESCE(strftime('%Y-%m', NEW.started_at, '+7 hours'), ''), x.audited_units
  FROM rollup_versions x WHERE x.audit_id = NEW.id
  ON CONFLICT (unit_id, version_id, status, month) DO UPDATE SET
    audited_units = audited_units + excluded.audited_units;
END;
