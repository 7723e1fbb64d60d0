// POST /sync and the cursor pull: idempotent ops, optimistic concurrency, per-op outcomes (schema-invalid ops
// included), no revival of deleted findings, item_results in step, foreign ids answered as unknown ones, client
// timestamps bounded.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeEvidence, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

interface Problem { type: string; title: string; status: number; code: string; detail?: string; errors?: { path: string; message: string }[] }
interface OpResult { op_id: string | null; status: string; version?: number; seq?: number; server?: { version: number; result: string; deleted_at?: string | null }; original?: { status: string }; problem?: Problem }

let w: {
  auditId: string;
  unitA: string;
  unitB: string;
  items: { id: string; clause: string; weight: number }[];
  lead: { id: string; token: string };
  member: { id: string; token: string };
  member2: { id: string; token: string };
};

beforeAll(async () => {
  const tree = await makeTree();
  // Enough items for each test to use its own (item_results are per audit, unit and item).
  const checklist = await makeChecklist({ items: Array.from({ length: 20 }, (_, i) => ({ clause: `${4 + (i % 7)}.${1 + (i % 3)}`, weight: 1 + (i % 3) })) });
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  const member2 = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, memberIds: [member.id, member2.id] });
  w = { auditId: audit.id, unitA: tree.communeA, unitB: tree.communeB, items: checklist.items, lead, member, member2 };
});

const upsert = (entityId: string, itemIdx: number, result: string, baseVersion: number | null, extra: Record<string, unknown> = {}) => ({
  op_id: crypto.randomUUID(),
  kind: 'finding.upsert',
  entity_id: entityId,
  base_version: baseVersion,
  data: { audit_id: w.auditId, unit_id: w.unitA, item_id: w.items[itemIdx]!.id, result, note: 'Ghi chú', recorded_at: new Date().toISOString(), ...extra },
});

async function sync(token: string, ops: unknown[], clientId = 'test-client') {
  const res = await api('/sync', { method: 'POST', token, body: { client_id: clientId, ops } });
  expect(res.status).toBe(200);
  return (await json<{ results: OpResult[]; cursor?: number }>(res));
}

const itemResult = (itemIdx: number, unit = w.unitA) =>
  env.DB.prepare('SELECT result FROM item_results WHERE audit_id = ? AND unit_id = ? AND item_id = ?').bind(w.auditId, unit, w.items[itemIdx]!.id).first<{ result: string }>();

