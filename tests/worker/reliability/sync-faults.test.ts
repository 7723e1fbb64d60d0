// POST /sync under faults: answers lost after the server applied the ops, batches resent whole or regrouped, two
// clients editing the same findings at once. Nothing may be lost or applied twice, every conflict reaches the client,
// and the derived summary rows stay equal to a rebuild from the findings.
import { SyncOpSchema, type Result, type SyncOpResult, type SyncOutcome } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist } from '../../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../../fixtures/builders.ts';
import { derivedSnapshot, rebuiltSnapshot } from '../../fixtures/reliability.ts';
import { applyOps } from '../../../worker/src/db/sync.ts';
import type { Caller } from '../../../worker/src/lib/context.ts';

const SOAK = env.SOAK === '1';
const RESULTS: Result[] = ['conform', 'ofi', 'observation', 'not_applicable', 'nc_minor', 'nc_major'];

interface World {
  tree: Awaited<ReturnType<typeof makeTree>>;
  items: string[];
  lead: { id: string; token: string };
  member: { id: string; token: string };
}
let w: World;

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  w = { tree, items: checklist.items.map((i) => i.id), lead, member };
  (w as World & { versionId: string }).versionId = checklist.versionId;
});

async function newAudit(): Promise<string> {
  const versionId = (w as World & { versionId: string }).versionId;
  return (await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA, w.tree.communeB], versionId, leadId: w.lead.id, memberIds: [w.member.id] })).id;
}

interface Op {
  op_id: string;
  kind: 'finding.upsert' | 'finding.delete';
  entity_id: string;
  base_version: number | null;
  data: Record<string, unknown>;
}

async function post(token: string, ops: readonly Op[], clientId: string): Promise<SyncOpResult[]> {
  const res = await api('/sync', { method: 'POST', token, body: { client_id: clientId, ops } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await json<{ results: SyncOpResult[] }>(res)).results;
}

/** The final outcome behind an answer: a duplicate carries the original one. */
const outcomeOf = (r: SyncOpResult): SyncOutcome => (r.status === 'duplicate' ? r.original : (r as SyncOutcome));

/** A simulated extension: an outbox resent until every op has an answer, a view of versions, surfaced conflicts. */
class Client {
  readonly outbox: Op[] = [];
  /** Every op this client ever queued, in order. */
  readonly sentLog: Op[] = [];
  readonly known = new Map<string, number>();
  readonly answers = new Map<string, SyncOutcome>();
  readonly conflicts: string[] = [];
  readonly name: string;
  readonly token: string;
  readonly auditId: string;
  constructor(name: string, token: string, auditId: string) {
    this.name = name;
    this.token = token;
    this.auditId = auditId;
  }
  private queue(op: Op): void {
    this.outbox.push(op);
    this.sentLog.push(op);
  }
  create(unitId: string, itemId: string, result: Result): string {
    const id = crypto.randomUUID();
    this.queue({ op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: this.auditId, unit_id: unitId, item_id: itemId, result, note: `${this.name}`, recorded_at: new Date().toISOString() } });
    this.known.set(id, 1);
    return id;
  }
  edit(finding: { id: string; unitId: string; itemId: string }, result: Result): void {
    const base = this.known.get(finding.id) ?? 1;
    this.queue({ op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: finding.id, base_version: base, data: { audit_id: this.auditId, unit_id: finding.unitId, item_id: finding.itemId, result, note: `${this.name} v${base + 1}`, recorded_at: new Date().toISOString() } });
    this.known.set(finding.id, base + 1);
  }
  remove(findingId: string): void {
    const base = this.known.get(findingId) ?? 1;
    this.queue({ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: findingId, base_version: base, data: {} });
    this.known.set(findingId, base + 1);
  }
  /** Sends the whole outbox; with `dropAnswer` the server applies it but the answer never arrives. */
  async sync(dropAnswer: boolean): Promise<void> {
    if (this.outbox.length === 0) return;
    const sent = this.outbox.slice(0, 200);
    const results = await post(this.token, sent, `client-${this.name}`);
    if (dropAnswer) return;
    results.forEach((r, i) => {
      const op = sent[i]!;
      expect(r.op_id).toBe(op.op_id);
      const outcome = outcomeOf(r);
      this.answers.set(op.op_id, outcome);
      if (outcome.status === 'applied') this.known.set(op.entity_id, outcome.version);
      if (outcome.status === 'conflict') {
        // Surfaced to the inspector; this client then takes the server's copy.
        this.conflicts.push(op.op_id);
        this.known.set(op.entity_id, outcome.server.version);
      }
    });
    this.outbox.splice(0, sent.length);
  }
}

