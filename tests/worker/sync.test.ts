// POST /sync and the cursor pull: idempotent ops, optimistic concurrency, per-op outcomes, item_results in step.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

interface OpResult { op_id: string; status: string; version?: number; seq?: number; server?: { version: number; result: string }; original?: { status: string }; problem?: { code: string } }

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
  const checklist = await makeChecklist();
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

  it('refuses more than 200 ops and repeated op ids as a whole, with paths', async () => {
    const many = Array.from({ length: 201 }, () => upsert(crypto.randomUUID(), 0, 'conform', null));
    const res = await api('/sync', { method: 'POST', token: w.member.token, body: { client_id: 'x', ops: many } });
    expect(res.status).toBe(422);
    const op = upsert(crypto.randomUUID(), 0, 'conform', null);
    const dup = await api('/sync', { method: 'POST', token: w.member.token, body: { client_id: 'x', ops: [op, op] } });
    expect(dup.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(dup)).errors[0]?.path).toBe('$.ops[1].op_id');
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