describe('POST /sync', () => {
  it('applies a new finding and keeps item_results in the same batch', async () => {
    const id = crypto.randomUUID();
    const out = await sync(w.member.token, [upsert(id, 0, 'nc_minor', null)]);
    expect(out.results[0]).toMatchObject({ status: 'applied', version: 1 });
    expect(out.results[0]?.seq).toBeGreaterThan(0);
    expect(out.cursor).toBe(out.results[0]?.seq);
    expect((await itemResult(0))?.result).toBe('nc_minor');
    const row = await env.DB.prepare('SELECT status, recorded_by FROM findings WHERE id = ?').bind(id).first<{ status: string; recorded_by: string }>();
    expect(row).toEqual({ status: 'open', recorded_by: w.member.id });
  });

  it('answers a resent batch with duplicate and writes no duplicate rows', async () => {
    const id = crypto.randomUUID();
    const ops = [upsert(id, 1, 'conform', null)];
    const first = await sync(w.member.token, ops);
    const again = await sync(w.member.token, ops);
    expect(first.results[0]?.status).toBe('applied');
    expect(again.results[0]).toMatchObject({ status: 'duplicate', original: { status: 'applied' } });
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM findings WHERE id = ?').bind(id).first<{ n: number }>();
    expect(n?.n).toBe(1);
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE entity_id = ? AND type = 'finding.recorded'").bind(id).first<{ n: number }>();
    expect(events?.n).toBe(1);
  });

  it('answers a stale base_version with conflict and the server copy', async () => {
    const id = crypto.randomUUID();
    await sync(w.lead.token, [upsert(id, 2, 'conform', null)]);
    expect((await sync(w.lead.token, [upsert(id, 2, 'ofi', 1)])).results[0]).toMatchObject({ status: 'applied', version: 2 });
    const stale = await sync(w.lead.token, [upsert(id, 2, 'nc_major', 1)]);
    expect(stale.results[0]).toMatchObject({ status: 'conflict', server: { version: 2, result: 'ofi' } });
    expect((await itemResult(2))?.result).toBe('ofi');
  });

  it('two clients editing one finding from the same version: one applies, the other gets a conflict', async () => {
    const id = crypto.randomUUID();
    await sync(w.lead.token, [upsert(id, 3, 'conform', null)]);
    const [a, b] = await Promise.all([
      sync(w.lead.token, [upsert(id, 3, 'observation', 1)], 'laptop'),
      sync(w.lead.token, [upsert(id, 3, 'nc_minor', 1)], 'tablet'),
    ]);
    const statuses = [a.results[0]?.status, b.results[0]?.status].sort();
    expect(statuses).toEqual(['applied', 'conflict']);
    const row = await env.DB.prepare('SELECT version FROM findings WHERE id = ?').bind(id).first<{ version: number }>();
    expect(row?.version).toBe(2);
  });

  it('one bad op never blocks the others', async () => {
    const good1 = crypto.randomUUID();
    const good2 = crypto.randomUUID();
    const out = await sync(w.member.token, [
      upsert(good1, 4, 'conform', null),
      upsert(crypto.randomUUID(), 4, 'conform', null, { item_id: crypto.randomUUID() }),
      upsert(crypto.randomUUID(), 4, 'conform', null, { unit_id: crypto.randomUUID() }),
      upsert(good2, 5, 'ofi', null),
    ]);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    expect(out.results[1]?.problem?.code).toBe('item_not_in_audit');
    expect(out.results[2]?.problem?.code).toBe('unit_not_in_audit');
  });

  it('members edit only their own findings; the lead edits any', async () => {
    const id = crypto.randomUUID();
    await sync(w.member.token, [upsert(id, 6, 'conform', null)]);
    const other = await sync(w.member2.token, [upsert(id, 6, 'nc_minor', 1)]);
    expect(other.results[0]?.status).toBe('rejected');
    expect(other.results[0]?.problem?.code).toBe('forbidden');
    expect((await sync(w.lead.token, [upsert(id, 6, 'nc_minor', 1)])).results[0]?.status).toBe('applied');
  });

  it('deletes softly: the item result goes, the pull still shows the deletion', async () => {
    const id = crypto.randomUUID();
    const created = await sync(w.member.token, [{ ...upsert(id, 7, 'observation', null), data: { ...upsert(id, 7, 'observation', null).data, unit_id: w.unitB } }]);
    const since = (created.results[0]?.seq ?? 1) - 1;
    expect((await itemResult(7, w.unitB))?.result).toBe('observation');
    const del = await sync(w.member.token, [{ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: id, base_version: 1, data: {} }]);
    expect(del.results[0]).toMatchObject({ status: 'applied', version: 2 });
    expect(await itemResult(7, w.unitB)).toBeNull();
    const pull = await json<{ items: { id: string; deleted_at: string | null }[]; cursor: number; has_more: boolean }>(await api(`/audits/${w.auditId}/findings?since=${since}`, { token: w.member2.token }));
    const mine = pull.items.find((f) => f.id === id);
    expect(mine?.deleted_at).not.toBeNull();
  });

  it('redacts citizen identifiers in notes and evidence whatever the client sent', async () => {
    const id = crypto.randomUUID();
    const evidenceId = crypto.randomUUID();
    await sync(w.member.token, [
      upsert(id, 0, 'nc_major', null, { note: 'Người nộp CCCD 001203004567, ĐT 0912.345.678, email an.nguyen@example.vn' }),
      {
        op_id: crypto.randomUUID(),
        kind: 'evidence.create',
        entity_id: evidenceId,
        base_version: null,
        data: { finding_id: id, kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', quote: 'CCCD 001203004567', selectors: [{ type: 'TextQuoteSelector', exact: 'SĐT +84 912 345 678' }], fields: { phone: '0912345678' }, captured_at: new Date().toISOString() },
      },
    ]);
    const stored = JSON.stringify([
      await env.DB.prepare('SELECT note FROM findings WHERE id = ?').bind(id).first(),
      await env.DB.prepare('SELECT quote, selectors, fields FROM evidence WHERE id = ?').bind(evidenceId).first(),
    ]);
    expect(stored).not.toMatch(/\d{9,}/);
    expect(stored).not.toMatch(/345[ .]?678/);
    expect(stored).not.toContain('an.nguyen@');
  });

  it('refuses findings outside an in-progress audit and callers outside the team', async () => {
    const outsider = await signedIn('inspector', w.unitA);
    const out = await sync(outsider.token, [upsert(crypto.randomUUID(), 0, 'conform', null)]);
    expect(out.results[0]?.problem?.code).toBe('not_found');
    await env.DB.prepare("UPDATE audits SET status = 'reporting' WHERE id = ?").bind(w.auditId).run();
    try {
      const member = await sync(w.member.token, [upsert(crypto.randomUUID(), 0, 'conform', null)]);
      expect(member.results[0]?.problem?.code).toBe('audit_not_recording');
      expect((await sync(w.lead.token, [upsert(crypto.randomUUID(), 0, 'conform', null)])).results[0]?.status).toBe('applied');
    } finally {
      await env.DB.prepare("UPDATE audits SET status = 'in_progress' WHERE id = ?").bind(w.auditId).run();
    }
  });

  it('refuses a bad envelope as a whole, with paths, and applies nothing', async () => {
    const many = Array.from({ length: 201 }, () => upsert(crypto.randomUUID(), 0, 'conform', null));
    const res = await api('/sync', { method: 'POST', token: w.member.token, body: { client_id: 'x', ops: many } });
    expect(res.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(res)).errors.map((e) => e.path)).toEqual(['$.ops']);
    const id = crypto.randomUUID();
    for (const body of [{ client_id: 'a b', ops: [upsert(id, 0, 'conform', null)] }, { client_id: 'x', ops: [] }, { client_id: 'x', ops: upsert(id, 0, 'conform', null) }, [upsert(id, 0, 'conform', null)]]) {
      const bad = await api('/sync', { method: 'POST', token: w.member.token, body });
      expect(bad.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(await json<{ code: string }>(bad)).toMatchObject({ code: 'validation_failed' });
    }
    const malformed = await api('/sync', { method: 'POST', token: w.member.token, headers: { 'content-type': 'application/json' }, body: '{"client_id":"x","ops":[' });
    expect(malformed.status).toBe(400);
    expect(await env.DB.prepare('SELECT 1 FROM findings WHERE id = ?').bind(id).first()).toBeNull();
  });

  it('answers an op that fails the schema on its own and applies the others', async () => {
    const good1 = upsert(crypto.randomUUID(), 8, 'conform', null);
    const bad = upsert(crypto.randomUUID(), 8, 'excellent', null);
    const good2 = upsert(crypto.randomUUID(), 9, 'ofi', null);
    const out = await sync(w.member.token, [good1, bad, good2]);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(out.results.map((r) => r.op_id)).toEqual([good1.op_id, bad.op_id, good2.op_id]);
    const problem = out.results[1]?.problem;
    expect(problem).toMatchObject({ type: 'urn:onestop:problem:invalid-op', title: 'Unprocessable Content', status: 422, code: 'invalid_op' });
    expect(problem?.detail).toContain('$.ops[1].data.result');
    expect(problem?.errors?.map((e) => e.path)).toEqual(['$.ops[1].data.result']);
    expect(problem?.errors?.[0]?.message).toMatch(/.+/);
    for (const op of [good1, good2]) {
      const row = await env.DB.prepare('SELECT result FROM findings WHERE id = ?').bind(op.entity_id).first<{ result: string }>();
      expect(row?.result).toBe(op.data.result);
    }
    expect(await env.DB.prepare('SELECT 1 FROM findings WHERE id = ?').bind(bad.entity_id).first()).toBeNull();
    // The refused op is not stored: resent, the good ops answer duplicate and the bad one is refused again.
    expect(await env.DB.prepare('SELECT 1 FROM sync_ops WHERE op_id = ?').bind(bad.op_id).first()).toBeNull();
    const again = await sync(w.member.token, [good1, bad, good2]);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'rejected', 'duplicate']);
    expect(again.results[0]?.original?.status).toBe('applied');
    expect(again.results[1]?.problem?.errors?.map((e) => e.path)).toEqual(['$.ops[1].data.result']);
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM events WHERE entity_id IN (?, ?)').bind(good1.entity_id, good2.entity_id).first<{ n: number }>();
    expect(n?.n).toBe(2);
  });

  it('rejects unknown kinds, ops that are not objects and ops without a readable op_id, by position', async () => {
    const good = upsert(crypto.randomUUID(), 10, 'observation', null);
    const unknownKind = { ...upsert(crypto.randomUUID(), 10, 'conform', null), kind: 'finding.archive' };
    const { op_id: _dropped, ...noOpId } = upsert(crypto.randomUUID(), 10, 'conform', null);
    const badOpId = { ...upsert(crypto.randomUUID(), 10, 'conform', null), op_id: 'op-1' };
    const last = upsert(crypto.randomUUID(), 11, 'conform', null);
    const out = await sync(w.member.token, [good, unknownKind, 42, null, 'finding.upsert', [good], noOpId, badOpId, last]);
    expect(out.results).toHaveLength(9);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(out.results.map((r) => r.op_id)).toEqual([good.op_id, unknownKind.op_id, null, null, null, null, null, null, last.op_id]);
    const paths = out.results.map((r) => r.problem?.errors?.map((e) => e.path));
    expect(paths.slice(1, 8)).toEqual([['$.ops[1].kind'], ['$.ops[2]'], ['$.ops[3]'], ['$.ops[4]'], ['$.ops[5]'], ['$.ops[6].op_id'], ['$.ops[7].op_id']]);
    expect(out.results.slice(1, 8).every((r) => r.problem?.code === 'invalid_op' && r.problem.status === 422)).toBe(true);
    for (const op of [good, last]) expect(await env.DB.prepare('SELECT 1 AS x FROM findings WHERE id = ?').bind(op.entity_id).first()).not.toBeNull();
    for (const op of [unknownKind, noOpId, badOpId]) expect(await env.DB.prepare('SELECT 1 FROM findings WHERE id = ?').bind(op.entity_id).first()).toBeNull();
    expect(out.cursor).toBe(out.results[8]?.seq);
  });

  it('rejects only the later op repeating an op_id of the batch', async () => {
    const op = upsert(crypto.randomUUID(), 12, 'conform', null);
    const other = upsert(crypto.randomUUID(), 13, 'ofi', null);
    const repeat = { ...upsert(crypto.randomUUID(), 14, 'nc_minor', null), op_id: op.op_id };
    const out = await sync(w.member.token, [op, other, repeat]);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(out.results[2]).toMatchObject({ op_id: op.op_id, problem: { code: 'invalid_op', errors: [{ path: '$.ops[2].op_id', message: 'op_id repeated in the batch' }] } });
    expect(await env.DB.prepare('SELECT 1 FROM findings WHERE id = ?').bind(repeat.entity_id).first()).toBeNull();
    const stored = await env.DB.prepare('SELECT outcome FROM sync_ops WHERE op_id = ?').bind(op.op_id).first<{ outcome: string }>();
    expect(JSON.parse(stored?.outcome ?? '{}')).toMatchObject({ status: 'applied' });
  });

  it('documents every op shape in the request schema of the OpenAPI document', async () => {
    type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; const?: string; enum?: string[] };
    const doc = await json<{ paths: Record<string, { post?: { description: string; requestBody: { content: { 'application/json': { schema: Schema } } } } }>; components: { schemas: Record<string, Schema> } }>(await api('/openapi.json'));
    const post = doc.paths['/api/v1/sync']?.post;
    expect(post?.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SyncRequest');
    const ops = doc.components.schemas.SyncRequest?.properties?.ops?.items;
    const variants = ops?.oneOf ?? ops?.anyOf ?? [];
    const resolve = (s: Schema) => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop() ?? ''] ?? s : s);
    const kinds = variants.map((v) => { const k = resolve(v).properties?.kind; return k?.const ?? k?.enum?.[0]; });
    expect(kinds.sort()).toEqual(['evidence.create', 'finding.delete', 'finding.upsert']);
    expect(post?.description).toContain('invalid_op');
    expect(post?.description).toContain('finding_deleted');
    expect(post?.description).toContain('op_id: null');
  });

  it('never revives a deleted finding: an upsert of it is rejected with finding_deleted, whatever its base_version', async () => {
    const id = crypto.randomUUID();
    await sync(w.member.token, [upsert(id, 15, 'nc_minor', null)]);
    // Deleted from another device.
    const del = await sync(w.member.token, [{ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: id, base_version: 1, data: {} }], 'laptop');
    expect(del.results[0]).toMatchObject({ status: 'applied', version: 2 });
    // The tablet, offline, edits its copy of version 1; then a client that saw the deletion edits version 2.
    for (const base of [1, 2]) {
      const out = await sync(w.member.token, [upsert(id, 15, 'nc_major', base)], 'tablet');
      expect(out.results[0]?.status).toBe('rejected');
      expect(out.results[0]?.problem).toMatchObject({ status: 409, code: 'finding_deleted', type: 'urn:onestop:problem:finding-deleted' });
      expect(out.results[0]?.problem?.detail).toMatch(/deleted/);
    }
    // The lead cannot revive it either.
    expect((await sync(w.lead.token, [upsert(id, 15, 'conform', 2)])).results[0]?.problem?.code).toBe('finding_deleted');
    const row = await env.DB.prepare('SELECT result, version, deleted_at FROM findings WHERE id = ?').bind(id).first<{ result: string; version: number; deleted_at: string | null }>();
    expect(row).toMatchObject({ result: 'nc_minor', version: 2 });
    expect(row?.deleted_at).not.toBeNull();
    expect(await itemResult(15)).toBeNull();
    const events = await env.DB.prepare("SELECT type FROM events WHERE entity_id = ? ORDER BY id").bind(id).all<{ type: string }>();
    expect(events.results.map((e) => e.type)).toEqual(['finding.recorded', 'finding.deleted']);
  });

  it('refuses the revival the same way inside one batch, and one op at a time', async () => {
    const id = crypto.randomUUID();
    const other = crypto.randomUUID();
    await sync(w.member.token, [upsert(id, 16, 'conform', null)]);
    // Batched: the delete applies, the edit right after it in the same request is refused, the next op still applies.
    const out = await sync(w.member.token, [{ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: id, base_version: 1, data: {} }, upsert(id, 16, 'ofi', 2), upsert(other, 17, 'conform', null)]);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(out.results[1]?.problem?.code).toBe('finding_deleted');
    // One op at a time (the path of a batch that lost a race): the same answer.
    const { applyOp } = await import('../../worker/src/db/sync.ts');
    const { SyncOpSchema } = await import('@onestop/shared');
    const caller = { userId: w.member.id, role: 'inspector' as const, unitId: w.unitA, email: 'm@test.onestop.vn', displayName: 'member', sessionId: 'x', via: 'bearer' as const };
    const single = await applyOp(env.DB, caller, 'single', SyncOpSchema.parse(upsert(id, 16, 'ofi', 2)), new Date().toISOString());
    expect(single).toMatchObject({ status: 'rejected', problem: { code: 'finding_deleted', status: 409 } });
    const row = await env.DB.prepare('SELECT result, deleted_at FROM findings WHERE id = ?').bind(id).first<{ result: string; deleted_at: string | null }>();
    expect(row?.result).toBe('conform');
    expect(row?.deleted_at).not.toBeNull();
  });

  it('pulls pages in seq order with has_more', async () => {
    const base = await json<{ cursor: number | null }>(await api(`/audits/${w.auditId}/findings?since=0&limit=1000`, { token: w.lead.token }));
    const since = base.cursor ?? 0;
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await sync(w.lead.token, ids.map((id, i) => upsert(id, i, 'conform', null)));
    const page1 = await json<{ items: { id: string; seq: number }[]; cursor: number; has_more: boolean }>(await api(`/audits/${w.auditId}/findings?since=${since}&limit=2`, { token: w.member.token }));
    expect(page1.items.map((f) => f.id)).toEqual(ids.slice(0, 2));
    expect(page1.has_more).toBe(true);
    const page2 = await json<{ items: { id: string }[]; has_more: boolean }>(await api(`/audits/${w.auditId}/findings?since=${page1.cursor}&limit=2`, { token: w.member.token }));
    expect(page2.items.map((f) => f.id)).toEqual([ids[2]]);
    expect(page2.has_more).toBe(false);
  });
});

