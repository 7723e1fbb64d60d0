// The Vietnamese lunisolar calendar: published dates, the astronomy it rests on, and properties over 1900–2199.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LUNAR_FIRST_YEAR,
  LUNAR_LAST_YEAR,
  leapMonthOf,
  localDateOfDayNumber,
  localDayNumber,
  lunarToSolar,
  lunarYearMonths,
  lunisolarCalendar,
  newMoonUtc,
  solarToLunar,
  sunApparentLongitude,
  type LunarDate,
} from './lunar.ts';

const tet = (year: number) => lunarToSolar({ year, month: 1, day: 1, leap: false });
const china = lunisolarCalendar(8);
/** The lunation of the mean new moon nearest a date. */
const lunationNear = (date: string) => Math.round((Date.parse(`${date}T12:00:00Z`) / 86_400_000 + 2440587.5 - 2451550.09766) / 29.530588861);
const minutes = (ms: number) => ms / 60_000;

describe('published dates', () => {
  it.each([
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
  ])('Tết %i is %s', (year, date) => {
    expect(tet(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it('Tết 2030 is 2 February in Vietnam, 3 February in China: the new moon is at 16:07 UT', () => {
    // 23:07 on 2 February at UTC+7, 00:07 on the 3rd at UTC+8 (the often-quoted 2030-02-03 is China's date).
    const k = lunationNear('2030-02-02');
    expect(new Date(newMoonUtc(k)).toISOString().slice(0, 16)).toBe('2030-02-02T16:07');
    expect(tet(2030)).toBe('2030-02-02');
    expect(china.lunarToSolar({ year: 2030, month: 1, day: 1, leap: false })).toBe('2030-02-03');
  });

  it('differs from the UTC+8 calendar where the time zone decides: 1968, 1985, 2007', () => {
    // 1968: North Vietnam's Tết Mậu Thân came a day before the South's, which kept UTC+8.
    expect([tet(1968), china.lunarToSolar({ year: 1968, month: 1, day: 1, leap: false })]).toEqual(['1968-01-29', '1968-01-30']);
    // 1985: the 1984 winter solstice was at 16:23 UT, on 21 December at UTC+7 (so before the new moon day, 22
    // December, and month 11 began in November), on 22 December at UTC+8 (month 11 began on the 22nd).
    expect([tet(1985), china.lunarToSolar({ year: 1985, month: 1, day: 1, leap: false })]).toEqual(['1985-01-21', '1985-02-20']);
    expect(solarToLunar('1984-12-22')).toEqual({ year: 1984, month: 12, day: 1, leap: false });
    expect(china.solarToLunar('1984-12-22')).toEqual({ year: 1984, month: 11, day: 1, leap: false });
    // 2007: the new moon at 16:14 UT is 23:14 on 17 February at UTC+7.
    expect([tet(2007), china.lunarToSolar({ year: 2007, month: 1, day: 1, leap: false })]).toEqual(['2007-02-17', '2007-02-18']);
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3) %i is %s', (year, date) => {
    expect(lunarToSolar({ year, month: 3, day: 10, leap: false })).toBe(date);
  });

  it('leap month 2 of 2023 runs from 22 March to 19 April', () => {
    expect(leapMonthOf(2023)).toBe(2);
    expect(solarToLunar('2023-03-21')).toEqual({ year: 2023, month: 2, day: 30, leap: false });
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarToLunar('2023-04-19')).toEqual({ year: 2023, month: 2, day: 29, leap: true });
    expect(solarToLunar('2023-04-20')).toEqual({ year: 2023, month: 3, day: 1, leap: false });
    expect(lunarYearMonths(2023).find((m) => m.leap)).toEqual({ year: 2023, month: 2, leap: true, start: '2023-03-22', length: 29 });
  });

  it('leap month 6 of 2025 runs from 25 July to 22 August', () => {
    expect(leapMonthOf(2025)).toBe(6);
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ year: 2025, month: 6, day: 29, leap: true })).toBe('2025-08-22');
    expect(solarToLunar('2025-08-23')).toEqual({ year: 2025, month: 7, day: 1, leap: false });
    expect(lunarYearMonths(2025)).toHaveLength(13);
  });

  it('leap months 1990–2060 (the same years and months as the UTC+8 calendar; 2033 has leap month 11)', () => {
    const leaps: Record<number, number> = {};
    for (let y = 1990; y <= 2060; y++) {
      const m = leapMonthOf(y);
      if (m !== null) leaps[y] = m;
    }
    expect(leaps).toEqual({
      1990: 5, 1993: 3, 1995: 8, 1998: 5, 2001: 4, 2004: 2, 2006: 7, 2009: 5, 2012: 4, 2014: 9, 2017: 6, 2020: 4, 2023: 2,
      2025: 6, 2028: 5, 2031: 3, 2033: 11, 2036: 6, 2039: 5, 2042: 2, 2044: 7, 2047: 5, 2050: 3, 2052: 8, 2055: 6, 2058: 4,
    });
  });

  it('lunar dates around the year end: 29 tháng Chạp 2025 is the eve of Tết 2026', () => {
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(solarToLunar('2025-12-31')).toEqual({ year: 2025, month: 11, day: 12, leap: false });
    expect(solarToLunar('1900-01-01')).toEqual({ year: 1899, month: 12, day: 1, leap: false });
    expect(solarToLunar('2199-12-31').year).toBe(2199);
  });
});

