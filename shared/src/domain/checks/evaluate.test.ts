// The dossier checks: every operator of the language, the edge cases the shipped rules must get right (exact minutes,
// missing appointments, as_of, Vietnam's midnight, office hours), a ground-truth sample, and properties
// (deterministic, monotone in the return time, total on any valid input). The demo systems' ground truth is checked in
// tests/demo/ground-truth.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../calendar/types.ts';
import {
  CHECK_CHANNELS,
  CHECK_TIME_FIELDS,
  CheckDossierSchema,
  CheckRuleSchema,
  checkFieldsReadBy,
  type CheckCondition,
  type CheckDossier,
  type CheckEquality,
  type CheckNumberOperand,
  type CheckTimeOperand,
  type CheckReportOperand,
  type CheckRule,
  type CheckRuleInput,
} from '../../schemas/checks.ts';
import { CANONICAL_STATUSES } from '../profile-fields.ts';
import { countingStart, createWorkingCalendar, DEFAULT_DUE_CONVENTION } from '../calendar/working-days.ts';
import { GOVERNMENT_DECISIONS_2025_2026 } from '../calendar/holidays.ts';
import { CHECK_OFFICE_HOURS, evaluateDossiers, evaluateRule, evaluateRules, type CheckResult } from './evaluate.ts';
import { ONE_STOP_118_RULES } from './rules-118.ts';

// ── A small calendar: weekends and a fixed list of holidays (the real one lives in ../calendar) ────────────────

const HOLIDAYS = [
  '2025-09-01', '2025-09-02', '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02',
];

function fakeCalendar(holidays: readonly string[] = HOLIDAYS, years: [number, number] = [1970, 2200]): WorkingCalendar {
  const off = new Set(holidays);
  const guard = (date: string) => {
    const y = Number(date.slice(0, 4));
    if (!(y >= years[0] && y <= years[1])) throw new RangeError(`no calendar for ${date}`);
  };
  const isWorkingDay = (date: string) => {
    guard(date);
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6 && !off.has(date);
  };
  const next = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    day: (date) => {
      const working = isWorkingDay(date);
      return { date, working, kind: working ? 'working' : off.has(date) ? 'holiday' : 'weekend' };
    },
    isWorkingDay,
    addWorkingDays(date, n) {
      let d = date;
      if (n === 0) {
        while (!isWorkingDay(d)) d = next(d);
        return d;
      }
      for (let k = 0; k < n; ) {
        d = next(d);
        if (isWorkingDay(d)) k++;
      }
      return d;
    },
    workingDaysBetween(from, to) {
      let n = 0;
      for (let d = next(from); d <= to; d = next(d)) if (isWorkingDay(d)) n++;
      return n;
    },
  };
}

const calendar = fakeCalendar();

/** The UTC instant of a Vietnam wall-clock time. */
const vn = (date: string, time = '00:00') => new Date(Date.parse(`${date}T${time}:00+07:00`)).toISOString();

const CHECK_AS_OF = vn('2026-03-16', '10:00');

// ── Probing one condition ──────────────────────────────────────────────────────────────────────────────────────

function probe(violation: CheckCondition, extra: Partial<CheckRuleInput> = {}): CheckRule {
  const read = checkFieldsReadBy({ violation, when: extra.when as CheckCondition | undefined, report: extra.report as Record<string, CheckReportOperand> | undefined });
  return CheckRuleSchema.parse({
    id: 'probe',
    version: 1,
    item_code: 'MC-8.5.1-09',
    suggests: 'nc_minor',
    title: { vi: 'Thử', en: 'Probe' },
    explanation: { vi: 'Vi phạm', en: 'Violation' },
    basis: { vi: 'Thử nghiệm', en: 'Test' },
    needs: read.length > 0 ? read : ['status'],
    violation,
    ...extra,
  });
}

type Truth = true | false | 'unknown';
function truth(cond: CheckCondition, dossier: Omit<CheckDossier, 'as_of'> & { as_of?: string }, cal: WorkingCalendar = calendar): Truth {
  const r = evaluateRule(probe(cond), CheckDossierSchema.parse({ as_of: CHECK_AS_OF, ...dossier }), cal);
  return r.outcome === 'violation' ? true : r.outcome === 'pass' ? false : 'unknown';
}

const TRUE_C: CheckCondition = { equals: ['apology_issued', true] };
const FALSE_C: CheckCondition = { equals: ['apology_issued', false] };
const UNKNOWN_C: CheckCondition = { equals: ['channel', 'online'] };
const tri = { apology_issued: true } as const;

