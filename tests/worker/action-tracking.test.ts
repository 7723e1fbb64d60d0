// Action tracking over HTTP (issue 15 part 4): more time asked by the unit head and decided by the lead, revised
// plans, owners chosen among the unit's users, and the comment thread. Each step checks who may take it, what it
// refuses, that a refusal writes nothing, and that it lands in the events.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { recomputeAuditRollups } from '../../worker/src/db/item-results.ts';
import { makeAction, makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, makeUser, signedIn } from '../fixtures/builders.ts';

interface Who {
  id: string;
  token: string;
}
let w: {
  auditId: string;
  tree: Awaited<ReturnType<typeof makeTree>>;
  items: { id: string }[];
  lead: Who;
  member: Who;
  head: Who;
  otherHead: Who;
  leader: Who;
  staff: { id: string };
  disabledStaff: { id: string };
  outsider: { id: string };
};

const inDays = (n: number) => new Date(Date.now() + 7 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, memberIds: [member.id], status: 'reporting' });
  w = {
    auditId: audit.id,
    tree,
    items: checklist.items,
    lead,
    member,
    head: await signedIn('unit_head', tree.communeA),
    otherHead: await signedIn('unit_head', tree.communeB),
    leader: await signedIn('leader', tree.districtA),
    staff: await makeUser('inspector', tree.communeA),
    disabledStaff: await makeUser('unit_head', tree.communeA, { disabled: true }),
    outsider: await makeUser('unit_head', tree.communeB),
  };
});

let itemIdx = 0;
/** A fresh NC of commune A; with a due date, already planned (overdue when the date is past). */
async function nc(due?: string) {
  const item = w.items[itemIdx++ % w.items.length]!;
  const f = await makeFinding({ auditId: w.auditId, unitId: w.tree.communeA, itemId: item.id, result: 'nc_minor', status: due ? 'action_planned' : 'open', recordedBy: w.member.id });
  if (due) {
    await makeAction(f.id, { dueDate: due });
    // The fixture writes the action row directly: bring the roll-ups in line as the API would.
    await env.DB.batch(recomputeAuditRollups(env.DB, w.auditId));
  }
  return f.id;
}

const post = (who: Who, path: string, body: unknown) => api(path, { method: 'POST', token: who.token, body });
const get = (who: Who, path: string) => api(path, { token: who.token });

async function types(id: string) {
  const { results } = await env.DB.prepare("SELECT type FROM events WHERE entity = 'finding' AND entity_id = ? ORDER BY at, rowid").bind(id).all<{ type: string }>();
  return results.map((r) => r.type);
}
async function detail(id: string) {
  return json<{ overdue: boolean; corrective_action: { due_date: string; owner_name: string; owner_user_id: string | null; root_cause: string; action: string; version: number } }>(await get(w.head, `/findings/${id}`));
}
/** Open actions of commune A in the roll-ups, by due date (what GET /summary counts as overdue). */
async function rolledUp(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare('SELECT due_date, open_actions FROM rollup_actions WHERE audit_id = ? AND unit_id = ?').bind(w.auditId, w.tree.communeA).all<{ due_date: string; open_actions: number }>();
  return Object.fromEntries(results.map((r) => [r.due_date, r.open_actions]));
}
async function overdueInSummary(): Promise<number> {
  const s = await json<{ nonconformities: { overdue_actions: number } }>(await get(w.leader, `/summary?unit=${w.tree.communeA}`));
  return s.nonconformities.overdue_actions;
}
async function countRequests(id: string) {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM action_due_date_requests WHERE finding_id = ?').bind(id).first<{ n: number }>())!.n;
}

