// Units and their closure table: subtree reads are one indexed lookup; moves rewrite the closure in one batch.
import type { UnitLevel } from '@onestop/shared';
import { uuidv7 } from '../lib/ids.ts';
import { recomputeSubtreeRollups } from './item-results.ts';
import { type Scope, unitInScope } from '../lib/scope.ts';

export interface UnitRow {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  level: UnitLevel;
  gso_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
  depth?: number;
}

export function toUnit(row: UnitRow) {
  return {
    id: row.id,
    parent_id: row.parent_id,
    code: row.code,
    name: row.name,
    level: row.level,
    gso_code: row.gso_code,
    valid_from: row.valid_from,
    valid_to: row.valid_to,
    active: row.active === 1,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
export type Unit = ReturnType<typeof toUnit>;

export async function getUnit(db: D1Database, scope: Scope, id: string): Promise<Unit | null> {
  const s = unitInScope(scope, 'id');
  const row = await db.prepare(`SELECT * FROM units WHERE id = ? AND ${s.sql}`).bind(id, ...s.params).first<UnitRow>();
  return row ? toUnit(row) : null;
}

/** The units a caller may see, parents before children (ordered by depth from the caller's root, then name). */
export async function listUnits(
  db: D1Database,
  scope: Scope,
  opts: { includeInactive?: boolean; root?: string | undefined } = {},
): Promise<Unit[]> {
  const s = unitInScope(scope, 'u.id');
  const where = [s.sql];
  const params: unknown[] = [...s.params];
  if (!opts.includeInactive) where.push('u.active = 1');
  if (opts.root) {
    where.push('u.id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)');
    params.push(opts.root);
  }
  const { results } = await db
    .prepare(
      `SELECT u.*, (SELECT MAX(depth) FROM unit_closure WHERE descendant_id = u.id) AS depth
       FROM units u WHERE ${where.join(' AND ')} ORDER BY depth, u.name, u.id`,
    )
    .bind(...params)
    .all<UnitRow>();
  return results.map(toUnit);
}

/** True when `descendantId` is `ancestorId` or below it. */
export async function isInSubtree(db: D1Database, ancestorId: string, descendantId: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS x FROM unit_closure WHERE ancestor_id = ? AND descendant_id = ?')
    .bind(ancestorId, descendantId)
    .first();
  return row !== null;
}

export interface UnitInput {
  id?: string;
  parentId: string | null;
  code: string;
  name: string;
  level: UnitLevel;
  gsoCode?: string | null | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
  now: string;
}

/** The unit row plus its closure rows (self, and one per ancestor of the parent). */
export function insertUnit(db: D1Database, u: UnitInput): { id: string; statements: D1PreparedStatement[] } {
  const id = u.id ?? uuidv7();
  const statements = [
    db
      .prepare(
        `INSERT INTO units (id, parent_id, code, name, level, gso_code, valid_from, valid_to, active, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)`,
      )
      .bind(id, u.parentId, u.code, u.name, u.level, u.gsoCode ?? null, u.validFrom ?? null, u.validTo ?? null, u.now, u.now),
    db.prepare('INSERT INTO unit_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, 0)').bind(id, id),
  ];
  if (u.parentId) {
    statements.push(
      db
        .prepare(
          `INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
           SELECT ancestor_id, ?, depth + 1 FROM unit_closure WHERE descendant_id = ?`,
        )
        .bind(id, u.parentId),
    );
  }
  return { id, statements };
}

export function updateUnitFields(
  db: D1Database,
  id: string,
  version: number,
  patch: { name?: string | undefined; code?: string | undefined; level?: UnitLevel | undefined; active?: boolean | undefined; validTo?: string | null | undefined },
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE units SET name = COALESCE(?, name), code = COALESCE(?, code), level = COALESCE(?, level),
         active = COALESCE(?, active), valid_to = CASE WHEN ? THEN ? ELSE valid_to END,
         version = version + 1, updated_at = ?
       WHERE id = ? AND version = ?`,
    )
    .bind(
      patch.name ?? null,
      patch.code ?? null,
      patch.level ?? null,
      patch.active === undefined ? null : patch.active ? 1 : 0,
      patch.validTo !== undefined ? 1 : 0,
      patch.validTo ?? null,
      now,
      id,
      version,
    );
}

/**
 * Moves a unit (and its subtree) under a new parent. Every statement is guarded so that a move into the unit's
 * own subtree changes nothing even if it raced past the route's check. The summary roll-ups of the audits covering
 * the subtree are keyed by ancestors, so they are rebuilt in the same batch.
 */
export function moveUnit(db: D1Database, id: string, newParentId: string, now: string): D1PreparedStatement[] {
  const noCycle = 'NOT EXISTS (SELECT 1 FROM unit_closure WHERE ancestor_id = ?1 AND descendant_id = ?2)';
  return [
    db
      .prepare(
        `DELETE FROM unit_closure
         WHERE descendant_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?1)
           AND ancestor_id NOT IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?1)
           AND ${noCycle}`,
      )
      .bind(id, newParentId),
    db
      .prepare(
        `INSERT INTO unit_closure (ancestor_id, descendant_id, depth)
         SELECT sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1
         FROM unit_closure sup, unit_closure sub
         WHERE sup.descendant_id = ?2 AND sub.ancestor_id = ?1 AND ${noCycle}`,
      )
      .bind(id, newParentId),
    db
      .prepare(`UPDATE units SET parent_id = ?2, updated_at = ?3 WHERE id = ?1 AND ${noCycle}`)
      .bind(id, newParentId, now),
    ...recomputeSubtreeRollups(db, id),
  ];
}

export async function countActiveChildren(db: D1Database, id: string): Promise<number> {
  const row = await db.prepare('SELECT COUNT(*) AS n FROM units WHERE parent_id = ? AND active = 1').bind(id).first<{ n: number }>();
  return row?.n ?? 0;
}