describe('POST /sync: records outside the caller\'s audits (issue 13, ADR 0006)', () => {
  /** A finding and an evidence of another audit, which w.member is not on the team of. */
  async function foreignRecords() {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const otherLead = await signedIn('inspector', tree.province);
    const other = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: otherLead.id });
    const finding = await makeFinding({ auditId: other.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_minor', recordedBy: otherLead.id });
    const deleted = await makeFinding({ auditId: other.id, unitId: tree.communeA, itemId: checklist.items[1]!.id, result: 'conform', recordedBy: otherLead.id, deleted: true });
    const evidence = await makeEvidence({ findingId: finding.id, auditId: other.id, capturedBy: otherLead.id });
    return { finding: finding.id, deleted: deleted.id, evidence: evidence.id };
  }

  const capture = (entityId: string, findingId: string, extra: Record<string, unknown> = {}) => ({
    op_id: crypto.randomUUID(),
    kind: 'evidence.create',
    entity_id: entityId,
    base_version: null,
    data: { finding_id: findingId, kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: new Date().toISOString(), ...extra },
  });
  const remove = (entityId: string, base = 1) => ({ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: entityId, base_version: base, data: {} });

  /** Everything of an answer but the op_id (which differs by construction). */
  const answer = (r: OpResult | undefined) => ({ status: r?.status, problem: r?.problem });

  it('answers an edit, a delete or evidence naming a foreign finding exactly as for an unknown id', async () => {
    const f = await foreignRecords();
    for (const foreign of [f.finding, f.deleted]) {
      const unknown = crypto.randomUUID();
      const out = await sync(w.member.token, [
        upsert(foreign, 18, 'conform', 1), upsert(unknown, 18, 'conform', 1),
        upsert(foreign, 18, 'conform', 7), upsert(unknown, 18, 'conform', 7),
        remove(foreign), remove(unknown),
        capture(crypto.randomUUID(), foreign), capture(crypto.randomUUID(), unknown),
      ]);
      for (let i = 0; i < out.results.length; i += 2) {
        expect(answer(out.results[i]), `op ${i}`).toEqual(answer(out.results[i + 1]));
        expect(out.results[i]).toMatchObject({ status: 'rejected', problem: { status: 404, code: 'not_found' } });
      }
    }
    // Nothing of the foreign finding changed.
    const row = await env.DB.prepare('SELECT result, version, deleted_at FROM findings WHERE id = ?').bind(f.finding).first();
    expect(row).toEqual({ result: 'nc_minor', version: 1, deleted_at: null });
  });

  it('answers a create whose id is taken with id_taken, the same whoever holds it and whatever it is', async () => {
    const f = await foreignRecords();
    const ownEvidence = crypto.randomUUID();
    const own = crypto.randomUUID();
    await sync(w.member.token, [upsert(own, 19, 'conform', null), capture(ownEvidence, own)]);
    const out = await sync(w.member.token, [
      // A finding id held by a live and by a deleted finding of another audit.
      upsert(f.finding, 19, 'conform', null), upsert(f.deleted, 19, 'conform', null),
      // An evidence id held by another audit's evidence and by the caller's own.
      capture(f.evidence, own), capture(ownEvidence, own),
    ]);
    expect(answer(out.results[0])).toEqual(answer(out.results[1]));
    expect(out.results[0]).toMatchObject({ status: 'rejected', problem: { status: 409, code: 'id_taken' } });
    expect(answer(out.results[2])).toEqual(answer(out.results[3]));
    expect(out.results[2]).toMatchObject({ status: 'rejected', problem: { status: 409, code: 'id_taken' } });
    // Neither answer says anything about the record holding the id.
    const text = JSON.stringify(out.results);
    expect(text).not.toMatch(/audit|unit|item|deleted|exists/i);
  });
});

