// The append-only event log: every state change writes one row, in the same batch as the change.
import { uuidv7 } from '../lib/ids.ts';

export interface EventInput {
  actorId: string | null;
  entity: string;
  entityId: string;
  type: string;
  summary?: Record<string, unknown>;
  at?: string;
}

export function insertEvent(db: D1Database, event: EventInput): D1PreparedStatement {
  return db
    .prepare('INSERT INTO events (id, actor_id, entity, entity_id, type, summary, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(
      uuidv7(),
      event.actorId,
      event.entity,
      event.entityId,
      event.type,
      JSON.stringify(event.summary ?? {}),
      event.at ?? new Date().toISOString(),
    );
}

/**
 * Many events in few statements: rows travel as JSON arrays (D1 allows 100 bound values per statement), each array
 * kept well under D1's 1 MB limit on one value. For bulk writes such as sync.
 */
export function insertEvents(db: D1Database, events: readonly EventInput[]): D1PreparedStatement[] {
  const rows = events.map((e) => [uuidv7(), e.actorId, e.entity, e.entityId, e.type, JSON.stringify(e.summary ?? {}), e.at ?? new Date().toISOString()]);
  return jsonChunks(rows).map((json) =>
    db
      .prepare(
        `INSERT INTO events (id, actor_id, entity, entity_id, type, summary, at)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 FROM json_each(?)`,
      )
      .bind(json),
  );
}

/** Splits rows into JSON arrays of at most `maxBytes` characters each (a single larger row gets an array of its own). */
export function jsonChunks(rows: readonly unknown[], maxBytes = 256 * 1024): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (current.length > 0 && size + json.length + 1 > maxBytes) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(',')}]`);
  return chunks;
}

export interface EventRow {
  id: string;
  actor_id: string | null;
  actor_name: string | null;
  entity: string;
  entity_id: string;
  type: string;
  summary: string;
  at: string;
}

export function toEvent(row: EventRow) {
  return {
    id: row.id,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    entity: row.entity,
    entity_id: row.entity_id,
    type: row.type,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    at: row.at,
  };
}
export type Event = ReturnType<typeof toEvent>;

/** One record's history; the route checks the record is visible to the caller first. */
export async function listEventsFor(db: D1Database, entity: string, entityId: string, limit = 200): Promise<Event[]> {
  const { results } = await db
    .prepare(
      `SELECT e.*, u.display_name AS actor_name FROM events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.entity = ? AND e.entity_id = ? ORDER BY e.at, e.id LIMIT ?`,
    )
    .bind(entity, entityId, limit)
    .all<EventRow>();
  return results.map(toEvent);
}

/** The latest events overall, newest first (administrators only). */
export async function listRecentEvents(db: D1Database, limit = 200): Promise<Event[]> {
  const { results } = await db
    .prepare('SELECT e.*, u.display_name AS actor_name FROM events e LEFT JOIN users u ON u.id = e.actor_id ORDER BY e.at DESC, e.id DESC LIMIT ?')
    .bind(limit)
    .all<EventRow>();
  return results.map(toEvent);
}
