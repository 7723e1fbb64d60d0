// SQL text of the derived summary tables (item_results, the roll-ups of migrations 0007 and 0010), free of D1 types so that
// the worker (item-results.ts), the demo seed and the benchmark loader share one definition.

/** SQL for DESIGN's clause grouping: the first two numbers of a clause ('8.5.1' → '8.5', '7' → '7'). */
export const CLAUSE_GROUP_SQL = (col: string) => `CASE
  WHEN instr(${col}, '.') = 0 THEN ${col}
  WHEN instr(substr(${col}, instr(${col}, '.') + 1), '.') = 0 THEN ${col}
  ELSE substr(${col}, 1, instr(${col}, '.') + instr(substr(${col}, instr(${col}, '.') + 1), '.') - 1)
END`;

export const RANK_SQL = `CASE f.result WHEN 'nc_major' THEN 0 WHEN 'nc_minor' THEN 1 WHEN 'observation' THEN 2 WHEN 'ofi' THEN 3 WHEN 'conform' THEN 4 ELSE 5 END`;
export const UNRANK_SQL = (expr: string) =>
  `CASE ${expr} WHEN 0 THEN 'nc_major' WHEN 1 THEN 'nc_minor' WHEN 2 THEN 'observation' WHEN 3 THEN 'ofi' WHEN 4 THEN 'conform' ELSE 'not_applicable' END`;

const SCORE_COLUMNS = 'numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable';
const SCORE_SUMS = `SUM(CASE WHEN r.result IN ('conform', 'ofi', 'observation') THEN r.weight ELSE 0 END), SUM(CASE WHEN r.result <> 'not_applicable' THEN r.weight ELSE 0 END), COUNT(*),
  SUM(r.result = 'conform'), SUM(r.result = 'nc_major'), SUM(r.result = 'nc_minor'), SUM(r.result = 'observation'), SUM(r.result = 'ofi'), SUM(r.result = 'not_applicable')`;
const SCORE_UPSERT = `ON CONFLICT (unit_id, clause_group, audit_id) DO UPDATE SET
  ${SCORE_COLUMNS.split(', ').map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE (${SCORE_COLUMNS}) IS NOT (${SCORE_COLUMNS.split(', ').map((c) => `excluded.${c}`).join(', ')})`;
/** The number of items of the checklist versions an audit pins: the coverage denominator of one audited unit. */
export const AUDIT_ITEMS_SQL = (auditIdColumn: string) =>
  `SELECT COUNT(*) FROM audit_checklists ac JOIN checklist_items i ON i.version_id = ac.version_id WHERE ac.audit_id = ${auditIdColumn}`;
const LIVE_NC = `f.deleted_at IS NULL AND f.result IN ('nc_major', 'nc_minor')`;

/**
 * The roll-up statements for the audits matched by `audits` (a condition on an `audit_id` column, e.g. `= ?1`):
 * delete their rows (score rows: those left without item results), then rebuild them (score rows: upsert those that
 * changed) from item_results, findings, corrective_actions and audit_units, one row per
 * ancestor-or-self of each audited unit (via unit_closure). An audit's rows cost a scan of that audit's rows only.
 * The period roll-ups of migration 0010 follow in the same statements: its triggers subtract every row deleted here,
 * add every row inserted and both for every row updated, under the audit's current status and start month.
 */
