// The sync engine (DESIGN section 7): sends the outbox in batches of at most 200 ops (one op per entity per batch,
// evidence after its finding), applies each answer (applied, duplicate, conflict, rejected), uploads evidence blobs
// once their op applied, and pulls teammates' changes with the `since` cursor. Failures back off exponentially with
// jitter; the caller schedules the retry (a timer and an alarm, so it survives service-worker restarts).
// A rejected op (refused by the server, or by the same per-op check before sending) leaves the send queue for good and
// never holds another op back: it waits, with its reason, for the inspector to export or dismiss it.
import {
  checkSyncOps,
  INVALID_OP_CODE,
  MAX_SYNC_OPS,
  SyncEnvelopeSchema,
  uuidv7,
  type Finding,
  type Problem,
  type SyncOp,
  type SyncOpResult,
  type SyncOutcome,
  type SyncRequest,
} from '@onestop/shared';
import type { ConflictView, LocalFinding, RejectedView, SyncState } from '../model.ts';
import type { SyncStatus } from '../storage.ts';
import { ApiError, OfflineError, type ApiClient } from './api.ts';
import type { Db, OutboxOp } from './db.ts';
import { listOps, opsFor } from './outbox.ts';


/**
 * An answer after which this session can send nothing: 401 (expired or revoked), or 403 `password_change_required`
 * (an administrator set the password again: the account may only change it, in the dashboard).
 */
export function endsSession(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || (err.status === 403 && err.code === 'password_change_required'));
}

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Delay before retry number `failures` (1, 2, …): exponential, capped, with jitter in [50 %, 100 %]. */
export function backoffDelay(failures: number, random: () => number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(exp * (0.5 + random() * 0.5));
}

export interface SyncDeps {
  db: Db;
  api: ApiClient;
  clientId: () => Promise<string>;
  /** The audit whose findings are pulled (the inspector's current one). */
  currentAudit: () => Promise<string | null>;
  cursors: { get(): Promise<Record<string, number>>; set(v: Record<string, number>): Promise<void> };
  status: { get(): Promise<SyncStatus>; set(v: SyncStatus): Promise<void> };
  signedIn: () => Promise<boolean>;
  onSignedOut: () => Promise<void>;
  /** Arranges another flush after `ms` (timer and alarm). */
  schedule: (ms: number) => void;
  onChange: (what: 'sync' | 'findings' | 'evidence') => void;
  now?: () => Date;
  random?: () => number;
}

type Outcome = SyncOutcome | { status: 'missing' };

function outcomeOf(r: SyncOpResult | undefined): Outcome {
  if (!r) return { status: 'missing' };
  return r.status === 'duplicate' ? r.original : r;
}

/** The problem of an op the local check refused: the same body the server gives an op that fails the schema. */
export function invalidOpProblem(detail: string, errors: { path: string; message: string }[]): Problem {
  return { type: 'urn:onestop:problem:invalid-op', title: 'Unprocessable Content', status: 422, code: INVALID_OP_CODE, detail, errors };
}

/** The answer to each sent op: results are in request order (a rejected one may carry op_id null). */
export function matchResults(sent: readonly { op_id: string }[], results: readonly SyncOpResult[]): (SyncOpResult | undefined)[] {
  const byId = new Map(results.flatMap((r) => (r.op_id === null ? [] : [[r.op_id, r] as const])));
  return sent.map((op, i) => {
    const r = results[i];
    if (r && (r.op_id === null || r.op_id === op.op_id)) return r;
    return byId.get(op.op_id);
  });
}

/** A key IndexedDB accepts for a lookup (a corrupted op may hold anything). */
const isKey = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** A local copy from the server's finding, keeping names and counts the server row does not carry. */
export function fromServer(f: Finding, previous: LocalFinding | undefined, name: string | null = null): LocalFinding {
  return {
    id: f.id,
    audit_id: f.audit_id,
    unit_id: f.unit_id,
    item_id: f.item_id,
    result: f.result,
    note: f.note,
    dossier_code: f.dossier_code,
    page_url: f.page_url,
    status: f.status,
    recorded_by: f.recorded_by,
    recorded_by_name: name ?? previous?.recorded_by_name ?? null,
    recorded_at: f.recorded_at,
    version: f.version,
    seq: f.seq,
    deleted: f.deleted_at !== null,
    pending: false,
    conflict: false,
    evidence_count: previous?.evidence_count ?? 0,
  };
}