describe('assignable owners', () => {
  it('lists the active users of the finding\'s unit subtree to its unit head, nobody outside', async () => {
    const id = await nc();
    const res = await get(w.head, `/findings/${id}/assignable-users`);
    expect(res.status).toBe(200);
    const ids = (await json<{ items: { id: string; unit_id: string; display_name: string }[] }>(res)).items.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([w.head.id, w.staff.id]));
    expect(ids).not.toContain(w.disabledStaff.id);
    expect(ids).not.toContain(w.outsider.id);
    expect(ids).not.toContain(w.lead.id);
    expect((await get(w.otherHead, `/findings/${id}/assignable-users`)).status).toBe(404);
    expect((await get(w.lead, `/findings/${id}/assignable-users`)).status).toBe(403);
  });

  it('a new plan names its owner by account and shows the owner\'s name; a user outside the unit is refused', async () => {
    const id = await nc();
    const plan = { decision: 'accept', root_cause: 'Thiếu người theo dõi', action: 'Phân công theo dõi hằng ngày', due_date: inDays(15) };
    // Never free text: a name alone, or no owner at all, is refused before anything is written.
    for (const body of [{ ...plan, owner_name: 'Trần Thị Hoa' }, plan]) {
      const refused = await post(w.head, `/findings/${id}/response`, body);
      expect(refused.status).toBe(422);
      expect(await json(refused)).toMatchObject({ code: 'validation_failed', errors: [{ path: '$.owner_user_id' }] });
    }
    const outside = await post(w.head, `/findings/${id}/response`, { ...plan, owner_user_id: w.outsider.id });
    expect(outside.status).toBe(422);
    expect(await json(outside)).toMatchObject({ code: 'owner_not_assignable', errors: [{ path: '$.owner_user_id' }] });
    const disabled = await post(w.head, `/findings/${id}/response`, { ...plan, owner_user_id: w.disabledStaff.id });
    expect((await json(disabled)).code).toBe('owner_not_assignable');
    expect(await types(id)).toEqual([]);
    const ok = await post(w.head, `/findings/${id}/response`, { ...plan, owner_user_id: w.staff.id });
    expect(ok.status).toBe(200);
    const d = await detail(id);
    expect(d.corrective_action).toMatchObject({ owner_user_id: w.staff.id, owner_name: 'Người dùng inspector' });
  });

  it('legacy rows keep their free-text owner and no account', async () => {
    const id = await nc(inDays(5));
    expect((await detail(id)).corrective_action).toMatchObject({ owner_name: 'Trần Thị Hoa', owner_user_id: null });
  });
});

describe('more time', () => {
  it('an overdue action: the unit head asks, the lead accepts, the due date, overdue state and summary follow', async () => {
    const past = inDays(-3);
    const id = await nc(past);
    expect((await detail(id)).overdue).toBe(true);
    const before = await overdueInSummary();
    expect((await rolledUp())[past]).toBeGreaterThanOrEqual(1);

    const asked = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(10), reason: 'Chờ phần mềm một cửa nâng cấp' });
    expect(asked.status).toBe(201);
    const request = await json<{ id: string; status: string; kind: string; current_due_date: string; requested_by_name: string }>(asked);
    expect(request).toMatchObject({ status: 'pending', kind: 'extension', current_due_date: past, requested_by_name: 'Người dùng unit_head' });
    // Still overdue until the lead accepts.
    expect((await detail(id)).overdue).toBe(true);

    const twice = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(12), reason: 'Lần nữa' });
    expect(twice.status).toBe(409);
    expect((await json(twice)).code).toBe('due_date_request_pending');

    const byMember = await post(w.member, `/findings/${id}/due-date-requests/${request.id}/decision`, { decision: 'accept' });
    expect(byMember.status).toBe(403);
    expect((await json(byMember)).code).toBe('role_not_allowed');
    const byHead = await post(w.head, `/findings/${id}/due-date-requests/${request.id}/decision`, { decision: 'accept' });
    expect(byHead.status).toBe(403);

    const accepted = await post(w.lead, `/findings/${id}/due-date-requests/${request.id}/decision`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ status: 'accepted', decided_by: w.lead.id, decided_at: expect.any(String) });
    const d = await detail(id);
    expect(d.corrective_action.due_date).toBe(inDays(10));
    expect(d.overdue).toBe(false);
    const rollups = await rolledUp();
    expect(rollups[inDays(10)]).toBeGreaterThanOrEqual(1);
    expect(await overdueInSummary()).toBe(before - 1);

    const again = await post(w.lead, `/findings/${id}/due-date-requests/${request.id}/decision`, { decision: 'refuse', reason: 'Muộn' });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('no_pending_request');
    expect(await types(id)).toEqual(['finding.due_date_requested', 'finding.due_date_accepted']);
  });

  it('refuses a date not after the current one, in the past, without a reason, and from the wrong people', async () => {
    const id = await nc(inDays(4));
    const notLater = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(4), reason: 'Cần thêm thời gian' });
    expect(notLater.status).toBe(422);
    expect((await json(notLater)).code).toBe('new_due_date_not_later');
    const past = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(-1), reason: 'Cần thêm thời gian' });
    expect((await json(past)).code).toBe('new_due_date_in_past');
    const blank = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(9), reason: '   ' });
    expect(blank.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(blank)).errors[0]?.path).toBe('$.reason');
    const control = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(9), reason: 'Lý do\u0000' });
    expect(control.status).toBe(422);
    expect((await post(w.lead, `/findings/${id}/due-date-requests`, { new_due_date: inDays(9), reason: 'x' })).status).toBe(403);
    expect((await post(w.otherHead, `/findings/${id}/due-date-requests`, { new_due_date: inDays(9), reason: 'x' })).status).toBe(404);
    expect(await countRequests(id)).toBe(0);
    expect(await types(id)).toEqual([]);
  });

  it('the lead refuses with a reason; the due date stays and a new request may follow; history is kept', async () => {
    const due = inDays(2);
    const id = await nc(due);
    const r1 = await json<{ id: string }>(await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(30), reason: 'Thiếu kinh phí' }));
    const noReason = await post(w.lead, `/findings/${id}/due-date-requests/${r1.id}/decision`, { decision: 'refuse' });
    expect(noReason.status).toBe(422);
    const refused = await post(w.lead, `/findings/${id}/due-date-requests/${r1.id}/decision`, { decision: 'refuse', reason: 'Việc này làm được trong tuần' });
    expect(refused.status).toBe(200);
    expect(await json(refused)).toMatchObject({ status: 'refused', decision_reason: 'Việc này làm được trong tuần' });
    expect((await detail(id)).corrective_action.due_date).toBe(due);
    const r2 = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(7), reason: 'Xin thêm 5 ngày' });
    expect(r2.status).toBe(201);
    const history = await json<{ items: { status: string }[] }>(await get(w.lead, `/findings/${id}/due-date-requests`));
    expect(history.items.map((r) => r.status)).toEqual(['refused', 'pending']);
    // Whoever sees the finding sees the history; outside the subtree it does not exist.
    expect((await get(w.leader, `/findings/${id}/due-date-requests`)).status).toBe(200);
    expect((await get(w.otherHead, `/findings/${id}/due-date-requests`)).status).toBe(404);
    expect(await types(id)).toEqual(['finding.due_date_requested', 'finding.due_date_refused', 'finding.due_date_requested']);
  });

  it('nothing can be asked once the action is reported done; a request still waiting is withdrawn', async () => {
    const id = await nc(inDays(3));
    const waiting = await json<{ id: string }>(await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(9), reason: 'Thêm thời gian' }));
    expect((await post(w.head, `/findings/${id}/action-done`, { note: 'Đã làm xong' })).status).toBe(200);
    const history = await json<{ items: { id: string; status: string; decided_by: string | null }[] }>(await get(w.lead, `/findings/${id}/due-date-requests`));
    expect(history.items).toEqual([expect.objectContaining({ id: waiting.id, status: 'withdrawn', decided_by: null })]);
    const decide = await post(w.lead, `/findings/${id}/due-date-requests/${waiting.id}/decision`, { decision: 'accept' });
    expect(decide.status).toBe(409);
    expect((await json(decide)).code).toBe('action_not_planned');
    const late = await post(w.head, `/findings/${id}/due-date-requests`, { new_due_date: inDays(9), reason: 'Thêm thời gian' });
    expect(late.status).toBe(409);
    expect((await json(late)).code).toBe('action_not_planned');
  });
});

