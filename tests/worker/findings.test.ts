// GET /findings filters and GET /findings/{id}: every filter narrows inside the caller's scope.
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
