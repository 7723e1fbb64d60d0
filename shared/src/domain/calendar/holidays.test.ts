// Public holidays by year (Labour Code 2019 art. 112 and its predecessors), compensatory days, and the amendments
// that carry the Government's yearly decisions.
import { describe, expect, it } from 'vitest';
import {
  GOVERNMENT_DECISIONS_2025_2026,
  HOLIDAYS_FIRST_YEAR,
  HOLIDAYS_LAST_YEAR,
  isWeekendDay,
  publicHolidays,
  specialDays,
  weekdayOf,
  type CalendarAmendment,
} from './holidays.ts';
import { localDayNumber, lunarToSolar } from './lunar.ts';

const dates = (year: number) => publicHolidays(year).map((h) => h.date);
const offDays = (year: number, amendments: readonly CalendarAmendment[] = []) =>
  specialDays(year, amendments)
    .filter((s) => s.kind === 'holiday' || s.kind === 'day_off')
    .map((s) => s.date);

describe('public holidays', () => {
  it('2026: the eleven days of the Labour Code 2019, Tết from 29 tháng Chạp to mùng 4', () => {
    expect(publicHolidays(2026).map((h) => `${h.date} ${h.id}`)).toEqual([
      '2026-01-01 new_year',
      '2026-02-16 tet',
      '2026-02-17 tet',
      '2026-02-18 tet',
      '2026-02-19 tet',
      '2026-02-20 tet',
      '2026-04-26 hung_kings',
      '2026-04-30 victory_day',
      '2026-05-01 labour_day',
      '2026-09-02 national_day',
      '2026-09-03 national_day',
    ]);
  });

  it('names every day in Vietnamese and English', () => {
    const names = publicHolidays(2024).map((h) => h.name);
    expect(names[1]).toEqual({ vi: 'Tết Âm lịch (30 tháng Chạp)', en: 'Lunar New Year (Tết): last day of the lunar year' });
    expect(names[2]).toEqual({ vi: 'Tết Âm lịch (mùng 1 tháng Giêng)', en: 'Lunar New Year (Tết): day 1 of month 1' });
    expect(publicHolidays(2025)[1]?.name.vi).toBe('Tết Âm lịch (29 tháng Chạp)');
    for (let y = 2008; y <= 2040; y++) {
      for (const h of publicHolidays(y)) {
        expect(h.name.vi.length).toBeGreaterThan(0);
        expect(h.name.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('Tết: the last day of the lunar year and the first days of month 1', () => {
    for (let y = 2014; y <= HOLIDAYS_LAST_YEAR; y++) {
      const tet = publicHolidays(y).filter((h) => h.id === 'tet');
      const first = localDayNumber(lunarToSolar({ year: y, month: 1, day: 1, leap: false }));
      expect(tet.map((h) => localDayNumber(h.date) - first)).toEqual([-1, 0, 1, 2, 3]);
    }
  });

  it('follows the statute in force: 4 days of Tết up to 2013, Quốc khánh one day before 2021', () => {
    expect(dates(2013)).toEqual(['2013-01-01', '2013-02-09', '2013-02-10', '2013-02-11', '2013-02-12', '2013-04-19', '2013-04-30', '2013-05-01', '2013-09-02']);
    expect(publicHolidays(2014).filter((h) => h.id === 'tet')).toHaveLength(5);
    expect(publicHolidays(2020).filter((h) => h.id === 'national_day').map((h) => h.date)).toEqual(['2020-09-02']);
    expect(publicHolidays(2021).filter((h) => h.id === 'national_day').map((h) => h.date)).toEqual(['2021-09-02', '2021-09-03']);
  });

  it("Quốc khánh's second day: the day after by default, the day before when the rules say so", () => {
    expect(publicHolidays(2027, { nationalDaySecondDay: 'before' }).filter((h) => h.id === 'national_day')).toEqual([
      { date: '2027-09-01', id: 'national_day', name: { vi: 'Quốc khánh (ngày liền trước 2/9)', en: 'National Day (the day before 2 September)' } },
      { date: '2027-09-02', id: 'national_day', name: { vi: 'Quốc khánh (2/9)', en: 'National Day' } },
    ]);
  });

  it('covers 2008–2199 only', () => {
    expect(() => publicHolidays(HOLIDAYS_FIRST_YEAR - 1)).toThrow(RangeError);
    expect(() => publicHolidays(HOLIDAYS_LAST_YEAR + 1)).toThrow(RangeError);
    expect(() => specialDays(2200)).toThrow(RangeError);
  });
});

describe('compensatory days', () => {
  it('a holiday on a Sunday gives the Monday: Giỗ Tổ 2026 (26/4) and Tết Dương lịch 2023', () => {
    expect(specialDays(2026).filter((s) => s.source === 'compensatory')).toEqual([
      { date: '2026-04-27', kind: 'day_off', source: 'compensatory', name: { vi: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)', en: "Compensatory day off for Hùng Kings' Commemoration Day" } },
    ]);
    expect(offDays(2023)[1]).toBe('2023-01-02');
  });

  it('Tết over a weekend ends with as many days off as it had weekend days (2024: Sat 10/2, Sun 11/2)', () => {
    expect(offDays(2024).filter((d) => d.startsWith('2024-02'))).toEqual(['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15']);
  });

  it('holidays in a row on a weekend push each other on: 2023 Giỗ Tổ (Sat 29/4), 30/4 (Sun), 1/5 (Mon)', () => {
    expect(offDays(2023).filter((d) => d >= '2023-04-01' && d <= '2023-05-31')).toEqual(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']);
  });

  it('one compensatory weekday per weekend holiday, after it, in every year (property over 2008–2199)', () => {
    for (let y = HOLIDAYS_FIRST_YEAR; y <= HOLIDAYS_LAST_YEAR; y++) {
      const special = specialDays(y);
      const weekendHolidays = special.filter((s) => s.kind === 'holiday' && isWeekendDay(localDayNumber(s.date)));
      const compensatory = special.filter((s) => s.source === 'compensatory');
      expect(compensatory.length, String(y)).toBe(weekendHolidays.length);
      compensatory.forEach((c, i) => {
        expect(isWeekendDay(localDayNumber(c.date)), c.date).toBe(false);
        expect(c.date > (weekendHolidays[i]?.date ?? ''), c.date).toBe(true);
      });
    }
  });
});

describe('amendments', () => {
  const amendment = (date: string, kind: CalendarAmendment['kind']): CalendarAmendment => ({ date, kind, name_vi: `Điều chỉnh ${date}`, name_en: `Amendment ${date}`, basis: 'test' });

  it('override the computed kind of their date, and only of their date', () => {
    const days = specialDays(2026, [amendment('2026-02-20', 'working'), amendment('2026-02-13', 'holiday'), amendment('2026-03-09', 'day_off'), amendment('2026-03-07', 'make_up_working_day')]);
    const kindOf = (date: string) => days.find((s) => s.date === date)?.kind;
    expect([kindOf('2026-02-13'), kindOf('2026-02-20'), kindOf('2026-03-07'), kindOf('2026-03-09')]).toEqual(['holiday', 'working', 'make_up_working_day', 'day_off']);
    expect(days.find((s) => s.date === '2026-02-13')?.name).toEqual({ vi: 'Điều chỉnh 2026-02-13', en: 'Amendment 2026-02-13' });
    expect(kindOf('2026-02-19')).toBe('holiday');
  });

  it('withdrawing a weekend holiday withdraws its compensatory day; an added weekend holiday brings one', () => {
    expect(offDays(2025)).toContain('2025-02-03'); // computed: mùng 4 (Sat 1/2) made up on Monday
    expect(offDays(2025, [amendment('2025-02-01', 'working')])).not.toContain('2025-02-03');
    expect(specialDays(2025, [amendment('2025-02-01', 'working')]).find((s) => s.date === '2025-02-01')?.kind).toBe('weekend');
    expect(offDays(2026, [amendment('2026-06-06', 'holiday')])).toContain('2026-06-08');
  });

  it('a working amendment cancels a compensatory day rather than moving it', () => {
    expect(offDays(2026, [amendment('2026-04-27', 'working')]).filter((d) => d.startsWith('2026-04'))).toEqual(['2026-04-26', '2026-04-30']);
  });

  it('a holiday added on the last Sunday of a year is made up in January of the next', () => {
    // Sunday 31/12/2028 → Monday 1/1/2029 is Tết Dương lịch → Tuesday 2/1.
    expect(offDays(2029, [amendment('2028-12-31', 'holiday')]).slice(0, 2)).toEqual(['2029-01-01', '2029-01-02']);
    expect(offDays(2029).slice(0, 2)).toEqual(['2029-01-01', '2029-02-12']);
    expect(offDays(2028, [amendment('2028-12-31', 'holiday')]).at(-1)).toBe('2028-12-31');
  });

  it('later amendments of a date replace earlier ones', () => {
    expect(specialDays(2026, [amendment('2026-03-09', 'day_off'), amendment('2026-03-09', 'working')]).find((s) => s.date === '2026-03-09')?.kind).toBe('working');
  });
});

describe('the 2025 and 2026 decisions (civil servants)', () => {
  /** Every date from `from` to `to`. */
  const range = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = localDayNumber(from); d <= localDayNumber(to); d++) out.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
    return out;
  };
  /** The dates of `year` that are not worked: weekends not made up, holidays and days off. */
  const notWorked = (year: number) => {
    const special = new Map(specialDays(year, GOVERNMENT_DECISIONS_2025_2026).map((s) => [s.date, s.kind]));
    return range(`${year}-01-01`, `${year}-12-31`).filter((d) => {
      const kind = special.get(d);
      return kind === undefined ? isWeekendDay(localDayNumber(d)) : kind !== 'working' && kind !== 'make_up_working_day';
    });
  };

  it('2025: Tết 25/1–2/2, 30/4–4/5 with Saturday 26/4 worked, Quốc khánh 30/8–2/9', () => {
    const off = notWorked(2025);
    for (const d of [...range('2025-01-25', '2025-02-02'), ...range('2025-04-30', '2025-05-04'), ...range('2025-08-30', '2025-09-02'), '2025-04-05', '2025-04-06', '2025-04-07']) expect(off, d).toContain(d);
    for (const d of ['2025-01-24', '2025-02-03', '2025-04-26', '2025-05-05', '2025-08-29', '2025-09-03']) expect(off, d).not.toContain(d);
    // 1/1, 5 days of Tết, Giỗ Tổ, 30/4, 1/5, 2 days of Quốc khánh: 11 holidays, and one swapped day off.
    expect(specialDays(2025, GOVERNMENT_DECISIONS_2025_2026).filter((s) => s.kind === 'holiday')).toHaveLength(11);
  });

  it('2026: 1/1–4/1 with Saturday 10/1 worked, Tết 14/2–22/2, Giỗ Tổ 25/4–27/4, Quốc khánh 29/8–2/9 with Saturday 22/8 worked', () => {
    const off = notWorked(2026);
    for (const d of [...range('2026-01-01', '2026-01-04'), ...range('2026-02-14', '2026-02-22'), ...range('2026-04-25', '2026-04-27'), ...range('2026-04-30', '2026-05-03'), ...range('2026-08-29', '2026-09-02')]) expect(off, d).toContain(d);
    for (const d of ['2026-01-05', '2026-01-10', '2026-02-13', '2026-02-23', '2026-04-28', '2026-08-22', '2026-08-28', '2026-09-03']) expect(off, d).not.toContain(d);
  });

  it('are all weekday days off, weekend make-up days, holidays and withdrawals, named and sourced', () => {
    for (const a of GOVERNMENT_DECISIONS_2025_2026) {
      const weekday = weekdayOf(localDayNumber(a.date));
      if (a.kind === 'day_off') expect(weekday === 0 || weekday === 6, a.date).toBe(false);
      if (a.kind === 'make_up_working_day') expect(weekday === 0 || weekday === 6, a.date).toBe(true);
      expect(a.basis).toMatch(/^(Thông báo|Công văn) \d+\//);
    }
  });
});
