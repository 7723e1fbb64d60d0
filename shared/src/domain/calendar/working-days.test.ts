// Working-day arithmetic over Vietnam's calendar: examples around Tết and the year end, properties against a naive
// day-by-day count, amendments, the local-date edge of UTC instants, and due times.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOVERNMENT_DECISIONS_2025_2026, HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR, isWeekendDay, type CalendarAmendment } from './holidays.ts';
import { localDateOfDayNumber, localDayNumber } from './lunar.ts';
import { DEFAULT_DUE_CONVENTION, countingStart, createWorkingCalendar, dueInstant, localDateOf } from './working-days.ts';

const plain = createWorkingCalendar();
const decided = createWorkingCalendar({ amendments: GOVERNMENT_DECISIONS_2025_2026 });

const nextDay = (date: string, n = 1) => localDateOfDayNumber(localDayNumber(date) + n);

/** Dates in 2008–2199 (the range is wide: a year table is built on first use). */
const anyDate = fc.integer({ min: localDayNumber(`${HOLIDAYS_FIRST_YEAR}-01-01`), max: localDayNumber(`${HOLIDAYS_LAST_YEAR - 2}-12-31`) }).map(localDateOfDayNumber);
/** Dates of 2024–2027, where holidays are dense enough to matter. */
const recentDate = fc.integer({ min: localDayNumber('2024-01-01'), max: localDayNumber('2027-12-31') }).map(localDateOfDayNumber);

