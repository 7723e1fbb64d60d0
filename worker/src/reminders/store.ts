// Writing notifications: one row per (recipient, kind, finding, Vietnam day), the unique index refusing repeats, so a
// second run of the same day, or a second press of "remind", writes nothing.
import type { PlannedNotification } from './plan.ts';
import { uuidv7 } from '../lib/ids.ts';

/** Statements per D1 batch (one transaction each). */
const CHUNK = 50;

/**
 * Inserts the planned notifications for `day`; returns, in the same order, whether each one was new. Each chunk is
 * one batch: a failure leaves no half-written chunk, and a rerun fills in what is missing.
 */
export async function insertNotifications(db: D1Database, planned: readonly PlannedNotification[], day: string, now: string): Promise<boolean[]> {
  const created: boolean[] = [];
  for (let i = 0; i < planned.length; i += CHUNK) {
    const statements = planned.slice(i, i + CHUNK).map((n) =>
      db
        .prepare(
          `INSERT INTO notifications (id, user_id, kind, audit_id, finding_id, day, params, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, finding_id, day) DO NOTHING`,
        )
        .bind(uuidv7(), n.userId, n.kind, n.auditId, n.findingId, day, JSON.stringify(n.params), now),
    );
    const results = await db.batch(statements);
    created.push(...results.map((r) => (r.meta.changes ?? 0) > 0));
  }
  return created;
}