describe('POST /sync: client timestamps (issue 13)', () => {
  it('refuses recorded_at and captured_at in 2099 or before the audit, per op, and applies the rest', async () => {
    const finding = crypto.randomUUID();
    const future = crypto.randomUUID();
    const past = crypto.randomUUID();
    const evidence = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const ev = (id: string, at: string) => ({ op_id: crypto.randomUUID(), kind: 'evidence.create', entity_id: id, base_version: null, data: { finding_id: finding, kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: at } });
    const out = await sync(w.member.token, [
      upsert(future, 0, 'conform', null, { recorded_at: '2099-01-01T00:00:00.000Z', unit_id: w.unitB }),
      upsert(past, 1, 'conform', null, { recorded_at: '2025-06-30T17:00:00.000Z', unit_id: w.unitB }),
      upsert(finding, 2, 'conform', null, { unit_id: w.unitB, recorded_at: new Date(Date.now() + 60_000).toISOString() }),
      ev(evidence[0]!, '2099-01-01T00:00:00.000+07:00'),
      ev(evidence[1]!, '2001-01-01T00:00:00.000Z'),
      ev(evidence[2]!, new Date().toISOString()),
    ]);
    expect(out.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied', 'rejected', 'rejected', 'applied']);
    const refused = [out.results[0], out.results[1], out.results[3], out.results[4]];
    expect(refused.map((r) => r?.problem?.code)).toEqual(Array(4).fill('timestamp_out_of_range'));
    expect(refused.map((r) => r?.problem?.status)).toEqual([422, 422, 422, 422]);
    expect(refused.map((r) => r?.problem?.errors?.map((e) => e.path))).toEqual([['$.ops[0].data.recorded_at'], ['$.ops[1].data.recorded_at'], ['$.ops[3].data.captured_at'], ['$.ops[4].data.captured_at']]);
    expect(out.results[0]?.problem?.detail).toMatch(/future/);
    expect(out.results[1]?.problem?.detail).toMatch(/before the audit/);
    for (const id of [future, past]) expect(await env.DB.prepare('SELECT 1 AS x FROM findings WHERE id = ?').bind(id).first()).toBeNull();
    for (const id of evidence.slice(0, 2)) expect(await env.DB.prepare('SELECT 1 AS x FROM evidence WHERE id = ?').bind(id).first()).toBeNull();
  });

  it('gives the same answer one op at a time (the retry path), with the path of the op', async () => {
    const { applyOp } = await import('../../worker/src/db/sync.ts');
    const { SyncOpSchema } = await import('@onestop/shared');
    const caller = { userId: w.member.id, role: 'inspector' as const, unitId: w.unitA, email: 'm@test.onestop.vn', displayName: 'member', sessionId: 'x', via: 'bearer' as const };
    const op = SyncOpSchema.parse(upsert(crypto.randomUUID(), 3, 'conform', null, { recorded_at: '2099-01-01T00:00:00.000Z', unit_id: w.unitB }));
    const single = await applyOp(env.DB, caller, 'single', op, new Date().toISOString(), 4);
    expect(single).toMatchObject({ status: 'rejected', problem: { code: 'timestamp_out_of_range', errors: [{ path: '$.ops[4].data.recorded_at' }] } });
  });
});
