// GET /findings filters and GET /findings/{id}: every filter narrows inside the caller's scope.
import { env } from 'cloudflare:workers';
import { NOTE_REQUIRED_CODE } from '@onestop/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeEvidence, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

let w: { tree: Awaited<ReturnType<typeof makeTree>>; auditId: string; ids: Record<string, string>; lead: { id: string; token: string }; leaderA: string };

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist({ items: [{ clause: '8.5.1', weight: 3 }, { clause: '8.5.3', weight: 2 }, { clause: '8.2.1', weight: 3 }, { clause: '10.2', weight: 1 }] });
  const lead = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
  const [i851, i853, i821, i102] = checklist.items;
  const f = (unit: string, item: { id: string }, result: 'nc_minor' | 'conform' | 'ofi', dossier: string | null = null) =>
    makeFinding({ auditId: audit.id, unitId: unit, itemId: item.id, result, recordedBy: lead.id, dossierCode: dossier });
  const ids = {
    a851: (await f(tree.communeA, i851!, 'nc_minor', '000.00.12.H26-250314-0007')).id,
    a853: (await f(tree.communeA, i853!, 'conform')).id,
    b821: (await f(tree.communeB, i821!, 'ofi')).id,
    b102: (await f(tree.communeB, i102!, 'nc_minor')).id,
  };
  await makeEvidence({ findingId: ids.a851, auditId: audit.id, capturedBy: lead.id });
  w = { tree, auditId: audit.id, ids, lead, leaderA: (await signedIn('leader', tree.districtA)).token };
});

const list = async (query: string, token = w.lead.token) =>
  (await json<{ items: { id: string }[]; total: number }>(await api(`/findings?${query}`, { token }))).items.map((f) => f.id).sort();

