// The caller's scope as SQL: every query that lists or reads takes one, so nothing outside it can be returned.
import type { Caller } from './context.ts';

export interface Scope {
  userId: string;
  role: Caller['role'];
  unitId: string;
}

export const scopeOf = (caller: Caller): Scope => ({ userId: caller.userId, role: caller.role, unitId: caller.unitId });

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** `column` is inside the caller's unit subtree (admins see every unit). */
export function unitInScope(scope: Scope, column: string): SqlFragment {
  if (scope.role === 'admin') return { sql: '1 = 1', params: [] };
  return {
    sql: `${column} IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)`,
    params: [scope.unitId],
  };
}

/**
 * The audits a caller may see (DESIGN section 4): admins all; leaders those planned in or covering their subtree;
 * inspectors those they are members of; unit heads those covering their subtree once they reach `reporting`.
 */
export function auditInScope(scope: Scope, auditIdColumn: string): SqlFragment {
  switch (scope.role) {
    case 'admin':
      return { sql: '1 = 1', params: [] };
    case 'leader':
      return {
        sql: `(${auditIdColumn} IN (SELECT a.id FROM audits a JOIN unit_closure uc ON uc.descendant_id = a.owner_unit_id WHERE uc.ancestor_id = ?)
           OR ${auditIdColumn} IN (SELECT au.audit_id FROM audit_units au JOIN unit_closure uc ON uc.descendant_id = au.unit_id WHERE uc.ancestor_id = ?))`,
        params: [scope.unitId, scope.unitId],
      };
    case 'inspector':
      return { sql: `${auditIdColumn} IN (SELECT audit_id FROM audit_members WHERE user_id = ?)`, params: [scope.userId] };
    case 'unit_head':
      return {
        sql: `${auditIdColumn} IN (SELECT au.audit_id FROM audit_units au JOIN unit_closure uc ON uc.descendant_id = au.unit_id
              JOIN audits a ON a.id = au.audit_id WHERE uc.ancestor_id = ? AND a.status IN ('reporting', 'closed'))`,
        params: [scope.unitId],
      };
  }
}

/**
 * The findings a caller may see, given aliases for the finding's audit and unit columns:
 * leaders and unit heads are limited to their subtree, inspectors to their audits.
 */
export function findingInScope(scope: Scope, auditIdColumn: string, unitIdColumn: string): SqlFragment {
  switch (scope.role) {
    case 'admin':
      return { sql: '1 = 1', params: [] };
    case 'leader':
      return unitInScope(scope, unitIdColumn);
    case 'inspector':
      return auditInScope(scope, auditIdColumn);
    case 'unit_head': {
      const unit = unitInScope(scope, unitIdColumn);
      return {
        sql: `(${unit.sql} AND ${auditIdColumn} IN (SELECT id FROM audits WHERE status IN ('reporting', 'closed')))`,
        params: unit.params,
      };
    }
  }
}

/**
 * findingInScope for rows that all lie under one root unit (`rootExpr`, e.g. a bound parameter), in two parts: a
 * constant check on the root (one closure lookup covers every unit below it) and the audit-level condition. Summaries
 * use it; for leaders and unit heads the root must be a unit they may name (below their own), or nothing is counted.
 */
export function scopeUnderRoot(scope: Scope, auditIdColumn: string, rootExpr: string): { root: SqlFragment; audit: SqlFragment } {
  const all = { sql: '1 = 1', params: [] };
  const rootInSubtree = { sql: `EXISTS (SELECT 1 FROM unit_closure WHERE ancestor_id = ? AND descendant_id = ${rootExpr})`, params: [scope.unitId] };
  switch (scope.role) {
    case 'admin':
      return { root: all, audit: all };
    case 'leader':
      return { root: rootInSubtree, audit: all };
    case 'inspector':
      return { root: all, audit: auditInScope(scope, auditIdColumn) };
    case 'unit_head':
      return { root: rootInSubtree, audit: { sql: `${auditIdColumn} IN (SELECT id FROM audits WHERE status IN ('reporting', 'closed'))`, params: [] } };
  }
}

/** Joins fragments with AND. */
export function and(...fragments: SqlFragment[]): SqlFragment {
  return { sql: fragments.map((f) => `(${f.sql})`).join(' AND '), params: fragments.flatMap((f) => f.params) };
}