describe('revised plan', () => {
  const revision = (due: string, owner: string) => ({ root_cause: 'Nguyên nhân sửa lại', correction: 'Khắc phục ngay', action: 'Hành động mới', owner_user_id: owner, due_date: due, reason: 'Phân tích lại nguyên nhân' });

  it('content and an earlier date apply at once, with an event', async () => {
    const id = await nc(inDays(20));
    const res = await post(w.head, `/findings/${id}/plan-revision`, revision(inDays(10), w.staff.id));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ due_date_request: null, corrective_action: { due_date: inDays(10), root_cause: 'Nguyên nhân sửa lại', owner_user_id: w.staff.id } });
    expect((await rolledUp())[inDays(10)]).toBeGreaterThanOrEqual(1);
    expect(await types(id)).toEqual(['finding.plan_revised']);
  });

  it('a later date waits for the lead: the content applies, the date only once accepted', async () => {
    const due = inDays(5);
    const id = await nc(due);
    const res = await post(w.head, `/findings/${id}/plan-revision`, revision(inDays(25), w.head.id));
    expect(res.status).toBe(200);
    const out = await json<{ corrective_action: { due_date: string; action: string }; due_date_request: { id: string; kind: string; status: string; new_due_date: string } }>(res);
    expect(out.corrective_action).toMatchObject({ due_date: due, action: 'Hành động mới' });
    expect(out.due_date_request).toMatchObject({ kind: 'revision', status: 'pending', new_due_date: inDays(25) });
    const blocked = await post(w.head, `/findings/${id}/plan-revision`, revision(inDays(26), w.head.id));
    expect((await json(blocked)).code).toBe('due_date_request_pending');
    expect((await post(w.lead, `/findings/${id}/due-date-requests/${out.due_date_request.id}/decision`, { decision: 'accept' })).status).toBe(200);
    expect((await detail(id)).corrective_action.due_date).toBe(inDays(25));
    expect(await types(id)).toEqual(['finding.plan_revised', 'finding.due_date_accepted']);
  });

  it('refuses an owner outside the unit, a past date, a stale version, and a done action; nothing is written', async () => {
    const id = await nc(inDays(6));
    const before = await detail(id);
    const outsider = await post(w.head, `/findings/${id}/plan-revision`, revision(inDays(6), w.outsider.id));
    expect((await json(outsider)).code).toBe('owner_not_assignable');
    const past = await post(w.head, `/findings/${id}/plan-revision`, revision(inDays(-2), w.staff.id));
    expect((await json(past)).code).toBe('due_date_in_past');
    const stale = await post(w.head, `/findings/${id}/plan-revision`, { ...revision(inDays(6), w.staff.id), version: before.corrective_action.version + 5 });
    expect((await json(stale)).code).toBe('version_conflict');
    const noReason = await post(w.head, `/findings/${id}/plan-revision`, { ...revision(inDays(6), w.staff.id), reason: '' });
    expect(noReason.status).toBe(422);
    expect((await post(w.lead, `/findings/${id}/plan-revision`, revision(inDays(6), w.staff.id))).status).toBe(403);
    expect(await detail(id)).toEqual(before);
    expect(await types(id)).toEqual([]);
    await post(w.head, `/findings/${id}/action-done`, { note: 'Xong' });
    expect((await json(await post(w.head, `/findings/${id}/plan-revision`, revision(inDays(6), w.staff.id)))).code).toBe('action_not_planned');
  });
});