export function rollupSql(audits: string): string[] {
  return [
    // Score rows are the most numerous: only those that vanished are deleted and only those whose figures changed are
    // rewritten, so the period triggers fire for the changes alone.
    `DELETE FROM rollup_scores WHERE audit_id ${audits} AND NOT EXISTS (
       SELECT 1 FROM unit_closure c JOIN item_results r ON r.audit_id = rollup_scores.audit_id AND r.unit_id = c.descendant_id
       WHERE c.ancestor_id = rollup_scores.unit_id AND (rollup_scores.clause_group = '' OR r.clause_group = rollup_scores.clause_group))`,
    `INSERT INTO rollup_scores (audit_id, unit_id, clause_group, ${SCORE_COLUMNS})
     SELECT r.audit_id, c.ancestor_id, r.clause_group, ${SCORE_SUMS}
     FROM item_results r JOIN unit_closure c ON c.descendant_id = r.unit_id
     WHERE r.audit_id ${audits} GROUP BY r.audit_id, c.ancestor_id, r.clause_group
     ${SCORE_UPSERT}`,
    `INSERT INTO rollup_scores (audit_id, unit_id, clause_group, ${SCORE_COLUMNS})
     SELECT r.audit_id, c.ancestor_id, '', ${SCORE_SUMS}
     FROM item_results r JOIN unit_closure c ON c.descendant_id = r.unit_id
     WHERE r.audit_id ${audits} GROUP BY r.audit_id, c.ancestor_id
     ${SCORE_UPSERT}`,
    `DELETE FROM rollup_nonconformities WHERE audit_id ${audits}`,
    `INSERT INTO rollup_nonconformities (audit_id, unit_id, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms)
     SELECT f.audit_id, c.ancestor_id,
       SUM(f.result = 'nc_major' AND f.status <> 'withdrawn'), SUM(f.result = 'nc_minor' AND f.status <> 'withdrawn'),
       SUM(f.status = 'recorded'), SUM(f.status = 'open'), SUM(f.status = 'action_planned'), SUM(f.status = 'disputed'),
       SUM(f.status = 'withdrawn'), SUM(f.status = 'action_done'), SUM(f.status = 'closed'),
       SUM(f.status = 'closed' AND f.closed_at IS NOT NULL),
       COALESCE(SUM(CASE WHEN f.status = 'closed' AND f.closed_at IS NOT NULL THEN CAST(round((julianday(f.closed_at) - julianday(f.recorded_at)) * 86400000) AS INTEGER) END), 0)
     FROM findings f JOIN unit_closure c ON c.descendant_id = f.unit_id
     WHERE f.audit_id ${audits} AND ${LIVE_NC} GROUP BY f.audit_id, c.ancestor_id`,
    `DELETE FROM rollup_actions WHERE audit_id ${audits}`,
    `INSERT INTO rollup_actions (audit_id, unit_id, due_date, open_actions)
     SELECT f.audit_id, c.ancestor_id, ca.due_date, COUNT(*)
     FROM findings f JOIN corrective_actions ca ON ca.finding_id = f.id JOIN unit_closure c ON c.descendant_id = f.unit_id
     WHERE f.audit_id ${audits} AND ${LIVE_NC} AND f.status = 'action_planned' AND ca.done_at IS NULL
     GROUP BY f.audit_id, c.ancestor_id, ca.due_date`,
    `DELETE FROM rollup_units WHERE audit_id ${audits}`,
    `INSERT INTO rollup_units (audit_id, unit_id, audited_units, total_items)
     SELECT au.audit_id, c.ancestor_id, COUNT(*), COUNT(*) * (${AUDIT_ITEMS_SQL('au.audit_id')})
     FROM audit_units au JOIN unit_closure c ON c.descendant_id = au.unit_id
     WHERE au.audit_id ${audits} GROUP BY au.audit_id, c.ancestor_id`,
    `DELETE FROM rollup_versions WHERE audit_id ${audits}`,
    `INSERT INTO rollup_versions (audit_id, unit_id, version_id, audited_units)
     SELECT au.audit_id, c.ancestor_id, ac.version_id, COUNT(*)
     FROM audit_units au JOIN audit_checklists ac ON ac.audit_id = au.audit_id JOIN unit_closure c ON c.descendant_id = au.unit_id
     WHERE au.audit_id ${audits} GROUP BY au.audit_id, c.ancestor_id, ac.version_id`,
  ];
}

/** Rebuilds every roll-up row from item_results, findings and audit_units (the demo seed, after its bulk insert). */
export const rebuildRollupsSql = (): string[] => rollupSql('IS NOT NULL');

/**
 * Statements that rebuild every derived summary row from the findings, for bulk loads (the benchmark dataset,
 * the demo seed) and checks: the same definitions as the per-write recompute, applied to all rows at once.
 */
export function rebuildDerivedSql(now: string): string[] {
  const quotedNow = `'${now.replaceAll("'", "''")}'`;
  return [
    'DELETE FROM item_results',
    `INSERT INTO item_results (audit_id, unit_id, item_id, result, weight, clause, clause_group, updated_at)
     SELECT f.audit_id, f.unit_id, f.item_id, ${UNRANK_SQL(`MIN(${RANK_SQL})`)}, i.weight, i.clause, ${CLAUSE_GROUP_SQL('i.clause')}, ${quotedNow}
     FROM findings f JOIN checklist_items i ON i.id = f.item_id
     WHERE f.deleted_at IS NULL AND f.status <> 'withdrawn'
     GROUP BY f.audit_id, f.unit_id, f.item_id`,
    ...rebuildRollupsSql(),
  ];
}