describe('operators', () => {
  it.each<[string, CheckCondition, Truth]>([
    ['all of true, true', { all: [TRUE_C, TRUE_C] }, true],
    ['all with a false', { all: [TRUE_C, FALSE_C] }, false],
    ['all: false beats unknown', { all: [UNKNOWN_C, FALSE_C] }, false],
    ['all: unknown with true', { all: [UNKNOWN_C, TRUE_C] }, 'unknown'],
    ['any of false, false', { any: [FALSE_C, FALSE_C] }, false],
    ['any: true beats unknown', { any: [UNKNOWN_C, TRUE_C] }, true],
    ['any: unknown with false', { any: [FALSE_C, UNKNOWN_C] }, 'unknown'],
    ['not true', { not: TRUE_C }, false],
    ['not false', { not: FALSE_C }, true],
    ['not unknown', { not: UNKNOWN_C }, 'unknown'],
    ['unknown_as true', { unknown_as: true, cond: UNKNOWN_C }, true],
    ['unknown_as false', { unknown_as: false, cond: UNKNOWN_C }, false],
    ['unknown_as keeps a known value', { unknown_as: false, cond: TRUE_C }, true],
  ])('logic: %s', (_, cond, expected) => {
    expect(truth(cond, tri)).toBe(expected);
  });

  it.each<[string, Partial<CheckDossier>, Truth, Truth]>([
    ['a value', { due_at: vn('2026-03-05', '16:30') }, true, false],
    ['null: read, and the page shows none', { due_at: null }, false, true],
    ['absent: not read', {}, 'unknown', 'unknown'],
  ])('present / missing of %s', (_, dossier, present, missing) => {
    expect(truth({ present: 'due_at' }, dossier)).toBe(present);
    expect(truth({ missing: 'due_at' }, dossier)).toBe(missing);
  });

  it('present / missing of lists and text', () => {
    expect(truth({ present: 'supplement_requests' }, { supplement_requests: [{ requested_at: null }] })).toBe(true);
    expect(truth({ present: 'supplement_requests' }, { supplement_requests: [] })).toBe(false);
    expect(truth({ missing: 'supplement_requests' }, { supplement_requests: null })).toBe(true);
    expect(truth({ missing: 'procedure' }, { procedure: '' })).toBe(true);
    expect(truth({ present: 'apology_issued' }, { apology_issued: false })).toBe(true);
  });

  const due = vn('2026-03-05', '16:30');
  it.each<[string, string, Truth, Truth, Truth, Truth]>([
    // returned,                       before, after, at_or_before, at_or_after
    ['a minute early', vn('2026-03-05', '16:29'), true, false, true, false],
    ['at the due minute', vn('2026-03-05', '16:30'), false, false, true, true],
    ['59 seconds into the due minute', '2026-03-05T09:30:59Z', false, false, true, true],
    ['25 minutes late, same day', vn('2026-03-05', '16:55'), false, true, false, true],
    ['the next morning', vn('2026-03-06', '07:30'), false, true, false, true],
  ])('comparisons to the minute: %s', (_, returned, before, after, atOrBefore, atOrAfter) => {
    const d = { returned_at: returned, due_at: due };
    expect(truth({ before: ['returned_at', 'due_at'] }, d)).toBe(before);
    expect(truth({ after: ['returned_at', 'due_at'] }, d)).toBe(after);
    expect(truth({ at_or_before: ['returned_at', 'due_at'] }, d)).toBe(atOrBefore);
    expect(truth({ at_or_after: ['returned_at', 'due_at'] }, d)).toBe(atOrAfter);
  });

  it('comparisons by local day, and with a date that has no hour', () => {
    const d = { returned_at: vn('2026-03-05', '16:55'), due_at: vn('2026-03-05', '08:00') };
    expect(truth({ after: ['returned_at', 'due_at'] }, d)).toBe(true);
    expect(truth({ after: ['returned_at', 'due_at'], by: 'day' }, d)).toBe(false);
    expect(truth({ at_or_before: ['returned_at', 'due_at'], by: 'day' }, d)).toBe(true);
    // A due date without an hour is the whole local day.
    expect(truth({ after: ['returned_at', 'due_at'] }, { returned_at: vn('2026-03-05', '23:59'), due_at: '2026-03-05' })).toBe(false);
    expect(truth({ after: ['returned_at', 'due_at'] }, { returned_at: vn('2026-03-06', '00:00'), due_at: '2026-03-05' })).toBe(true);
  });

  it('same_local_day follows Asia/Ho_Chi_Minh, not UTC', () => {
    // 23:59 and 00:00 in Vietnam: the same UTC date (16:59Z and 17:00Z), different local days.
    expect(truth({ same_local_day: ['apology_issued_at', 'due_at'] }, { apology_issued_at: vn('2026-03-04', '23:59'), due_at: vn('2026-03-05', '00:00') })).toBe(false);
    // 00:00 and 08:00 in Vietnam: different UTC dates (17:00Z the day before), the same local day.
    expect(truth({ same_local_day: ['apology_issued_at', 'due_at'] }, { apology_issued_at: vn('2026-03-05', '00:00'), due_at: vn('2026-03-05', '08:00') })).toBe(true);
  });

  it('as_of is a time like the fields', () => {
    expect(truth({ after: ['as_of', 'due_at'] }, { due_at: vn('2026-03-16', '09:59') })).toBe(true);
    expect(truth({ after: ['as_of', 'due_at'] }, { due_at: vn('2026-03-16', '10:00') })).toBe(false);
  });

  it('status_in and equals', () => {
    expect(truth({ status_in: ['processing', 'overdue'] }, { status: 'overdue' })).toBe(true);
    expect(truth({ status_in: ['processing', 'overdue'] }, { status: 'returned' })).toBe(false);
    expect(truth({ status_in: ['processing'] }, { status: null })).toBe('unknown');
    expect(truth({ status_in: ['processing'] }, {})).toBe('unknown');
    expect(truth({ equals: ['channel', 'online'] }, { channel: 'online' })).toBe(true);
    expect(truth({ equals: ['channel', 'online'] }, { channel: 'postal' })).toBe(false);
    expect(truth({ equals: ['status', 'returned'] }, { status: 'returned' })).toBe(true);
    expect(truth({ equals: ['apology_issued', false] }, { apology_issued: false })).toBe(true);
    expect(truth({ equals: ['procedure_code', '1.001193'] }, { procedure_code: '1.001193' })).toBe(true);
    expect(truth({ equals: ['procedure_code', '1.001193'] }, { procedure_code: null })).toBe('unknown');
  });

  it.each<[string, CheckCondition, Truth]>([
    ['more_than', { more_than: [{ count: 'supplement_requests' }, 1] }, true],
    ['at_least', { at_least: [{ count: 'supplement_requests' }, 2] }, true],
    ['less_than', { less_than: [{ count: 'supplement_requests' }, 2] }, false],
    ['at_most', { at_most: [{ count: 'supplement_requests' }, 2] }, true],
    ['exactly', { exactly: [{ count: 'supplement_requests' }, 2] }, true],
    ['a number field', { exactly: ['statutory_days', 5] }, true],
    ['a number field against a count', { more_than: ['statutory_days', { count: 'supplement_requests' }] }, true],
    ['a field not read', { more_than: ['apology_count', 1] }, 'unknown'],
  ])('numbers: %s', (_, cond, expected) => {
    expect(truth(cond, { supplement_requests: [{ requested_at: null }, { requested_at: null }], statutory_days: 5 })).toBe(expected);
  });

  it('count: null is none, absent is unknown', () => {
    expect(truth({ exactly: [{ count: 'supplement_requests' }, 0] }, { supplement_requests: null })).toBe(true);
    expect(truth({ exactly: [{ count: 'supplement_requests' }, 0] }, {})).toBe('unknown');
  });

  it('late_by in minutes, days and working days', () => {
    const late = (unit: 'minutes' | 'days' | 'working_days', n: number): CheckCondition => ({ exactly: [{ late_by: 'returned_at', against: 'due_at', unit }, n] });
    // Friday 16:30 → Tuesday 08:15 (Saturday, Sunday off).
    const d = { due_at: vn('2026-03-06', '16:30'), returned_at: vn('2026-03-10', '08:15') };
    expect(truth(late('minutes', 4 * 1440 - 8 * 60 - 15), d)).toBe(true);
    expect(truth(late('days', 4), d)).toBe(true);
    expect(truth(late('working_days', 2), d)).toBe(true);
    // Early is 0, never negative.
    expect(truth(late('minutes', 0), { due_at: vn('2026-03-06', '16:30'), returned_at: vn('2026-03-06', '09:00') })).toBe(true);
    expect(truth(late('working_days', 0), { due_at: vn('2026-03-06', '16:30'), returned_at: vn('2026-03-06', '23:00') })).toBe(true);
    // A due date without an hour: late from its last minute.
    expect(truth(late('minutes', 1), { due_at: '2026-03-06', returned_at: vn('2026-03-07', '00:00') })).toBe(true);
    // Holidays count as days, not working days: 30/4 and 1/5 2026 are Thursday and Friday.
    expect(truth(late('working_days', 1), { due_at: vn('2026-04-29', '16:30'), returned_at: vn('2026-05-04', '08:00') })).toBe(true);
  });

  it('working_days_after: a number or a field, over weekends and holidays, half days rounded up', () => {
    const within = (days: number | 'statutory_days'): CheckCondition => ({ at_or_before: ['due_at', { working_days_after: 'received_at', days }] });
    // Received Wednesday 29/4/2026: 30/4 and 1/5 are holidays, 2–3/5 a weekend.
    const d = { received_at: vn('2026-04-29', '09:00'), due_at: vn('2026-05-04', '16:30'), statutory_days: 1 };
    expect(truth(within(1), d)).toBe(true);
    expect(truth(within(0), d)).toBe(false);
    expect(truth(within('statutory_days'), d)).toBe(true);
    expect(truth(within('statutory_days'), { ...d, statutory_days: 0.5 })).toBe(true);
    expect(truth(within('statutory_days'), { ...d, statutory_days: null })).toBe('unknown');
    // n = 0 on a Saturday is the next working day.
    expect(truth({ same_local_day: ['due_at', { working_days_after: 'received_at', days: 0 }] }, { received_at: vn('2026-03-07', '10:00'), due_at: vn('2026-03-09', '10:00') })).toBe(true);
  });

  it('counting_start: office hours 07:30–17:00; after closing or on a day off, the next working day\'s opening', () => {
    const start = (at: string, cal: WorkingCalendar = calendar) =>
      evaluateRule(probe({ present: 'submitted_at' }, { report: { start: { counting_start: 'submitted_at' } } }), CheckDossierSchema.parse({ submitted_at: at, as_of: CHECK_AS_OF }), cal).facts.start;
    expect(start(vn('2026-03-09', '10:15'))).toBe(vn('2026-03-09', '10:15'));
    expect(start(vn('2026-03-09', '06:00'))).toBe(vn('2026-03-09', '07:30'));
    expect(start(vn('2026-03-09', '16:59'))).toBe(vn('2026-03-09', '16:59'));
    expect(start(vn('2026-03-09', '17:00'))).toBe(vn('2026-03-10', '07:30'));
    // Friday evening and the weekend count from Monday; the evening before 30/4–1/5 (holidays) from Monday 4/5.
    expect(start(vn('2026-03-06', '20:00'))).toBe(vn('2026-03-09', '07:30'));
    expect(start(vn('2026-03-08', '09:00'))).toBe(vn('2026-03-09', '07:30'));
    expect(start(vn('2026-04-29', '18:00'))).toBe(vn('2026-05-04', '07:30'));
    // Vietnam's midnight: 2026-03-09T17:30Z is 00:30 on Tuesday 10/3, before opening.
    expect(start('2026-03-09T17:30:00Z')).toBe(vn('2026-03-10', '07:30'));
    // A date without an hour: itself when a working day, else the next one.
    expect(start('2026-03-07')).toBe('2026-03-09');
    expect(start('2026-03-09')).toBe('2026-03-09');
    // One working day after the counting start, by date: an evening submission gets the same day as a morning one.
    const deadline = (at: string) =>
      evaluateRule(probe({ present: 'submitted_at' }, { report: { d: { working_days_after: { counting_start: 'submitted_at' }, days: 1 } } }), CheckDossierSchema.parse({ submitted_at: at, as_of: CHECK_AS_OF }), calendar).facts.d;
    expect(deadline(vn('2026-03-06', '20:00'))).toBe('2026-03-10');
    expect(deadline(vn('2026-03-09', '08:00'))).toBe('2026-03-10');
    // A calendar that cannot answer leaves it unknown.
    const narrow = fakeCalendar(HOLIDAYS, [2025, 2026]);
    const r = evaluateRule(probe({ after: ['as_of', { counting_start: 'submitted_at' }] }), CheckDossierSchema.parse({ submitted_at: vn('2027-03-06', '20:00'), as_of: CHECK_AS_OF }), narrow);
    expect(r).toMatchObject({ outcome: 'undecidable', missing: ['calendar'] });
  });

  it('counting_start follows the calendar module\'s convention (countingStart, DEFAULT_DUE_CONVENTION)', () => {
    expect(CHECK_OFFICE_HOURS).toEqual(DEFAULT_DUE_CONVENTION);
    const real = createWorkingCalendar({ amendments: GOVERNMENT_DECISIONS_2025_2026 });
    const rule = probe({ present: 'submitted_at' }, { report: { start: { counting_start: 'submitted_at' } } });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 11, 31) }), (ms) => {
        const at = new Date(ms - (ms % 60_000)).toISOString();
        expect(evaluateRule(rule, CheckDossierSchema.parse({ submitted_at: at, as_of: CHECK_AS_OF }), real).facts.start).toBe(countingStart(at, real));
      }),
      { numRuns: 500 },
    );
  });

  it('if: the branch its condition picks; unknown unless both branches agree', () => {
    const inForce = { if: TRUE_C, then: 'new_due_at', else: 'due_at' } as const;
    const d = { apology_issued: true, due_at: vn('2026-03-05', '16:30'), new_due_at: vn('2026-03-10', '16:30'), returned_at: vn('2026-03-09', '10:00') };
    expect(truth({ after: ['returned_at', inForce] }, d)).toBe(false);
    expect(truth({ after: ['returned_at', { ...inForce, if: FALSE_C }] }, d)).toBe(true);
    expect(truth({ after: ['returned_at', { ...inForce, if: UNKNOWN_C }] }, d)).toBe('unknown');
    expect(truth({ after: ['returned_at', { if: UNKNOWN_C, then: 'due_at', else: 'due_at' }] }, d)).toBe(true);
  });

  it('a calendar that cannot answer leaves the test undecidable, naming the calendar', () => {
    const narrow = fakeCalendar(HOLIDAYS, [2025, 2026]);
    const rule = probe({ after: ['due_at', { working_days_after: 'received_at', days: 3 }] });
    const r = evaluateRule(rule, { received_at: vn('2027-12-30', '09:00'), due_at: vn('2028-01-05', '09:00'), as_of: CHECK_AS_OF }, narrow);
    expect(r.outcome).toBe('undecidable');
    expect(r.missing).toEqual(['calendar']);
  });
});