describe('comments', () => {
  it('the unit and the team talk on the finding; everyone who sees it reads the thread in order', async () => {
    const id = await nc();
    expect((await post(w.head, `/findings/${id}/comments`, { body: 'Đơn vị xin giải trình thêm về hồ sơ này.' })).status).toBe(201);
    expect((await post(w.lead, `/findings/${id}/comments`, { body: 'Đề nghị gửi phiếu hẹn kèm theo.' })).status).toBe(201);
    const byMember = await post(w.member, `/findings/${id}/comments`, { body: 'Dòng 1\nDòng 2' });
    expect(byMember.status).toBe(201);
    for (const who of [w.head, w.lead, w.leader]) {
      const res = await get(who, `/findings/${id}/comments`);
      expect(res.status).toBe(200);
      const items = (await json<{ items: { author_part: string; author_name: string; body: string; created_at: string }[] }>(res)).items;
      expect(items.map((c) => c.author_part)).toEqual(['unit_head', 'lead', 'member']);
      expect(items[2]).toMatchObject({ body: 'Dòng 1\nDòng 2', author_name: 'Người dùng inspector' });
    }
    expect(await types(id)).toEqual(['finding.commented', 'finding.commented', 'finding.commented']);
    const events = await json<{ items: { type: string; summary: { comment: string } }[] }>(await get(w.head, `/events?entity=finding&id=${id}`));
    expect(events.items.map((e) => e.summary.comment)).toContain('Đề nghị gửi phiếu hẹn kèm theo.');
  });

  it('refuses watchers, outsiders, control characters, empty and oversized comments', async () => {
    const id = await nc();
    const leader = await post(w.leader, `/findings/${id}/comments`, { body: 'Lãnh đạo góp ý' });
    expect(leader.status).toBe(403);
    expect((await post(w.otherHead, `/findings/${id}/comments`, { body: 'Ngoài phạm vi' })).status).toBe(404);
    expect((await get(w.otherHead, `/findings/${id}/comments`)).status).toBe(404);
    const control = await post(w.head, `/findings/${id}/comments`, { body: 'Có ký tự\u001b[31m lạ' });
    expect(control.status).toBe(422);
    expect((await json<{ errors: { path: string; message: string }[] }>(control)).errors[0]).toMatchObject({ path: '$.body', message: expect.stringContaining('U+001B') });
    expect((await post(w.head, `/findings/${id}/comments`, { body: '  ' })).status).toBe(422);
    expect((await post(w.head, `/findings/${id}/comments`, { body: 'x'.repeat(4001) })).status).toBe(422);
    expect((await post(w.head, `/findings/${id}/comments`, { body: 'x'.repeat(4000) })).status).toBe(201);
    expect(await types(id)).toEqual(['finding.commented']);
  });

  it('a unit head cannot see or comment before the audit reaches reporting', async () => {
    const checklist = await makeChecklist();
    const audit = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA], versionId: checklist.versionId, leadId: w.lead.id, status: 'in_progress' });
    const f = await makeFinding({ auditId: audit.id, unitId: w.tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_major', recordedBy: w.lead.id });
    expect((await post(w.head, `/findings/${f.id}/comments`, { body: 'Chưa thấy' })).status).toBe(404);
    expect((await post(w.lead, `/findings/${f.id}/comments`, { body: 'Ghi chú nội bộ của đoàn' })).status).toBe(201);
  });
});
