// Calendar amendment schemas: the shipped decisions parse, and each kind of mistake is reported at its path.
import { describe, expect, it } from 'vitest';
import { GOVERNMENT_DECISIONS_2025_2026 } from '../domain/calendar/holidays.ts';
import { CalendarAmendmentSchema, CalendarAmendmentsSchema, type CalendarAmendmentInput } from './calendar.ts';
import { zodErrorsToProblem } from './problem.ts';

const swap: CalendarAmendmentInput = {
  date: '2025-05-02',
  kind: 'day_off',
  name_vi: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)',
  name_en: 'Day off by swap (worked on Saturday 26 April 2025)',
  basis: 'Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024',
};

function problems(schema: typeof CalendarAmendmentSchema | typeof CalendarAmendmentsSchema, value: unknown): string[] {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return r.success ? [] : zodErrorsToProblem(r.error).map((e) => `${e.path}: ${e.message}`);
}

describe('calendar amendment', () => {
  it('accepts an amendment and trims its texts', () => {
    expect(CalendarAmendmentSchema.parse({ ...swap, name_vi: `  ${swap.name_vi} ` })).toEqual(swap);
  });

  it('accepts the shipped 2025 and 2026 decisions, a year at a time', () => {
    for (const year of ['2025', '2026']) {
      const list = GOVERNMENT_DECISIONS_2025_2026.filter((a) => a.date.startsWith(year));
      expect(CalendarAmendmentsSchema.parse(list)).toEqual(list);
    }
  });

  it('refuses what is no date, or a date the calendar does not cover', () => {
    expect(problems(CalendarAmendmentSchema, { ...swap, date: '2025-02-29' })).toEqual(['$.date: a date YYYY-MM-DD']);
    expect(problems(CalendarAmendmentSchema, { ...swap, date: '02/05/2025' })).toEqual(['$.date: a date YYYY-MM-DD']);
    expect(problems(CalendarAmendmentSchema, { ...swap, date: '2007-05-02' })).toEqual(['$.date: a date in 2008–2199']);
  });

  it('refuses an unknown kind, and kinds on the wrong days', () => {
    expect(problems(CalendarAmendmentSchema, { ...swap, kind: 'bridge' })[0]).toMatch(/^\$\.kind: /);
    expect(problems(CalendarAmendmentSchema, { ...swap, kind: 'make_up_working_day' })).toEqual(['$.kind: a make-up working day is a Saturday or Sunday']);
    expect(problems(CalendarAmendmentSchema, { ...swap, date: '2025-04-26' })).toEqual(['$.kind: a day off is a weekday (a weekend day is off already)']);
    expect(CalendarAmendmentSchema.safeParse({ ...swap, date: '2025-04-26', kind: 'make_up_working_day' }).success).toBe(true);
    expect(CalendarAmendmentSchema.safeParse({ ...swap, date: '2025-02-01', kind: 'working' }).success).toBe(true);
    expect(CalendarAmendmentSchema.safeParse({ ...swap, date: '2025-02-01', kind: 'holiday' }).success).toBe(true);
  });

  it('bounds the names at 200 characters and the basis at 500, one line each, all required', () => {
    expect(CalendarAmendmentSchema.safeParse({ ...swap, name_vi: 'ư'.repeat(200) }).success).toBe(true);
    expect(problems(CalendarAmendmentSchema, { ...swap, name_vi: 'ư'.repeat(201) })[0]).toMatch(/^\$\.name_vi: /);
    expect(problems(CalendarAmendmentSchema, { ...swap, name_en: 'Day\noff' })[0]).toMatch(/^\$\.name_en: contains U\+000A/);
    expect(problems(CalendarAmendmentSchema, { ...swap, basis: 'x'.repeat(501) })[0]).toMatch(/^\$\.basis: /);
    expect(problems(CalendarAmendmentSchema, { ...swap, name_en: '  ' })[0]).toMatch(/^\$\.name_en: /);
    const { basis: _basis, ...withoutBasis } = swap;
    expect(problems(CalendarAmendmentSchema, withoutBasis)[0]).toMatch(/^\$\.basis: /);
    expect(problems(CalendarAmendmentSchema, { ...swap, note: 'x' })[0]).toMatch(/^\$: /);
  });
});

describe("a year's amendments", () => {
  const day = (d: number) => ({ ...swap, date: `2027-03-${String(d).padStart(2, '0')}`, kind: 'holiday' as const });

  it('at most 100', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ ...swap, kind: 'holiday' as const, date: new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10) }));
    expect(CalendarAmendmentsSchema.safeParse(many.slice(0, 100)).success).toBe(true);
    expect(problems(CalendarAmendmentsSchema, many)).toEqual(['$: at most 100 amendments in a year']);
  });

  it('one per date, all in one year', () => {
    expect(problems(CalendarAmendmentsSchema, [day(1), day(2), day(1)])).toEqual(['$[2].date: duplicate date 2027-03-01']);
    expect(problems(CalendarAmendmentsSchema, [day(1), { ...swap, kind: 'holiday', date: '2028-03-01' }])).toEqual(["$[1].date: a year's list: 2028-03-01 is not in 2027"]);
    expect(CalendarAmendmentsSchema.parse([])).toEqual([]);
  });

  it('reports an item mistake at its index', () => {
    expect(problems(CalendarAmendmentsSchema, [day(1), { ...day(6), kind: 'day_off' }])).toEqual(['$[1].kind: a day off is a weekday (a weekend day is off already)']);
  });
});
