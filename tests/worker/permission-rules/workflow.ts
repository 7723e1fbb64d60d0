// Permission rules for the nonconformity workflow and evidence.
import { env } from 'cloudflare:workers';
import { makeAction, makeEvidence, makeFinding } from '../../fixtures/audits.ts';
import { everyone, type Rule, type Where, type World } from './types.ts';

const future = () => new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

/** A fresh NC finding in the given state: inside = the reporting audit covering commune A; outside = commune B's. */
async function ncIn(w: World, where: Where, status: 'open' | 'disputed' | 'action_planned' | 'action_done') {
  const auditId = where === 'inside' ? w.extra.insideAudit! : w.extra.outsideAudit!;
  const item = await env.DB.prepare('SELECT i.id FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id WHERE ac.audit_id = ? LIMIT 1').bind(auditId).first<{ id: string }>();
  const f = await makeFinding({ auditId, unitId: where === 'inside' ? w.tree.communeA : w.tree.communeB, itemId: item!.id, result: 'nc_minor', status, recordedBy: w.users.inspector.id });
  if (status === 'action_planned' || status === 'action_done') await makeAction(f.id, { dueDate: future(), doneAt: status === 'action_done' ? new Date().toISOString() : null });
  return { id: f.id, auditId };
}

export const workflowRules: Record<string, Rule> = {
  'POST /api/v1/findings/{id}/response': {
    allowed: ['unit_head'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({
      path: `/findings/${(await ncIn(w, where, 'open')).id}/response`,
      method: 'POST',
      body: { decision: 'accept', root_cause: 'Thiếu theo dõi hạn', action: 'Lập sổ theo dõi', owner_user_id: w.insideUserId, due_date: future() },
    }),
  },
  'POST /api/v1/findings/{id}/review': {
    allowed: ['inspector'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await ncIn(w, where, 'disputed')).id}/review`, method: 'POST', body: { decision: 'reject', comment: 'Hồ sơ vẫn trễ hạn' } }),
  },
  'POST /api/v1/findings/{id}/action-done': {
    allowed: ['unit_head'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await ncIn(w, where, 'action_planned')).id}/action-done`, method: 'POST', body: { note: 'Đã lập sổ theo dõi' } }),
  },
  'POST /api/v1/findings/{id}/verification': {
    allowed: ['inspector'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${(await ncIn(w, where, 'action_done')).id}/verification`, method: 'POST', body: { effective: true, note: 'Đã kiểm tra sổ theo dõi' } }),
  },
  'POST /api/v1/findings/{id}/evidence': {
    allowed: ['inspector', 'unit_head'],
    ok: 201,
    scoped: true,
    call: async (w, where, role) => ({
      path: `/findings/${(await ncIn(w, where, 'open')).id}/evidence`,
      method: 'POST',
      body: { id: crypto.randomUUID(), purpose: role === 'unit_head' ? 'response' : 'finding', kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: new Date().toISOString() },
    }),
  },
  'PUT /api/v1/evidence/{id}/blob': {
    allowed: ['inspector', 'unit_head'],
    ok: 200,
    scoped: true,
    call: async (w, where, role) => {
      const f = await ncIn(w, where, 'open');
      const e = await makeEvidence({ findingId: f.id, auditId: f.auditId, capturedBy: w.users[role].id });
      return { path: `/evidence/${e.id}/blob`, method: 'PUT', body: e.bytes, headers: { 'content-type': 'image/png', 'x-content-sha256': e.sha256 } };
    },
  },
  'GET /api/v1/evidence/{id}/blob': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: async (w, where) => {
      const f = await ncIn(w, where, 'open');
      const e = await makeEvidence({ findingId: f.id, auditId: f.auditId, capturedBy: w.users.inspector.id, upload: true });
      return { path: `/evidence/${e.id}/blob` };
    },
  },
};
