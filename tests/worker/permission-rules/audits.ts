// Permission rules for audits: planning, editing, transitions and the per-unit checklist.
import { makeAudit, makeChecklist } from '../../fixtures/audits.ts';
import { everyone, type Rule, type World } from './types.ts';

/** An audit in `reporting` that covers commune A (inside for everyone) and one covering only commune B. */
export async function setupAudits(w: World): Promise<void> {
  const checklist = await makeChecklist();
  w.extra.versionId = checklist.versionId;
  const inside = await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA], versionId: checklist.versionId, leadId: w.users.inspector.id, status: 'reporting' });
  const outside = await makeAudit({ ownerUnitId: w.tree.districtB, unitIds: [w.tree.communeB], versionId: checklist.versionId, leadId: w.insideUserId, status: 'reporting' });
  w.extra.insideAudit = inside.id;
  w.extra.outsideAudit = outside.id;
}

const auditFor = (w: World, where: 'inside' | 'outside') => (where === 'inside' ? w.extra.insideAudit : w.extra.outsideAudit);

/** A fresh planned audit: inside = planned by district A with the world's inspector as lead; outside = district B's. */
async function plannedAudit(w: World, where: 'inside' | 'outside') {
  return makeAudit(
    where === 'inside'
      ? { ownerUnitId: w.tree.districtA, unitIds: [w.tree.communeA], versionId: w.extra.versionId!, leadId: w.users.inspector.id, status: 'planned' }
      : { ownerUnitId: w.tree.districtB, unitIds: [w.tree.communeB], versionId: w.extra.versionId!, leadId: w.insideUserId, status: 'planned' },
  );
}

export const auditRules: Record<string, Rule> = {
  'GET /api/v1/audits': {
    allowed: everyone,
    ok: 200,
    call: () => ({ path: '/audits' }),
    listExcludes: (w) => [w.extra.outsideAudit!],
  },
  'GET /api/v1/audits/{id}': { allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}` }) },
  'POST /api/v1/audits': {
    allowed: ['admin', 'leader'],
    ok: 201,
    call: (w) => ({
      path: '/audits',
      method: 'POST',
      body: {
        code: `KT-${crypto.randomUUID().slice(0, 8)}`,
        title: 'Kiểm tra Bộ phận Một cửa',
        kind: 'inspection',
        owner_unit_id: w.tree.districtA,
        planned_start: '2026-12-01',
        planned_end: '2026-12-05',
        unit_ids: [w.tree.communeA],
        version_ids: [w.extra.versionId],
        lead_user_id: w.users.inspector.id,
      },
    }),
  },
  'PATCH /api/v1/audits/{id}': {
    allowed: ['admin', 'leader', 'inspector'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/audits/${(await plannedAudit(w, where)).id}`, method: 'PATCH', body: { version: 1, title: 'Tiêu đề đã sửa' } }),
  },
  'POST /api/v1/audits/{id}/transitions': {
    allowed: ['admin', 'inspector'],
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/audits/${(await plannedAudit(w, where)).id}/transitions`, method: 'POST', body: { to: 'in_progress' } }),
  },
  'GET /api/v1/audits/{id}/checklist': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/checklist?unit=${where === 'inside' ? w.tree.communeA : w.tree.communeB}` }),
  },
};

export const summaryRules: Record<string, Rule> = {
  'GET /api/v1/summary': { allowed: everyone, ok: 200, call: () => ({ path: '/summary' }) },
};

export const eventRules: Record<string, Rule> = {
  'GET /api/v1/events': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/events?entity=audit&id=${auditFor(w, where)}` }),
  },
};

export const exportRules: Record<string, Rule> = {
  'GET /api/v1/audits/{id}/export.csv': { allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/export.csv` }) },
  'GET /api/v1/audits/{id}/annotations.jsonld': { allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/annotations.jsonld` }) },
};
