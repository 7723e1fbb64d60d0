// Sign-in throttling per account and per IP: too many failures in a window lock the key for a while.

export const THROTTLE_POLICY = {
  email: { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
  ip: { maxFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
} as const;

interface ThrottleRow {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

/** Seconds until the first of the keys unlocks, or 0 when none is locked. */
export async function lockedFor(db: D1Database, keys: string[], now: string): Promise<number> {
  if (keys.length === 0) return 0;
  const { results } = await db
    .prepare(`SELECT * FROM login_throttle WHERE key IN (${keys.map(() => '?').join(', ')})`)
    .bind(...keys)
    .all<ThrottleRow>();
  let wait = 0;
  for (const row of results) {
    if (row.locked_until && row.locked_until > now) {
      wait = Math.max(wait, Math.ceil((Date.parse(row.locked_until) - Date.parse(now)) / 1000));
    }
  }
  return wait;
}

/** Counts a failure for a key; the upsert restarts the window when it has passed and locks at the limit. */
export function recordFailure(db: D1Database, key: string, kind: keyof typeof THROTTLE_POLICY, now: string): D1PreparedStatement {
  const p = THROTTLE_POLICY[kind];
  const windowFloor = new Date(Date.parse(now) - p.windowSeconds * 1000).toISOString();
  const lockUntil = new Date(Date.parse(now) + p.lockSeconds * 1000).toISOString();
  return db
    .prepare(
      `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?1, 1, ?2, NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END,
         locked_until = CASE WHEN (CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END) >= ?4 THEN ?5 ELSE locked_until END`,
    )
    .bind(key, now, windowFloor, p.maxFailures, lockUntil);
}

export function clearFailures(db: D1Database, key: string): D1PreparedStatement {
  return db.prepare('DELETE FROM login_throttle WHERE key = ?').bind(key);
}