// ── Outcomes, undecidable settings, messages and facts ─────────────────────────────────────────────────────────

describe('outcomes', () => {
  it('when false is not_applicable; the violation is not evaluated', () => {
    const rule = probe({ missing: 'due_at' }, { when: { status_in: ['returned'] } });
    expect(evaluateRule(rule, { status: 'processing', as_of: CHECK_AS_OF }, calendar).outcome).toBe('not_applicable');
  });

  it('an unknown violation follows the rule: undecidable, not_applicable or violation, and says what is missing', () => {
    const base = { after: ['returned_at', 'due_at'] } as const satisfies CheckCondition;
    const dossier: CheckDossier = { returned_at: vn('2026-03-05', '10:00'), as_of: CHECK_AS_OF };
    const undecidable = evaluateRule(probe(base), dossier, calendar);
    expect(undecidable).toMatchObject({ outcome: 'undecidable', undecided: true, missing: ['due_at'] });
    expect(undecidable.message.vi).toBe('Chưa kết luận được “Thử”: thiếu ngày hẹn trả.');
    expect(undecidable.message.en).toBe('Cannot decide “Probe”: appointment (due) date not available.');
    expect(evaluateRule(probe(base, { undecidable: { report_as: 'not_applicable' } }), dossier, calendar).outcome).toBe('not_applicable');
    expect(evaluateRule(probe(base, { undecidable: { report_as: 'violation' } }), dossier, calendar)).toMatchObject({ outcome: 'violation', undecided: true });
    const custom = probe(base, { undecidable: { report_as: 'undecidable', explanation: { vi: 'Mở chi tiết hồ sơ: thiếu {missing}.', en: 'Open the dossier: {missing} missing.' } } });
    expect(evaluateRule(custom, dossier, calendar).message).toEqual({ vi: 'Mở chi tiết hồ sơ: thiếu ngày hẹn trả.', en: 'Open the dossier: appointment (due) date missing.' });
  });

  it('missing data never makes a violation of a dossier whose violation is false', () => {
    const rule = probe({ after: ['returned_at', 'due_at'] }, { when: { equals: ['channel', 'online'] }, undecidable: { report_as: 'violation' } });
    const early = evaluateRule(rule, { returned_at: vn('2026-03-04', '10:00'), due_at: vn('2026-03-05', '10:00'), as_of: CHECK_AS_OF }, calendar);
    expect(early).toMatchObject({ outcome: 'undecidable', undecided: true, missing: ['channel'] });
    const late = evaluateRule(rule, { returned_at: vn('2026-03-06', '10:00'), due_at: vn('2026-03-05', '10:00'), as_of: CHECK_AS_OF }, calendar);
    expect(late).toMatchObject({ outcome: 'violation', undecided: true, missing: ['channel'] });
  });

  it('fills placeholders in Vietnam time and records the facts used', () => {
    const rule = probe(
      { after: ['returned_at', 'due_at'] },
      {
        explanation: { vi: 'Trả {returned_at}, hẹn {due_at}, trễ {minutes} phút ({status}); xem lúc {as_of}.', en: 'Returned {returned_at}, due {due_at}, {minutes} minutes late ({status}); as of {as_of}.' },
        needs: ['returned_at', 'due_at', 'status'],
        report: { minutes: { late_by: 'returned_at', against: 'due_at', unit: 'minutes' }, deadline: { working_days_after: 'due_at', days: 1 } },
      },
    );
    const r = evaluateRule(rule, { status: 'returned', returned_at: '2026-03-05T17:05:00Z', due_at: '2026-03-05T16:59:00Z', as_of: CHECK_AS_OF }, calendar);
    expect(r.outcome).toBe('violation');
    expect(r.message.vi).toBe('Trả 06/03/2026 00:05, hẹn 05/03/2026 23:59, trễ 6 phút (Đã trả kết quả); xem lúc 16/03/2026 10:00.');
    expect(r.message.en).toBe('Returned 06/03/2026 00:05, due 05/03/2026 23:59, 6 minutes late (returned); as of 16/03/2026 10:00.');
    expect(r.facts).toEqual({
      returned_at: '2026-03-05T17:05:00Z',
      due_at: '2026-03-05T16:59:00Z',
      status: 'returned',
      as_of: CHECK_AS_OF,
      minutes: 6,
      deadline: '2026-03-06',
    });
    expect(r).toMatchObject({ rule_id: 'probe', rule_version: 1, item_code: 'MC-8.5.1-09', suggests: 'nc_minor', as_of: CHECK_AS_OF, missing: [], undecided: false });
  });

  it('an invalid rule (never validated) gives undecidable, not an exception', () => {
    const broken = { ...probe({ present: 'due_at' }), violation: { nonsense: 1 } as unknown as CheckCondition };
    expect(evaluateRule(broken, { as_of: CHECK_AS_OF }, calendar)).toMatchObject({ outcome: 'undecidable', missing: ['rule'] });
  });
});

