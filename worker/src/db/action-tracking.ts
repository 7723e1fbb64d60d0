// Action tracking rows (migration 0012): due-date requests on corrective actions, the users an action can be
// assigned to, and the comment thread of a finding. Callers check the finding is in the caller's scope first.
import type { AssignableUser, DueDateRequest, FindingComment } from '@onestop/shared';

export type DueDateRequestRow = DueDateRequest;

const REQUEST_SQL = `SELECT r.*, rq.display_name AS requested_by_name, dc.display_name AS decided_by_name
  FROM action_due_date_requests r
  LEFT JOIN users rq ON rq.id = r.requested_by
  LEFT JOIN users dc ON dc.id = r.decided_by`;

/** A finding's due-date requests, oldest first: the history of its due date. */
export async function listDueDateRequests(db: D1Database, findingId: string): Promise<DueDateRequestRow[]> {
  const { results } = await db.prepare(`${REQUEST_SQL} WHERE r.finding_id = ? ORDER BY r.requested_at, r.id LIMIT 500`).bind(findingId).all<DueDateRequestRow>();
  return results;
}

export async function getDueDateRequest(db: D1Database, findingId: string, id: string): Promise<DueDateRequestRow | null> {
  return db.prepare(`${REQUEST_SQL} WHERE r.finding_id = ? AND r.id = ?`).bind(findingId, id).first<DueDateRequestRow>();
}

export async function hasPendingRequest(db: D1Database, findingId: string): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS x FROM action_due_date_requests WHERE finding_id = ? AND status = 'pending'").bind(findingId).first();
  return row !== null;
}

export function insertDueDateRequest(
  db: D1Database,
  r: { id: string; findingId: string; kind: 'extension' | 'revision'; currentDueDate: string; newDueDate: string; reason: string; by: string; at: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO action_due_date_requests (id, finding_id, kind, current_due_date, new_due_date, reason, status, requested_by, requested_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    )
    .bind(r.id, r.findingId, r.kind, r.currentDueDate, r.newDueDate, r.reason, r.by, r.at);
}

/**
 * Users an action of a unit may be assigned to: active accounts whose unit lies in the unit's subtree (the people
 * of that unit and the units below it). Administrators are not staff of a unit and are left out.
 */
export async function listAssignableUsers(db: D1Database, unitId: string): Promise<AssignableUser[]> {
  const { results } = await db
    .prepare(
      `SELECT us.id, us.display_name, us.role, us.unit_id, un.name AS unit_name
       FROM users us JOIN units un ON un.id = us.unit_id
       WHERE us.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?) AND us.disabled = 0 AND us.role <> 'admin'
       ORDER BY us.display_name, us.id LIMIT 500`,
    )
    .bind(unitId)
    .all<AssignableUser>();
  return results;
}

export async function getAssignableUser(db: D1Database, unitId: string, userId: string): Promise<AssignableUser | null> {
  return db
    .prepare(
      `SELECT us.id, us.display_name, us.role, us.unit_id, un.name AS unit_name
       FROM users us JOIN units un ON un.id = us.unit_id
       WHERE us.id = ? AND us.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?) AND us.disabled = 0 AND us.role <> 'admin'`,
    )
    .bind(userId, unitId)
    .first<AssignableUser>();
}

export async function listComments(db: D1Database, findingId: string): Promise<FindingComment[]> {
  const { results } = await db
    .prepare(
      `SELECT c.id, c.finding_id, c.author_id, u.display_name AS author_name, c.author_part, c.body, c.created_at
       FROM finding_comments c LEFT JOIN users u ON u.id = c.author_id
       WHERE c.finding_id = ? ORDER BY c.created_at, c.id LIMIT 1000`,
    )
    .bind(findingId)
    .all<FindingComment>();
  return results;
}
