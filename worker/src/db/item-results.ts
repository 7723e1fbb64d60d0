// Derived summary rows, recomputed in the same batch as every write that changes them: item_results (the worst live
// result per audit, unit and item) and the per-audit roll-ups GET /summary reads (migration 0007), which the period
// roll-ups of migration 0010 follow through their triggers in the same statements (ADR 0009).
import { CLAUSE_GROUP_SQL, RANK_SQL, rollupSql, UNRANK_SQL } from './derived-sql.ts';

export { CLAUSE_GROUP_SQL };

export interface ItemKey {
  auditId: string;
  unitId: string;
  itemId: string;
}

/**
 * Two statements that bring the item_results rows of the given (audit, unit, item) keys in line with their findings:
 * upsert the worst live result, or delete the row when no live finding is left. Deleted and withdrawn findings do
 * not count. The keys travel as one JSON array, so a sync batch recomputes all its items in two statements.
 * Callers must add `recomputeAuditRollups` once per audit after them (recomputeItemResult does for one key).
 */
export function itemResultStatements(db: D1Database, keys: readonly ItemKey[], now: string): D1PreparedStatement[] {
  const json = JSON.stringify(keys.map((k) => [k.auditId, k.unitId, k.itemId]));
  const keyRows = `(SELECT json_extract(value, '$[0]') AS audit_id, json_extract(value, '$[1]') AS unit_id, json_extract(value, '$[2]') AS item_id FROM json_each(?1))`;
  const live = `f.deleted_at IS NULL AND f.status <> 'withdrawn'`;
  return [
    db
      .prepare(
        `INSERT INTO item_results (audit_id, unit_id, item_id, result, weight, clause, clause_group, updated_at)
         SELECT f.audit_id, f.unit_id, f.item_id, ${UNRANK_SQL(`MIN(${RANK_SQL})`)}, i.weight, i.clause, ${CLAUSE_GROUP_SQL('i.clause')}, ?2
         FROM ${keyRows} k JOIN findings f ON f.audit_id = k.audit_id AND f.unit_id = k.unit_id AND f.item_id = k.item_id
         JOIN checklist_items i ON i.id = f.item_id
         WHERE ${live}
         GROUP BY f.audit_id, f.unit_id, f.item_id
         ON CONFLICT (audit_id, unit_id, item_id) DO UPDATE SET result = excluded.result, updated_at = excluded.updated_at`,
      )
      .bind(json, now),
    db
      .prepare(
        `DELETE FROM item_results WHERE (audit_id, unit_id, item_id) IN (SELECT audit_id, unit_id, item_id FROM ${keyRows})
         AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.audit_id = item_results.audit_id AND f.unit_id = item_results.unit_id
                         AND f.item_id = item_results.item_id AND ${live})`,
      )
      .bind(json),
  ];
}

/** Everything derived from the findings of one (audit, unit, item): its item_results row and the audit's roll-ups. */
export function recomputeItemResult(db: D1Database, auditId: string, unitId: string, itemId: string, now: string): D1PreparedStatement[] {
  return [...itemResultStatements(db, [{ auditId, unitId, itemId }], now), ...recomputeAuditRollups(db, auditId)];
}

/** Every roll-up row of one audit, recomputed: after finding writes, NC workflow steps and changes to its units. */
export function recomputeAuditRollups(db: D1Database, auditId: string): D1PreparedStatement[] {
  return rollupSql('= ?1').map((sql) => db.prepare(sql).bind(auditId));
}

/** The roll-ups of every audit covering a unit of this subtree: after the subtree moved (its ancestors changed). */
export function recomputeSubtreeRollups(db: D1Database, unitId: string): D1PreparedStatement[] {
  const audits = `IN (SELECT au.audit_id FROM audit_units au JOIN unit_closure k ON k.descendant_id = au.unit_id WHERE k.ancestor_id = ?1)`;
  return rollupSql(audits).map((sql) => db.prepare(sql).bind(unitId));
}

