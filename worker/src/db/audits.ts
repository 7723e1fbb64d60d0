// Audit reads, always through the caller's scope, plus the membership facts the workflows need.
// Seeing an audit is not seeing all of it: admins, its team and the leaders of its planning unit see the whole audit;
// everyone else who sees it (unit heads, leaders of an audited unit) sees only its units inside their own subtree and
// the e-mail addresses of the people inside that subtree, as GET /units/{id} and GET /users/{id} would show them.
import type { AuditKind, AuditMemberRole, AuditStatus, ChecklistVersionStatus, UnitLevel } from '@onestop/shared';
import { likeContains } from '../lib/d1.ts';
import { auditInScope, findingInScope, type Scope, type SqlFragment } from '../lib/scope.ts';
import { AUDIT_ITEMS_SQL } from './derived-sql.ts';
import { recomputeAuditRollups } from './item-results.ts';

export interface AuditRow {
  id: string;
  code: string;
  title: string;
  kind: AuditKind;
  status: AuditStatus;
  owner_unit_id: string;
  planned_start: string;
  planned_end: string;
  started_at: string | null;
  reporting_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  lead_user_id: string | null;
  scope_note: string;
  reminder_after_days: number;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export async function getAuditRow(db: D1Database, scope: Scope, id: string): Promise<AuditRow | null> {
  const s = auditInScope(scope, 'a.id');
  return db.prepare(`SELECT a.* FROM audits a WHERE a.id = ? AND ${s.sql}`).bind(id, ...s.params).first<AuditRow>();
}

/**
 * SQL: the caller sees the whole of the audit whose planning unit is `ownerColumn` (every unit, every team member's
 * e-mail). Admins and inspectors (who see only the audits they are on the team of) do; leaders when the audit was
 * planned inside their subtree; unit heads never (they see their own part of it).
 */
export function wholeAuditInView(scope: Scope, ownerColumn: string): SqlFragment {
  switch (scope.role) {
    case 'admin':
    case 'inspector':
      return { sql: '1 = 1', params: [] };
    case 'leader':
      return { sql: `${ownerColumn} IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)`, params: [scope.unitId] };
    case 'unit_head':
      return { sql: '0 = 1', params: [] };
  }
}

/** The part of an audit the caller sees: null for the whole audit, else the root unit of the subtree they see it in. */
export async function auditViewRoot(db: D1Database, scope: Scope, row: Pick<AuditRow, 'owner_unit_id'>): Promise<string | null> {
  // The same rule as wholeAuditInView, for one audit.
  if (scope.role === 'admin' || scope.role === 'inspector') return null;
  if (scope.role === 'leader') {
    const inside = await db.prepare('SELECT 1 AS x FROM unit_closure WHERE ancestor_id = ? AND descendant_id = ?').bind(scope.unitId, row.owner_unit_id).first();
    if (inside) return null;
  }
  return scope.unitId;
}

/** The caller's role in an audit's team, or null when not a member. */
export async function membershipOf(db: D1Database, auditId: string, userId: string): Promise<AuditMemberRole | null> {
  const row = await db.prepare('SELECT role FROM audit_members WHERE audit_id = ? AND user_id = ?').bind(auditId, userId).first<{ role: AuditMemberRole }>();
  return row?.role ?? null;
}

export async function auditUnitIds(db: D1Database, auditId: string): Promise<string[]> {
  const { results } = await db.prepare('SELECT unit_id FROM audit_units WHERE audit_id = ?').bind(auditId).all<{ unit_id: string }>();
  return results.map((r) => r.unit_id);
}

export async function auditVersionIds(db: D1Database, auditId: string): Promise<string[]> {
  const { results } = await db.prepare('SELECT version_id FROM audit_checklists WHERE audit_id = ?').bind(auditId).all<{ version_id: string }>();
  return results.map((r) => r.version_id);
}

/** True when the item belongs to one of the checklist versions pinned by the audit. */
export async function itemInAudit(db: D1Database, auditId: string, itemId: string): Promise<{ weight: number; clause: string } | null> {
  return db
    .prepare(
      `SELECT i.weight, i.clause FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id
       WHERE ac.audit_id = ? AND i.id = ?`,
    )
    .bind(auditId, itemId)
    .first<{ weight: number; clause: string }>();
}

export function toAudit(row: AuditRow) {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    kind: row.kind,
    status: row.status,
    owner_unit_id: row.owner_unit_id,
    planned_start: row.planned_start,
    planned_end: row.planned_end,
    started_at: row.started_at,
    reporting_at: row.reporting_at,
    closed_at: row.closed_at,
    cancelled_at: row.cancelled_at,
    lead_user_id: row.lead_user_id,
    scope_note: row.scope_note,
    reminder_after_days: row.reminder_after_days,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export interface AuditListFilter {
  status?: AuditStatus | undefined;
  unitId?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export interface AuditListRow extends AuditRow {
  unit_count: number;
  finding_count: number;
  open_nc_count: number;
  lead_name: string | null;
}

export async function listAudits(db: D1Database, scope: Scope, filter: AuditListFilter): Promise<{ items: AuditListRow[]; total: number }> {
  const s = auditInScope(scope, 'a.id');
  const where = [s.sql];
  const params: unknown[] = [...s.params];
  if (filter.status) {
    where.push('a.status = ?');
    params.push(filter.status);
  }
  // An audit unit counts only if the caller may see it: filtering by a unit outside their part of an audit must not
  // tell them that the audit covers it.
  const whole = wholeAuditInView(scope, 'a.owner_unit_id');
  const visibleUnit: SqlFragment = {
    sql: `(${whole.sql} OR au.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?))`,
    params: [...whole.params, scope.unitId],
  };
  if (filter.unitId) {
    where.push(
      `EXISTS (SELECT 1 FROM audit_units au JOIN unit_closure uc ON uc.descendant_id = au.unit_id WHERE au.audit_id = a.id AND uc.ancestor_id = ? AND ${visibleUnit.sql})`,
    );
    params.push(filter.unitId, ...visibleUnit.params);
  }
  if (filter.q) {
    where.push("(a.code LIKE ? ESCAPE '\\' OR a.title LIKE ? ESCAPE '\\')");
    const like = likeContains(filter.q);
    params.push(like, like);
  }
  const whereSql = where.join(' AND ');
  // The counts cover only the findings the caller may see (a unit head sees their units' findings, not the audit's),
  // and only the units they may see (their own subtree, unless they see the whole audit).
  const fs = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  const [rows, count] = await db.batch([
    db
      .prepare(
        `SELECT a.*,
           (SELECT COUNT(*) FROM audit_units au WHERE au.audit_id = a.id AND ${visibleUnit.sql}) AS unit_count,
           (SELECT COUNT(*) FROM findings f WHERE f.audit_id = a.id AND f.deleted_at IS NULL AND ${fs.sql}) AS finding_count,
           (SELECT COUNT(*) FROM findings f WHERE f.audit_id = a.id AND f.deleted_at IS NULL AND f.status IN ('open', 'disputed') AND ${fs.sql}) AS open_nc_count,
           (SELECT display_name FROM users WHERE id = a.lead_user_id) AS lead_name
         FROM audits a WHERE ${whereSql}
         ORDER BY a.planned_start DESC, a.id LIMIT ? OFFSET ?`,
      )
      .bind(...visibleUnit.params, ...fs.params, ...fs.params, ...params, filter.limit, filter.offset),
    db.prepare(`SELECT COUNT(*) AS n FROM audits a WHERE ${whereSql}`).bind(...params),
  ]);
  return { items: rows?.results as AuditListRow[], total: (count?.results[0] as { n: number } | undefined)?.n ?? 0 };
}

export interface AuditDetailParts {
  units: { id: string; code: string; name: string; level: UnitLevel }[];
  members: { user_id: string; display_name: string; email: string; role: AuditMemberRole }[];
  checklists: { version_id: string; checklist_id: string; checklist_code: string; title_vi: string; title_en: string; version: number; status: ChecklistVersionStatus; item_count: number }[];
}

/**
 * The audit's units, team and pinned versions. With `viewRoot` (see auditViewRoot), only the part seen from that unit:
 * the audited units inside its subtree, and the team with e-mail addresses only of people whose unit is inside it
 * (the others' are ''). Workflow checks read the whole audit (no `viewRoot`).
 */
export async function auditDetailParts(db: D1Database, auditId: string, viewRoot: string | null = null): Promise<AuditDetailParts> {
  const subtree = 'IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)';
  const [units, members, checklists] = await db.batch([
    viewRoot === null
      ? db.prepare('SELECT u.id, u.code, u.name, u.level FROM audit_units au JOIN units u ON u.id = au.unit_id WHERE au.audit_id = ? ORDER BY u.name').bind(auditId)
      : db.prepare(`SELECT u.id, u.code, u.name, u.level FROM audit_units au JOIN units u ON u.id = au.unit_id WHERE au.audit_id = ? AND au.unit_id ${subtree} ORDER BY u.name`).bind(auditId, viewRoot),
    viewRoot === null
      ? db.prepare(`SELECT m.user_id, u.display_name, u.email, m.role FROM audit_members m JOIN users u ON u.id = m.user_id WHERE m.audit_id = ? ORDER BY m.role, u.display_name`).bind(auditId)
      : db
          .prepare(
            `SELECT m.user_id, u.display_name, CASE WHEN u.unit_id ${subtree} THEN u.email ELSE '' END AS email, m.role
             FROM audit_members m JOIN users u ON u.id = m.user_id WHERE m.audit_id = ? ORDER BY m.role, u.display_name`,
          )
          .bind(viewRoot, auditId),
    db
      .prepare(
        `SELECT v.id AS version_id, c.id AS checklist_id, c.code AS checklist_code, c.title_vi, c.title_en, v.version, v.status,
           (SELECT COUNT(*) FROM checklist_items i WHERE i.version_id = v.id) AS item_count
         FROM audit_checklists ac JOIN checklist_versions v ON v.id = ac.version_id JOIN checklists c ON c.id = v.checklist_id
         WHERE ac.audit_id = ? ORDER BY c.code`,
      )
      .bind(auditId),
  ]);
  return {
    units: units?.results as AuditDetailParts['units'],
    members: members?.results as AuditDetailParts['members'],
    checklists: checklists?.results as AuditDetailParts['checklists'],
  };
}

export interface AuditPlan {
  unitIds: string[];
  versionIds: string[];
  leadUserId: string;
  memberIds: string[];
}

/** Statements that replace an audit's units, pinned versions and team with the plan (and its roll-ups with them). */
export function replaceAuditPlan(db: D1Database, auditId: string, plan: AuditPlan): D1PreparedStatement[] {
  const statements = [
    db.prepare('DELETE FROM audit_units WHERE audit_id = ?').bind(auditId),
    db.prepare('DELETE FROM audit_checklists WHERE audit_id = ?').bind(auditId),
    db.prepare('DELETE FROM audit_members WHERE audit_id = ?').bind(auditId),
  ];
  for (const unitId of new Set(plan.unitIds)) {
    statements.push(db.prepare('INSERT INTO audit_units (audit_id, unit_id) VALUES (?, ?)').bind(auditId, unitId));
  }
  for (const versionId of new Set(plan.versionIds)) {
    statements.push(db.prepare('INSERT INTO audit_checklists (audit_id, version_id) VALUES (?, ?)').bind(auditId, versionId));
  }
  statements.push(db.prepare("INSERT INTO audit_members (audit_id, user_id, role) VALUES (?, ?, 'lead')").bind(auditId, plan.leadUserId));
  for (const memberId of new Set(plan.memberIds)) {
    if (memberId === plan.leadUserId) continue;
    statements.push(db.prepare("INSERT INTO audit_members (audit_id, user_id, role) VALUES (?, ?, 'member')").bind(auditId, memberId));
  }
  statements.push(...recomputeAuditRollups(db, auditId));
  return statements;
}

/** The audit's nonconformities still blocking closure: open and disputed, live ones only. */
export async function countUnresolvedNonconformities(db: D1Database, auditId: string): Promise<{ open: number; disputed: number }> {
  const row = await db
    .prepare(
      `SELECT COALESCE(SUM(status = 'open'), 0) AS open, COALESCE(SUM(status = 'disputed'), 0) AS disputed
       FROM findings WHERE audit_id = ? AND deleted_at IS NULL AND status IN ('open', 'disputed')`,
    )
    .bind(auditId)
    .first<{ open: number; disputed: number }>();
  return { open: row?.open ?? 0, disputed: row?.disputed ?? 0 };
}

/** The audit's coverage: (unit, item) pairs with a result over the pinned checklist items × audited units. */
export async function auditCoverage(db: D1Database, auditId: string): Promise<{ assessed: number; total: number }> {
  const row = await db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM item_results r JOIN audit_units au ON au.audit_id = r.audit_id AND au.unit_id = r.unit_id
               WHERE r.audit_id = ?1) AS assessed,
              (SELECT COUNT(*) FROM audit_units WHERE audit_id = ?1) * (${AUDIT_ITEMS_SQL('?1')}) AS total`,
    )
    .bind(auditId)
    .first<{ assessed: number; total: number }>();
  return { assessed: row?.assessed ?? 0, total: row?.total ?? 0 };
}
