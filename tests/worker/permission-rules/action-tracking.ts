// Permission rules for action tracking: due-date requests and their decision, plan revisions, assignable owners and
// the comment thread of a finding.
import { env } from 'cloudflare:workers';
import { makeAction, makeFinding } from '../../fixtures/audits.ts';
import { everyone, type Rule, type Where, type World } from './types.ts';

const inDays = (n: number) => new Date(Date.now() + 7 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);

/** A fresh planned NC: inside = the reporting audit covering commune A; outside = commune B's. */
async function plannedIn(w: World, where: Where, opts: { pending?: boolean } = {}) {
  const auditId = where === 'inside' ? w.extra.insideAudit! : w.extra.outsideAudit!;
  const item = await env.DB.prepare('SELECT i.id FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id WHERE ac.audit_id = ? LIMIT 1').bind(auditId).first<{ id: string }>();
  const f = await makeFinding({ auditId, unitId: where === 'inside' ? w.tree.communeA : w.tree.communeB, itemId: item!.id, result: 'nc_minor', status: 'action_planned', recordedBy: w.users.inspector.id });
  await makeAction(f.id, { dueDate: inDays(10) });
  const requestId = crypto.randomUUID();
  if (opts.pending) {
    await env.DB.prepare(
      `INSERT INTO action_due_date_requests (id, finding_id, kind, current_due_date, new_due_date, reason, status, requested_by, requested_at)
       VALUES (?, ?, 'extension', ?, ?, 'Cần thêm thời gian', 'pending', ?, ?)`,
    )
      .bind(requestId, f.id, inDays(10), inDays(20), w.users.unit_head.id, new Date().toISOString())
      .run();
  }
  return { id: f.id, requestId };
}

export const actionTrackingRules: Record<string, Rule> = {
  'GET /api/v1/findings/{id}/due-date-requests': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await plannedIn(w, where, { pending: true })).id}/due-date-requests` }),
  },
  'POST /api/v1/findings/{id}/due-date-requests': {
    allowed: ['unit_head'],
    ok: 201,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await plannedIn(w, where)).id}/due-date-requests`, method: 'POST', body: { new_due_date: inDays(20), reason: 'Chờ nâng cấp phần mềm' } }),
  },
  'POST /api/v1/findings/{id}/due-date-requests/{request}/decision': {
    allowed: ['inspector'],
    ok: 200,
    scoped: true,
    call: async (w, where) => {
      const f = await plannedIn(w, where, { pending: true });
      return { path: `/findings/${f.id}/due-date-requests/${f.requestId}/decision`, method: 'POST', body: { decision: 'accept' } };
    },
  },
  'POST /api/v1/findings/{id}/plan-revision': {
    allowed: ['unit_head'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({
      path: `/findings/${(await plannedIn(w, where)).id}/plan-revision`,
      method: 'POST',
      // The owner is a user of commune A (the finding's unit); outside, the finding itself is not found first.
      body: { root_cause: 'Nguyên nhân', action: 'Hành động', owner_user_id: w.insideUserId, due_date: inDays(10), reason: 'Sửa kế hoạch' },
    }),
  },
  'GET /api/v1/findings/{id}/assignable-users': {
    allowed: ['unit_head'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await plannedIn(w, where)).id}/assignable-users` }),
  },
  'GET /api/v1/findings/{id}/comments': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await plannedIn(w, where)).id}/comments` }),
  },
  'POST /api/v1/findings/{id}/comments': {
    allowed: ['unit_head', 'inspector'],
    ok: 201,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await plannedIn(w, where)).id}/comments`, method: 'POST', body: { body: 'Đề nghị bổ sung phiếu hẹn' } }),
  },
};