interface Step {
  client: 0 | 1;
  action: 'create' | 'edit' | 'delete' | 'sync' | 'sync-both';
  drop: boolean;
  pick: number;
  unit: 0 | 1;
  item: number;
  result: Result;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  client: fc.constantFrom<0 | 1>(0, 1),
  action: fc.constantFrom<Step['action']>('create', 'create', 'edit', 'edit', 'delete', 'sync', 'sync-both'),
  drop: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  pick: fc.nat(),
  unit: fc.constantFrom<0 | 1>(0, 1),
  item: fc.integer({ min: 0, max: 7 }),
  result: fc.constantFrom(...RESULTS),
});

/** What an outcome says, without the parts only a live answer carries (op_id, seq). */
const norm = (o: SyncOutcome) => ({ status: o.status, ...(o.status === 'applied' ? { version: o.version } : {}), ...(o.status === 'conflict' ? { server: o.server.version } : {}) });

/** Checks the server against everything the clients sent and heard. */
async function checkInvariants(auditId: string, clients: Client[], sentOps: Map<string, Op>) {
  const { results: findings } = await env.DB.prepare('SELECT id, result, version, deleted_at, recorded_by FROM findings WHERE audit_id = ?').bind(auditId).all<{ id: string; result: string; version: number; deleted_at: string | null }>();
  const { results: stored } = await env.DB.prepare('SELECT op_id, outcome FROM sync_ops WHERE op_id IN (SELECT value FROM json_each(?))').bind(JSON.stringify([...sentOps.keys()])).all<{ op_id: string; outcome: string }>();
  const storedByOp = new Map(stored.map((s) => [s.op_id, JSON.parse(s.outcome) as SyncOutcome]));

  // Nothing lost: every op sent has exactly one stored outcome, and its client heard that same outcome.
  for (const [opId] of sentOps) {
    const outcome = storedByOp.get(opId);
    expect(outcome, `op ${opId} has no stored outcome`).toBeDefined();
    const heard = clients.map((c) => c.answers.get(opId)).find(Boolean);
    expect(heard && norm(heard), `op ${opId} got no answer`).toEqual(outcome && norm(outcome));
  }
  // Every conflict reached its client.
  for (const c of clients) for (const opId of c.conflicts) expect(storedByOp.get(opId)?.status).toBe('conflict');
  for (const [opId, outcome] of storedByOp) {
    if (outcome.status !== 'conflict') continue;
    expect(clients.some((c) => c.conflicts.includes(opId)), `conflict ${opId} not surfaced`).toBe(true);
  }

  // Nothing applied twice: each finding's version is 1 + its applied edits, with one event per applied op, and the
  // op that made the current version set its current result.
  for (const f of findings) {
    const applied = [...storedByOp].filter(([opId, o]) => sentOps.get(opId)?.entity_id === f.id && o.status === 'applied');
    expect(applied.length, `finding ${f.id}`).toBe(f.version);
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE entity = 'finding' AND entity_id = ? AND type IN ('finding.recorded', 'finding.updated', 'finding.deleted')").bind(f.id).first<{ n: number }>();
    expect(events?.n, `events of ${f.id}`).toBe(f.version);
    const recorded = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE entity_id = ? AND type = 'finding.recorded'").bind(f.id).first<{ n: number }>();
    expect(recorded?.n).toBe(1);
    const last = applied.find(([, o]) => o.status === 'applied' && o.version === f.version);
    const lastOp = last ? sentOps.get(last[0]) : undefined;
    expect(lastOp, `no op made version ${f.version} of ${f.id}`).toBeDefined();
    if (lastOp?.kind === 'finding.delete') expect(f.deleted_at).not.toBeNull();
    else expect(f.result).toBe(lastOp?.data.result);
  }
  // Every created finding exists once; no finding exists that no client created.
  const created = [...sentOps.values()].filter((op) => op.base_version === null && storedByOp.get(op.op_id)?.status === 'applied').map((op) => op.entity_id);
  expect(new Set(findings.map((f) => f.id))).toEqual(new Set(created));
  // Derived rows equal a rebuild from the findings.
  const incremental = await derivedSnapshot();
  expect(await rebuiltSnapshot()).toEqual(incremental);
}

