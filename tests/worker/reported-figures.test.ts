// Reported figures and their verification: the Sơn Tây 2021 figures that do not add up (4,241 against 4,633), the
// sampling plan and its reproducible draw, the sampled outcomes against the reported rate (Wilson 95%), who may do
// what, and what each role sees.
import { drawSample, samplePositions } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import checklistFile from '../../data/checklist-iso9001-one-stop-shop.json';
import { makeAudit } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

interface Check {
  id: string;
  status: string;
  left: { value: number | null };
  right: { value: number | null; terms: { key: string; value: number | null }[] };
  difference: number | null;
  message: { vi: string; en: string };
}
interface Suggestion {
  item_code: string;
  item_id: string | null;
  suggests: string;
  message: { vi: string; en: string };
  facts: Record<string, unknown>;
}
interface Figures {
  id: string;
  unit_id: string;
  version: number;
  figures: Record<string, number | null>;
  checks: { consistent: boolean; items: Check[]; suggestion: Suggestion | null };
  sampling_plan: { population: number; size: number; margin: number; seed: string; algorithm: string; positions?: number[]; draw_order?: number[] } | null;
  sample_results: {
    version: number;
    results?: { position: number; dossier_code: string; outcome: string }[];
    verification: {
      decided: number;
      sampled_rate_percent: number | null;
      interval: { lower_percent: number; upper_percent: number } | null;
      reported_rate_percent: number | null;
      reported_outside: boolean | null;
      suggestion: Suggestion | null;
      complete: boolean;
    };
  } | null;
  stale_sample_results: boolean;
}

/** Thị xã Sơn Tây 2021 (indicators.md section 3). */
const SON_TAY = { carried_over: 166, received_new: 4075, to_handle: 4241, resolved: 4241, on_time_rate: 100, pending: 80, pending_in_term: 80, returned_unresolved: 289, withdrawn: 23 };

let w: {
  tree: Awaited<ReturnType<typeof makeTree>>;
  auditId: string;
  items: Map<string, string>;
  lead: { id: string; token: string };
  member: string;
  head: string;
  leaderA: string;
  stranger: string;
};

beforeAll(async () => {
  const tree = await makeTree();
  const admin = (await signedIn('admin', tree.province)).token;
  // The real checklist, so the suggestions find their items (MC-9.1-01, MC-9.1-02).
  const imported = await json<{ versions: { id: string }[] }>(await api('/checklists', { method: 'POST', token: admin, body: { ...structuredClone(checklistFile), code: `ISO-${crypto.randomUUID().slice(0, 6)}` } }));
  const versionId = imported.versions[0]!.id;
  await api(`/checklist-versions/${versionId}/publish`, { method: 'POST', token: admin });
  const { results } = await env.DB.prepare("SELECT code, id FROM checklist_items WHERE version_id = ? AND code LIKE 'MC-9.1-0%'").bind(versionId).all<{ code: string; id: string }>();
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId, leadId: lead.id, memberIds: [member.id] });
  w = {
    tree,
    auditId: audit.id,
    items: new Map(results.map((r) => [r.code, r.id])),
    lead,
    member: member.token,
    head: (await signedIn('unit_head', tree.communeA)).token,
    leaderA: (await signedIn('leader', tree.districtA)).token,
    stranger: (await signedIn('inspector', tree.province)).token,
  };
});

let period = 0;
const freshPeriod = () => {
  period += 1;
  return { from: `2021-01-${String(period).padStart(2, '0')}`, to: '2021-12-31' };
};
const put = (body: unknown, token = w.lead.token) => api(`/audits/${w.auditId}/reported-figures`, { method: 'PUT', token, body });
const record = (figuresId: string, results: unknown[], token = w.lead.token) =>
  api(`/audits/${w.auditId}/reported-figures/${figuresId}/sample-results`, { method: 'POST', token, body: { results } });
