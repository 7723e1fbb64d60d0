// GET /summary against hand-computed figures: pooled roll-ups by unit, clause and month, scoped per role.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

interface Row { key: string; numerator: number; denominator: number; compliance_rate: number | null; assessed_items: number; total_items: number; coverage: number | null; counts: Record<string, number> }
interface Summary { total: Row; rows: Row[]; nonconformities: { by_severity: Record<string, number>; by_status: Record<string, number>; overdue_actions: number }; formula: string }

let w: {
  tree: Awaited<ReturnType<typeof makeTree>>;
  admin: string;
  leaderB: string;
  headA: string;
  inspector2: string;
};

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const [i41, i712, i753, i821, i851, i853, i912, i102] = checklist.items.map((i) => i.id) as [string, string, string, string, string, string, string, string];
  const lead = await signedIn('inspector', tree.province);
  const lead2 = await signedIn('inspector', tree.province);
  const a1 = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, startedAt: '2026-03-10T02:00:00.000Z' });
  const a2 = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead2.id, status: 'reporting', startedAt: '2026-04-02T02:00:00.000Z' });
  const cancelled = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, status: 'in_progress', startedAt: '2026-03-11T02:00:00.000Z' });
  const f = (auditId: string, unitId: string, itemId: string, result: Parameters<typeof makeFinding>[0]['result'], extra: Partial<Parameters<typeof makeFinding>[0]> = {}) =>
    makeFinding({ auditId, unitId, itemId, result, recordedBy: lead.id, ...extra });
  // Audit 1, commune A: 4.1 conform (1/1), 7.1.2 nc_minor (0/2), 8.5.1 conform+observation → observation (3/3),
  // 8.5.3 not_applicable (0/0), 10.2 nc_major (0/3): 4/9 over 5 assessed items.
  await f(a1.id, tree.communeA, i41, 'conform');
  await f(a1.id, tree.communeA, i712, 'nc_minor');
  await f(a1.id, tree.communeA, i851, 'conform');
  await f(a1.id, tree.communeA, i851, 'observation');
  await f(a1.id, tree.communeA, i853, 'not_applicable');
  await f(a1.id, tree.communeA, i102, 'nc_major');
  // Audit 1, commune B: 8.2.1 ofi (3/3), 9.1.2 conform (2/2); a deleted and a withdrawn NC do not count: 5/5.
  await f(a1.id, tree.communeB, i821, 'ofi');
  await f(a1.id, tree.communeB, i912, 'conform');
  await f(a1.id, tree.communeB, i41, 'nc_minor', { deleted: true });
  await f(a1.id, tree.communeB, i753, 'nc_minor', { status: 'withdrawn' });
  // Audit 2 (reporting), commune A: 4.1 nc_minor (0/1).
  await f(a2.id, tree.communeA, i41, 'nc_minor');
  // A cancelled audit never counts.
  await f(cancelled.id, tree.communeA, i41, 'conform');
  await env.DB.prepare("UPDATE audits SET status = 'cancelled', cancelled_at = ? WHERE id = ?").bind(new Date().toISOString(), cancelled.id).run();

  w = {
    tree,
    admin: (await signedIn('admin', tree.province)).token,
    leaderB: (await signedIn('leader', tree.districtB)).token,
    headA: (await signedIn('unit_head', tree.communeA)).token,
    inspector2: lead2.token,
  };
});

const get = async (token: string, query: string) => {
  const res = await api(`/summary?${query}`, { token });
  expect(res.status).toBe(200);
  return json<Summary>(res);
};

describe('GET /summary', () => {
  it('pools the province by unit: never an average of averages', async () => {
    const s = await get(w.admin, `unit=${w.tree.province}&by=unit`);
    expect(s.total).toMatchObject({ numerator: 9, denominator: 15, compliance_rate: 0.6, assessed_items: 8, total_items: 24 });
    expect(s.total.coverage).toBeCloseTo(8 / 24);
    const a = s.rows.find((r) => r.key === w.tree.districtA)!;
    const b = s.rows.find((r) => r.key === w.tree.districtB)!;
    expect(a).toMatchObject({ numerator: 4, denominator: 10, compliance_rate: 0.4, assessed_items: 6, total_items: 16 });
    expect(b).toMatchObject({ numerator: 5, denominator: 5, compliance_rate: 1, assessed_items: 2, total_items: 8 });
    expect(s.total.counts).toEqual({ nc_major: 1, nc_minor: 2, observation: 1, ofi: 1, conform: 2, not_applicable: 1 });
  });

  it('groups clauses by their first two numbers', async () => {
    const s = await get(w.admin, `unit=${w.tree.province}&by=clause`);
    const byKey = Object.fromEntries(s.rows.map((r) => [r.key, [r.numerator, r.denominator]]));
    expect(byKey).toEqual({ '4.1': [1, 2], '7.1': [0, 2], '7.5': [0, 0], '8.2': [3, 3], '8.5': [3, 3], '9.1': [2, 2], '10.2': [0, 3] });
    expect(s.rows.find((r) => r.key === '7.5')?.compliance_rate).toBeNull();
  });

  it('groups by the audit start month in Asia/Ho_Chi_Minh and filters the period', async () => {
    const s = await get(w.admin, `unit=${w.tree.province}&by=month`);
    expect(s.rows.map((r) => [r.key, r.numerator, r.denominator])).toEqual([
      ['2026-03', 9, 14],
      ['2026-04', 0, 1],
    ]);
    const april = await get(w.admin, `unit=${w.tree.province}&by=unit&from=2026-04-01&to=2026-04-30`);
    expect(april.total).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('counts nonconformities by severity and status, leaving withdrawn and deleted ones out', async () => {
    const s = await get(w.admin, `unit=${w.tree.province}`);
    expect(s.nonconformities.by_severity).toEqual({ nc_major: 1, nc_minor: 2 });
    expect(s.nonconformities.by_status).toEqual({ open: 3, withdrawn: 1 });
    expect(s.formula).toMatch(/never an average of averages/);
  });

  it('keeps each role inside its scope', async () => {
    const leader = await get(w.leaderB, 'by=unit');
    expect(leader.total).toMatchObject({ numerator: 5, denominator: 5 });
    expect((await api(`/summary?unit=${w.tree.province}`, { token: w.leaderB })).status).toBe(404);
    const head = await get(w.headA, 'by=unit');
    expect(head.total).toMatchObject({ numerator: 0, denominator: 1 });
    const inspector = await get(w.inspector2, `unit=${w.tree.province}`);
    expect(inspector.total).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await api('/summary?from=2026-05-01&to=2026-04-01', { token: w.admin });
    expect(res.status).toBe(400);
  });
});