describe('POST /sync under faults', () => {
  it('an answer lost after the server applied 200 ops: the resent batch answers duplicate, nothing twice', async () => {
    const auditId = await newAudit();
    const client = new Client('lost', w.member.token, auditId);
    for (let i = 0; i < 200; i++) client.create(i % 2 ? w.tree.communeA : w.tree.communeB, w.items[i % 8]!, RESULTS[i % RESULTS.length]!);
    const ops = [...client.outbox];
    await client.sync(true); // applied, answer lost
    const again = await post(w.member.token, ops, 'client-lost');
    expect(again.every((r) => r.status === 'duplicate' && r.original.status === 'applied')).toBe(true);
    // The resend also carries new ops: those apply, the old ones stay duplicates.
    const extra = new Client('lost', w.member.token, auditId);
    extra.create(w.tree.communeA, w.items[0]!, 'conform');
    const mixed = await post(w.member.token, [...ops.slice(0, 50), ...extra.outbox], 'client-lost');
    expect(mixed.slice(0, 50).every((r) => r.status === 'duplicate')).toBe(true);
    expect(mixed[50]?.status).toBe('applied');
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM findings WHERE audit_id = ?').bind(auditId).first<{ n: number }>();
    expect(n?.n).toBe(201);
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'finding.recorded' AND entity_id IN (SELECT id FROM findings WHERE audit_id = ?)").bind(auditId).first<{ n: number }>();
    expect(events?.n).toBe(201);
  });

  it('two clients change the same findings at once: one change per version applies, the other is a conflict', async () => {
    const auditId = await newAudit();
    const lead = new Client('lead', w.lead.token, auditId);
    const member = new Client('member', w.member.token, auditId);
    const findings = Array.from({ length: 30 }, (_, i) => ({ id: member.create(w.tree.communeA, w.items[i % 8]!, 'conform'), unitId: w.tree.communeA, itemId: w.items[i % 8]! }));
    await member.sync(false);
    for (const f of findings) {
      lead.known.set(f.id, 1);
      lead.edit(f, 'nc_minor');
      member.edit(f, 'ofi');
    }
    // Each batch also creates findings of its own, which must apply whatever happens to the contested edits.
    for (let i = 0; i < 20; i++) lead.create(w.tree.communeB, w.items[i % 8]!, 'observation');
    await Promise.all([lead.sync(false), member.sync(false)]);
    for (const f of findings) {
      const edits = [lead, member].flatMap((c) => c.sentLog.filter((op) => op.entity_id === f.id && op.base_version === 1).map((op) => c.answers.get(op.op_id)?.status));
      expect(edits.sort(), `finding ${f.id}`).toEqual(['applied', 'conflict']);
    }
    const createdByLead = [...lead.answers.values()].filter((o) => o.status === 'applied' && o.version === 1).length;
    expect(createdByLead).toBe(20);
    expect(lead.conflicts.length + member.conflicts.length).toBe(30);
    const sent = new Map<string, Op>();
    for (const c of [lead, member]) for (const op of c.sentLog) sent.set(op.op_id, op);
    await checkInvariants(auditId, [lead, member], sent);
  });

  it('random offline sessions of two clients with lost answers, resends and concurrent syncs lose and duplicate nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: SOAK ? 120 : 40 }), async (steps) => {
        const auditId = await newAudit();
        const clients = [new Client('lead', w.lead.token, auditId), new Client('member', w.member.token, auditId)];
        const made: { id: string; unitId: string; itemId: string }[] = [];
        for (const s of steps) {
          const c = clients[s.client]!;
          const unitId = s.unit === 0 ? w.tree.communeA : w.tree.communeB;
          const target = made.length > 0 ? made[s.pick % made.length]! : null;
          switch (s.action) {
            case 'create':
              made.push({ id: c.create(unitId, w.items[s.item]!, s.result), unitId, itemId: w.items[s.item]! });
              break;
            case 'edit':
              if (target) c.edit(target, s.result);
              break;
            case 'delete':
              if (target) c.remove(target.id);
              break;
            case 'sync':
              await c.sync(s.drop);
              break;
            case 'sync-both':
              await Promise.all([clients[0]!.sync(s.drop), clients[1]!.sync(false)]);
              break;
          }
        }
        // Back online: each outbox is resent until empty.
        for (let round = 0; round < 5 && clients.some((c) => c.outbox.length > 0); round++) for (const c of clients) await c.sync(false);
        expect(clients.every((c) => c.outbox.length === 0)).toBe(true);
        const sent = new Map<string, Op>();
        for (const c of clients) for (const op of c.sentLog) sent.set(op.op_id, op);
        await checkInvariants(auditId, clients, sent);
      }),
      { numRuns: SOAK ? 80 : 15 },
    );
  }, SOAK ? 600_000 : 60_000);

  it('a write batch that loses a race to another writer rolls back whole, then each op is applied on its own', async () => {
    const auditId = await newAudit();
    const member = new Client('member', w.member.token, auditId);
    const contested = { id: member.create(w.tree.communeA, w.items[0]!, 'conform'), unitId: w.tree.communeA, itemId: w.items[0]! };
    await member.sync(false);
    // The next batch edits the contested finding and creates 40 more; a rival edit lands between its read and its write.
    member.edit(contested, 'nc_major');
    for (let i = 0; i < 40; i++) member.create(w.tree.communeB, w.items[i % 8]!, 'ofi');
    const ops = [...member.outbox];
    const caller: Caller = { userId: w.member.id, role: 'inspector', unitId: w.tree.province, email: 'm@test.onestop.vn', displayName: 'member', sessionId: 'x', via: 'bearer' };
    const lead: Caller = { ...caller, userId: w.lead.id };
    let raced = false;
    let batches = 0;
    const racingDb = {
      prepare: (sql: string) => env.DB.prepare(sql),
      batch: async (statements: D1PreparedStatement[]) => {
        batches++;
        if (batches === 2 && !raced) {
          raced = true;
          const rival = { op_id: crypto.randomUUID(), kind: 'finding.upsert' as const, entity_id: contested.id, base_version: 1, data: { audit_id: auditId, unit_id: contested.unitId, item_id: contested.itemId, result: 'ofi' as const, recorded_at: new Date().toISOString() } };
          const [answer] = await applyOps(env.DB, lead, 'rival', [rival], () => new Date().toISOString());
          expect(answer?.status).toBe('applied');
        }
        return env.DB.batch(statements);
      },
    } as unknown as D1Database; // only prepare and batch are used by applyOps
    const results = await applyOps(racingDb, caller, 'client-member', SyncOpSchema.array().parse(ops), () => new Date().toISOString());
    expect(raced).toBe(true);
    expect(results[0]).toMatchObject({ status: 'conflict', server: { version: 2, result: 'ofi' } });
    expect(results.slice(1).every((r) => r.status === 'applied')).toBe(true);
    const row = await env.DB.prepare('SELECT result, version FROM findings WHERE id = ?').bind(contested.id).first<{ result: string; version: number }>();
    expect(row).toEqual({ result: 'ofi', version: 2 });
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM findings WHERE audit_id = ?').bind(auditId).first<{ n: number }>();
    expect(n?.n).toBe(41);
    const incremental = await derivedSnapshot();
    expect(await rebuiltSnapshot()).toEqual(incremental);
  });
});
