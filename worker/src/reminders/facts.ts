// The reads behind reminders: nonconformities waiting on someone, with who may act on each. Unit heads are those
// the worker lets answer a finding (findingInScope for unit_head: the head's unit is the finding's unit or one of
// its ancestors, and the audit is in `reporting` or `closed`); the lead is the audit's `lead` member. Disabled
// accounts get nothing.
import type { Result } from '@onestop/shared';
import type { ReminderFact } from './plan.ts';

interface FactRow {
  finding_id: string;
  audit_id: string;
  unit_id: string;
  status: ReminderFact['status'];
  result: Result;
  updated_at: string;
  audit_code: string;
  reporting_at: string | null;
  reminder_after_days: number;
  unit_name: string;
  item_code: string;
  due_date: string | null;
  unit_heads: string;
  lead_id: string | null;
}

const PAGE = 500;

const FACTS_SQL = `
  SELECT f.id AS finding_id, f.audit_id, f.unit_id, f.status, f.result, f.updated_at, a.code AS audit_code, a.reporting_at,
    a.reminder_after_days, u.name AS unit_name, ci.code AS item_code, ca.due_date,
    (SELECT json_group_array(h.id) FROM unit_closure uc JOIN users h ON h.unit_id = uc.ancestor_id
      WHERE uc.descendant_id = f.unit_id AND h.role = 'unit_head' AND h.disabled = 0) AS unit_heads,
    (SELECT m.user_id FROM audit_members m JOIN users l ON l.id = m.user_id
      WHERE m.audit_id = f.audit_id AND m.role = 'lead' AND l.disabled = 0) AS lead_id
  FROM findings f
  JOIN audits a ON a.id = f.audit_id
  JOIN units u ON u.id = f.unit_id
  JOIN checklist_items ci ON ci.id = f.item_id
  LEFT JOIN corrective_actions ca ON ca.finding_id = f.id
  WHERE f.deleted_at IS NULL AND f.result IN ('nc_major', 'nc_minor') AND a.status IN ('reporting', 'closed') AND f.id > ?`;

const toFact = (r: FactRow): ReminderFact => ({
  findingId: r.finding_id,
  auditId: r.audit_id,
  unitId: r.unit_id,
  status: r.status,
  result: r.result,
  auditCode: r.audit_code,
  unitName: r.unit_name,
  itemCode: r.item_code,
  reportingAt: r.reporting_at,
  updatedAt: r.updated_at,
  reminderAfterDays: r.reminder_after_days,
  dueDate: r.due_date,
  unitHeadIds: (JSON.parse(r.unit_heads) as string[]).sort(),
  leadId: r.lead_id,
});

async function readPaged(db: D1Database, where: string, params: unknown[]): Promise<ReminderFact[]> {
  const out: ReminderFact[] = [];
  let after = '';
  for (;;) {
    const { results } = await db.prepare(`${FACTS_SQL} AND (${where}) ORDER BY f.id LIMIT ${PAGE}`).bind(after, ...params).all<FactRow>();
    out.push(...results.map(toFact));
    if (results.length < PAGE) return out;
    after = results[results.length - 1]?.finding_id ?? after;
  }
}

/**
 * Every nonconformity that may call for a reminder on a day whose "due soon" horizon is `dueBy` (today + 3):
 * unanswered, disputed, done awaiting verification, or planned with an open action due by then.
 */
export const readReminderFacts = (db: D1Database, dueBy: string) =>
  readPaged(db, "f.status IN ('open', 'disputed', 'action_done') OR (f.status = 'action_planned' AND ca.done_at IS NULL AND ca.due_date <= ?)", [dueBy]);

/** The unanswered nonconformities of one audit (they block closing it). */
export const readOpenNonconformities = (db: D1Database, auditId: string) => readPaged(db, "f.audit_id = ? AND f.status = 'open'", [auditId]);
