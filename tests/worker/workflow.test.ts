// The nonconformity workflow over HTTP: every gate refusing and passing, each step in the event log.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

let w: {
  auditId: string;
  unitA: string;
  items: { id: string }[];
  lead: { id: string; token: string };
  member: { id: string; token: string };
  head: { id: string; token: string };
  otherHead: { id: string; token: string };
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
    unitA: tree.communeA,
    items: checklist.items,
    lead,
    member,
    head: await signedIn('unit_head', tree.communeA),
    otherHead: await signedIn('unit_head', tree.communeB),
  };
});

let itemIdx = 0;
async function nc(result: 'nc_minor' | 'nc_major' | 'conform' = 'nc_minor') {
  const item = w.items[itemIdx++ % w.items.length]!;
  return (await makeFinding({ auditId: w.auditId, unitId: w.unitA, itemId: item.id, result, recordedBy: w.member.id })).id;
}

const post = (token: string, path: string, body: unknown) => api(path, { method: 'POST', token, body });
const plan = (due = inDays(20)) => ({ decision: 'accept', root_cause: 'Chưa có sổ theo dõi hạn', action: 'Lập sổ và phân công theo dõi', owner_user_id: w.head.id, due_date: due });

async function types(id: string) {
  const { results } = await env.DB.prepare("SELECT type FROM events WHERE entity = 'finding' AND entity_id = ? ORDER BY at, rowid").bind(id).all<{ type: string }>();
  return results.map((r) => r.type);
}

describe('nonconformity workflow', () => {
  it('accept → action done → verified closes the finding, each step logged', async () => {
    const id = await nc();
    const accepted = await post(w.head.token, `/findings/${id}/response`, plan());
    expect(accepted.status).toBe(200);
    expect((await json<{ status: string }>(accepted)).status).toBe('action_planned');
    expect((await post(w.head.token, `/findings/${id}/action-done`, { note: 'Đã lập sổ theo dõi từ 01/12' })).status).toBe(200);
    const verified = await post(w.member.token, `/findings/${id}/verification`, { effective: true, note: 'Sổ được cập nhật hằng ngày' });
    expect(verified.status).toBe(200);
    expect(await json<{ status: string; closed_at: string | null }>(verified)).toMatchObject({ status: 'closed', closed_at: expect.any(String) });
    const detail = await json<{ corrective_action: { effective: boolean; verified_by: string } }>(await api(`/findings/${id}`, { token: w.lead.token }));
    expect(detail.corrective_action).toMatchObject({ effective: true, verified_by: w.member.id });
    expect(await types(id)).toEqual(['finding.accepted', 'finding.action_done', 'finding.verified']);
  });

  it('refuses a plan without its needs or with a past due date, with clear codes', async () => {
    const id = await nc();
    const past = await post(w.head.token, `/findings/${id}/response`, plan(inDays(-1)));
    expect(past.status).toBe(422);
    expect((await json(past)).code).toBe('due_date_in_past');
    const missing = await post(w.head.token, `/findings/${id}/response`, { decision: 'accept', root_cause: 'x', owner_user_id: w.head.id, due_date: inDays(3) });
    expect(missing.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(missing)).errors[0]?.path).toBe('$.action');
    expect(await types(id)).toEqual([]);
  });

  it('dispute → rejected goes back to open; dispute → accepted withdraws it and it stops counting', async () => {
    const id = await nc();
    expect((await post(w.head.token, `/findings/${id}/response`, { decision: 'dispute', reason: 'Hồ sơ trả đúng hạn theo phiếu hẹn' })).status).toBe(200);
    const rejected = await post(w.lead.token, `/findings/${id}/review`, { decision: 'reject', comment: 'Phiếu hẹn ghi ngày khác' });
    expect((await json<{ status: string }>(rejected)).status).toBe('open');

    const id2 = await nc('nc_major');
    const row = await env.DB.prepare('SELECT item_id FROM findings WHERE id = ?').bind(id2).first<{ item_id: string }>();
    await post(w.head.token, `/findings/${id2}/response`, { decision: 'dispute', reason: 'Không thuộc thẩm quyền' });
    const memberReview = await post(w.member.token, `/findings/${id2}/review`, { decision: 'accept', comment: 'Đồng ý' });
    expect(memberReview.status).toBe(403);
    const accepted = await post(w.lead.token, `/findings/${id2}/review`, { decision: 'accept', comment: 'Đồng ý, rút phát hiện' });
    expect((await json<{ status: string }>(accepted)).status).toBe('withdrawn');
    const ir = await env.DB.prepare("SELECT result FROM item_results WHERE audit_id = ? AND unit_id = ? AND item_id = ? AND result = 'nc_major'").bind(w.auditId, w.unitA, row!.item_id).first();
    expect(ir).toBeNull();
  });

  it('the unit head can never verify; not effective sends the action back with a new due date', async () => {
    const id = await nc();
    await post(w.head.token, `/findings/${id}/response`, plan());
    await post(w.head.token, `/findings/${id}/action-done`, { note: 'Đã làm' });
    const self = await post(w.head.token, `/findings/${id}/verification`, { effective: true, note: 'Tự xác nhận' });
    expect(self.status).toBe(403);
    const again = await post(w.lead.token, `/findings/${id}/verification`, { effective: false, note: 'Sổ chưa ghi đủ', new_due_date: inDays(10) });
    expect((await json<{ status: string }>(again)).status).toBe('action_planned');
    const detail = await json<{ corrective_action: { due_date: string; done_at: string | null; effective: boolean } }>(await api(`/findings/${id}`, { token: w.head.token }));
    expect(detail.corrective_action).toMatchObject({ due_date: inDays(10), done_at: null, effective: false });
  });

  it('refuses steps out of order, on observations, and stale versions', async () => {
    const id = await nc();
    const early = await post(w.head.token, `/findings/${id}/action-done`, { note: 'Chưa có kế hoạch' });
    expect(early.status).toBe(409);
    expect((await json(early)).code).toBe('transition_not_allowed');
    const obs = await nc('conform');
    const notNc = await post(w.head.token, `/findings/${obs}/response`, plan());
    expect((await json(notNc)).code).toBe('not_a_nonconformity');
    const stale = await post(w.head.token, `/findings/${id}/response`, { ...plan(), version: 7 });
    expect(stale.status).toBe(409);
    expect((await json(stale)).code).toBe('version_conflict');
  });

  it('a unit head outside the unit sees nothing', async () => {
    const id = await nc();
    expect((await post(w.otherHead.token, `/findings/${id}/response`, plan())).status).toBe(404);
  });

  it('shows overdue actions in the list', async () => {
    const id = await nc();
    await post(w.head.token, `/findings/${id}/response`, plan(inDays(1)));
    await env.DB.prepare('UPDATE corrective_actions SET due_date = ? WHERE finding_id = ?').bind(inDays(-3), id).run();
    const list = await json<{ items: { id: string; overdue: boolean }[] }>(await api(`/findings?audit=${w.auditId}&overdue=true`, { token: w.head.token }));
    expect(list.items.map((f) => f.id)).toContain(id);
    expect(list.items.every((f) => f.overdue)).toBe(true);
  });
});
