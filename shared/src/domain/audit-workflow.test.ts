// Every audit transition pair, the start and close gates, and who may record findings.
import { describe, expect, it } from 'vitest';
import { AUDIT_MEMBER_ROLES, AUDIT_STATUSES, type AuditMemberRole, type AuditStatus } from '../schemas/enums.ts';
import { AUDIT_TRANSITIONS, canRecordFindings, checkAuditTransition, unitHeadSeesFindings, type AuditGateContext } from './audit-workflow.ts';

const READY: AuditGateContext = { unitCount: 2, pinnedVersionCount: 1, draftVersionCount: 0, openNcCount: 0, disputedNcCount: 0 };
const LEAD = '01900000-0000-7000-8000-000000000001';

const ALLOWED = new Set(['planned>in_progress', 'planned>cancelled', 'in_progress>reporting', 'reporting>closed']);
const pairs = AUDIT_STATUSES.flatMap((from) => AUDIT_STATUSES.map((to) => [from, to] as const));

describe('audit transitions, every pair', () => {
  it('the table lists exactly the DESIGN transitions', () => {
    const listed = Object.entries(AUDIT_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`));
    expect(new Set(listed)).toEqual(ALLOWED);
  });

  it.each(pairs)('%s → %s', (from, to) => {
    const r = checkAuditTransition({ status: from, lead_user_id: LEAD }, to, READY);
    if (ALLOWED.has(`${from}>${to}`)) {
      expect(r).toEqual({ ok: true });
    } else {
      expect(r).toMatchObject({ ok: false, code: 'transition_not_allowed' });
      if (!r.ok) expect(r.detail).toMatch(/^(An audit cannot go|The audit is)/);
    }
  });
});

describe('audit gates', () => {
  const start = (ctx: Partial<AuditGateContext>, lead: string | null = LEAD) =>
    checkAuditTransition({ status: 'planned', lead_user_id: lead }, 'in_progress', { ...READY, ...ctx });

  it.each<[string, Partial<AuditGateContext>, string | null, string]>([
    ['no unit', { unitCount: 0 }, LEAD, 'units_required'],
    ['no pinned version', { pinnedVersionCount: 0 }, LEAD, 'checklist_required'],
    ['a draft version', { draftVersionCount: 1 }, LEAD, 'checklist_not_published'],
    ['no lead', {}, null, 'lead_required'],
  ])('start refused with %s', (_, ctx, lead, code) => {
    expect(start(ctx, lead)).toMatchObject({ ok: false, code });
  });

  it('start allowed with one unit, one version and a lead', () => {
    expect(start({ unitCount: 1, pinnedVersionCount: 1 })).toEqual({ ok: true });
  });

  it('cancelling needs no gate', () => {
    expect(checkAuditTransition({ status: 'planned', lead_user_id: null }, 'cancelled', { ...READY, unitCount: 0, pinnedVersionCount: 0 })).toEqual({ ok: true });
  });

  it.each<[number, number]>([
    [1, 0],
    [0, 1],
    [3, 2],
  ])('closing refused with %i open and %i disputed NCs', (open, disputed) => {
    const r = checkAuditTransition({ status: 'reporting', lead_user_id: LEAD }, 'closed', { ...READY, openNcCount: open, disputedNcCount: disputed });
    expect(r).toMatchObject({ ok: false, code: 'nonconformities_unresolved' });
    if (!r.ok) expect(r.detail).toContain(`${open} nonconformit`);
  });

  it('closing allowed when no NC is open or disputed', () => {
    expect(checkAuditTransition({ status: 'reporting', lead_user_id: LEAD }, 'closed', READY)).toEqual({ ok: true });
  });
});

describe('who records findings', () => {
  const roles: (AuditMemberRole | null)[] = [...AUDIT_MEMBER_ROLES, null];
  const expected = (status: AuditStatus, role: AuditMemberRole | null) =>
    role !== null && (status === 'in_progress' || (status === 'reporting' && role === 'lead'));

  it.each(AUDIT_STATUSES.flatMap((s) => roles.map((r) => [s, r] as const)))('%s as %s', (status, role) => {
    expect(canRecordFindings(status, role)).toBe(expected(status, role));
  });

  it('unit heads see findings from reporting on', () => {
    expect(AUDIT_STATUSES.filter(unitHeadSeesFindings)).toEqual(['reporting', 'closed']);
  });
});

describe('coverage and early-start gates (issue 16)', () => {
  const inProgress = { status: 'in_progress' as const, lead_user_id: LEAD };
  const reason = 'Đơn vị tạm dừng tiếp nhận, đoàn kết thúc sớm';

  it('refuses reporting and closing below 80% assessed without a reason of 10 characters, at the boundary too', () => {
    for (const to of ['reporting', 'closed'] as const) {
      const from = to === 'closed' ? { ...inProgress, status: 'reporting' as const } : inProgress;
      expect(checkAuditTransition(from, to, { ...READY, coverage: { assessed: 0, total: 68 } })).toMatchObject({ ok: false, code: 'coverage_below_threshold' });
      expect(checkAuditTransition(from, to, { ...READY, coverage: { assessed: 543, total: 680 } })).toMatchObject({ ok: false, code: 'coverage_below_threshold' });
      expect(checkAuditTransition(from, to, { ...READY, coverage: { assessed: 544, total: 680 } })).toEqual({ ok: true });
      expect(checkAuditTransition(from, to, { ...READY, coverage: { assessed: 0, total: 68 }, reason: ' short    ' })).toMatchObject({ ok: false, code: 'coverage_below_threshold' });
      expect(checkAuditTransition(from, to, { ...READY, coverage: { assessed: 0, total: 68 }, reason })).toEqual({ ok: true });
      // Without coverage figures (an older caller) the gate does not apply.
      expect(checkAuditTransition(from, to, READY)).toEqual({ ok: true });
    }
  });

  it('refuses starting before the planned date without a reason, and allows it on the day', () => {
    const planned = { status: 'planned' as const, lead_user_id: LEAD };
    expect(checkAuditTransition(planned, 'in_progress', { ...READY, plannedStart: '2026-12-08', today: '2026-12-07' })).toMatchObject({ ok: false, code: 'early_start_reason_required' });
    expect(checkAuditTransition(planned, 'in_progress', { ...READY, plannedStart: '2026-12-08', today: '2026-12-07', reason })).toEqual({ ok: true });
    expect(checkAuditTransition(planned, 'in_progress', { ...READY, plannedStart: '2026-12-08', today: '2026-12-08' })).toEqual({ ok: true });
  });
});
