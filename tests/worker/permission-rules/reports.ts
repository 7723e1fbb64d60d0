// Permission rules for the reports (issue 15): every role that sees an audit may download its report and registers
// (unit heads from reporting on, their own subtree); only the audit's lead inspector saves the report texts; the
// period reports follow GET /summary.
import { everyone, type Rule, type World } from './types.ts';

const auditFor = (w: World, where: 'inside' | 'outside') => (where === 'inside' ? w.extra.insideAudit : w.extra.outsideAudit);
const auditFile = (file: string): Rule => ({ allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/${file}` }) });

export const reportRules: Record<string, Rule> = {
  'GET /api/v1/audits/{id}/report.docx': auditFile('report.docx'),
  'GET /api/v1/audits/{id}/findings.xlsx': auditFile('findings.xlsx'),
  'GET /api/v1/audits/{id}/actions.xlsx': auditFile('actions.xlsx'),
  'GET /api/v1/audits/{id}/report-text': auditFile('report-text'),
  'PUT /api/v1/audits/{id}/report-text': {
    // The inside audit's lead is the matrix's inspector; everyone else who sees it is refused.
    allowed: ['inspector'],
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/audits/${auditFor(w, where)}/report-text`, method: 'PUT', body: { conclusions: 'Kết luận', recommendations: 'Kiến nghị' } }),
  },
  'GET /api/v1/summary/report.docx': { allowed: everyone, ok: 200, call: () => ({ path: '/summary/report.docx' }) },
  'GET /api/v1/summary/findings.xlsx': { allowed: everyone, ok: 200, call: () => ({ path: '/summary/findings.xlsx' }) },
  'GET /api/v1/summary/actions.xlsx': { allowed: everyone, ok: 200, call: () => ({ path: '/summary/actions.xlsx' }) },
};
