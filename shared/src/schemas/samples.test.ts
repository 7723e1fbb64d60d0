// The request bodies of the checks API: what they accept (the shipped rule set, the Government's decisions, a sweep,
// the Sơn Tây figures) and what they refuse, with paths.
import { describe, expect, it } from 'vitest';
import { GOVERNMENT_DECISIONS_2025_2026 } from '../domain/calendar/holidays.ts';
import { ONE_STOP_118_RULES } from '../domain/checks/rules-118.ts';
import { uuidv7 } from '../domain/ids.ts';
import {
  CalendarAmendmentsPutSchema,
  CalendarDaysQuerySchema,
  CheckRuleSetPutSchema,
  MAX_SAMPLE_DOSSIERS,
  ReportedFiguresPutSchema,
  SampleCreateSchema,
  SampleDetailQuerySchema,
  SampleResultsCreateSchema,
  SuggestionDismissalCreateSchema,
} from './samples.ts';
import { issuePath } from './problem.ts';

const id = () => uuidv7();
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => issuePath(i.path));

const sample = (dossiers: unknown[] = [{ dossier_code: '000.35.24.H26-260305-0007', outcomes: [{ rule_id: 'returned-late', outcome: 'violation', facts: { minutes_late: 25, due_at: '2026-03-05T09:30:00Z', apology_issued: false, new_due_at: null } }] }]) => ({
  id: id(),
  unit_id: id(),
  site_profile: 'Hệ thống một cửa điện tử (demo)',
  as_of: '2026-03-16T03:00:00Z',
  rule_set_id: 'one-stop-118',
  rule_set_version: 1,
  dossiers,
});

describe('CheckRuleSetPutSchema', () => {
  it('takes the shipped rule set, with or without a base version', () => {
    expect(CheckRuleSetPutSchema.safeParse({ rule_set: ONE_STOP_118_RULES }).success).toBe(true);
    expect(CheckRuleSetPutSchema.safeParse({ rule_set: ONE_STOP_118_RULES, base_version: null }).success).toBe(true);
    expect(CheckRuleSetPutSchema.safeParse({ rule_set: ONE_STOP_118_RULES, base_version: 1 }).success).toBe(true);
  });

  it('refuses a broken rule set with the path of the problem', () => {
    const broken = { ...ONE_STOP_118_RULES, rules: [{ ...ONE_STOP_118_RULES.rules[0], id: 'Not Kebab' }] };
    const r = CheckRuleSetPutSchema.safeParse({ rule_set: broken });
    expect(r.success).toBe(false);
    expect(paths(r)).toContain('$.rule_set.rules[0].id');
  });
});

describe('CalendarAmendmentsPutSchema', () => {
  it('takes a year of the Government\'s decisions, and an empty list', () => {
    const y2025 = GOVERNMENT_DECISIONS_2025_2026.filter((a) => a.date.startsWith('2025'));
    expect(CalendarAmendmentsPutSchema.safeParse({ amendments: y2025 }).success).toBe(true);
    expect(CalendarAmendmentsPutSchema.safeParse({ amendments: [], version: 0 }).success).toBe(true);
  });

  it('refuses two years in one list and control characters in names', () => {
    const r = CalendarAmendmentsPutSchema.safeParse({ amendments: GOVERNMENT_DECISIONS_2025_2026 });
    expect(r.success).toBe(false);
    const bad = CalendarAmendmentsPutSchema.safeParse({ amendments: [{ ...GOVERNMENT_DECISIONS_2025_2026[0], name_vi: 'Tết\u0000' }] });
    expect(paths(bad)).toEqual(['$.amendments[0].name_vi']);
  });

  it('bounds the days query to the calendar\'s years', () => {
    expect(CalendarDaysQuerySchema.safeParse({ from: '2026-01-01', to: '2026-02-01' }).success).toBe(true);
    expect(CalendarDaysQuerySchema.safeParse({ from: '1999-01-01', to: '2026-02-01' }).success).toBe(false);
    expect(CalendarDaysQuerySchema.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
  });
});

describe('SampleCreateSchema', () => {
  it('takes a sweep of per-dossier outcomes and ignores counts a client sends', () => {
    const r = SampleCreateSchema.safeParse({ ...sample(), counts: { 'returned-late': { violation: 99 } }, on_time_rate: 100 });
    expect(r.success).toBe(true);
    expect(r.data).not.toHaveProperty('counts');
    expect(r.data).not.toHaveProperty('on_time_rate');
  });

  it('takes 5,000 dossiers and refuses 5,001', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ dossier_code: `H26-${i}`, outcomes: [] }));
    expect(SampleCreateSchema.safeParse(sample(many(MAX_SAMPLE_DOSSIERS))).success).toBe(true);
    expect(paths(SampleCreateSchema.safeParse(sample(many(MAX_SAMPLE_DOSSIERS + 1))))).toEqual(['$.dossiers']);
  });

  it('refuses a dossier twice, a rule twice for a dossier, unknown outcomes and control characters in facts', () => {
    const d = { dossier_code: 'H26-1', outcomes: [{ rule_id: 'returned-late', outcome: 'pass' }] };
    expect(paths(SampleCreateSchema.safeParse(sample([d, d])))).toEqual(['$.dossiers[1].dossier_code']);
    expect(paths(SampleCreateSchema.safeParse(sample([{ ...d, outcomes: [...d.outcomes, ...d.outcomes] }])))).toEqual(['$.dossiers[0].outcomes[1].rule_id']);
    expect(paths(SampleCreateSchema.safeParse(sample([{ ...d, outcomes: [{ rule_id: 'returned-late', outcome: 'maybe' }] }])))).toEqual(['$.dossiers[0].outcomes[0].outcome']);
    const control = SampleCreateSchema.safeParse(sample([{ ...d, outcomes: [{ rule_id: 'returned-late', outcome: 'pass', facts: { procedure: 'Khai\u0000sinh' } }] }]));
    expect(control.success).toBe(false);
    expect(paths(control)[0]).toMatch(/^\$\.dossiers\[0\]\.outcomes\[0\]\.facts\.procedure/);
    const tooMany = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, i]));
    expect(SampleCreateSchema.safeParse(sample([{ ...d, outcomes: [{ rule_id: 'returned-late', outcome: 'pass', facts: tooMany }] }])).success).toBe(false);
    expect(SampleCreateSchema.safeParse(sample([{ ...d, dossier_code: 'H26\u0000' }])).success).toBe(false);
    expect(SampleCreateSchema.safeParse({ ...sample(), dossiers: [] }).success).toBe(false);
  });

  it('bounds the drill-down page', () => {
    expect(SampleDetailQuerySchema.parse({})).toEqual({ limit: 100, offset: 0 });
    expect(SampleDetailQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
  });
});

