// Sessions: only the SHA-256 of the token is stored; idle and absolute expiry are checked on every read.
import type { Role } from '@onestop/shared';

export const SESSION_POLICY = {
  cookie: { absoluteSeconds: 7 * 24 * 3600, idleSeconds: 8 * 3600 },
  bearer: { absoluteSeconds: 30 * 24 * 3600, idleSeconds: 7 * 24 * 3600 },
} as const;

/** last_seen_at is written at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionRow {
  token_hash: string;
  user_id: string;
  via: 'bearer' | 'cookie';
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  email: string;
  display_name: string;
  role: Role;
  unit_id: string;
  disabled: number;
}

export function insertSession(
  db: D1Database,
  s: { tokenHash: string; userId: string; via: 'bearer' | 'cookie'; now: string; expiresAt: string },
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO sessions (token_hash, user_id, via, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(s.tokenHash, s.userId, s.via, s.now, s.expiresAt, s.now);
}

export async function findSession(db: D1Database, tokenHash: string): Promise<SessionRow | null> {
  return db
    .prepare(
      `SELECT s.*, u.email, u.display_name, u.role, u.unit_id, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    )
    .bind(tokenHash)
    .first<SessionRow>();
}

export type SessionState = 'valid' | 'revoked' | 'expired' | 'idle' | 'disabled';

export function sessionState(row: SessionRow, now: string): SessionState {
  if (row.revoked_at) return 'revoked';
  if (row.disabled) return 'disabled';
  if (now >= row.expires_at) return 'expired';
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

/** Expired and revoked sessions are dropped opportunistically at sign-in. */
export function pruneSessions(db: D1Database, now: string): D1PreparedStatement {
  return db.prepare('DELETE FROM sessions WHERE expires_at < ? OR revoked_at IS NOT NULL').bind(now);
}
