// Users: reads take the caller's scope (unit subtree); the password hash never leaves this module's callers.
import type { Role } from '@onestop/shared';
import { likeContains } from '../lib/d1.ts';
import { uuidv7 } from '../lib/ids.ts';
import { type Scope, unitInScope } from '../lib/scope.ts';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: string;
  unit_name?: string | null;
  disabled: number;
  must_change_password: number;
  password_changed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export function toUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    display_name: row.display_name,
    role: row.role,
    unit_id: row.unit_id,
    unit_name: row.unit_name ?? null,
    disabled: row.disabled === 1,
    must_change_password: row.must_change_password === 1,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
export type User = ReturnType<typeof toUser>;

/** For sign-in only: looks a user up by e-mail without a scope (the caller is not known yet). */
export async function findUserForLogin(db: D1Database, email: string): Promise<UserRow | null> {
  return db.prepare('SELECT * FROM users WHERE email = ?').bind(email.toLowerCase()).first<UserRow>();
}

export async function getUser(db: D1Database, scope: Scope, id: string): Promise<User | null> {
  const s = unitInScope(scope, 'u.unit_id');
  const row = await db
    .prepare(`SELECT u.*, n.name AS unit_name FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = ? AND ${s.sql}`)
    .bind(id, ...s.params)
    .first<UserRow>();
  return row ? toUser(row) : null;
}

export interface UserFilter {
  role?: Role | undefined;
  unitId?: string | undefined;
  q?: string | undefined;
  includeDisabled?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function listUsers(db: D1Database, scope: Scope, filter: UserFilter): Promise<{ items: User[]; total: number }> {
  const s = unitInScope(scope, 'u.unit_id');
  const where = [s.sql];
  const params: unknown[] = [...s.params];
  if (filter.role) {
    where.push('u.role = ?');
    params.push(filter.role);
  }
  if (filter.unitId) {
    where.push('u.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)');
    params.push(filter.unitId);
  }
  if (filter.q) {
    where.push("(u.email LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\')");
    const like = likeContains(filter.q);
    params.push(like, like);
  }
  if (!filter.includeDisabled) where.push('u.disabled = 0');
  const whereSql = where.join(' AND ');
  const [rows, count] = await db.batch([
    db
      .prepare(
        `SELECT u.*, n.name AS unit_name FROM users u JOIN units n ON n.id = u.unit_id WHERE ${whereSql}
         ORDER BY u.display_name, u.id LIMIT ? OFFSET ?`,
      )
      .bind(...params, filter.limit, filter.offset),
    db.prepare(`SELECT COUNT(*) AS n FROM users u WHERE ${whereSql}`).bind(...params),
  ]);
  return {
    items: (rows?.results as UserRow[]).map(toUser),
    total: (count?.results[0] as { n: number } | undefined)?.n ?? 0,
  };
}

export function insertUser(
  db: D1Database,
  u: {
    id?: string;
    email: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    unitId: string;
    now: string;
    /** An administrator chose the password: the user must pick their own at the first sign-in. */
    mustChangePassword?: boolean;
  },
): { id: string; statement: D1PreparedStatement } {
  const id = u.id ?? uuidv7();
  return {
    id,
    statement: db
      .prepare(
        `INSERT INTO users (id, email, display_name, password_hash, role, unit_id, disabled, must_change_password, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1, ?, ?)`,
      )
      .bind(id, u.email.toLowerCase(), u.displayName, u.passwordHash, u.role, u.unitId, u.mustChangePassword ? 1 : 0, u.now, u.now),
  };
}

export interface UserPatch {
  displayName?: string | undefined;
  role?: Role | undefined;
  unitId?: string | undefined;
  disabled?: boolean | undefined;
  /** A password reset by an administrator: the user must change it at the next sign-in. */
  passwordHash?: string | undefined;
}

/** Optimistic update: only applies when `version` matches; returns the statement. */
export function updateUser(db: D1Database, id: string, version: number, patch: UserPatch, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE users SET
         display_name = COALESCE(?, display_name),
         role = COALESCE(?, role),
         unit_id = COALESCE(?, unit_id),
         disabled = COALESCE(?, disabled),
         password_hash = COALESCE(?, password_hash),
         must_change_password = CASE WHEN ? IS NULL THEN must_change_password ELSE 1 END,
         password_changed_at = CASE WHEN ? IS NULL THEN password_changed_at ELSE ? END,
         version = version + 1,
         updated_at = ?
       WHERE id = ? AND version = ?`,
    )
    .bind(
      patch.displayName ?? null,
      patch.role ?? null,
      patch.unitId ?? null,
      patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
      patch.passwordHash ?? null,
      patch.passwordHash ?? null,
      patch.passwordHash ?? null,
      now,
      now,
      id,
      version,
    );
}

/**
 * The user's own new password: clears the must-change flag. Guarded by the hash it replaces, so two changes racing
 * with the same current password cannot both win.
 */
export function setOwnPassword(db: D1Database, id: string, oldHash: string, newHash: string, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE users SET password_hash = ?, must_change_password = 0, password_changed_at = ?, version = version + 1, updated_at = ?
       WHERE id = ? AND password_hash = ?`,
    )
    .bind(newHash, now, now, id, oldHash);
}
