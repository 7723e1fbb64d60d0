// Indicator targets: one row per indicator that has one. Readable by every signed-in role (they are goals, not data
// of any unit); written only by admins, the whole set at once.
import { INDICATORS, type Indicator, type TargetDirection, type TargetInput } from '@onestop/shared';

export interface TargetRow {
  indicator: Indicator;
  direction: TargetDirection;
  value: number;
  updated_by: string | null;
  updated_at: string;
}

const order = (a: TargetRow, b: TargetRow) => INDICATORS.indexOf(a.indicator) - INDICATORS.indexOf(b.indicator);

/** The stored targets in INDICATORS order. */
export async function listTargets(db: D1Database): Promise<TargetRow[]> {
  const { results } = await db.prepare('SELECT indicator, direction, value, updated_by, updated_at FROM indicator_targets').all<TargetRow>();
  return [...results].sort(order);
}

/**
 * The statements that replace the whole set: the caller runs them in one batch with the event, so a reader never
 * sees half of an edit. A target whose direction and value did not change keeps who set it and when.
 */
export function replaceTargets(db: D1Database, targets: readonly TargetInput[], userId: string, now: string): D1PreparedStatement[] {
  const json = JSON.stringify(targets.map((t) => [t.indicator, t.direction, t.value]));
  return [
    db.prepare('DELETE FROM indicator_targets WHERE indicator NOT IN (SELECT value ->> 0 FROM json_each(?))').bind(json),
    db
      .prepare(
        `INSERT INTO indicator_targets (indicator, direction, value, updated_by, updated_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, ?, ? FROM json_each(?) WHERE true
         ON CONFLICT (indicator) DO UPDATE SET direction = excluded.direction, value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at
         WHERE indicator_targets.direction IS NOT excluded.direction OR indicator_targets.value IS NOT excluded.value`,
      )
      .bind(userId, now, json),
  ];
}
