// Recognising D1/SQLite constraint failures so they become 409s rather than 500s.
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY constraint failed/i.test(`${err.message} ${String(err.cause ?? '')}`);
}

/** A column's CHECK constraint refused a value (e.g. `length(name) BETWEEN 1 AND 300`). */
export function isCheckViolation(err: unknown): boolean {
  return err instanceof Error && /CHECK constraint failed/i.test(`${err.message} ${String(err.cause ?? '')}`);
}

export function isConstraintViolation(err: unknown): boolean {
  return err instanceof Error && /constraint failed|FOREIGN KEY/i.test(`${err.message} ${String(err.cause ?? '')}`);
}

/** A statement that aborts its whole batch unless `conditionSql` holds (see migration 0006, batch_guards). */
export function assertInBatch(db: D1Database, conditionSql: string, params: unknown[], reason: string): D1PreparedStatement {
  return db.prepare(`INSERT INTO batch_guards (reason) SELECT ? WHERE NOT (${conditionSql})`).bind(reason, ...params);
}

export function isGuardFailure(err: unknown): boolean {
  return err instanceof Error && /batch guard failed/.test(`${err.message} ${String(err.cause ?? '')}`);
}

/**
 * Placed right after a guarded UPDATE (`… WHERE id = ? AND version = ?`): aborts the batch unless that statement
 * changed exactly one row, so a write that lost a race leaves nothing behind (no event, no derived rows).
 */
export function expectOneChange(db: D1Database, reason = 'stale version'): D1PreparedStatement {
  return assertInBatch(db, 'changes() = 1', [], reason);
}

/** A LIKE pattern matching `text` anywhere, with %, _ and \ escaped (use with `ESCAPE '\'`). */
export const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