const code = async (res: Response) => (await json<{ code: string }>(res)).code;

describe('PUT /audits/{id}/reported-figures', () => {
  it('finds that Sơn Tây 2021 does not add up (4,241 to handle, 4,633 accounted for) and suggests a finding on MC-9.1-01', async () => {
    const res = await put({ unit_id: w.tree.communeA, ...freshPeriod(), figures: SON_TAY, source: 'Báo cáo kết quả CCHC năm 2021' });
    expect(res.status, await res.clone().text()).toBe(201);
    const f = await json<Figures>(res);
    expect(f.checks.consistent).toBe(false);
    const balance = f.checks.items.find((c) => c.id === 'balance')!;
    expect(balance).toMatchObject({ status: 'mismatch', left: { value: 4241 }, right: { value: 4633 }, difference: -392 });
    expect(balance.message.vi).toContain('4.241 ≠');
    expect(balance.message.en).toContain('= 4,633');
    expect(f.checks.items.find((c) => c.id === 'to_handle')).toMatchObject({ status: 'ok' });
    expect(f.checks.suggestion).toMatchObject({ item_code: 'MC-9.1-01', item_id: w.items.get('MC-9.1-01'), suggests: 'nc_minor', facts: { balance_difference: -392 } });
    const event = await env.DB.prepare("SELECT type FROM events WHERE entity = 'reported_figures' AND entity_id = ?").bind(f.id).first<{ type: string }>();
    expect(event?.type).toBe('reported_figures.entered');
  });

  it('plans 353 of the 4,241 resolved dossiers with a recorded seed, drawn the way the shared code redraws it', async () => {
    const f = await json<Figures>(await put({ unit_id: w.tree.communeA, ...freshPeriod(), figures: SON_TAY }));
    const plan = f.sampling_plan!;
    expect(plan).toMatchObject({ population: 4241, size: 353, margin: 0.05, algorithm: expect.stringContaining('xoshiro128**') });
    expect(plan.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(plan.positions).toEqual(samplePositions(plan.seed, 4241, 353));
    expect(plan.draw_order).toEqual(drawSample(plan.seed, 4241, 353));
    // The list shows the plan without its positions; the seed stays when the figures are replaced.
    const list = await json<{ items: Figures[] }>(await api(`/audits/${w.auditId}/reported-figures`, { token: w.member }));
    const listed = list.items.find((i) => i.id === f.id)!;
    expect(listed.sampling_plan).not.toHaveProperty('positions');
    const replaced = await json<Figures>(await put({ unit_id: w.tree.communeA, from: '2021-01-02', to: '2021-12-31', figures: { ...SON_TAY, resolved: 4000 }, sampling: { margin: 0.1 }, version: 1 }));
    expect(replaced).toMatchObject({ version: 2, sampling_plan: { seed: plan.seed, population: 4000, margin: 0.1, size: 94 } });
  });

  it('creates once, replaces with the stored version, and says so otherwise', async () => {
    const p = freshPeriod();
    const body = { unit_id: w.tree.communeB, ...p, figures: { resolved: 120, early: 20, on_time: 95, late: 5, on_time_rate: 95.83 } };
    const created = await json<Figures>(await put(body));
    expect(created.checks.consistent).toBe(true);
    expect(created.checks.suggestion).toBeNull();
    expect((await put(body)).status).toBe(200);
    const exists = await put({ ...body, figures: { resolved: 121 } });
    expect(exists.status).toBe(409);
    expect(await code(exists)).toBe('figures_exist');
    const stale = await put({ ...body, figures: { resolved: 121 }, version: 5 });
    expect(await code(stale)).toBe('version_conflict');
    expect((await put({ ...body, figures: { resolved: 121 }, version: 1 })).status).toBe(200);
  });

  it('is the lead inspector\'s, while the audit accepts findings, for units of the audit', async () => {
    const body = { unit_id: w.tree.communeA, ...freshPeriod(), figures: SON_TAY };
    const member = await put(body, w.member);
    expect(member.status).toBe(403);
    expect((await put(body, w.head)).status).toBe(403);
    expect((await put(body, w.stranger)).status).toBe(404);
    const outside = await put({ ...body, unit_id: w.tree.districtA });
    expect(outside.status).toBe(422);
    expect(await code(outside)).toBe('unit_not_in_audit');
    expect((await put({ ...body, figures: { ...SON_TAY, resolved: -1 } })).status).toBe(422);
    expect((await put({ ...body, to: '2020-01-01' })).status).toBe(422);
  });
});

describe('POST …/sample-results', () => {
  it('finds the reported 100% outside the Wilson interval of 45 on time out of 50 and suggests a finding on MC-9.1-02', async () => {
    const f = await json<Figures>(await put({ unit_id: w.tree.communeA, ...freshPeriod(), figures: SON_TAY }));
    const order = f.sampling_plan!.draw_order!;
    const results = order.slice(0, 50).map((position, i) => ({ position, dossier_code: `000.35.24.H26-21${String(i).padStart(4, '0')}`, outcome: i < 40 ? 'on_time' : i < 45 ? 'early' : 'late' }));
    const res = await record(f.id, results, w.member);
    expect(res.status, await res.clone().text()).toBe(200);
    const out = await json<Figures>(res);
    const v = out.sample_results!.verification;
    expect(v).toMatchObject({ decided: 50, sampled_rate_percent: 90, reported_rate_percent: 100, reported_outside: true, complete: false });
    expect(v.interval!.lower_percent).toBeCloseTo(78.64, 2);
    expect(v.interval!.upper_percent).toBeCloseTo(95.65, 2);
    expect(v.suggestion).toMatchObject({ item_code: 'MC-9.1-02', item_id: w.items.get('MC-9.1-02'), suggests: 'nc_minor', facts: { sample_decided: 50, sample_on_time: 45, reported_rate_percent: 100 } });
    expect(v.suggestion!.message.vi).toContain('78,64%–95,65%');
    expect(v.suggestion!.message.en).toContain('78.64%–95.65%');
    // The suggestion is only a suggestion: no finding was recorded.
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM findings WHERE audit_id = ?').bind(w.auditId).first<{ n: number }>())!.n).toBe(0);

    // Replaced by a later set; 49 of 50 puts 100% (read as 99.5–100.5%) inside 89.5–99.6%.
    const better = order.slice(0, 50).map((position, i) => ({ position, dossier_code: `H26-${i}`, outcome: i < 49 ? 'on_time' : 'late' }));
    const again = await json<Figures>(await record(f.id, better));
    expect(again.sample_results).toMatchObject({ version: 2, verification: { reported_outside: false, suggestion: null } });
    expect(again.sample_results!.results).toHaveLength(50);
  });

  it('takes drawn positions only, masks identifiers in dossier codes, and goes stale when the figures change', async () => {
    const p = freshPeriod();
    const f = await json<Figures>(await put({ unit_id: w.tree.communeA, ...p, figures: { resolved: 200, late: 10 } }));
    const drawn = new Set(f.sampling_plan!.positions);
    const notDrawn = Array.from({ length: 200 }, (_, i) => i + 1).find((x) => !drawn.has(x))!;
    const [first] = f.sampling_plan!.positions!;
    const bad = await record(f.id, [{ position: first, dossier_code: 'H26-1', outcome: 'late' }, { position: notDrawn, dossier_code: 'H26-2', outcome: 'late' }]);
    expect(bad.status).toBe(422);
    expect(await json<{ code: string; errors: { path: string }[] }>(bad)).toMatchObject({ code: 'position_not_drawn', errors: [{ path: '$.results[1].position' }] });
    const ok = await json<Figures>(await record(f.id, [{ position: first, dossier_code: '001099012345', outcome: 'on_time' }]));
    expect(ok.sample_results!.results![0]!.dossier_code).toBe('0010•••••345');
    // Without a stated rate the counts' rate (190 / 200 = 95%) is compared.
    expect(ok.sample_results!.verification).toMatchObject({ reported_rate_percent: 95 });

    const changed = await json<Figures>(await put({ unit_id: w.tree.communeA, ...p, figures: { resolved: 300, late: 10 }, version: 1 }));
    expect(changed).toMatchObject({ version: 2, sample_results: null, stale_sample_results: true });
  });

  it('needs a resolved count, a team member and an audit that accepts findings', async () => {
    const none = await json<Figures>(await put({ unit_id: w.tree.communeA, ...freshPeriod(), figures: { to_handle: 10 } }));
    expect(none.sampling_plan).toBeNull();
    const refused = await record(none.id, [{ position: 1, dossier_code: 'H26-1', outcome: 'late' }]);
    expect(refused.status).toBe(409);
    expect(await code(refused)).toBe('no_sampling_plan');
    const f = await json<Figures>(await put({ unit_id: w.tree.communeA, ...freshPeriod(), figures: { resolved: 50 } }));
    const position = f.sampling_plan!.positions![0]!;
    expect((await record(f.id, [{ position, dossier_code: 'H26-1', outcome: 'late' }], w.stranger)).status).toBe(404);
    expect((await record(f.id, [{ position, dossier_code: 'H26-1', outcome: 'late' }], w.head)).status).toBe(403);
    expect((await record(crypto.randomUUID(), [{ position, dossier_code: 'H26-1', outcome: 'late' }])).status).toBe(404);
  });
});

describe('reading reported figures', () => {
  it('shows unit heads and leaders only their subtree\'s figures, unit heads from reporting on', async () => {
    const inA = await json<Figures>(await put({ unit_id: w.tree.communeA, ...freshPeriod(), figures: SON_TAY }));
    const inB = await json<Figures>(await put({ unit_id: w.tree.communeB, ...freshPeriod(), figures: SON_TAY }));
    const leader = await json<{ items: Figures[] }>(await api(`/audits/${w.auditId}/reported-figures`, { token: w.leaderA }));
    expect(leader.items.map((i) => i.id)).toContain(inA.id);
    expect(leader.items.map((i) => i.id)).not.toContain(inB.id);
    expect((await api(`/audits/${w.auditId}/reported-figures/${inB.id}`, { token: w.leaderA })).status).toBe(404);
    expect((await api(`/audits/${w.auditId}/reported-figures`, { token: w.head })).status).toBe(404);
    await env.DB.prepare("UPDATE audits SET status = 'reporting', reporting_at = ? WHERE id = ?").bind(new Date().toISOString(), w.auditId).run();
    try {
      const head = await json<{ items: Figures[] }>(await api(`/audits/${w.auditId}/reported-figures`, { token: w.head }));
      expect(head.items.length).toBeGreaterThan(0);
      expect(head.items.every((i) => i.unit_id === w.tree.communeA)).toBe(true);
      const one = await json<Figures>(await api(`/audits/${w.auditId}/reported-figures/${inA.id}`, { token: w.head }));
      expect(one.sampling_plan!.positions).toHaveLength(353);
      expect((await api(`/audits/${w.auditId}/reported-figures/${inB.id}`, { token: w.head })).status).toBe(404);
      // In reporting only the lead still records.
      const position = inA.sampling_plan!.positions![0]!;
      expect(await code(await record(inA.id, [{ position, dossier_code: 'H26-1', outcome: 'late' }], w.member))).toBe('audit_not_recording');
      expect((await record(inA.id, [{ position, dossier_code: 'H26-1', outcome: 'late' }])).status).toBe(200);
    } finally {
      await env.DB.prepare("UPDATE audits SET status = 'in_progress', reporting_at = NULL WHERE id = ?").bind(w.auditId).run();
    }
  });
});