describe('SuggestionDismissalCreateSchema', () => {
  const body = { id: id(), unit_id: id(), rule_id: 'open-past-due', rule_version: 1, dossier_code: 'H26-1', reason: 'Hồ sơ chờ bổ sung, phần mềm chưa chuyển trạng thái.', dismissed_at: '2026-03-16T03:00:00Z' };

  it('needs a reason of at most 500 characters', () => {
    expect(SuggestionDismissalCreateSchema.safeParse(body).success).toBe(true);
    expect(paths(SuggestionDismissalCreateSchema.safeParse({ ...body, reason: '   ' }))).toEqual(['$.reason']);
    expect(paths(SuggestionDismissalCreateSchema.safeParse({ ...body, reason: 'x'.repeat(501) }))).toEqual(['$.reason']);
    const { reason: _reason, ...without } = body;
    expect(paths(SuggestionDismissalCreateSchema.safeParse(without))).toEqual(['$.reason']);
  });
});

describe('ReportedFiguresPutSchema', () => {
  const son = { carried_over: 166, received_new: 4075, to_handle: 4241, resolved: 4241, on_time_rate: 100, pending: 80, pending_in_term: 80, returned_unresolved: 289, withdrawn: 23 };

  it('takes the Sơn Tây 2021 figures with a sampling margin', () => {
    const r = ReportedFiguresPutSchema.safeParse({ unit_id: id(), from: '2021-01-01', to: '2021-12-31', figures: son, source: 'Báo cáo 15/BC-UBND', sampling: { margin: 0.05 } });
    expect(r.success).toBe(true);
  });

  it('refuses negative counts, unknown figures, rates over 100, a period ending before it starts, and wild margins', () => {
    const base = { unit_id: id(), from: '2021-01-01', to: '2021-12-31' };
    expect(paths(ReportedFiguresPutSchema.safeParse({ ...base, figures: { ...son, resolved: -1 } }))).toEqual(['$.figures.resolved']);
    expect(paths(ReportedFiguresPutSchema.safeParse({ ...base, figures: { ...son, resolved_ontime: 1 } }))).toEqual(['$.figures']);
    expect(paths(ReportedFiguresPutSchema.safeParse({ ...base, figures: { ...son, on_time_rate: 100.5 } }))).toEqual(['$.figures.on_time_rate']);
    expect(paths(ReportedFiguresPutSchema.safeParse({ ...base, to: '2020-12-31', figures: son }))).toEqual(['$.to']);
    expect(paths(ReportedFiguresPutSchema.safeParse({ ...base, figures: son, sampling: { margin: 0.5 } }))).toEqual(['$.sampling.margin']);
    expect(paths(ReportedFiguresPutSchema.safeParse({ ...base, figures: son, sampling: { expected_proportion: 1 } }))).toEqual(['$.sampling.expected_proportion']);
  });
});

describe('SampleResultsCreateSchema', () => {
  it('takes outcomes by position and refuses a position twice', () => {
    const r = { position: 12, dossier_code: 'H26-12', outcome: 'late' };
    expect(SampleResultsCreateSchema.safeParse({ results: [r, { ...r, position: 13, outcome: 'on_time' }] }).success).toBe(true);
    expect(paths(SampleResultsCreateSchema.safeParse({ results: [r, r] }))).toEqual(['$.results[1].position']);
    expect(paths(SampleResultsCreateSchema.safeParse({ results: [{ ...r, position: 0 }] }))).toEqual(['$.results[0].position']);
    expect(SampleResultsCreateSchema.safeParse({ results: [] }).success).toBe(false);
  });
});
