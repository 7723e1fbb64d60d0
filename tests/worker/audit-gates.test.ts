// The audit gates that need a written reason: moving to reporting or closed below the coverage threshold, and
// starting before the planned start date. Each refusal is a 409 with its code; the reason lands in the event log.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

const REASON = 'Đoàn chỉ đánh giá mẫu theo chỉ đạo của lãnh đạo';

async function world(status: 'planned' | 'in_progress' | 'reporting' = 'in_progress') {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const lead = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status });
  return { tree, checklist, lead, audit };
}

const move = (token: string, id: string, body: Record<string, unknown>) => api(`/audits/${id}/transitions`, { method: 'POST', token, body });

describe('coverage gate', () => {
  it('refuses reporting with nothing assessed, stating the coverage, and refuses a too short reason', async () => {
    const w = await world();
    const refused = await move(w.lead.token, w.audit.id, { to: 'reporting' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<{ code: string; detail: string; assessed_items: number; total_items: number; coverage: number; threshold: number }>(refused);
    expect(problem.code).toBe('coverage_below_threshold');
    // 8 items × 2 units, none assessed.
    expect(problem).toMatchObject({ assessed_items: 0, total_items: 16, coverage: 0, threshold: 0.8 });
    expect(problem.detail).toContain('0 of 16');

    const short = await move(w.lead.token, w.audit.id, { to: 'reporting', note: 'vội quá' });
    expect(short.status).toBe(409);
    expect((await json(short)).code).toBe('coverage_below_threshold');
    const row = await env.DB.prepare('SELECT status FROM audits WHERE id = ?').bind(w.audit.id).first<{ status: string }>();
    expect(row?.status).toBe('in_progress');
  });

  it('passes with a written reason and logs the reason with the coverage', async () => {
    const w = await world();
    const first = w.checklist.items[0];
    if (!first) throw new Error('checklist without items');
    await makeFinding({ auditId: w.audit.id, unitId: w.tree.communeA, itemId: first.id, result: 'conform', recordedBy: w.lead.id });
    const res = await move(w.lead.token, w.audit.id, { to: 'reporting', note: REASON });
    expect(res.status).toBe(200);
    expect((await json<{ status: string }>(res)).status).toBe('reporting');
    const ev = await env.DB.prepare("SELECT summary FROM events WHERE entity = 'audit' AND entity_id = ? AND type = 'audit.reporting'").bind(w.audit.id).first<{ summary: string }>();
    expect(JSON.parse(ev?.summary ?? '{}')).toMatchObject({ note: REASON, assessed_items: 1, total_items: 16 });
  });

  it('needs no reason once coverage reaches the threshold, and applies to closing too', async () => {
    const w = await world();
    // 13 of 16 pairs (81%) assessed.
    const pairs = [w.tree.communeA, w.tree.communeB].flatMap((unitId) => w.checklist.items.map((it) => ({ unitId, itemId: it.id }))).slice(0, 13);
    for (const p of pairs) await makeFinding({ auditId: w.audit.id, unitId: p.unitId, itemId: p.itemId, result: 'conform', recordedBy: w.lead.id });
    expect((await move(w.lead.token, w.audit.id, { to: 'reporting' })).status).toBe(200);
    expect((await move(w.lead.token, w.audit.id, { to: 'closed' })).status).toBe(200);

    const bare = await world('reporting');
    const closing = await move(bare.lead.token, bare.audit.id, { to: 'closed' });
    expect(closing.status).toBe(409);
    expect((await json(closing)).code).toBe('coverage_below_threshold');
    expect((await move(bare.lead.token, bare.audit.id, { to: 'closed', note: REASON })).status).toBe(200);
  });
});

describe('early start gate', () => {
  it('refuses to start before the planned start without a reason, then starts with one', async () => {
    const w = await world('planned');
    await env.DB.prepare("UPDATE audits SET planned_start = '2999-01-01', planned_end = '2999-01-31' WHERE id = ?").bind(w.audit.id).run();
    const refused = await move(w.lead.token, w.audit.id, { to: 'in_progress' });
    expect(refused.status).toBe(409);
    const problem = await json<{ code: string; detail: string }>(refused);
    expect(problem.code).toBe('early_start_reason_required');
    expect(problem.detail).toContain('2999-01-01');
    expect((await move(w.lead.token, w.audit.id, { to: 'in_progress', note: REASON })).status).toBe(200);
  });

  it('starts on or after the planned start without a reason', async () => {
    const w = await world('planned');
    expect((await move(w.lead.token, w.audit.id, { to: 'in_progress' })).status).toBe(200);
  });
});
