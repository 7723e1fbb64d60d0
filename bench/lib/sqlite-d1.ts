// The floor of the summary benchmark: the Worker's own query functions run on the same SQLite file through node:sqlite,
// with a minimal D1 look-alike (prepare/bind/first/all/run/batch), so the SQL is identical and only the Worker,
// HTTP and the D1 object are left out.
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

interface Result<T> {
  results: T[];
  success: true;
  meta: Record<string, unknown>;
}

class Statement {
  readonly sql: string;
  private readonly db: DatabaseSync;
  private params: SQLInputValue[] = [];
  constructor(db: DatabaseSync, sql: string) {
    this.db = db;
    this.sql = sql;
  }
  bind(...values: unknown[]): Statement {
    const s = new Statement(this.db, this.sql);
    s.params = values.map((v) => (typeof v === 'boolean' ? Number(v) : (v as SQLInputValue)));
    return s;
  }
  runSync<T>(): Result<T> {
    const st = this.db.prepare(this.sql);
    const rows = (st.columns().length > 0 ? st.all(...this.params) : (st.run(...this.params), [])) as T[];
    return { results: rows.map((r) => ({ ...r })), success: true, meta: {} };
  }
  async all<T>(): Promise<Result<T>> {
    return this.runSync<T>();
  }
  async run<T>(): Promise<Result<T>> {
    return this.runSync<T>();
  }
  async first<T>(): Promise<T | null> {
    return this.runSync<T>().results[0] ?? null;
  }
}

/** Opens a D1 database file read-only and answers like a D1 binding (enough for the summary queries). */
export function openSqliteD1(file: string): { d1: D1Database; close(): void; db: DatabaseSync } {
  const db = new DatabaseSync(file, { readOnly: true });
  const shim = {
    prepare: (sql: string) => new Statement(db, sql),
    batch: async (statements: Statement[]) => statements.map((s) => s.runSync<unknown>()),
  };
  return { d1: shim as unknown as D1Database, close: () => db.close(), db };
}