// ── The shipped rules on the edge cases ────────────────────────────────────────────────────────────────────────

const byRule = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.rule_id, r]));
const run = (dossier: CheckDossier) => byRule(evaluateRules(ONE_STOP_118_RULES, CheckDossierSchema.parse(dossier), calendar).results);

/** A returned dossier read from its detail screen: no apology, no supplement. */
const returned = (patch: Partial<CheckDossier> = {}): CheckDossier => ({
  dossier_code: '000.00.12.H26-260302-0001',
  status: 'returned',
  channel: 'in_person',
  received_at: vn('2026-03-02', '09:00'),
  statutory_days: 3,
  due_at: vn('2026-03-05', '16:30'),
  finished_at: null,
  returned_at: vn('2026-03-05', '10:00'),
  apology_issued: false,
  apology_issued_at: null,
  new_due_at: null,
  supplement_requests: [],
  as_of: CHECK_AS_OF,
  ...patch,
});

describe('the shipped rules: edge cases', () => {
  it('returned exactly at the appointment minute is on time', () => {
    const r = run(returned({ returned_at: vn('2026-03-05', '16:30') }));
    expect(r['returned-late']?.outcome).toBe('pass');
    expect(r['overdue-without-apology']?.outcome).toBe('pass');
  });

  it('25 minutes late on the same day is late, and without an apology is overdue without one', () => {
    const r = run(returned({ returned_at: vn('2026-03-05', '16:55') }));
    expect(r['returned-late']).toMatchObject({ outcome: 'violation', suggests: 'nc_minor', item_code: 'MC-8.5.1-09' });
    expect(r['returned-late']?.facts).toMatchObject({ minutes_late: 25, working_days_late: 0 });
    expect(r['returned-late']?.message.vi).toContain('trễ 25 phút');
    expect(r['overdue-without-apology']).toMatchObject({ outcome: 'violation', item_code: 'MC-8.7-01' });
  });

  it('no appointment date: the missing-appointment rule fires and on-time is undecidable', () => {
    const r = run(returned({ due_at: null, returned_at: vn('2026-03-09', '10:00') }));
    expect(r['received-without-appointment']).toMatchObject({ outcome: 'violation', item_code: 'MC-8.5.1-01', undecided: false });
    expect(r['returned-late']).toMatchObject({ outcome: 'undecidable', missing: ['due_at'] });
    expect(r['overdue-without-apology']).toMatchObject({ outcome: 'undecidable', missing: ['due_at'] });
    expect(r['appointment-beyond-statutory-limit']).toMatchObject({ outcome: 'undecidable', missing: ['due_at'] });
    // Not read at all (a list without the column): nothing is claimed either way.
    const list = run(returned({ due_at: undefined }));
    expect(list['received-without-appointment']).toMatchObject({ outcome: 'undecidable', missing: ['due_at'] });
  });

  it('open dossiers are judged against as_of, which the result records', () => {
    const open = (asOf: string) => run({ status: 'processing', received_at: vn('2026-03-02', '09:00'), due_at: vn('2026-03-05', '16:30'), apology_issued: false, as_of: asOf });
    const before = open(vn('2026-03-05', '16:30'));
    expect(before['open-past-due']?.outcome).toBe('pass');
    expect(before['overdue-without-apology']?.outcome).toBe('pass');
    const after = open(vn('2026-03-05', '16:31'));
    expect(after['open-past-due']).toMatchObject({ outcome: 'violation', as_of: vn('2026-03-05', '16:31') });
    expect(after['overdue-without-apology']).toMatchObject({ outcome: 'violation', as_of: vn('2026-03-05', '16:31') });
    expect(after['open-past-due']?.facts.as_of).toBe(vn('2026-03-05', '16:31'));
  });

  it('an open dossier on a list without apology columns: decided while in term, undecidable once overdue', () => {
    const list = (asOf: string) => run({ status: 'processing', due_at: vn('2026-03-05', '16:30'), as_of: asOf });
    expect(list(vn('2026-03-04', '09:00'))['overdue-without-apology']?.outcome).toBe('pass');
    expect(list(vn('2026-03-04', '09:00'))['open-past-due']?.outcome).toBe('pass');
    expect(list(vn('2026-03-06', '09:00'))['overdue-without-apology']).toMatchObject({ outcome: 'undecidable', missing: ['apology_issued'] });
  });

  it('an apology with a new date sent before the appointment moves it; one sent after does not', () => {
    const rescheduled = { apology_issued: true, apology_issued_at: vn('2026-03-04', '10:00'), new_due_at: vn('2026-03-10', '16:30') };
    expect(run(returned({ ...rescheduled, returned_at: vn('2026-03-10', '16:30') }))['returned-late']?.outcome).toBe('pass');
    const afterNew = run(returned({ ...rescheduled, returned_at: vn('2026-03-11', '08:00') }));
    expect(afterNew['returned-late']?.outcome).toBe('violation');
    expect(afterNew['returned-late']?.message.en).toContain('after the appointment in force 10/03/2026 16:30');
    expect(afterNew['overdue-without-apology']?.outcome).toBe('pass');
    const late = { apology_issued: true, apology_issued_at: vn('2026-03-06', '09:00'), new_due_at: vn('2026-03-10', '16:30') };
    const r = run(returned({ ...late, returned_at: vn('2026-03-09', '10:00') }));
    expect(r['returned-late']?.outcome).toBe('violation');
    expect(r['apology-after-due']).toMatchObject({ outcome: 'violation', suggests: 'nc_minor' });
    expect(r['apology-after-due']?.facts.days_after_due).toBe(1);
    expect(r['overdue-without-apology']?.outcome).toBe('pass');
    // A "new" date earlier than the original one is not a reschedule.
    expect(run(returned({ ...rescheduled, new_due_at: vn('2026-03-04', '16:30'), returned_at: vn('2026-03-05', '09:00') }))['returned-late']?.outcome).toBe('pass');
  });

  it('an apology the same day as the appointment is an observation; the day before passes', () => {
    const sameDay = run(returned({ apology_issued: true, apology_issued_at: vn('2026-03-05', '00:00'), new_due_at: vn('2026-03-09', '16:30') }));
    expect(sameDay['apology-less-than-a-day-before-due']).toMatchObject({ outcome: 'violation', suggests: 'observation' });
    expect(sameDay['apology-after-due']?.outcome).toBe('pass');
    const dayBefore = run(returned({ apology_issued: true, apology_issued_at: vn('2026-03-04', '23:59'), new_due_at: vn('2026-03-09', '16:30') }));
    expect(dayBefore['apology-less-than-a-day-before-due']?.outcome).toBe('pass');
    const atDue = run(returned({ apology_issued: true, apology_issued_at: vn('2026-03-05', '16:30'), new_due_at: vn('2026-03-09', '16:30') }));
    expect(atDue['apology-after-due']?.outcome).toBe('violation');
    expect(atDue['apology-less-than-a-day-before-due']?.outcome).toBe('pass');
  });

  it('a result finished in time and collected later by the citizen is not late', () => {
    const r = run(returned({ finished_at: vn('2026-03-05', '15:00'), returned_at: vn('2026-03-09', '09:00') }));
    expect(r['returned-late']?.outcome).toBe('pass');
    expect(r['overdue-without-apology']?.outcome).toBe('pass');
    // Without the finished time, the return time decides.
    expect(run(returned({ finished_at: undefined, returned_at: vn('2026-03-09', '09:00') }))['returned-late']?.outcome).toBe('violation');
  });

  it('a due date shown without an hour is the whole local day', () => {
    expect(run(returned({ due_at: '2026-03-05', returned_at: vn('2026-03-05', '23:59') }))['returned-late']?.outcome).toBe('pass');
    expect(run(returned({ due_at: '2026-03-05', returned_at: vn('2026-03-06', '00:00') }))['returned-late']?.outcome).toBe('violation');
  });

  it('supplements, reschedules, the statutory limit and online intake', () => {
    const twice = run(returned({ supplement_requests: [{ requested_at: vn('2026-03-03', '09:00') }, { requested_at: vn('2026-03-04', '09:00') }] }));
    expect(twice['supplement-requested-more-than-once']).toMatchObject({ outcome: 'violation', item_code: 'MC-8.7-04', suggests: 'observation' });
    expect(twice['supplement-requested-more-than-once']?.message.vi).toContain('2 lần');
    // With supplements, the appointment moves: the statutory-limit rule leaves the dossier alone.
    expect(twice['appointment-beyond-statutory-limit']?.outcome).toBe('not_applicable');

    expect(run(returned({ apology_count: 2 }))['rescheduled-more-than-once']?.outcome).toBe('violation');
    // Few systems list the letters: a dossier without the count is left out quietly.
    expect(run(returned())['rescheduled-more-than-once']).toMatchObject({ outcome: 'not_applicable', undecided: true, missing: ['apology_count'] });

    // Received Monday 2/3 with 3 working days: Thursday 5/3 is the limit; Friday is one day too late.
    expect(run(returned())['appointment-beyond-statutory-limit']?.outcome).toBe('pass');
    const beyond = run(returned({ due_at: vn('2026-03-06', '08:00'), returned_at: vn('2026-03-05', '10:00') }));
    expect(beyond['appointment-beyond-statutory-limit']).toMatchObject({ outcome: 'violation', item_code: 'MC-8.5.1-02' });
    expect(beyond['appointment-beyond-statutory-limit']?.facts.limit).toBe('2026-03-05');

    // Online, submitted Friday evening: it counts from Monday's opening, like a dossier submitted on Monday morning,
    // so Tuesday is the one working day after it; still waiting on Wednesday is late.
    const waiting = (asOf: string) => run({ channel: 'online', status: 'awaiting_intake', submitted_at: vn('2026-03-06', '20:00'), received_at: null, due_at: null, as_of: asOf });
    expect(waiting(vn('2026-03-10', '16:00'))['online-intake-late']?.outcome).toBe('pass');
    expect(waiting(vn('2026-03-10', '16:00'))['online-intake-late']?.facts.deadline).toBe('2026-03-10');
    expect(waiting(vn('2026-03-11', '08:00'))['online-intake-late']).toMatchObject({ outcome: 'violation', item_code: 'MC-8.5.1-14' });
    expect(waiting(vn('2026-03-11', '08:00'))['received-without-appointment']?.outcome).toBe('not_applicable');
    expect(run(returned({ channel: 'online', submitted_at: vn('2026-03-06', '20:00'), received_at: vn('2026-03-10', '16:00') }))['online-intake-late']?.outcome).toBe('pass');
    const receivedWednesday = run(returned({ channel: 'online', submitted_at: vn('2026-03-06', '20:00'), received_at: vn('2026-03-11', '08:00') }));
    expect(receivedWednesday['online-intake-late']?.outcome).toBe('violation');
    // Submitted Monday at 16:59, before closing, it counts from then: Tuesday is the deadline, as for the evening one.
    expect(run(returned({ channel: 'online', submitted_at: vn('2026-03-09', '16:59'), received_at: vn('2026-03-11', '08:00') }))['online-intake-late']?.outcome).toBe('violation');
    expect(run(returned({ channel: 'online', submitted_at: vn('2026-03-09', '16:59'), received_at: vn('2026-03-10', '16:00') }))['online-intake-late']?.outcome).toBe('pass');
    // A receipt after closing counts from the next working day for the statutory limit too: received Friday 6/3 at
    // 17:30 with 1 working day, the limit is Tuesday 10/3 (from Monday), not Monday.
    const late = run(returned({ received_at: vn('2026-03-06', '17:30'), statutory_days: 1, due_at: vn('2026-03-10', '16:00'), returned_at: vn('2026-03-10', '10:00') }));
    expect(late['appointment-beyond-statutory-limit']).toMatchObject({ outcome: 'pass', facts: { limit: '2026-03-10' } });
    // Without the submission time (not a canonical field yet) the rule stays quiet.
    expect(run(returned({ channel: 'online' }))['online-intake-late']).toMatchObject({ outcome: 'not_applicable', undecided: true });
  });
});

