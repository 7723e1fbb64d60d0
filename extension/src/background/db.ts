// The background's IndexedDB (idb): the outbox of sync ops, the local copy of findings (own pending ones and the
// team's pulled ones), captured evidence with its blobs until uploaded, and cached API reads for offline use.
// IndexedDB survives service-worker termination and browser restarts, so nothing acknowledged is ever lost.
import type { Finding, Problem, SyncOp } from '@onestop/shared';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LocalFinding } from '../model.ts';

/** One queued op. `base_version` is resolved when the op is sent, from the finding's local version. */
export interface OutboxOp {
  op_id: string;
  kind: SyncOp['kind'];
  entity_id: string;
  /** Creates the entity (base_version null). */
  create: boolean;
  data: SyncOp['data'];
  /** For evidence: the finding that must exist on the server first. */
  depends_on: string | null;
  state: 'pending' | 'conflict' | 'rejected';
  attempts: number;
  queued_at: string;
  /** The server's copy, when the op met a conflict. */
  server?: Finding;
  problem?: Problem;
}

export interface LocalEvidence {
  id: string;
  finding_id: string;
  audit_id: string;
  page_url: string | null;
  page_title: string | null;
  selectors: unknown[];
  quote: string | null;
  sha256: string | null;
  mime: string | null;
  bytes: number | null;
  captured_at: string;
  state: 'queued' | 'created' | 'uploaded' | 'failed';
  error: string | null;
  /** The dossier code of the list row (or page) it was captured on: re-anchoring refuses another dossier's row. */
  record?: string | null;
}

export interface OnestopDb extends DBSchema {
  ops: { key: string; value: OutboxOp; indexes: { entity: string } };
  findings: { key: string; value: LocalFinding; indexes: { audit_unit: [string, string]; audit: string } };
  evidence: { key: string; value: LocalEvidence; indexes: { finding: string; state: string } };
  blobs: { key: string; value: { id: string; bytes: Uint8Array } };
  cache: { key: string; value: { key: string; value: unknown; fetchedAt: string } };
  /**
   * The API base (`apiBase`) and the session with its bearer token (`session`), issue 13. Here and not in
   * `storage.local`: the extension origin's IndexedDB is out of reach of content scripts (which can read and write
   * `storage.local`), and unlike `storage.session` it survives a browser restart, so the inspector stays signed in.
   */
  auth: { key: string; value: { key: string; value: unknown } };
}

export type Db = IDBPDatabase<OnestopDb>;

export const DB_NAME = 'onestop-audit';
const DB_VERSION = 2;

export function openOnestopDb(name = DB_NAME): Promise<Db> {
  return openDB<OnestopDb>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const ops = db.createObjectStore('ops', { keyPath: 'op_id' });
        ops.createIndex('entity', 'entity_id');
        const findings = db.createObjectStore('findings', { keyPath: 'id' });
        findings.createIndex('audit_unit', ['audit_id', 'unit_id']);
        findings.createIndex('audit', 'audit_id');
        const evidence = db.createObjectStore('evidence', { keyPath: 'id' });
        evidence.createIndex('finding', 'finding_id');
        evidence.createIndex('state', 'state');
        db.createObjectStore('blobs', { keyPath: 'id' });
        db.createObjectStore('cache', { keyPath: 'key' });
      }
      if (oldVersion < 2) db.createObjectStore('auth', { keyPath: 'key' });
    },
  });
}

export async function readCache<T>(db: Db, key: string): Promise<T | null> {
  const row = await db.get('cache', key);
  return row ? (row.value as T) : null;
}

export async function writeCache(db: Db, key: string, value: unknown, now: string): Promise<void> {
  await db.put('cache', { key, value, fetchedAt: now });
}

export async function readAuth<T>(db: Db, key: 'apiBase' | 'session'): Promise<T | null> {
  const row = await db.get('auth', key);
  return row ? (row.value as T) : null;
}

/** Stores (or, with null, deletes) the API base or the session. */
export async function writeAuth(db: Db, key: 'apiBase' | 'session', value: unknown): Promise<void> {
  if (value === null) await db.delete('auth', key);
  else await db.put('auth', { key, value });
}
