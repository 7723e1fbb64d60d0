// The few D1 types the Worker's query modules name, for type-checking the benchmarks in Node without the Workers
// runtime types (which clash with Node's); node:sqlite answers through bench/lib/sqlite-d1.ts at run time.
declare global {
  interface D1Result<T = unknown> {
    results: T[];
    success: true;
    meta: Record<string, unknown>;
  }
  interface D1PreparedStatement {
    bind(...values: unknown[]): D1PreparedStatement;
    first<T = Record<string, unknown>>(): Promise<T | null>;
    all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
    run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  }
  /** The Worker's bindings; the benchmarks never touch them, worker/src/lib/context.ts only names the type. */
  interface Env {
    DB: D1Database;
  }
  interface D1Database {
    prepare(query: string): D1PreparedStatement;
    batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
  }
}
export {};