// ── Ground truth: the kinds a real system showed (9 overdue without apology, 6 without appointment) ──────────

describe('ground truth', () => {
  const DUE = vn('2026-03-05', '16:30');
  const sample: Array<[string, CheckDossier, 'overdue' | 'no_due' | null]> = [
    // Returned or still open past the appointment, without an apology letter: 9.
    ['late 25 minutes', returned({ returned_at: vn('2026-03-05', '16:55') }), 'overdue'],
    ['late 3 working days', returned({ returned_at: vn('2026-03-10', '09:00') }), 'overdue'],
    ['late, by post', returned({ channel: 'postal', returned_at: vn('2026-03-06', '08:00') }), 'overdue'],
    ['late, finished late too', returned({ finished_at: vn('2026-03-06', '10:00'), returned_at: vn('2026-03-06', '14:00') }), 'overdue'],
    ['late, a due date without an hour', returned({ due_at: '2026-03-05', returned_at: vn('2026-03-06', '00:10') }), 'overdue'],
    ['open, processing', { status: 'processing', due_at: DUE, apology_issued: false, as_of: CHECK_AS_OF }, 'overdue'],
    ['open, flagged overdue by the system', { status: 'overdue', due_at: DUE, apology_issued: false, as_of: CHECK_AS_OF }, 'overdue'],
    ['open, received only', { status: 'received', due_at: DUE, apology_issued: false, apology_issued_at: null, as_of: CHECK_AS_OF }, 'overdue'],
    ['result ready, finished after the appointment', { status: 'awaiting_return', due_at: DUE, finished_at: vn('2026-03-09', '10:00'), apology_issued: false, as_of: CHECK_AS_OF }, 'overdue'],
    // Received without an appointment date: 6.
    ['no appointment, returned', returned({ due_at: null }), 'no_due'],
    ['no appointment, processing', { status: 'processing', received_at: vn('2026-03-02', '09:00'), due_at: null, as_of: CHECK_AS_OF }, 'no_due'],
    ['no appointment, received', { status: 'received', received_at: vn('2026-03-12', '15:00'), due_at: null, apology_issued: false, as_of: CHECK_AS_OF }, 'no_due'],
    ['no appointment, supplement', { status: 'supplement_requested', received_at: vn('2026-03-03', '09:00'), due_at: null, as_of: CHECK_AS_OF }, 'no_due'],
    ['no appointment, withdrawn', { status: 'withdrawn', received_at: vn('2026-03-03', '09:00'), due_at: null, as_of: CHECK_AS_OF }, 'no_due'],
    ['no appointment, online', { status: 'processing', channel: 'online', submitted_at: vn('2026-03-02', '20:00'), received_at: vn('2026-03-03', '08:00'), due_at: null, as_of: CHECK_AS_OF }, 'no_due'],
    // Everything else conforms to both rules.
    ['early', returned({ returned_at: vn('2026-03-04', '10:00') }), null],
    ['at the appointment minute', returned({ returned_at: DUE }), null],
    ['late with an apology in time', returned({ apology_issued: true, apology_issued_at: vn('2026-03-04', '09:00'), new_due_at: vn('2026-03-09', '16:30'), returned_at: vn('2026-03-09', '10:00') }), null],
    ['late with an apology after the appointment', returned({ apology_issued: true, apology_issued_at: vn('2026-03-06', '09:00'), new_due_at: vn('2026-03-10', '16:30'), returned_at: vn('2026-03-09', '10:00') }), null],
    ['finished in time, collected later', returned({ finished_at: vn('2026-03-05', '11:00'), returned_at: vn('2026-03-12', '09:00') }), null],
    ['open, in term', { status: 'processing', due_at: vn('2026-03-20', '16:30'), apology_issued: false, as_of: CHECK_AS_OF }, null],
    ['open, overdue with an apology', { status: 'overdue', due_at: DUE, apology_issued: true, apology_issued_at: vn('2026-03-04', '09:00'), new_due_at: vn('2026-03-20', '16:30'), as_of: CHECK_AS_OF }, null],
    ['result ready in time, not collected', { status: 'awaiting_return', due_at: DUE, finished_at: vn('2026-03-05', '09:00'), apology_issued: false, as_of: CHECK_AS_OF }, null],
    ['waiting for the citizen to supplement', { status: 'supplement_requested', received_at: vn('2026-03-02', '09:00'), due_at: DUE, apology_issued: false, as_of: CHECK_AS_OF }, null],
    ['refused at intake', { status: 'refused', received_at: vn('2026-03-02', '09:00'), due_at: null, as_of: CHECK_AS_OF }, null],
    ['awaiting intake online', { status: 'awaiting_intake', channel: 'online', submitted_at: vn('2026-03-16', '08:00'), received_at: null, due_at: null, as_of: CHECK_AS_OF }, null],
    ['stopped', { status: 'stopped', received_at: vn('2026-03-02', '09:00'), due_at: DUE, as_of: CHECK_AS_OF }, null],
  ];

  it('finds exactly the 9 dossiers past the appointment without an apology and the 6 without an appointment', () => {
    const found = { overdue: [] as string[], no_due: [] as string[] };
    for (const [name, dossier] of sample) {
      const r = run(dossier);
      if (r['overdue-without-apology']?.outcome === 'violation') found.overdue.push(name);
      if (r['received-without-appointment']?.outcome === 'violation') found.no_due.push(name);
    }
    expect(found.overdue).toEqual(sample.filter(([, , k]) => k === 'overdue').map(([n]) => n));
    expect(found.no_due).toEqual(sample.filter(([, , k]) => k === 'no_due').map(([n]) => n));
    expect(found.overdue).toHaveLength(9);
    expect(found.no_due).toHaveLength(6);
  });
});