export class SyncEngine {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly deps: SyncDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
  }

  /** Runs a sync now; concurrent calls share the run in progress and ask for one more pass. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.runOnce();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  private async runOnce(): Promise<void> {
    const status = await this.deps.status.get();
    if (!(await this.deps.signedIn())) return;
    const startedAt = this.now().toISOString();
    try {
      await this.pushOps();
      await this.uploadBlobs();
      await this.pull();
      await this.deps.status.set({ online: true, lastSyncAt: this.now().toISOString(), lastAttemptAt: startedAt, lastError: null, failures: 0, nextAttemptAt: null });
    } catch (err) {
      if (endsSession(err)) {
        // Nothing more can be sent with this session: the inspector signs in again (after changing the password an
        // administrator set); the queued ops wait in the outbox meanwhile.
        await this.deps.status.set({ ...status, lastAttemptAt: startedAt, lastError: err instanceof ApiError && err.code === 'password_change_required' ? 'password_change_required' : 'session_expired', nextAttemptAt: null });
        await this.deps.onSignedOut();
      } else {
        const failures = status.failures + 1;
        const delay = backoffDelay(failures, this.random);
        const offline = err instanceof OfflineError;
        await this.deps.status.set({
          online: !offline,
          lastSyncAt: status.lastSyncAt,
          lastAttemptAt: startedAt,
          lastError: err instanceof Error ? err.message : String(err),
          failures,
          nextAttemptAt: new Date(this.now().getTime() + delay).toISOString(),
        });
        this.deps.schedule(delay);
      }
    } finally {
      this.deps.onChange('sync');
    }
  }

  /**
   * The next batch: pending ops in order, one per entity, none behind an unresolved conflict of the same entity (or of
   * the finding its evidence needs). A rejected op is set aside and holds nothing back.
   */
  private async nextBatch(): Promise<{ op: OutboxOp; wire: unknown }[]> {
    const db = this.deps.db;
    const held = new Set<unknown>();
    const inBatch = new Set<unknown>();
    const batch: { op: OutboxOp; wire: unknown }[] = [];
    for (const op of await listOps(db)) {
      if (batch.length >= MAX_SYNC_OPS) break;
      if (op.state === 'rejected') continue;
      const blocked = op.state !== 'pending' || held.has(op.entity_id) || inBatch.has(op.entity_id) || (op.depends_on !== null && held.has(op.depends_on));
      if (blocked) {
        held.add(op.entity_id);
        continue;
      }
      // The version the finding has here. Null with no earlier op of the entity still waiting means nothing of it
      // reached the server (its create was refused and set aside): this op then creates it.
      const base = !op.create && op.kind !== 'evidence.create' && isKey(op.entity_id) ? ((await db.get('findings', op.entity_id))?.version ?? null) : null;
      batch.push({ op, wire: { op_id: op.op_id, kind: op.kind, entity_id: op.entity_id, base_version: base, data: op.data } });
      inBatch.add(op.entity_id);
    }
    return batch;
  }

  private async pushOps(): Promise<void> {
    const db = this.deps.db;
    const sentThisRun = new Set<string>();
    for (;;) {
      const next = await this.nextBatch();
      // An op whose answer went missing stays pending: it goes again on the next run, not in a loop now.
      if (next.length === 0 || next.every(({ op }) => sentThisRun.has(op.op_id))) return;
      // The same checks as the server's, op by op: one that can never apply is set aside now, the rest still go.
      const envelope = SyncEnvelopeSchema.safeParse({ client_id: await this.deps.clientId(), ops: next.map((b) => b.wire) });
      if (!envelope.success) throw new Error(envelope.error.message);
      const checks = checkSyncOps(envelope.data.ops);
      const batch: { op: OutboxOp; wire: SyncOp }[] = [];
      for (const [i, item] of next.entries()) {
        const check = checks[i];
        if (check?.ok) batch.push({ op: item.op, wire: check.op });
        else if (check) await this.applyOutcome(item.op, { status: 'rejected', problem: invalidOpProblem(check.detail, check.errors) });
      }
      if (batch.length < next.length) this.deps.onChange('findings');
      if (batch.length === 0) continue;
      // Mark the ops as sent before sending: a change made meanwhile becomes a new op instead of being merged into one
      // the server may already have applied.
      // An op a newer change was merged into since it was read is left for the next round, so that the change is
      // neither overwritten here nor sent in its older form.
      const tx = db.transaction('ops', 'readwrite');
      const unchanged: typeof batch = [];
      for (const item of batch) {
        const stored = await tx.store.get(item.op.op_id);
        if (!stored || JSON.stringify(stored) !== JSON.stringify(item.op)) continue;
        await tx.store.put({ ...item.op, attempts: item.op.attempts + 1 });
        unchanged.push(item);
      }
      await tx.done;
      batch.splice(0, batch.length, ...unchanged);
      if (batch.length === 0) continue;
      for (const { op } of batch) sentThisRun.add(op.op_id);
      const request: SyncRequest = { client_id: envelope.data.client_id, ops: batch.map((b) => b.wire) };
      const response = await this.deps.api.sync(request);
      const answers = matchResults(request.ops, response.results);
      for (const [i, { op }] of batch.entries()) await this.applyOutcome(op, outcomeOf(answers[i]));
      this.deps.onChange('findings');
    }
  }

  private async applyOutcome(op: OutboxOp, outcome: Outcome): Promise<void> {
    const db = this.deps.db;
    const tx = db.transaction(['ops', 'findings', 'evidence'], 'readwrite');
    const sent = { ...op, attempts: op.attempts + 1 };
    if (outcome.status === 'missing') {
      await tx.objectStore('ops').put(sent);
    } else if (outcome.status === 'applied') {
      await tx.objectStore('ops').delete(op.op_id);
      const rest = (await tx.objectStore('ops').index('entity').getAll(op.entity_id)).filter((o) => o.op_id !== op.op_id);
      if (op.kind === 'evidence.create') {
        const ev = await tx.objectStore('evidence').get(op.entity_id);
        if (ev) await tx.objectStore('evidence').put({ ...ev, state: ev.sha256 ? 'created' : 'uploaded' });
      } else {
        const f = await tx.objectStore('findings').get(op.entity_id);
        if (f) {
          const pending = rest.some((o) => o.state === 'pending');
          await tx.objectStore('findings').put({
            ...f,
            version: outcome.version,
            seq: outcome.seq ?? f.seq,
            pending,
            status: f.status ?? (op.kind === 'finding.upsert' ? (f.result === 'nc_major' || f.result === 'nc_minor' ? 'open' : 'recorded') : f.status),
          });
        }
      }
    } else if (outcome.status === 'conflict') {
      await tx.objectStore('ops').put({ ...sent, state: 'conflict', server: outcome.server });
      const f = await tx.objectStore('findings').get(op.entity_id);
      if (f) await tx.objectStore('findings').put({ ...f, conflict: true });
    } else {
      // Set aside for good: out of the send queue, kept (with its reason) until the inspector dismisses it.
      await tx.objectStore('ops').put({ ...sent, state: 'rejected', problem: outcome.problem });
      if (op.kind === 'evidence.create') {
        const ev = isKey(op.entity_id) ? await tx.objectStore('evidence').get(op.entity_id) : undefined;
        if (ev) await tx.objectStore('evidence').put({ ...ev, state: 'failed', error: outcome.problem.detail ?? outcome.problem.title });
      } else if (isKey(op.entity_id)) {
        const f = await tx.objectStore('findings').get(op.entity_id);
        if (f) {
          const rest = (await tx.objectStore('ops').index('entity').getAll(op.entity_id)).filter((o) => o.op_id !== op.op_id);
          // Deleted on the server (from another device, or by the lead): the local copy follows, the edit is not kept.
          const deleted = f.deleted || outcome.problem.code === 'finding_deleted';
          await tx.objectStore('findings').put({ ...f, deleted, pending: rest.some((o) => o.state === 'pending') });
        }
      }
    }
    await tx.done;
  }

  private async uploadBlobs(): Promise<void> {
    const db = this.deps.db;
    for (const ev of await db.getAllFromIndex('evidence', 'state', 'created')) {
      const blob = await db.get('blobs', ev.id);
      if (!blob || !ev.sha256 || !ev.mime) {
        await db.put('evidence', { ...ev, state: 'failed', error: 'blob missing' });
        continue;
      }
      try {
        await this.deps.api.uploadBlob(ev.id, blob.bytes, ev.mime, ev.sha256);
        await db.put('evidence', { ...ev, state: 'uploaded' });
        await db.delete('blobs', ev.id);
      } catch (err) {
        // A session that ended fails the run, never the blob: it is uploaded after the next sign-in.
        if (!(err instanceof ApiError) || endsSession(err)) throw err;
        await db.put('evidence', { ...ev, state: 'failed', error: err.message });
      }
      this.deps.onChange('evidence');
    }
  }

  /** Pulls the current audit's changes after the cursor; local copies with ops still queued are left alone. */
  private async pull(): Promise<void> {
    const auditId = await this.deps.currentAudit();
    if (!auditId) return;
    const db = this.deps.db;
    const cursors = await this.deps.cursors.get();
    let since: number | null = cursors[auditId] ?? null;
    let changed = false;
    for (let page = 0; page < 50; page++) {
      const res = await this.deps.api.pullFindings(auditId, since);
      const tx = db.transaction(['findings', 'ops'], 'readwrite');
      for (const f of res.items) {
        const queued = await tx.objectStore('ops').index('entity').count(f.id);
        if (queued > 0) continue;
        const previous = await tx.objectStore('findings').get(f.id);
        await tx.objectStore('findings').put(fromServer(f, previous));
        changed = true;
      }
      await tx.done;
      if (res.cursor !== null) since = res.cursor;
      if (!res.has_more) break;
    }
    if (since !== null && since !== cursors[auditId]) await this.deps.cursors.set({ ...cursors, [auditId]: since });
    if (changed) this.deps.onChange('findings');
  }

  /** The state the side panel shows. */
  async state(): Promise<SyncState> {
    const [status, ops, signedIn] = await Promise.all([this.deps.status.get(), listOps(this.deps.db), this.deps.signedIn()]);
    const conflicts: ConflictView[] = [];
    const rejected: RejectedView[] = [];
    for (const op of ops) {
      if (op.state === 'conflict' && op.server && op.kind === 'finding.upsert') {
        const mine = op.data as { result: ConflictView['mine']['result']; note?: string; dossier_code?: string | null; item_id: string };
        conflicts.push({
          opId: op.op_id,
          findingId: op.entity_id,
          itemId: mine.item_id,
          mine: { result: mine.result, note: mine.note ?? '', dossier_code: mine.dossier_code ?? null },
          theirs: {
            result: op.server.result,
            note: op.server.note,
            dossier_code: op.server.dossier_code,
            version: op.server.version,
            recorded_by: op.server.recorded_by,
            updated_at: op.server.updated_at,
          },
        });
      } else if (op.state === 'rejected' || (op.state === 'conflict' && op.kind !== 'finding.upsert')) {
        const problem = op.problem;
        rejected.push({
          opId: String(op.op_id),
          kind: String(op.kind),
          entityId: String(op.entity_id),
          title: problem?.title ?? 'Conflict',
          detail: problem?.detail ?? '',
          code: problem?.code ?? 'conflict',
          status: problem?.status ?? null,
          errors: problem?.errors ?? [],
          queuedAt: op.queued_at,
          attempts: op.attempts,
          data: op.data,
        });
      }
    }
    return {
      signedIn,
      online: status.online,
      syncing: this.busy,
      pending: ops.filter((o) => o.state === 'pending').length,
      lastSyncAt: status.lastSyncAt,
      lastError: status.lastError,
      nextAttemptAt: status.nextAttemptAt,
      conflicts,
      rejected,
    };
  }

  /** Keep mine: resend my change on top of the server's version. Take theirs: drop my queued changes. */
  async resolveConflict(opId: string, choice: 'mine' | 'theirs'): Promise<void> {
    const db = this.deps.db;
    const op = await db.get('ops', opId);
    if (!op || op.state !== 'conflict' || !op.server) return;
    const server = op.server;
    const later = (await opsFor(db, op.entity_id)).filter((o) => o.op_id !== opId);
    const tx = db.transaction(['ops', 'findings'], 'readwrite');
    const local = await tx.objectStore('findings').get(op.entity_id);
    if (choice === 'mine') {
      // The server remembers the outcome of an op id, so my change goes again as a new op on top of its version;
      // a later change of mine, if one waits, already carries my newest data.
      await tx.objectStore('ops').delete(opId);
      if (!later.some((o) => o.kind === 'finding.upsert' && o.state === 'pending')) {
        const { server: _drop, problem: _none, ...rest } = op;
        await tx.objectStore('ops').put({ ...rest, op_id: uuidv7(), state: 'pending', create: false, attempts: 0 });
      }
      if (local) await tx.objectStore('findings').put({ ...local, version: server.version, conflict: false, pending: true });
    } else {
      await tx.objectStore('ops').delete(opId);
      for (const o of later) if (o.kind !== 'evidence.create') await tx.objectStore('ops').delete(o.op_id);
      await tx.objectStore('findings').put(fromServer(server, local));
    }
    await tx.done;
    this.deps.onChange('findings');
  }

  /** Drops a rejected op (or an unmergeable conflict) for good; the inspector exported or read it first. */
  async dismissRejected(opId: string): Promise<void> {
    const db = this.deps.db;
    // A corrupted op may have a key that is not a string: find it by its shown id then.
    const op = (await db.get('ops', opId)) ?? (await db.getAll('ops')).find((o) => String(o.op_id) === opId);
    if (!op || op.state === 'pending') return;
    await db.delete('ops', op.op_id);
    const f = op.kind === 'evidence.create' || !isKey(op.entity_id) ? undefined : await db.get('findings', op.entity_id);
    if (f) {
      const rest = await opsFor(db, op.entity_id);
      // A refused create leaves nothing on the server: the local copy goes too.
      if (op.create && f.version === null && rest.length === 0) await db.delete('findings', f.id);
      else await db.put('findings', { ...f, pending: rest.some((o) => o.state === 'pending') });
    }
    this.deps.onChange('findings');
  }
}
