// Sessions: only the SHA-256 of the token is stored; idle and absolute expiry are checked on every read.
import type { Role } from '@onestop/shared';
import { uuidv7 } from '../lib/ids.ts';

/**
 * ASVS 3.3.2 (level 2): re-authentication at least every 12 hours, and after 30 minutes without use for the
 * dashboard. The extension's token may rest longer (an inspector reads a dossier for a while, the outbox syncs on its
 * own), but never past the same 12 hours from sign-in: a working day, then sign in again.
 */
export const SESSION_POLICY = {
  cookie: { absoluteSeconds: 12 * 3600, idleSeconds: 30 * 60 },
  bearer: { absoluteSeconds: 12 * 3600, idleSeconds: 8 * 3600 },
} as const;

/** last_seen_at is written at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  via: 'bearer' | 'cookie';
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  user_agent: string | null;
  email: string;
  display_name: string;
  role: Role;
  unit_id: string;
  disabled: number;
  must_change_password: number;
}

export function insertSession(
  db: D1Database,
  s: { tokenHash: string; userId: string; via: 'bearer' | 'cookie'; now: string; expiresAt: string; userAgent?: string | null; id?: string },
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO sessions (id, token_hash, user_id, via, created_at, expires_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .bind(s.id ?? uuidv7(), s.tokenHash, s.userId, s.via, s.now, s.expiresAt, s.now, s.userAgent ? s.userAgent.slice(0, 256) : null);
}

export async function findSession(db: D1Database, tokenHash: string): Promise<SessionRow | null> {
  return db
    .prepare(
      `SELECT s.*, u.email, u.display_name, u.role, u.unit_id, u.disabled, u.must_change_password
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    )
    .bind(tokenHash)
    .first<SessionRow>();
}

export type SessionState = 'valid' | 'revoked' | 'expired' | 'idle' | 'disabled';

/** When the session ends at the latest: its stored expiry, and never later than the policy's absolute limit. */
export function absoluteEnd(row: Pick<SessionRow, 'via' | 'created_at' | 'expires_at'>): string {
  const byPolicy = new Date(Date.parse(row.created_at) + SESSION_POLICY[row.via].absoluteSeconds * 1000).toISOString();
  return byPolicy < row.expires_at ? byPolicy : row.expires_at;
}

/** When the session ends if it is not used again: the earlier of the absolute end and last use + the idle limit. */
export function effectiveEnd(row: Pick<SessionRow, 'via' | 'created_at' | 'expires_at' | 'last_seen_at'>): string {
  const idleEnd = new Date(Date.parse(row.last_seen_at) + SESSION_POLICY[row.via].idleSeconds * 1000).toISOString();
  const end = absoluteEnd(row);
  return idleEnd < end ? idleEnd : end;
}

export function sessionState(row: SessionRow, now: string): SessionState {
  if (row.revoked_at) return 'revoked';
  if (row.disabled) return 'disabled';
  // The stored expiry and the policy in force both apply: sessions opened under a longer policy end on time too.
  if (now >= absoluteEnd(row)) return 'expired';
  const idle = SESSION_POLICY[row.via].idleSeconds * 1000;
  if (Date.parse(now) - Date.parse(row.last_seen_at) > idle) return 'idle';
  return 'valid';
}

export async function touchSession(db: D1Database, row: SessionRow, now: string): Promise<void> {
  if (Date.parse(now) - Date.parse(row.last_seen_at) < TOUCH_EVERY_SECONDS * 1000) return;
  await db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').bind(now, row.token_hash).run();
}

export function revokeSession(db: D1Database, tokenHash: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').bind(now, tokenHash);
}

export function revokeUserSessions(db: D1Database, userId: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').bind(now, userId);
}

/** Ends every session of the user but one (a password change keeps the session that made it). */
export function revokeOtherSessions(db: D1Database, userId: string, keepTokenHash: string, now: string): D1PreparedStatement {
  return db
    .prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND token_hash <> ? AND revoked_at IS NULL')
    .bind(now, userId, keepTokenHash);
}

/** Ends one session of the user by its public id; no change when it is not theirs or already ended. */
export function revokeSessionById(db: D1Database, userId: string, id: string, now: string): D1PreparedStatement {
  return db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').bind(now, id, userId);
}

export interface ActiveSession {
  id: string;
  token_hash: string;
  via: 'bearer' | 'cookie';
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}

/** The user's sessions that still work now (not revoked, not past their absolute or idle limit), newest first. */
export async function listActiveSessions(db: D1Database, userId: string, now: string): Promise<ActiveSession[]> {
  const { results } = await db
    .prepare(
      `SELECT id, token_hash, via, created_at, last_seen_at, expires_at, user_agent FROM sessions
       WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1000`,
    )
    .bind(userId, now)
    .all<ActiveSession>();
  return results.filter((s) => effectiveEnd(s) > now);
}

/** Expired and revoked sessions are dropped opportunistically at sign-in. */
export function pruneSessions(db: D1Database, now: string): D1PreparedStatement {
  return db.prepare('DELETE FROM sessions WHERE expires_at < ? OR revoked_at IS NOT NULL').bind(now);
}
