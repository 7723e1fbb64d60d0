// Sign-in throttling that a stranger cannot turn against the account's owner (ASVS 2.2.1, DESIGN section 9).
//
// Failures are counted on three keys:
//   pair:<e-mail>|<client>  growing delays for one client guessing one account. Only this key ever delays a sign-in
//                           to an account, so failures from other clients never stop the right person.
//   account:<e-mail>        failures from every client. Past a ceiling the account is "under attack": each pair's
//                           delays then start at its first failure. It slows guessing from many clients; it never
//                           refuses anyone by itself, and a client without failures still signs in.
//   client:<client>         failures of one client across every account (password spraying): past a ceiling the
//                           client waits before it may try any account again.
// The client is Cloudflare's CF-Connecting-IP. Keys use the e-mail as typed (lower-cased), known or not, so the
// answers for unknown e-mails look the same. A pair's attempt is counted *before* the password is checked, in one
// atomic statement that refuses while the pair waits: parallel requests cannot slip more guesses past the delay.

export const THROTTLE_POLICY = {
  pair: {
    /** Failures without any wait (typos). */
    freeFailures: 3,
    /** The wait after the first counted failure; it doubles with each further one, up to `maxDelaySeconds`. */
    baseDelaySeconds: 15,
    maxDelaySeconds: 15 * 60,
    /** A pair's count starts again after this long (and at every successful sign-in). */
    windowSeconds: 24 * 3600,
  },
  account: { ceiling: 10, windowSeconds: 3600 },
  client: { ceiling: 30, windowSeconds: 15 * 60, delaySeconds: 15 * 60 },
} as const;

interface ThrottleRow {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface ThrottleKeys {
  pair: string;
  account: string;
  client: string;
}

export function throttleKeys(email: string, client: string): ThrottleKeys {
  const e = email.toLowerCase();
  return { pair: `pair:${e}|${client}`, account: `account:${e}`, client: `client:${client}` };
}

const secondsUntil = (iso: string, now: string) => Math.max(1, Math.ceil((Date.parse(iso) - Date.parse(now)) / 1000));
const ago = (now: string, seconds: number) => new Date(Date.parse(now) - seconds * 1000).toISOString();

/** The wait a pair gets after `failures` failures: none for the first few, then doubling up to the cap. */
export function pairDelaySeconds(failures: number, underAttack: boolean): number {
  const p = THROTTLE_POLICY.pair;
  const counted = underAttack ? failures : failures - p.freeFailures + 1;
  if (counted <= 0) return 0;
  return Math.min(p.maxDelaySeconds, p.baseDelaySeconds * 2 ** Math.min(counted - 1, 16));
}

export interface ThrottleState {
  /** Seconds the client waits before any sign-in (spraying); 0 when it may try. */
  clientWait: number;
  /** Failures on the account from every client within the window. */
  accountFailures: number;
  underAttack: boolean;
}

/** Reads the client and account keys before an attempt. */
export async function throttleState(db: D1Database, keys: ThrottleKeys, now: string): Promise<ThrottleState> {
  const { results } = await db
    .prepare('SELECT * FROM login_throttle WHERE key IN (?, ?)')
    .bind(keys.account, keys.client)
    .all<ThrottleRow>();
  const client = results.find((r) => r.key === keys.client);
  const account = results.find((r) => r.key === keys.account);
  const accountFailures = account && account.window_start >= ago(now, THROTTLE_POLICY.account.windowSeconds) ? account.failures : 0;
  return {
    clientWait: client?.locked_until && client.locked_until > now ? secondsUntil(client.locked_until, now) : 0,
    accountFailures,
    underAttack: accountFailures >= THROTTLE_POLICY.account.ceiling,
  };
}

/**
 * Counts an attempt of the pair as a failure before the password is checked, and sets the wait that failure earns,
 * unless the pair is still waiting: then nothing changes and the answer is the seconds left. A successful sign-in
 * then deletes the pair (`clearPair`), so the right password costs nothing.
 */
export async function admitPairAttempt(
  db: D1Database,
  key: string,
  now: string,
  underAttack: boolean,
): Promise<{ admitted: true; failures: number } | { admitted: false; retryAfter: number }> {
  const p = THROTTLE_POLICY.pair;
  const windowFloor = ago(now, p.windowSeconds);
  // The wait the counted failure earns is chosen in the same statement from the new count (one bound timestamp per
  // count, the cap past the last), so no second request can pass between counting and waiting.
  const until = (failures: number) => {
    const delay = pairDelaySeconds(failures, underAttack);
    return delay > 0 ? new Date(Date.parse(now) + delay * 1000).toISOString() : null;
  };
  const counts = Array.from({ length: 12 }, (_, i) => i + 1);
  const newCount = 'CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END';
  const row = await db
    .prepare(
      `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?1, 1, ?2, ?4)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${newCount},
         window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END,
         locked_until = CASE ${newCount} ${counts.map((n) => `WHEN ${n} THEN ?${n + 3}`).join(' ')} ELSE ?${counts.length + 4} END
       WHERE locked_until IS NULL OR locked_until <= ?2
       RETURNING failures`,
    )
    .bind(key, now, windowFloor, ...counts.map(until), until(counts.length + 1))
    .first<{ failures: number }>();
  if (!row) {
    const waiting = await db.prepare('SELECT locked_until FROM login_throttle WHERE key = ?').bind(key).first<{ locked_until: string | null }>();
    return { admitted: false, retryAfter: waiting?.locked_until ? secondsUntil(waiting.locked_until, now) : 1 };
  }
  return { admitted: true, failures: row.failures };
}

/** Counts a failure on the account and the client keys (after the password was found wrong). */
export function recordFailure(db: D1Database, key: string, kind: 'account' | 'client', now: string): D1PreparedStatement {
  const p = THROTTLE_POLICY[kind];
  const windowFloor = ago(now, p.windowSeconds);
  const lockAt = kind === 'client' ? THROTTLE_POLICY.client.ceiling : 0;
  const lockUntil = kind === 'client' ? new Date(Date.parse(now) + THROTTLE_POLICY.client.delaySeconds * 1000).toISOString() : null;
  return db
    .prepare(
      `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?1, 1, ?2, NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END,
         window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END,
         locked_until = CASE WHEN ?4 > 0 AND (CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END) >= ?4 THEN ?5 ELSE locked_until END`,
    )
    .bind(key, now, windowFloor, lockAt, lockUntil);
}

/** A successful sign-in (or password check) forgets the pair's failures; the account and client counts stay. */
export function clearPair(db: D1Database, key: string): D1PreparedStatement {
  return db.prepare('DELETE FROM login_throttle WHERE key = ?').bind(key);
}

/** Rows whose window ended a day ago and that hold no wait are dropped opportunistically at sign-in. */
export function pruneThrottle(db: D1Database, now: string): D1PreparedStatement {
  return db
    .prepare('DELETE FROM login_throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)')
    .bind(ago(now, THROTTLE_POLICY.pair.windowSeconds), now);
}
