// Permission rules for the automated checks (issue 14): rule sets (everyone reads, admins store), the calendar
// (everyone reads, admins amend), samples and dismissals (the audit's inspectors write; read like findings), and
// reported figures (the lead enters them, the team records sampled outcomes; read like findings).
import { samplePositions } from '@onestop/shared';
import { makeChecklist } from '../../fixtures/audits.ts';
import { checklistOfVersion, makeFigures, makeRuleSet, makeSample, smallRuleSet, TEST_SEED } from '../../fixtures/checks.ts';
import { everyone, type Rule, type Where, type World } from './types.ts';

const auditFor = (w: World, where: Where) => (where === 'inside' ? w.extra.insideAudit! : w.extra.outsideAudit!);
const unitOf = (w: World, where: Where) => (where === 'inside' ? w.tree.communeA : w.tree.communeB);

/** Figures of 100 resolved dossiers: a plan of 80 positions out of 100 under TEST_SEED. */
const FIGURES = { resolved: 100, early: 10, on_time: 85, late: 5, on_time_rate: 95 };

/** A rule set for the audits' checklist version, a sample and figures in the inside and the outside audit. */
export async function setupChecks(w: World): Promise<void> {
  const { rowId, checklistId } = await makeRuleSet(w.extra.versionId!);
  w.extra.checksChecklist = checklistId;
  for (const where of ['inside', 'outside'] as const) {
    const base = { auditId: auditFor(w, where), unitId: unitOf(w, where), createdBy: w.users.inspector.id };
    w.extra[`${where}Sample`] = (await makeSample({ ...base, ruleSetRowId: rowId, recordedBy: w.users.inspector.id })).id;
    w.extra[`${where}Figures`] = (await makeFigures({ ...base, figures: FIGURES })).id;
  }
}

/** Periods never used twice in a run, so each PUT creates figures. */
let period = Math.floor(Math.random() * 100_000);
function freshPeriod(): { from: string; to: string } {
  const day = Date.UTC(2000, 0, 1) + (period++ % 9000) * 86_400_000;
  const from = new Date(day).toISOString().slice(0, 10);
  return { from, to: new Date(day + 30 * 86_400_000).toISOString().slice(0, 10) };
}

export const checkRules: Record<string, Rule> = {
  'GET /api/v1/checklists/{id}/check-rules': { allowed: everyone, ok: 200, call: (w) => ({ path: `/checklists/${w.extra.checksChecklist}/check-rules` }) },
  'PUT /api/v1/checklists/{id}/check-rules': {
    allowed: ['admin'],
    ok: 200,
    call: async () => {
      const fresh = await makeChecklist();
      const checklist = await checklistOfVersion(fresh.versionId);
      return { path: `/checklists/${fresh.checklistId}/check-rules`, method: 'PUT', body: { rule_set: smallRuleSet(checklist), base_version: null } };
    },
  },
  'GET /api/v1/check-rules/false-positives': { allowed: everyone, ok: 200, call: (w) => ({ path: `/check-rules/false-positives?checklist=${w.extra.checksChecklist}` }) },
  'GET /api/v1/calendar/amendments': { allowed: everyone, ok: 200, call: () => ({ path: '/calendar/amendments?year=2026' }) },
  'PUT /api/v1/calendar/amendments/{year}': {
    allowed: ['admin'],
    ok: 200,
    call: () => ({
      path: '/calendar/amendments/2031',
      method: 'PUT',
      body: { amendments: [{ date: '2031-05-02', kind: 'day_off', name_vi: 'Nghỉ hoán đổi', name_en: 'Day off by swap', basis: 'Thông báo thử nghiệm' }] },
    }),
  },
  'GET /api/v1/calendar/days': { allowed: everyone, ok: 200, call: () => ({ path: '/calendar/days?from=2026-01-01&to=2026-01-31' }) },
  'POST /api/v1/audits/{id}/samples': {
    allowed: ['inspector'],
    ok: 201,
    scoped: true,
    call: (w, where) => ({
      path: `/audits/${auditFor(w, where)}/samples`,
      method: 'POST',
      body: {
        id: crypto.randomUUID(),
        unit_id: unitOf(w, where),
        site_profile: 'Hệ thống một cửa thử',
        as_of: new Date().toISOString(),
        rule_set_id: 'small-rules',
        rule_set_version: 1,
        dossiers: [{ dossier_code: 'H26-260305-0007', outcomes: [{ rule_id: 'returned-late', outcome: 'violation', facts: { returned_at: '2026-03-05T09:55:00Z', procedure: 'Đăng ký khai sinh' } }] }],
      },
    }),
  },
  'GET /api/v1/audits/{id}/samples': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/samples` }),
    listExcludes: (w) => [w.extra.outsideSample!],
  },
  'GET /api/v1/samples/{id}': { allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/samples/${w.extra[`${where}Sample`]}` }) },
  'POST /api/v1/audits/{id}/suggestion-dismissals': {
    allowed: ['inspector'],
    ok: 201,
    scoped: true,
    call: (w, where) => ({
      path: `/audits/${auditFor(w, where)}/suggestion-dismissals`,
      method: 'POST',
      body: { id: crypto.randomUUID(), unit_id: unitOf(w, where), rule_id: 'returned-late', rule_version: 1, dossier_code: 'H26-260305-0007', reason: 'Công dân đến nhận muộn, kết quả đã có đúng hẹn.', dismissed_at: new Date().toISOString() },
    }),
  },
  'GET /api/v1/audits/{id}/suggestion-dismissals': { allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/suggestion-dismissals` }) },
  'PUT /api/v1/audits/{id}/reported-figures': {
    allowed: ['inspector'],
    ok: 201,
    scoped: true,
    call: (w, where) => ({
      path: `/audits/${auditFor(w, where)}/reported-figures`,
      method: 'PUT',
      body: { unit_id: unitOf(w, where), ...freshPeriod(), figures: FIGURES, source: 'Báo cáo thử nghiệm', sampling: { margin: 0.05 } },
    }),
  },
  'GET /api/v1/audits/{id}/reported-figures': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/reported-figures` }),
    listExcludes: (w) => [w.extra.outsideFigures!],
  },
  'GET /api/v1/audits/{id}/reported-figures/{fid}': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/reported-figures/${w.extra[`${where}Figures`]}` }),
  },
  'POST /api/v1/audits/{id}/reported-figures/{fid}/sample-results': {
    allowed: ['inspector'],
    ok: 200,
    scoped: true,
    call: (w, where) => {
      const [position = 1] = samplePositions(TEST_SEED, 100, 80);
      return {
        path: `/audits/${auditFor(w, where)}/reported-figures/${w.extra[`${where}Figures`]}/sample-results`,
        method: 'POST',
        body: { results: [{ position, dossier_code: 'H26-250301-0001', outcome: 'on_time' }] },
      };
    },
  },
};
