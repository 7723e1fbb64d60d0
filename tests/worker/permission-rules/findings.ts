// Permission rules for site profiles, findings, the offline sync and the cursor pull.
import { env } from 'cloudflare:workers';
import { makeFinding } from '../../fixtures/audits.ts';
import { sampleProfile } from '../../fixtures/profiles.ts';
import { everyone, type Rule, type World } from './types.ts';

async function profileId(): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare('INSERT INTO site_profiles (id, name, profile) VALUES (?, ?, ?)').bind(id, `P-${id}`, JSON.stringify(sampleProfile(`P-${id}`))).run();
  return id;
}

/** A finding in the inside audit (commune A) or the outside one (commune B). */
async function findingIn(w: World, where: 'inside' | 'outside') {
  const auditId = where === 'inside' ? w.extra.insideAudit! : w.extra.outsideAudit!;
  const item = await env.DB.prepare('SELECT i.id FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id WHERE ac.audit_id = ? LIMIT 1').bind(auditId).first<{ id: string }>();
  return makeFinding({ auditId, unitId: where === 'inside' ? w.tree.communeA : w.tree.communeB, itemId: item!.id, result: 'nc_minor', recordedBy: w.users.inspector.id });
}

export const siteProfileRules: Record<string, Rule> = {
  'GET /api/v1/site-profiles': { allowed: everyone, ok: 200, call: () => ({ path: '/site-profiles' }) },
  'GET /api/v1/site-profiles/match': { allowed: everyone, ok: 200, call: () => ({ path: `/site-profiles/match?url=${encodeURIComponent('http://127.0.0.1:8788/ho-so/1')}` }) },
  'GET /api/v1/site-profiles/{id}': { allowed: everyone, ok: 200, call: async () => ({ path: `/site-profiles/${await profileId()}` }) },
  'POST /api/v1/site-profiles': { allowed: ['admin'], ok: 201, call: () => ({ path: '/site-profiles', method: 'POST', body: { profile: sampleProfile() } }) },
  'PUT /api/v1/site-profiles/{id}': {
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ path: `/site-profiles/${await profileId()}`, method: 'PUT', body: { version: 1, profile: sampleProfile() } }),
  },
};

export const findingRules: Record<string, Rule> = {
  'GET /api/v1/findings': {
    allowed: everyone,
    ok: 200,
    call: () => ({ path: '/findings' }),
    listExcludes: (w) => [w.extra.outsideFinding!],
  },
  'GET /api/v1/findings/{id}': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: async (w, where) => ({ path: `/findings/${where === 'inside' ? w.extra.insideFinding : w.extra.outsideFinding}` }),
  },
  'GET /api/v1/audits/{id}/findings': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/audits/${where === 'inside' ? w.extra.insideAudit : w.extra.outsideAudit}/findings?since=0` }),
  },
  'POST /api/v1/sync': {
    allowed: ['inspector'],
    ok: 200,
    call: () => ({
      path: '/sync',
      method: 'POST',
      body: { client_id: 'matrix', ops: [{ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: crypto.randomUUID(), base_version: 1, data: {} }] },
    }),
  },
};

export async function setupFindings(w: World): Promise<void> {
  w.extra.insideFinding = (await findingIn(w, 'inside')).id;
  w.extra.outsideFinding = (await findingIn(w, 'outside')).id;
}