describe('GET /findings', () => {
  it('filters by clause prefix (8.5 covers 8.5.1 and 8.5.3, not 8.2.1)', async () => {
    expect(await list(`audit=${w.auditId}&clause=8.5`)).toEqual([w.ids.a851, w.ids.a853].sort());
    expect(await list(`audit=${w.auditId}&clause=10.2`)).toEqual([w.ids.b102]);
  });

  it('filters by result, status, unit subtree and dossier code', async () => {
    expect(await list(`audit=${w.auditId}&result=nc_minor`)).toEqual([w.ids.a851, w.ids.b102].sort());
    expect(await list(`audit=${w.auditId}&status=recorded`)).toEqual([w.ids.a853, w.ids.b821].sort());
    expect(await list(`audit=${w.auditId}&unit=${w.tree.districtB}`)).toEqual([w.ids.b821, w.ids.b102].sort());
    expect(await list(`dossier=${encodeURIComponent('000.00.12.H26-250314-0007')}`)).toEqual([w.ids.a851]);
  });

  it('keeps a leader inside their subtree whatever the filters say', async () => {
    expect(await list(`audit=${w.auditId}`, w.leaderA)).toEqual([w.ids.a851, w.ids.a853].sort());
    expect(await list(`unit=${w.tree.districtB}`, w.leaderA)).toEqual([]);
    expect((await api(`/findings/${w.ids.b102}`, { token: w.leaderA })).status).toBe(404);
  });

  it('returns one finding with names, its action and its evidence', async () => {
    const detail = await json<{ unit_name: string; item_clause: string; recorded_by_name: string; corrective_action: unknown; evidence: { sha256: string }[] }>(await api(`/findings/${w.ids.a851}`, { token: w.lead.token }));
    expect(detail.item_clause).toBe('8.5.1');
    expect(detail.unit_name).toBe('Xã A1');
    expect(detail.corrective_action).toBeNull();
    expect(detail.evidence).toHaveLength(1);
    expect(detail.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('GET /findings, summary-aligned filters', () => {
  it('takes several results at once, the audit period and counted-only', async () => {
    expect(await list(`audit=${w.auditId}&result=nc_minor,ofi`)).toEqual([w.ids.a851, w.ids.b821, w.ids.b102].sort());
    expect(await list(`audit=${w.auditId}&from=2000-01-01&to=2999-12-31`)).toHaveLength(4);
    expect(await list(`audit=${w.auditId}&from=2999-01-01`)).toEqual([]);
    expect(await list(`audit=${w.auditId}&counted=true`)).toHaveLength(4);
    expect((await api('/findings?result=bogus', { token: w.lead.token })).status).toBe(400);
  });

  it('names who captured evidence and gives the English item text', async () => {
    const detail = await json<{ item_text_en: string; evidence: { captured_by_name: string | null }[] }>(await api(`/findings/${w.ids.a851}`, { token: w.lead.token }));
    expect(typeof detail.item_text_en).toBe('string');
    expect(detail.evidence[0]?.captured_by_name).toBe('Người dùng inspector');
  });
});

// Issue 16: a major or minor nonconformity must say what was wrong. Findings are written only through POST /sync
// (create and update alike), which answers such an op `rejected` with note_required and writes nothing.
describe('a nonconformity needs a note', () => {
  let s: { auditId: string; unitId: string; items: string[]; member: { id: string; token: string } };

  beforeAll(async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist({ items: [{ clause: '8.5.1', weight: 2 }, { clause: '8.2.1', weight: 1 }, { clause: '9.1', weight: 1 }, { clause: '10.2', weight: 1 }] });
    const lead = await signedIn('inspector', tree.province);
    const member = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, memberIds: [member.id] });
    s = { auditId: audit.id, unitId: tree.communeA, items: checklist.items.map((i) => i.id), member };
  });

  const upsert = (id: string, item: number, result: string, baseVersion: number | null, note?: string) => ({
    op_id: crypto.randomUUID(),
    kind: 'finding.upsert',
    entity_id: id,
    base_version: baseVersion,
    data: { audit_id: s.auditId, unit_id: s.unitId, item_id: s.items[item], result, ...(note === undefined ? {} : { note }), recorded_at: new Date().toISOString() },
  });
  interface Outcome { status: string; version?: number; problem?: { status: number; code: string; detail: string; errors?: { path: string; message: string }[] } }
  const sync = async (ops: unknown[]) => {
    const res = await api('/sync', { method: 'POST', token: s.member.token, body: { client_id: 'note-test', ops } });
    expect(res.status).toBe(200);
    return (await json<{ results: Outcome[] }>(res)).results;
  };
  const row = (id: string) => env.DB.prepare('SELECT result, note, version FROM findings WHERE id = ?').bind(id).first<{ result: string; note: string; version: number }>();

  it.each([
    ['nc_major', undefined],
    ['nc_minor', ''],
    ['nc_major', ' \n\t '],
  ])('refuses a new %s with note %j, naming the field, and writes nothing', async (result, note) => {
    const id = crypto.randomUUID();
    const [out] = await sync([upsert(id, 0, result, null, note)]);
    expect(out).toMatchObject({ status: 'rejected', problem: { status: 422, code: NOTE_REQUIRED_CODE } });
    expect(out?.problem?.errors).toEqual([{ path: '$.ops[0].data.note', message: expect.stringMatching(/nonconformity/) }]);
    expect(await row(id)).toBeNull();
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE entity = 'finding' AND entity_id = ?").bind(id).first<{ n: number }>();
    expect(events?.n).toBe(0);
  });

  it('accepts a nonconformity with a note, and other results without one', async () => {
    const nc = crypto.randomUUID();
    const ofi = crypto.randomUUID();
    const out = await sync([upsert(nc, 1, 'nc_minor', null, 'Thiếu chữ ký người nhận'), upsert(ofi, 2, 'ofi', null, '')]);
    expect(out.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(await row(nc)).toMatchObject({ result: 'nc_minor', note: 'Thiếu chữ ký người nhận' });
    expect(await row(ofi)).toMatchObject({ result: 'ofi', note: '' });
  });

  it('refuses an update that makes a finding a nonconformity without a note, or blanks its note, and keeps the stored one', async () => {
    const id = crypto.randomUUID();
    expect((await sync([upsert(id, 3, 'conform', null)]))[0]?.status).toBe('applied');
    // Conform to nc_major with no note: refused at position 1 of the batch, while the op before it applies.
    const other = crypto.randomUUID();
    const out = await sync([upsert(other, 0, 'observation', null, 'Ghi chú'), upsert(id, 3, 'nc_major', 1, '')]);
    expect(out[0]?.status).toBe('applied');
    expect(out[1]).toMatchObject({ status: 'rejected', problem: { code: NOTE_REQUIRED_CODE, errors: [{ path: '$.ops[1].data.note' }] } });
    expect(await row(id)).toMatchObject({ result: 'conform', version: 1 });
    // With a note it applies; blanking the note afterwards is refused.
    expect((await sync([upsert(id, 3, 'nc_major', 1, 'Không niêm yết đường dây nóng')]))[0]?.status).toBe('applied');
    const [blank] = await sync([upsert(id, 3, 'nc_major', 2, '   ')]);
    expect(blank).toMatchObject({ status: 'rejected', problem: { code: NOTE_REQUIRED_CODE } });
    expect(await row(id)).toMatchObject({ result: 'nc_major', note: 'Không niêm yết đường dây nóng', version: 2 });
  });
});