// Both demo dossier systems, every dossier against the ground truth their generators carry, read from their pages
// with their site profiles: tests/demo/ground-truth.test.ts.

// ── Properties ─────────────────────────────────────────────────────────────────────────────────────────────────

const START = Date.UTC(2025, 0, 1);
const END = Date.UTC(2027, 11, 31);
const instantArb = fc.integer({ min: START, max: END }).map((ms) => new Date(ms - (ms % 1000)).toISOString());
const dateArb = fc.integer({ min: START, max: END }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const momentArb = fc.oneof(instantArb, dateArb);
/** Any instant or date a schema allows, far years included (the calendar may not cover them). */
const wideMomentArb = fc.oneof(
  fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2300, 0, 1) }).map((ms) => new Date(ms - (ms % 1000)).toISOString()),
  fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2300, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
  momentArb,
);
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Any schema-valid dossier: every field may be absent (not read), null or a value. */
function dossierArb(moment: fc.Arbitrary<string> = momentArb): fc.Arbitrary<CheckDossier> {
  return fc.record(
    {
      dossier_code: orNull(fc.string({ maxLength: 30 })),
      procedure: orNull(fc.string({ maxLength: 30 })),
      procedure_code: orNull(fc.constantFrom('1.001193', '2.000720', '')),
      channel: orNull(fc.constantFrom(...CHECK_CHANNELS)),
      status: orNull(fc.constantFrom(...CANONICAL_STATUSES)),
      submitted_at: orNull(moment),
      received_at: orNull(moment),
      statutory_days: orNull(fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 3650, noNaN: true }))),
      due_at: orNull(moment),
      finished_at: orNull(moment),
      returned_at: orNull(moment),
      apology_issued: orNull(fc.boolean()),
      apology_issued_at: orNull(moment),
      new_due_at: orNull(moment),
      apology_count: orNull(fc.integer({ min: 0, max: 100 })),
      supplement_requests: orNull(fc.array(fc.record({ requested_at: orNull(moment) }), { maxLength: 4 })),
      as_of: instantArb,
    },
    { requiredKeys: ['as_of'] },
  );
}

