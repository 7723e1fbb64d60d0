// Audits over HTTP: planning with validation, editing only while planned, every transition gate refusing and passing.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, makeUser, signedIn } from '../fixtures/builders.ts';

async function world() {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const leader = await signedIn('leader', tree.province);
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  return { tree, checklist, leader, lead, member };
}

function planBody(w: Awaited<ReturnType<typeof world>>, extra: Record<string, unknown> = {}) {
  return {
    code: `KT-${crypto.randomUUID().slice(0, 8)}`,
    title: 'Kiểm tra ISO 9001 tại Bộ phận Một cửa năm 2026',
    kind: 'inspection',
    planned_start: '2026-12-01',
    planned_end: '2026-12-10',
    unit_ids: [w.tree.communeA, w.tree.communeB],
    version_ids: [w.checklist.versionId],
    lead_user_id: w.lead.id,
    member_ids: [w.member.id],
    ...extra,
  };
}

async function transition(token: string, id: string, to: string) {
  // The fixtures assess few items: a written reason lets them pass the coverage gate (tested in audit-gates.test.ts).
  return api(`/audits/${id}/transitions`, { method: 'POST', token, body: { to, note: 'Kiểm tra thử, chưa đánh giá đủ' } });
}

describe('planning', () => {
  it('a leader plans an audit of units in their subtree; the team then sees it', async () => {
    const w = await world();
    const res = await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w) });
    expect(res.status).toBe(201);
    const audit = await json<{ id: string; status: string; units: unknown[]; members: { role: string }[]; checklists: unknown[] }>(res);
    expect(audit.status).toBe('planned');
    expect(audit.units).toHaveLength(2);
    expect(audit.members.map((m) => m.role).sort()).toEqual(['lead', 'member']);
    const mine = await json<{ items: { id: string }[] }>(await api('/audits', { token: w.member.token }));
    expect(mine.items.map((a) => a.id)).toContain(audit.id);
    const stranger = await signedIn('inspector', w.tree.province);
    expect((await api(`/audits/${audit.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('refuses units outside the leader\'s subtree, unpublished versions and non-inspectors, with field paths', async () => {
    const w = await world();
    const districtLeader = await signedIn('leader', w.tree.districtA);
    const outside = await api('/audits', { method: 'POST', token: districtLeader.token, body: { ...planBody(w), owner_unit_id: w.tree.districtA } });
    expect(outside.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(outside)).errors[0]?.path).toBe('$.unit_ids');

    const draft = await makeChecklist({ status: 'draft' });
    const unpublished = await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w, { version_ids: [draft.versionId] }) });
    expect(unpublished.status).toBe(422);
    expect((await json(unpublished)).code).toBe('checklist_version_not_published');

    const head = await makeUser('unit_head', w.tree.communeA);
    const badTeam = await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w, { member_ids: [head.id] }) });
    expect(badTeam.status).toBe(422);
    expect((await json(badTeam)).code).toBe('team_not_inspectors');

    const backwards = await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w, { planned_end: '2026-11-01' }) });
    expect(backwards.status).toBe(422);
    const { n } = (await env.DB.prepare('SELECT COUNT(*) AS n FROM audits WHERE owner_unit_id = ?').bind(w.tree.province).first<{ n: number }>()) ?? { n: -1 };
    expect(n).toBe(0);
  });

  it('the lead edits a planned audit; a stale version and a started audit are refused', async () => {
    const w = await world();
    const audit = await json<{ id: string; version: number }>(await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w) }));
    const edit = await api(`/audits/${audit.id}`, { method: 'PATCH', token: w.lead.token, body: { version: 1, title: 'Tiêu đề mới', unit_ids: [w.tree.communeA] } });
    expect(edit.status).toBe(200);
    const edited = await json<{ title: string; version: number; units: unknown[] }>(edit);
    expect(edited).toMatchObject({ title: 'Tiêu đề mới', version: 2 });
    expect(edited.units).toHaveLength(1);
    const stale = await api(`/audits/${audit.id}`, { method: 'PATCH', token: w.lead.token, body: { version: 1, title: 'Lỗi thời' } });
    expect(stale.status).toBe(409);
    const member = await api(`/audits/${audit.id}`, { method: 'PATCH', token: w.member.token, body: { version: 2, title: 'Không được' } });
    expect(member.status).toBe(403);
    expect((await transition(w.lead.token, audit.id, 'in_progress')).status).toBe(200);
    const started = await api(`/audits/${audit.id}`, { method: 'PATCH', token: w.lead.token, body: { version: 3, title: 'Quá muộn' } });
    expect(started.status).toBe(409);
    expect((await json(started)).code).toBe('audit_not_planned');
  });
});

describe('transitions', () => {
  it('walks planned → in_progress → reporting → closed, stamping each step and logging events', async () => {
    const w = await world();
    const audit = await json<{ id: string }>(await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w) }));
    for (const to of ['in_progress', 'reporting', 'closed']) {
      const res = await transition(w.lead.token, audit.id, to);
      expect(res.status, to).toBe(200);
      expect((await json<{ status: string }>(res)).status).toBe(to);
    }
    const row = await env.DB.prepare('SELECT started_at, reporting_at, closed_at FROM audits WHERE id = ?').bind(audit.id).first<Record<string, string | null>>();
    expect(row?.started_at && row.reporting_at && row.closed_at).toBeTruthy();
    const { results } = await env.DB.prepare("SELECT type FROM events WHERE entity = 'audit' AND entity_id = ? ORDER BY at").bind(audit.id).all<{ type: string }>();
    expect(results.map((e) => e.type)).toEqual(['audit.planned', 'audit.in_progress', 'audit.reporting', 'audit.closed']);
  });

  it('refuses transitions not in the workflow', async () => {
    const w = await world();
    const audit = await json<{ id: string }>(await api('/audits', { method: 'POST', token: w.leader.token, body: planBody(w) }));
    const skip = await transition(w.lead.token, audit.id, 'closed');
    expect(skip.status).toBe(409);
    expect((await transition(w.lead.token, audit.id, 'cancelled')).status).toBe(200);
    expect((await transition(w.lead.token, audit.id, 'in_progress')).status).toBe(409);
  });

  it('refuses to close while a nonconformity is open or disputed, then closes once none is', async () => {
    const w = await world();
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA], versionId: w.checklist.versionId, leadId: w.lead.id, status: 'reporting' });
    const item = w.checklist.items[0]!;
    const nc = await makeFinding({ auditId: audit.id, unitId: w.tree.communeA, itemId: item.id, result: 'nc_minor', recordedBy: w.lead.id });
    const refused = await transition(w.lead.token, audit.id, 'closed');
    expect(refused.status).toBe(409);
    const problem = await json<{ code: string; detail: string }>(refused);
    expect(problem.detail).toMatch(/1/);
    await env.DB.prepare("UPDATE findings SET status = 'disputed' WHERE id = ?").bind(nc.id).run();
    expect((await transition(w.lead.token, audit.id, 'closed')).status).toBe(409);
    await env.DB.prepare("UPDATE findings SET status = 'action_planned' WHERE id = ?").bind(nc.id).run();
    expect((await transition(w.lead.token, audit.id, 'closed')).status).toBe(200);
  });

  it('only the lead or an admin moves an audit', async () => {
    const w = await world();
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA], versionId: w.checklist.versionId, leadId: w.lead.id, memberIds: [w.member.id], status: 'planned' });
    expect((await transition(w.member.token, audit.id, 'in_progress')).status).toBe(403);
    expect((await transition(w.leader.token, audit.id, 'in_progress')).status).toBe(403);
    const admin = await signedIn('admin', w.tree.province);
    expect((await transition(admin.token, audit.id, 'in_progress')).status).toBe(200);
  });
});

describe('GET /audits/{id}/checklist', () => {
  it('lists the pinned items for a unit with the caller\'s and the team\'s latest findings', async () => {
    const w = await world();
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA, w.tree.communeB], versionId: w.checklist.versionId, leadId: w.lead.id, memberIds: [w.member.id] });
    const [first, second] = w.checklist.items;
    await makeFinding({ auditId: audit.id, unitId: w.tree.communeA, itemId: first!.id, result: 'conform', recordedBy: w.lead.id });
    await makeFinding({ auditId: audit.id, unitId: w.tree.communeA, itemId: first!.id, result: 'nc_minor', recordedBy: w.member.id });
    await makeFinding({ auditId: audit.id, unitId: w.tree.communeB, itemId: second!.id, result: 'ofi', recordedBy: w.member.id });
    const res = await api(`/audits/${audit.id}/checklist?unit=${w.tree.communeA}`, { token: w.lead.token });
    expect(res.status).toBe(200);
    const body = await json<{ items: { id: string; item_result: string | null; mine: { result: string } | null; findings: unknown[] }[] }>(res);
    expect(body.items).toHaveLength(w.checklist.items.length);
    const one = body.items.find((i) => i.id === first!.id)!;
    expect(one.item_result).toBe('nc_minor');
    expect(one.mine?.result).toBe('conform');
    expect(one.findings).toHaveLength(2);
    expect(body.items.find((i) => i.id === second!.id)?.findings).toHaveLength(0);
  });

  it('answers 404 for a unit that is not audited and for a caller outside the audit', async () => {
    const w = await world();
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA], versionId: w.checklist.versionId, leadId: w.lead.id });
    expect((await api(`/audits/${audit.id}/checklist?unit=${w.tree.communeB}`, { token: w.lead.token })).status).toBe(404);
    expect((await api(`/audits/${audit.id}/checklist?unit=${w.tree.communeA}`, { token: w.member.token })).status).toBe(404);
  });
});

describe('GET /audits counts', () => {
  it('count only the findings the caller may see', async () => {
    const w = await world();
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA, w.tree.communeB], versionId: w.checklist.versionId, leadId: w.lead.id, status: 'reporting' });
    await makeFinding({ auditId: audit.id, unitId: w.tree.communeA, itemId: w.checklist.items[0]!.id, result: 'nc_minor', recordedBy: w.lead.id });
    await makeFinding({ auditId: audit.id, unitId: w.tree.communeB, itemId: w.checklist.items[1]!.id, result: 'nc_major', recordedBy: w.lead.id });
    await makeFinding({ auditId: audit.id, unitId: w.tree.communeB, itemId: w.checklist.items[2]!.id, result: 'conform', recordedBy: w.lead.id });
    const head = await signedIn('unit_head', w.tree.communeA);
    const seen = (await json<{ items: { id: string; finding_count: number; open_nc_count: number }[] }>(await api('/audits', { token: head.token }))).items.find((a) => a.id === audit.id);
    expect(seen).toMatchObject({ finding_count: 1, open_nc_count: 1 });
    const lead = (await json<{ items: { id: string; finding_count: number; open_nc_count: number }[] }>(await api('/audits', { token: w.lead.token }))).items.find((a) => a.id === audit.id);
    expect(lead).toMatchObject({ finding_count: 3, open_nc_count: 2 });
  });
});

describe('what a unit head sees of an audit (issue 13)', () => {
  interface Detail { units: { id: string }[]; members: { user_id: string; email: string; role: string; display_name: string }[] }
  interface ListItem { id: string; unit_count: number }

  async function covered() {
    const w = await world();
    // The lead works at the province (outside commune A); one member works in commune A itself.
    const inside = await signedIn('inspector', w.tree.communeA);
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA, w.tree.communeB], versionId: w.checklist.versionId, leadId: w.lead.id, memberIds: [inside.id, w.member.id], status: 'reporting' });
    const head = await signedIn('unit_head', w.tree.communeA);
    return { ...w, inside, audit, head };
  }

  it('GET /audits/{id} lists only their subtree\'s units and no e-mail of anyone outside it', async () => {
    const w = await covered();
    const res = await api(`/audits/${w.audit.id}`, { token: w.head.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as Detail;
    expect(body.units.map((u) => u.id)).toEqual([w.tree.communeA]);
    expect(text).not.toContain(w.tree.communeB);
    // The team is still named (the head answers to it), but only the member of commune A shows an address.
    expect(body.members).toHaveLength(3);
    expect(body.members.find((m) => m.user_id === w.inside.id)?.email).toBe(w.inside.email);
    expect(body.members.filter((m) => m.user_id !== w.inside.id).map((m) => m.email)).toEqual(['', '']);
    for (const outside of [w.lead.email, w.member.email]) expect(text).not.toContain(outside);
    expect(text.match(/[\w.+-]+@[\w.-]+/g) ?? []).toEqual([w.inside.email]);
    // The same records read on their own are unknown to the head, as they were before.
    expect((await api(`/units/${w.tree.communeB}`, { token: w.head.token })).status).toBe(404);
    expect((await api(`/users/${w.lead.id}`, { token: w.head.token })).status).toBe(404);
  });

  it('the audit\'s history counts and names no other unit or member for them; the team still reads it whole', async () => {
    const w = await covered();
    const summaries = [
      ['audit.planned', { code: 'KT-X', units: 2, versions: [w.checklist.versionId] }],
      ['audit.updated', { changes: { title: 'Đổi tên', unit_ids: [w.tree.communeA, w.tree.communeB], member_ids: [w.member.id] } }],
    ] as const;
    for (const [i, [type, summary]] of summaries.entries()) {
      await env.DB.prepare('INSERT INTO events (id, actor_id, entity, entity_id, type, summary, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .bind(crypto.randomUUID(), w.lead.id, 'audit', w.audit.id, type, JSON.stringify(summary), `2026-01-0${i + 1}T00:00:00.000Z`)
        .run();
    }
    type Events = { items: { type: string; summary: Record<string, unknown> }[] };
    const mine = await json<Events>(await api(`/events?entity=audit&id=${w.audit.id}`, { token: w.head.token }));
    expect(mine.items.map((e) => e.summary)).toEqual([{ code: 'KT-X', versions: [w.checklist.versionId] }, { changes: { title: 'Đổi tên' } }]);
    const whole = await json<Events>(await api(`/events?entity=audit&id=${w.audit.id}`, { token: (await signedIn('admin', w.tree.province)).token }));
    expect(whole.items.map((e) => e.summary)).toEqual(summaries.map(([, summary]) => summary));
  });

  it('the audit list counts only their units, and filtering by an outside unit does not reveal the audit covers it', async () => {
    const w = await covered();
    const mine = (await json<{ items: ListItem[] }>(await api('/audits', { token: w.head.token }))).items.find((a) => a.id === w.audit.id);
    expect(mine?.unit_count).toBe(1);
    const byOwn = await json<{ items: ListItem[] }>(await api(`/audits?unit=${w.tree.communeA}`, { token: w.head.token }));
    expect(byOwn.items.map((a) => a.id)).toContain(w.audit.id);
    const byOutside = await json<{ items: ListItem[]; total: number }>(await api(`/audits?unit=${w.tree.communeB}`, { token: w.head.token }));
    expect(byOutside.items.map((a) => a.id)).not.toContain(w.audit.id);
    // The team still counts every unit and finds the audit by either.
    const lead = (await json<{ items: ListItem[] }>(await api(`/audits?unit=${w.tree.communeB}`, { token: w.lead.token }))).items.find((a) => a.id === w.audit.id);
    expect(lead?.unit_count).toBe(2);
  });

  it('the team, admins and the planning unit\'s leaders see the whole audit; a leader of an audited unit only their part', async () => {
    const w = await covered();
    const admin = await signedIn('admin', w.tree.province);
    for (const token of [w.lead.token, w.inside.token, w.leader.token, admin.token]) {
      const body = await json<Detail>(await api(`/audits/${w.audit.id}`, { token }));
      expect(body.units.map((u) => u.id).sort()).toEqual([w.tree.communeA, w.tree.communeB].sort());
      expect(body.members.every((m) => m.email.includes('@'))).toBe(true);
    }
    const districtLeader = await signedIn('leader', w.tree.districtA);
    const partial = await json<Detail>(await api(`/audits/${w.audit.id}`, { token: districtLeader.token }));
    expect(partial.units.map((u) => u.id)).toEqual([w.tree.communeA]);
    expect(partial.members.find((m) => m.user_id === w.lead.id)?.email).toBe('');
    expect(partial.members.find((m) => m.user_id === w.inside.id)?.email).toBe(w.inside.email);
  });

  it('workflow checks still count the whole audit', async () => {
    const w = await covered();
    // Commune B's open nonconformity blocks closing, whoever looks at the audit.
    await makeFinding({ auditId: w.audit.id, unitId: w.tree.communeB, itemId: w.checklist.items[0]!.id, result: 'nc_minor', recordedBy: w.lead.id });
    expect((await transition(w.lead.token, w.audit.id, 'closed')).status).toBe(409);
  });
});