describe('the astronomy', () => {
  it.each([
    // Published new moon times (UT, to the minute).
    ['2000-01-06', '18:14'],
    ['1985-01-21', '02:28'],
    ['2007-02-17', '16:14'],
    ['2023-01-21', '20:53'],
    ['2024-02-09', '22:59'],
    ['2025-01-29', '12:36'],
    ['2026-02-17', '12:01'],
  ])('the new moon of %s is at %s UT (within a minute)', (date, hhmm) => {
    const published = Date.parse(`${date}T${hhmm}:30Z`);
    expect(Math.abs(minutes(newMoonUtc(lunationNear(date)) - published))).toBeLessThan(1.5);
  });

  it('Meeus example 49.a: the new moon of 1977 February is at 3:37:42 TT, 3:36:55 UT', () => {
    expect(Math.abs(newMoonUtc(-283) - Date.parse('1977-02-18T03:36:55Z'))).toBeLessThan(10_000);
  });

  /** The instant (ms) the sun reaches `longitude`, by Newton's method from a guess. */
  const solarTerm = (longitude: number, guess: string) => {
    let t = Date.parse(guess);
    for (let i = 0; i < 6; i++) {
      const d = ((longitude - sunApparentLongitude(t) + 540) % 360) - 180;
      t += (d / 360) * 365.2422 * 86_400_000;
    }
    return t;
  };

  it.each([
    // Published equinoxes and solstices (UT, to the minute).
    [270, '1984-12-21', '16:23'],
    [270, '2000-12-21', '13:37'],
    [0, '2020-03-20', '03:50'],
    [270, '2022-12-21', '21:48'],
    [0, '2023-03-20', '21:24'],
    [90, '2023-06-21', '14:57'],
    [180, '2023-09-23', '06:50'],
    [0, '2024-03-20', '03:06'],
    [90, '2024-06-20', '20:51'],
    [180, '2024-09-22', '12:44'],
    [270, '2024-12-21', '09:20'],
    [0, '2025-03-20', '09:01'],
    [90, '2025-06-21', '02:42'],
    [180, '2025-09-22', '18:19'],
    [270, '2025-12-21', '15:03'],
  ])('the sun reaches %i° on %s at %s UT (within a minute)', (longitude, date, hhmm) => {
    const published = Date.parse(`${date}T${hhmm}:30Z`);
    expect(Math.abs(minutes(solarTerm(longitude, `${date}T12:00:00Z`) - published))).toBeLessThan(1.5);
  });

  it('pins the closest calls of 1900–2199: month starts within 2 minutes of midnight at UTC+7', () => {
    // A new moon (or, for 1938, the autumn equinox) this close to local midnight could move by a day with a
    // better ephemeris; after 2100 the uncertainty of ΔT (minutes) matters more. Dates as computed here.
    const starts: [string, string][] = [
      ['1944-06-20', '5'], // new moon 23:59.6
      ['1967-07-07', '6'], // 23:59.99
      ['1998-09-21', '8'], // 00:01.4
      ['2054-05-08', '4'], // 00:00.4
      ['2072-12-09', '11'], // 23:58.8
      ['2077-11-15', '10'], // 23:59.8
      ['2085-10-18', '9'], // 23:59.5
      ['2130-05-07', '4'], // 23:58.1
      ['2150-05-26', '5'], // 23:59.5
      ['2153-10-18', '9'], // 00:01.2
      ['2159-05-17', '4'], // 23:58.2
      ['2175-01-22', '1'], // 23:59.6: Tết 2175
      ['2188-04-27', '4'], // 00:01.9
    ];
    for (const [date, month] of starts) {
      const l = solarToLunar(date);
      expect(`${l.month}/${l.day}`, date).toBe(`${month}/1`);
    }
    // 1938: the autumn equinox at 23:59.7 on 23 September, the eve of a new moon day, makes month 8 the leap month.
    expect(leapMonthOf(1938)).toBe(8);
  });
});