describe('day kinds', () => {
  it('tells working days, weekends, holidays, days off and make-up days apart, with names', () => {
    expect(decided.day('2026-02-17')).toEqual({ date: '2026-02-17', kind: 'holiday', working: false, name: { vi: 'Tết Âm lịch (mùng 1 tháng Giêng)', en: 'Lunar New Year (Tết): day 1 of month 1' } });
    expect(decided.day('2026-02-23')).toEqual({ date: '2026-02-23', kind: 'working', working: true });
    expect(decided.day('2026-02-21')).toEqual({ date: '2026-02-21', kind: 'weekend', working: false });
    expect(decided.day('2026-01-02')).toMatchObject({ kind: 'day_off', working: false });
    expect(decided.day('2026-01-10')).toMatchObject({ kind: 'make_up_working_day', working: true });
    expect(decided.day('2026-04-27')).toMatchObject({ kind: 'day_off', working: false, name: { vi: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)' } });
    expect(plain.day('2026-01-10').kind).toBe('weekend');
    expect(plain.isWorkingDay('2026-01-02')).toBe(true);
    expect(decided.isWorkingDay('2026-01-02')).toBe(false);
  });

  it('refuses what is no date, and years outside 2008–2199', () => {
    for (const bad of ['2025-02-29', '2025-2-01', '2025-13-01', '2025-00-10', '2025-01-32', '20250101', 'hôm nay', '2025-01-0x', '']) {
      expect(() => plain.isWorkingDay(bad), bad).toThrow(RangeError);
      expect(() => plain.day(bad), bad).toThrow(RangeError);
    }
    expect(plain.isWorkingDay('2024-02-29')).toBe(true);
    expect(() => plain.isWorkingDay('2007-12-31')).toThrow('2008–2199');
    expect(() => plain.addWorkingDays('2199-12-30', 5)).toThrow(RangeError);
    expect(() => plain.addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => plain.addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });

  it('looks a day up in well under a microsecond once its year is built', () => {
    const dates = Array.from({ length: 730 }, (_, i) => nextDay('2025-01-01', i));
    for (const d of dates) decided.isWorkingDay(d);
    const start = Date.now();
    let working = 0;
    for (let r = 0; r < 1000; r++) for (const d of dates) if (decided.isWorkingDay(d)) working += 1;
    const perCallNs = ((Date.now() - start) * 1e6) / (1000 * dates.length);
    expect(working).toBe(1000 * 500); // 2025 and 2026: 250 working days each
    expect(perCallNs).toBeLessThan(2000); // about 0.1 µs; the bound leaves room for a slow machine
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('counts over Tết 2026 and the year end', () => {
    expect(decided.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(decided.addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    expect(decided.addWorkingDays('2026-02-17', 0)).toBe('2026-02-23');
    expect(decided.addWorkingDays('2026-02-23', 0)).toBe('2026-02-23');
    expect(decided.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(plain.addWorkingDays('2025-12-31', 1)).toBe('2026-01-02');
    expect(decided.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10'); // the make-up Saturday
    expect(decided.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    expect(decided.workingDaysBetween('2026-02-27', '2026-02-13')).toBe(0);
    expect(decided.workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    expect(decided.workingDaysBetween('2026-02-16', '2026-02-22')).toBe(0);
    // 2025: 261 weekdays − 12 off (1/1, Tết 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9) + Saturday 26/4 = 250.
    // 2026: 261 weekdays − 13 off (1/1, 2/1, Tết 16–20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9) + Saturdays 10/1, 22/8 = 250.
    expect(decided.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(250);
    expect(decided.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(250);
    expect(decided.workingDaysBetween('2024-12-31', '2026-12-31')).toBe(500);
  });

  it('agrees with a naive day-by-day count (property)', () => {
    const naiveAdd = (date: string, n: number) => {
      let d = date;
      if (n === 0) {
        while (!decided.isWorkingDay(d)) d = nextDay(d);
        return d;
      }
      for (let left = n; left > 0; ) {
        d = nextDay(d);
        if (decided.isWorkingDay(d)) left -= 1;
      }
      return d;
    };
    const naiveBetween = (from: string, to: string) => {
      let count = 0;
      for (let d = nextDay(from); d <= to; d = nextDay(d)) if (decided.isWorkingDay(d)) count += 1;
      return count;
    };
    fc.assert(
      fc.property(recentDate, fc.nat(300), (d, n) => {
        expect(decided.addWorkingDays(d, n)).toBe(naiveAdd(d, n));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(recentDate, recentDate, (a, b) => {
        expect(decided.workingDaysBetween(a, b)).toBe(naiveBetween(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('lands on a working day, counts back to n from a working day, and grows with n (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(400), fc.nat(400), (d, n, m) => {
        const end = plain.addWorkingDays(d, n);
        expect(plain.isWorkingDay(end)).toBe(true);
        expect(['working', 'make_up_working_day']).toContain(plain.day(end).kind);
        const start = plain.addWorkingDays(d, 0);
        expect(plain.workingDaysBetween(start, plain.addWorkingDays(start, n))).toBe(n);
        const [lo, hi] = n <= m ? [n, m] : [m, n];
        expect(plain.addWorkingDays(d, lo) <= plain.addWorkingDays(d, hi)).toBe(true);
        if (lo >= 1 && lo < hi) expect(plain.addWorkingDays(d, lo) < plain.addWorkingDays(d, hi)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('amendments', () => {
  const amendmentsArb = fc.uniqueArray(
    fc.record({ date: recentDate, kind: fc.constantFrom<CalendarAmendment['kind']>('holiday', 'day_off', 'make_up_working_day', 'working') }),
    { selector: (a) => a.date, maxLength: 30 },
  ).map((list) =>
    // Only well-formed amendments: make-up days on weekends, days off on weekdays (what the schema accepts).
    list
      .filter((a) => (a.kind === 'make_up_working_day' ? isWeekendDay(localDayNumber(a.date)) : a.kind === 'day_off' ? !isWeekendDay(localDayNumber(a.date)) : true))
      .map((a): CalendarAmendment => ({ ...a, name_vi: 'Điều chỉnh', name_en: 'Amendment', basis: 'test' })),
  );

  it('override the computed kind, and add never lands on a weekend or holiday unless amended a make-up day (property)', () => {
    fc.assert(
      fc.property(amendmentsArb, recentDate, fc.nat(120), (amendments, d, n) => {
        const calendar = createWorkingCalendar({ amendments });
        for (const a of amendments) {
          const weekend = isWeekendDay(localDayNumber(a.date));
          const expected = a.kind === 'working' ? (weekend ? 'weekend' : 'working') : a.kind;
          expect(calendar.day(a.date).kind, a.date).toBe(expected);
        }
        const end = calendar.addWorkingDays(d, n);
        const kind = calendar.day(end).kind;
        expect(['working', 'make_up_working_day']).toContain(kind);
        if (kind === 'make_up_working_day') expect(amendments.some((a) => a.date === end && a.kind === 'make_up_working_day')).toBe(true);
        if (isWeekendDay(localDayNumber(end))) expect(kind).toBe('make_up_working_day');
      }),
      { numRuns: 200 },
    );
  });

  it('a holiday on a weekend produces the compensatory day', () => {
    const calendar = createWorkingCalendar({ amendments: [{ date: '2027-06-05', kind: 'holiday', name_vi: 'Ngày lễ thử', name_en: 'Test holiday', basis: 'test' }] });
    expect(calendar.day('2027-06-05').kind).toBe('holiday'); // a Saturday
    expect(calendar.day('2027-06-07')).toMatchObject({ kind: 'day_off', name: { vi: 'Nghỉ bù Ngày lễ thử', en: 'Compensatory day off for Test holiday' } });
    expect(plain.day('2027-06-07').kind).toBe('working');
  });

  it("the rules' Quốc khánh second day option", () => {
    const before = createWorkingCalendar({ nationalDaySecondDay: 'before' });
    expect([before.day('2027-09-01').kind, before.day('2027-09-03').kind]).toEqual(['holiday', 'working']);
    expect([plain.day('2027-09-01').kind, plain.day('2027-09-03').kind]).toEqual(['working', 'holiday']);
  });
});

describe('instants', () => {
  it('an instant at 2026-02-16T17:30Z is already 2026-02-17 in Vietnam: Tết', () => {
    for (const instant of ['2026-02-16T17:30:00Z', '2026-02-17T00:30:00+07:00', Date.parse('2026-02-16T17:30:00Z'), new Date('2026-02-16T17:30:00Z')]) {
      expect(localDateOf(instant)).toBe('2026-02-17');
    }
    expect(localDateOf('2026-02-16T16:59:59.999Z')).toBe('2026-02-16');
    expect(plain.day(localDateOf('2026-02-16T17:30:00Z')).name?.vi).toBe('Tết Âm lịch (mùng 1 tháng Giêng)');
    expect(() => localDateOf('not a time')).toThrow(RangeError);
  });

  it('a dossier received during office hours is due at the same time n working days later', () => {
    // Friday 13/2/2026 10:00 local, 3 working days: Tết 16–20/2, then 23, 24, 25/2.
    expect(dueInstant('2026-02-13T03:00:00Z', 3, decided)).toBe('2026-02-25T03:00:00.000Z');
    expect(dueInstant('2026-02-13T03:00:00Z', 0, decided)).toBe('2026-02-13T03:00:00.000Z');
    expect(countingStart('2026-02-13T03:00:00Z', decided)).toBe('2026-02-13T03:00:00.000Z');
  });

  it('before opening it counts from the opening; after closing or on a day off, from the next working day opening', () => {
    expect(DEFAULT_DUE_CONVENTION).toEqual({ opens: '07:30', closes: '17:00' });
    // Monday 23/2/2026 06:10 local → from 07:30 the same day.
    expect(dueInstant('2026-02-22T23:10:00Z', 2, decided)).toBe('2026-02-25T00:30:00.000Z');
    // Friday 13/2/2026 17:00 local (closing time) → from Monday 23/2 07:30.
    expect(countingStart('2026-02-13T10:00:00Z', decided)).toBe('2026-02-23T00:30:00.000Z');
    expect(dueInstant('2026-02-13T10:00:00Z', 3, decided)).toBe('2026-02-26T00:30:00.000Z');
    // Online on 1/1/2026 (a holiday) at 09:00 → from Monday 5/1 07:30 (2/1 is off, 3–4/1 a weekend).
    expect(dueInstant('2026-01-01T02:00:00Z', 1, decided)).toBe('2026-01-06T00:30:00.000Z');
    // The make-up Saturday 10/1/2026 is a working day.
    expect(countingStart('2026-01-10T02:00:00Z', decided)).toBe('2026-01-10T02:00:00.000Z');
    expect(countingStart('2026-01-10T02:00:00Z', plain)).toBe('2026-01-12T00:30:00.000Z');
  });

  it('takes the office hours as a named convention', () => {
    const hours = { opens: '08:00', closes: '16:30' };
    expect(dueInstant('2026-03-02T09:45:00Z', 1, plain, hours)).toBe('2026-03-04T01:00:00.000Z'); // Mon 16:45 → from Tue 08:00
    expect(dueInstant('2026-03-02T09:15:00Z', 1, plain, hours)).toBe('2026-03-03T09:15:00.000Z'); // Mon 16:15 → Tue 16:15
    expect(() => dueInstant('2026-03-02T09:15:00Z', 1, plain, { opens: '17:00', closes: '08:00' })).toThrow(RangeError);
    expect(() => dueInstant('2026-03-02T09:15:00Z', 1, plain, { opens: '8h', closes: '17:00' })).toThrow(RangeError);
    expect(() => dueInstant('2026-03-02T09:15:00Z', -1, plain)).toThrow(RangeError);
  });

  it('the due instant is a working day at the counting start time of day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }), fc.nat(60), (received, n) => {
        const start = countingStart(received, decided);
        const due = dueInstant(received, n, decided);
        expect(Date.parse(start)).toBeGreaterThanOrEqual(received);
        expect(decided.isWorkingDay(localDateOf(start))).toBe(true);
        expect(decided.isWorkingDay(localDateOf(due))).toBe(true);
        expect(due.slice(10)).toBe(start.slice(10));
        expect(decided.workingDaysBetween(localDateOf(start), localDateOf(due))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});