const OUTCOMES = ['pass', 'violation', 'not_applicable', 'undecidable'];

describe('properties', () => {
  it('evaluation is deterministic and does not change its input', () => {
    fc.assert(
      fc.property(dossierArb(), (dossier) => {
        const copy = JSON.parse(JSON.stringify(dossier)) as CheckDossier;
        const a = evaluateRules(ONE_STOP_118_RULES, dossier, calendar);
        const b = evaluateRules(ONE_STOP_118_RULES, copy, calendar);
        expect(b).toEqual(a);
        expect(copy).toEqual(dossier);
        expect(evaluateDossiers(ONE_STOP_118_RULES, [dossier, copy], calendar)).toEqual([a, a]);
      }),
    );
  });

  it('evaluation never throws on a schema-valid dossier, even for years the calendar does not cover', () => {
    const narrow = fakeCalendar(HOLIDAYS, [2000, 2100]);
    fc.assert(
      fc.property(dossierArb(wideMomentArb), (dossier) => {
        expect(CheckDossierSchema.safeParse(dossier).success).toBe(true);
        for (const r of evaluateRules(ONE_STOP_118_RULES, dossier, narrow).results) {
          expect(OUTCOMES).toContain(r.outcome);
          expect(r.undecided || r.missing.length === 0).toBe(true);
        }
      }),
    );
  });

  const returnedArb = fc.record({
    due: fc.integer({ min: START, max: END }),
    early: fc.integer({ min: 1, max: 30 * 24 * 60 }),
    late: fc.integer({ min: 0, max: 30 * 24 * 60 }),
    later: fc.integer({ min: 0, max: 30 * 24 * 60 }),
    apology: orNull(fc.boolean()),
    apologyShift: fc.integer({ min: -20 * 24 * 60, max: 20 * 24 * 60 }),
    newDueShift: orNull(fc.integer({ min: -5 * 24 * 60, max: 20 * 24 * 60 })),
    finishedShift: fc.option(fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 }), { nil: undefined }),
  });
  const at = (ms: number, minutes: number) => new Date(ms - (ms % 60_000) + minutes * 60_000).toISOString();
  type ReturnedCase = typeof returnedArb extends fc.Arbitrary<infer C> ? C : never;
  const returnedDossier = (p: ReturnedCase, returnedMinutes: number): CheckDossier => ({
    status: 'returned',
    due_at: at(p.due, 0),
    returned_at: at(p.due, returnedMinutes),
    apology_issued: p.apology,
    apology_issued_at: p.apology ? at(p.due, p.apologyShift) : null,
    new_due_at: p.newDueShift === null ? null : at(p.due, p.newDueShift),
    finished_at: p.finishedShift === undefined ? undefined : at(p.due, p.finishedShift),
    as_of: at(p.due, 60 * 24 * 60),
  });
  const outcome = (rule: string, d: CheckDossier) => evaluateRules(ONE_STOP_118_RULES, d, calendar).results.find((r) => r.rule_id === rule);

  it('moving the return later never turns a late dossier on time', () => {
    fc.assert(
      fc.property(returnedArb, (p) => {
        for (const rule of ['returned-late', 'overdue-without-apology']) {
          const first = outcome(rule, returnedDossier(p, p.late));
          const moved = outcome(rule, returnedDossier(p, p.late + p.later));
          if (first?.outcome === 'violation') expect(moved?.outcome).toBe('violation');
          if (rule === 'returned-late' && first?.outcome === 'violation') {
            expect(Number(moved?.facts.minutes_late ?? 0)).toBeGreaterThanOrEqual(Number(first.facts.minutes_late ?? 0));
          }
        }
      }),
    );
  });

  it('a dossier returned before its appointment never violates the lateness rules', () => {
    fc.assert(
      fc.property(returnedArb, (p) => {
        const d = returnedDossier(p, -p.early);
        expect(outcome('returned-late', d)?.outcome).toBe('pass');
        expect(outcome('overdue-without-apology', d)?.outcome).toBe('pass');
      }),
    );
  });

  // Random rule trees within the bounds.
  const TIME_NAMES = [...CHECK_TIME_FIELDS, 'as_of'] as const;
  const { condition } = fc.letrec<{ time: CheckTimeOperand; num: CheckNumberOperand; condition: CheckCondition }>((tie) => ({
    time: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'tree' },
      fc.constantFrom(...TIME_NAMES),
      fc.record({ working_days_after: tie('time'), days: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom('statutory_days', 'apology_count')) }),
      fc.record({ counting_start: tie('time') }),
      fc.record({ if: tie('condition'), then: tie('time'), else: tie('time') }),
    ),
    num: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'tree' },
      fc.integer({ min: -5, max: 2000 }),
      fc.constantFrom('statutory_days', 'apology_count'),
      fc.constant({ count: 'supplement_requests' as const }),
      fc.record({ late_by: tie('time'), against: tie('time'), unit: fc.constantFrom('minutes', 'days', 'working_days') }),
    ),
    condition: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'tree' },
      fc.record({ present: fc.constantFrom('due_at', 'status', 'supplement_requests', 'apology_issued') }),
      fc.record({ missing: fc.constantFrom('returned_at', 'channel', 'statutory_days') }),
      fc.record({ status_in: fc.subarray([...CANONICAL_STATUSES], { minLength: 1 }) }),
      fc.record({ equals: fc.constantFrom<CheckEquality>(['channel', 'online'], ['apology_issued', true], ['status', 'returned'], ['procedure_code', '1.001193']) }),
      fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('condition') }),
      fc.record({ unknown_as: fc.boolean(), cond: tie('condition') }),
      fc.record({ before: fc.tuple(tie('time'), tie('time')), by: fc.constantFrom('minute', 'day') }, { requiredKeys: ['before'] }),
      fc.record({ after: fc.tuple(tie('time'), tie('time')) }),
      fc.record({ at_or_before: fc.tuple(tie('time'), tie('time')) }),
      fc.record({ at_or_after: fc.tuple(tie('time'), tie('time')), by: fc.constant('day') }),
      fc.record({ same_local_day: fc.tuple(tie('time'), tie('time')) }),
      fc.record({ more_than: fc.tuple(tie('num'), tie('num')) }),
      fc.record({ at_least: fc.tuple(tie('num'), tie('num')) }),
      fc.record({ less_than: fc.tuple(tie('num'), tie('num')) }),
      fc.record({ at_most: fc.tuple(tie('num'), tie('num')) }),
      fc.record({ exactly: fc.tuple(tie('num'), tie('num')) }),
    ),
  }));

  it('random rule trees within the bounds parse and evaluate without throwing', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(condition, fc.option(condition, { nil: undefined }), dossierArb(), (violation, when, dossier) => {
        const raw = { ...probe({ present: 'status' }), needs: undefined, violation, when };
        const needs = checkFieldsReadBy({ violation, when, report: undefined });
        const parsed = CheckRuleSchema.safeParse({ ...raw, needs: needs.length > 0 ? needs : ['status'] });
        fc.pre(parsed.success);
        if (!parsed.success) return;
        expect(parsed.data.violation).toEqual(violation);
        const r = evaluateRule(parsed.data, dossier, calendar);
        expect(OUTCOMES).toContain(r.outcome);
        expect(evaluateRule(parsed.data, dossier, calendar)).toEqual(r);
        evaluated += 1;
      }),
      { numRuns: 300 },
    );
    expect(evaluated).toBeGreaterThan(100);
  });
});
