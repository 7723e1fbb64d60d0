// Permission rules for notifications (every user's own) and the lead's reminders of an audit.
import { env } from 'cloudflare:workers';
import { makeFinding } from '../../fixtures/audits.ts';
import { uuidv7 } from '../../../worker/src/lib/ids.ts';
import { everyone, type Rule, type World } from './types.ts';

const auditFor = (w: World, where: 'inside' | 'outside') => (where === 'inside' ? w.extra.insideAudit : w.extra.outsideAudit);

/** A notification of `userId` about a fresh nonconformity of the inside audit, written directly. */
async function notificationOf(w: World, userId: string): Promise<string> {
  const item = await env.DB.prepare('SELECT id FROM checklist_items WHERE version_id = ? LIMIT 1').bind(w.extra.versionId).first<{ id: string }>();
  const finding = await makeFinding({ auditId: w.extra.insideAudit!, unitId: w.tree.communeA, itemId: item!.id, result: 'nc_minor', recordedBy: w.users.inspector.id });
  const id = uuidv7();
  await env.DB.prepare("INSERT INTO notifications (id, user_id, kind, audit_id, finding_id, day, params, created_at) VALUES (?, ?, 'nc_reminder', ?, ?, '2026-12-01', ?, ?)")
    .bind(id, userId, w.extra.insideAudit, finding.id, JSON.stringify({ audit_code: 'KT', unit_name: 'Xã A1', item_code: 'I-1', result: 'nc_minor' }), new Date().toISOString())
    .run();
  return id;
}

export const notificationRules: Record<string, Rule> = {
  'GET /api/v1/notifications': { allowed: everyone, ok: 200, call: () => ({ path: '/notifications' }) },
  'GET /api/v1/notifications/unread-count': { allowed: everyone, ok: 200, call: () => ({ path: '/notifications/unread-count' }) },
  'POST /api/v1/notifications/{id}/read': {
    allowed: everyone,
    ok: 200,
    // Inside: the caller's own notification; outside: someone else's (not found, for admins too).
    scoped: true,
    call: async (w, where, role) => ({ path: `/notifications/${await notificationOf(w, where === 'inside' ? w.users[role].id : w.outsideUserId)}/read`, method: 'POST' }),
  },
  'POST /api/v1/notifications/read-all': { allowed: everyone, ok: 200, call: () => ({ path: '/notifications/read-all', method: 'POST' }) },
  'GET /api/v1/notifications/preferences': { allowed: everyone, ok: 200, call: () => ({ path: '/notifications/preferences' }) },
  'PUT /api/v1/notifications/preferences': {
    allowed: everyone,
    ok: 200,
    call: () => ({ path: '/notifications/preferences', method: 'PUT', body: { digest_enabled: true, digest_kinds: ['nc_reminder'], language: null } }),
  },
  'GET /api/v1/audits/{id}/reminders': { allowed: ['inspector'], ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/reminders` }) },
  'POST /api/v1/audits/{id}/remind': { allowed: ['inspector'], ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/remind`, method: 'POST' }) },
};
