// Inputs at the limits the schemas allow must not meet D1's own limits (100 bound values per statement, 1 MB per
// value): a plan over 200 units, a summary of a root with more than 100 children, a sync batch of 200 ops.
import { describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist } from '../../fixtures/audits.ts';
import { api, json, makeUnit, signedIn, unique } from '../../fixtures/builders.ts';

describe('D1 limits at the edges of the schemas', () => {
  it('plans an audit of 200 units and summarises a province with 150 communes by unit', async () => {
    const province = await makeUnit({ level: 'province', name: 'Tỉnh nhiều xã' });
    const communes: string[] = [];
    for (let i = 0; i < 200; i++) communes.push(await makeUnit({ parentId: province, level: 'commune', name: `Xã ${i + 1}` }));
    const admin = await signedIn('admin', province);
    const lead = await signedIn('inspector', province);
    const checklist = await makeChecklist();
    const plan = await api('/audits', {
      method: 'POST',
      token: admin.token,
      body: { code: unique('KT'), title: 'Kiểm tra toàn tỉnh', kind: 'inspection', owner_unit_id: province, planned_start: '2026-12-01', planned_end: '2026-12-20', unit_ids: communes, version_ids: [checklist.versionId], lead_user_id: lead.id },
    });
    expect(plan.status, await plan.clone().text()).toBe(201);
    const audit = await makeAudit({ ownerUnitId: province, unitIds: communes.slice(0, 150), versionId: checklist.versionId, leadId: lead.id });
    const summary = await api(`/summary?unit=${province}&by=unit&audit=${audit.id}`, { token: admin.token });
    expect(summary.status, await summary.clone().text()).toBe(200);
    const body = await json<{ rows: { key: string; label: string | null; total_items: number }[] }>(summary);
    expect(body.rows).toHaveLength(150);
    expect(body.rows.every((r) => r.label?.startsWith('Xã ') && r.total_items === checklist.items.length)).toBe(true);
  }, 60_000);

  it('takes a sync batch of 200 ops with long notes in one request', async () => {
    const province = await makeUnit({ level: 'province' });
    const commune = await makeUnit({ parentId: province, level: 'commune' });
    const lead = await signedIn('inspector', province);
    const checklist = await makeChecklist();
    const audit = await makeAudit({ ownerUnitId: province, unitIds: [commune], versionId: checklist.versionId, leadId: lead.id });
    // 200 × 2,500 characters: under the 1 MiB body limit, far over 100 bound values and D1's statements per batch.
    const ops = Array.from({ length: 200 }, (_, i) => ({
      op_id: crypto.randomUUID(),
      kind: 'finding.upsert',
      entity_id: crypto.randomUUID(),
      base_version: null,
      data: { audit_id: audit.id, unit_id: commune, item_id: checklist.items[i % checklist.items.length]!.id, result: 'conform', note: 'Hồ sơ đúng hạn. '.repeat(200).slice(0, 2500), recorded_at: new Date().toISOString() },
    }));
    const res = await api('/sync', { method: 'POST', token: lead.token, body: { client_id: 'limits', ops } });
    expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200);
    const out = await json<{ results: { status: string }[] }>(res);
    expect(out.results.filter((r) => r.status === 'applied')).toHaveLength(200);
    // Resent, every op is a duplicate: the stored outcomes are found for all 200 ids at once.
    const again = await json<{ results: { status: string }[] }>(await api('/sync', { method: 'POST', token: lead.token, body: { client_id: 'limits', ops } }));
    expect(again.results.every((r) => r.status === 'duplicate')).toBe(true);
  });
});