describe('properties', () => {
  it('solarToLunar and lunarToSolar are inverse on every day of 1900–2199', () => {
    const first = localDayNumber('1900-01-01');
    const last = localDayNumber('2199-12-31');
    let previous = solarToLunar('1900-01-01');
    for (let day = first; day <= last; day++) {
      const date = localDateOfDayNumber(day);
      const lunar = solarToLunar(date);
      if (lunarToSolar(lunar) !== date) expect(lunarToSolar(lunar), date).toBe(date);
      // Consecutive days: the next day of the month, or day 1 of the next month.
      if (day > first && lunar.day !== previous.day + 1 && lunar.day !== 1) expect(lunar, date).toEqual({ ...previous, day: previous.day + 1 });
      previous = lunar;
    }
  });

  it('months have 29 or 30 days, years 12 or 13 months, and a leap month only in a 13-month year', () => {
    for (let year = LUNAR_FIRST_YEAR; year <= LUNAR_LAST_YEAR; year++) {
      const months = lunarYearMonths(year);
      const leaps = months.filter((m) => m.leap);
      expect([12, 13], String(year)).toContain(months.length);
      expect(leaps.length, String(year)).toBe(months.length - 12);
      expect(months.filter((m) => !m.leap).map((m) => m.month), String(year)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      for (const m of months) expect([29, 30], `${year}/${m.month}`).toContain(m.length);
      // Months follow each other without a gap, into the next year.
      months.forEach((m, i) => {
        const next = months[i + 1] ?? lunarYearMonths(Math.min(year + 1, LUNAR_LAST_YEAR))[0];
        if (year < LUNAR_LAST_YEAR || i + 1 < months.length) expect(localDayNumber(m.start) + m.length, `${year}/${m.month}`).toBe(localDayNumber(next?.start ?? ''));
      });
    }
  });

  it('day 1 of every month is the local day (UTC+7) of a new moon', () => {
    for (let year = LUNAR_FIRST_YEAR; year <= LUNAR_LAST_YEAR; year++) {
      for (const m of lunarYearMonths(year)) {
        const newMoon = newMoonUtc(lunationNear(m.start));
        expect(new Date(newMoon + 7 * 3_600_000).toISOString().slice(0, 10), `${year}/${m.month}`).toBe(m.start);
      }
    }
  });

  it('every valid lunar date maps to a date that maps back (property)', () => {
    const lunarDate = fc
      .record({ year: fc.integer({ min: LUNAR_FIRST_YEAR, max: LUNAR_LAST_YEAR - 1 }), index: fc.nat(12), day: fc.integer({ min: 1, max: 30 }) })
      .map(({ year, index, day }): LunarDate => {
        const months = lunarYearMonths(year);
        const m = months[index % months.length] ?? months[0];
        return { year, month: m?.month ?? 1, leap: m?.leap ?? false, day: Math.min(day, m?.length ?? 29) };
      });
    fc.assert(
      fc.property(lunarDate, (lunar) => {
        expect(solarToLunar(lunarToSolar(lunar))).toEqual(lunar);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('errors', () => {
  it('refuses what is no date or outside 1900–2199', () => {
    expect(() => solarToLunar('2025-02-29')).toThrow(RangeError);
    expect(() => solarToLunar('25-01-29')).toThrow(RangeError);
    expect(() => solarToLunar('1899-12-31')).toThrow(RangeError);
    expect(() => solarToLunar('2200-01-01')).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2200, month: 1, day: 1, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2199, month: 12, day: 1, leap: false })).toThrow('2200-01-'); // in 2200
    expect(lunarToSolar({ year: 1899, month: 12, day: 1, leap: false })).toBe('1900-01-01');
    expect(() => lunarToSolar({ year: 1899, month: 11, day: 1, leap: false })).toThrow(RangeError);
  });

  it('refuses a month or day the year does not have', () => {
    expect(() => lunarToSolar({ year: 2024, month: 2, day: 1, leap: true })).toThrow('no leap month 2');
    expect(() => lunarToSolar({ year: 2025, month: 12, day: 30, leap: false })).toThrow('has 29 days');
    expect(() => lunarToSolar({ year: 2025, month: 13, day: 1, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2025, month: 1, day: 0, leap: false })).toThrow(RangeError);
  });
});
