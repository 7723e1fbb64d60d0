// The pooled compliance of one subtree computed from four sources, for DESIGN section 10's side-by-side: the raw
// findings (worst result per item on the fly), the item_results table, the per-audit roll-ups of migration 0007 and
// the period roll-ups of migration 0010 (per unit, audit status and start month).
import type { DatabaseSync } from 'node:sqlite';
import { RANK_SQL } from '../../worker/src/db/derived-sql.ts';

const COUNTED = `status IN ('in_progress', 'reporting', 'closed')`;

export const SOURCES = {
  'raw findings': `WITH worst AS (
      SELECT f.audit_id, f.item_id, MIN(${RANK_SQL}) AS rank FROM findings f
      WHERE f.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?1) AND f.deleted_at IS NULL AND f.status <> 'withdrawn'
        AND f.audit_id IN (SELECT id FROM audits WHERE ${COUNTED})
      GROUP BY f.audit_id, f.unit_id, f.item_id)
    SELECT COALESCE(SUM(CASE WHEN w.rank IN (2, 3, 4) THEN i.weight ELSE 0 END), 0) AS numerator,
           COALESCE(SUM(CASE WHEN w.rank <> 5 THEN i.weight ELSE 0 END), 0) AS denominator
    FROM worst w JOIN checklist_items i ON i.id = w.item_id`,
  item_results: `SELECT COALESCE(SUM(CASE WHEN r.result IN ('conform', 'ofi', 'observation') THEN r.weight ELSE 0 END), 0) AS numerator,
           COALESCE(SUM(CASE WHEN r.result <> 'not_applicable' THEN r.weight ELSE 0 END), 0) AS denominator
    FROM item_results r JOIN audits a ON a.id = r.audit_id
    WHERE r.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?1) AND a.${COUNTED}`,
  'roll-ups (0007)': `SELECT COALESCE(SUM(x.numerator), 0) AS numerator, COALESCE(SUM(x.denominator), 0) AS denominator
    FROM rollup_scores x WHERE x.unit_id = ?1 AND x.clause_group = '' AND +x.audit_id IN (SELECT id FROM audits WHERE ${COUNTED})`,
  'period roll-ups (0010)': `SELECT COALESCE(SUM(x.numerator), 0) AS numerator, COALESCE(SUM(x.denominator), 0) AS denominator
    FROM rollup_period_scores x WHERE x.unit_id = ?1 AND x.clause_group = '' AND x.${COUNTED}`,
} as const;

export type SourceName = keyof typeof SOURCES;

/** The same by clause group from item_results, to check the roll-ups' clause rows. */
export const CLAUSE_FROM_ITEM_RESULTS = `SELECT r.clause_group AS key, SUM(CASE WHEN r.result IN ('conform', 'ofi', 'observation') THEN r.weight ELSE 0 END) AS numerator
  FROM item_results r JOIN audits a ON a.id = r.audit_id
  WHERE r.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?1) AND a.${COUNTED} GROUP BY 1 ORDER BY 1`;
export const CLAUSE_FROM_ROLLUPS = `SELECT x.clause_group AS key, SUM(x.numerator) AS numerator FROM rollup_scores x
  WHERE x.unit_id = ?1 AND x.clause_group <> '' AND +x.audit_id IN (SELECT id FROM audits WHERE ${COUNTED}) GROUP BY 1 ORDER BY 1`;

export const CLAUSE_FROM_PERIOD_ROLLUPS = `SELECT x.clause_group AS key, SUM(x.numerator) AS numerator FROM rollup_period_scores x
  WHERE x.unit_id = ?1 AND x.clause_group <> '' AND x.${COUNTED} GROUP BY 1 ORDER BY 1`;

/**
 * Every period roll-up table against a rebuild from its per-audit table under each audit's current status and start
 * month, for one subtree root: the rows that differ (none when the triggers of migration 0010 kept them).
 */
const MONTH = `COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '')`;
export const PERIOD_TABLE_CHECKS: { table: string; stored: string; rebuilt: string }[] = [
  ['rollup_period_scores', 'rollup_scores', ['clause_group'], ['numerator', 'denominator', 'assessed_items', 'conform', 'nc_major', 'nc_minor', 'observation', 'ofi', 'not_applicable']],
  ['rollup_period_nonconformities', 'rollup_nonconformities', [], ['nc_major', 'nc_minor', 'recorded', 'open', 'action_planned', 'disputed', 'withdrawn', 'action_done', 'closed', 'closed_timed', 'close_ms']],
  ['rollup_period_actions', 'rollup_actions', ['due_date'], ['open_actions']],
  ['rollup_period_versions', 'rollup_versions', ['version_id'], ['audited_units']],
].map(([table, perAudit, keys, values]) => {
  const k = keys as string[];
  const v = values as string[];
  const order = ['unit_id', ...k, 'status', 'month'].map((_, i) => i + 1).join(', ');
  return {
    table: table as string,
    stored: `SELECT unit_id, ${[...k, 'status', 'month', ...v].join(', ')} FROM ${table} WHERE unit_id = ?1 ORDER BY ${order}`,
    rebuilt: `SELECT x.unit_id, ${[...k.map((c) => `x.${c}`), 'a.status', MONTH, ...v.map((c) => `SUM(x.${c})`)].join(', ')}
      FROM ${perAudit} x JOIN audits a ON a.id = x.audit_id WHERE x.unit_id = ?1 GROUP BY ${order} ORDER BY ${order}`,
  };
});

export function pooled(db: DatabaseSync, source: SourceName, rootUnitId: string): { numerator: number; denominator: number } {
  return db.prepare(SOURCES[source]).get(rootUnitId) as { numerator: number; denominator: number };
}
