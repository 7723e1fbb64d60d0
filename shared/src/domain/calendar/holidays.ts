// Vietnam's public holidays (ngày nghỉ lễ, tết), the compensatory days off they bring, and the amendments an admin
// keeps for the Government's yearly decisions.
//
// The statute: Labour Code 2019 (45/2019/QH14, from 2021) art. 112(1): Tết Dương lịch 1/1; Tết Âm lịch 5 days;
// Ngày Chiến thắng 30/4; Ngày Quốc tế lao động 1/5; Quốc khánh 2 days (2/9 and one day immediately before or after);
// Giỗ Tổ Hùng Vương 10/3 of the lunar calendar. Art. 112(3): the Prime Minister fixes each year which days the Tết
// holiday and Quốc khánh's second day fall on. Art. 111(3): a holiday falling on the weekly rest day is made up on the
// next working day (nghỉ bù). Earlier: Labour Code 2012 (from 1 May 2013) art. 115, the same without Quốc khánh's
// second day; Labour Code 1994 as amended in 2007, art. 73, with 4 days of Tết.
//
// What is computed (the defaults the amendments correct):
// - Tết: the last day of the lunar year (29 or 30 of month 12) and the first days of month 1 (1–4; 1–3 under the 1994
//   Code, which governs Tết up to 2013). Prime Ministers have also chosen other days (2025: 28 of month 12 to day 3).
// - Quốc khánh's second day: the day after 2/9 unless the rules say `before`. The Government picks the day that joins a
//   weekend, so it changes from year to year (2024: 3/9; 2025 and 2026: 1/9): an amendment each year.
// - Compensatory days: each holiday falling on a Saturday or Sunday gives one day off on the first weekday after it that
//   is neither a holiday nor already off (so Tết spanning a weekend ends with as many days off as it had weekend days).
//   Holidays the amendments add count; holidays they withdraw do not.
// - Amendments are final on the dates they name: a swap (hoán đổi) is a `day_off` on the weekday and a
//   `make_up_working_day` on the weekend day worked instead; `working` withdraws a computed holiday or compensatory day
//   (the date is then a plain weekday or weekend day).
// Saturdays and Sundays are the weekly rest days of state agencies (a 40-hour week since 1999), hence of one-stop offices.
import { localDateOfDayNumber, localDayNumber, lunarYearMonths, lunarToSolar } from './lunar.ts';
import type { DayKind, LocalDate } from './types.ts';

/** What an amendment makes of its date. */
export const AMENDMENT_KINDS = ['holiday', 'day_off', 'make_up_working_day', 'working'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/** An admin's correction of the computed calendar for one date (kept per year, from the Government's decisions). */
export interface CalendarAmendment {
  date: LocalDate;
  /**
   * `holiday`: a public holiday (a Tết day the Prime Minister chose, Quốc khánh's second day); it brings a
   * compensatory day when it falls on a weekend. `day_off`: a weekday off by decision (the weekday half of a swap).
   * `make_up_working_day`: a Saturday or Sunday worked (the other half). `working`: not a holiday after all: withdraws
   * a computed holiday or compensatory day.
   */
  kind: AmendmentKind;
  name_vi: string;
  name_en: string;
  /** The decision it follows (`Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024`). */
  basis: string;
}

/** The statutory holidays. */
export type HolidayId = 'new_year' | 'tet' | 'hung_kings' | 'victory_day' | 'labour_day' | 'national_day';

export interface PublicHoliday {
  date: LocalDate;
  id: HolidayId;
  name: { vi: string; en: string };
}

export interface HolidayRules {
  /** Which day next to 2/9 is Quốc khánh's second day (from 2021) when no amendment says: `after` (3/9, the default) or `before` (1/9). */
  nationalDaySecondDay?: 'after' | 'before';
}

/** First and last years the holiday rules are known for (from the 2007 amendment of the 1994 Labour Code on). */
export const HOLIDAYS_FIRST_YEAR = 2008;
export const HOLIDAYS_LAST_YEAR = 2199;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): LocalDate => `${y}-${pad(m)}-${pad(d)}`;

/** 0 Sunday … 6 Saturday, of a day number (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;
export const isWeekendDay = (day: number) => {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
};

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < HOLIDAYS_FIRST_YEAR || year > HOLIDAYS_LAST_YEAR) {
    throw new RangeError(`the holiday rules cover ${HOLIDAYS_FIRST_YEAR}–${HOLIDAYS_LAST_YEAR}, not ${year}`);
  }
}

/** The statutory public holidays of a Gregorian year, in date order, before any amendment or compensatory day. */
export function publicHolidays(year: number, rules: HolidayRules = {}): PublicHoliday[] {
  checkYear(year);
  const out: PublicHoliday[] = [{ date: ymd(year, 1, 1), id: 'new_year', name: { vi: 'Tết Dương lịch', en: "New Year's Day" } }];

  // Tết: the last day of lunar year `year - 1`, then the first days of month 1 of lunar year `year`.
  const tetDays = year <= 2013 ? 4 : 5;
  const months = lunarYearMonths(year - 1);
  const lastMonth = months[months.length - 1];
  const newYear = localDayNumber(lunarToSolar({ year, month: 1, day: 1, leap: false }));
  out.push({
    date: localDateOfDayNumber(newYear - 1),
    id: 'tet',
    name: {
      vi: `Tết Âm lịch (${lastMonth?.length ?? 30} tháng Chạp)`,
      en: 'Lunar New Year (Tết): last day of the lunar year',
    },
  });
  for (let d = 1; d < tetDays; d++) {
    out.push({
      date: localDateOfDayNumber(newYear + d - 1),
      id: 'tet',
      name: { vi: `Tết Âm lịch (mùng ${d} tháng Giêng)`, en: `Lunar New Year (Tết): day ${d} of month 1` },
    });
  }

  out.push({
    date: lunarToSolar({ year, month: 3, day: 10, leap: false }),
    id: 'hung_kings',
    name: { vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', en: "Hùng Kings' Commemoration Day" },
  });
  out.push({ date: ymd(year, 4, 30), id: 'victory_day', name: { vi: 'Ngày Chiến thắng (30/4)', en: 'Victory Day (Reunification Day)' } });
  out.push({ date: ymd(year, 5, 1), id: 'labour_day', name: { vi: 'Ngày Quốc tế lao động (1/5)', en: 'International Labour Day' } });
  out.push({ date: ymd(year, 9, 2), id: 'national_day', name: { vi: 'Quốc khánh (2/9)', en: 'National Day' } });
  if (year >= 2021) {
    const before = rules.nationalDaySecondDay === 'before';
    out.push({
      date: ymd(year, 9, before ? 1 : 3),
      id: 'national_day',
      name: { vi: `Quốc khánh (ngày liền ${before ? 'trước' : 'sau'} 2/9)`, en: `National Day (the day ${before ? 'before' : 'after'} 2 September)` },
    });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A date whose kind differs from the plain Monday–Friday working week. */
export interface SpecialDay {
  date: LocalDate;
  kind: DayKind;
  name: { vi: string; en: string };
  /** Where it comes from: the statute, the compensatory-day rule, or an amendment. */
  source: 'statute' | 'compensatory' | 'amendment';
}

/**
 * Every date of `year` that is not a plain weekday or weekend day: the statutory holidays, the compensatory days and
 * the amendments (those of other years are ignored, except holidays added in the previous December, whose compensatory
 * days may fall in January). Later amendments of the same date replace earlier ones. Sorted by date.
 */
export function specialDays(year: number, amendments: readonly CalendarAmendment[] = [], rules: HolidayRules = {}): SpecialDay[] {
  checkYear(year);
  const first = localDayNumber(ymd(year, 1, 1));
  const windowStart = localDayNumber(ymd(year - 1, 12, 1));
  const last = localDayNumber(ymd(year, 12, 31));

  const amended = new Map<number, CalendarAmendment>();
  for (const a of amendments) {
    const day = localDayNumber(a.date);
    if (day >= windowStart && day <= last) amended.set(day, a);
  }

  // The holidays in force: statutory ones the amendments leave alone, and the holidays they add.
  const holidays = new Map<number, { vi: string; en: string }>();
  for (const h of publicHolidays(year, rules)) {
    const day = localDayNumber(h.date);
    if (!amended.has(day)) holidays.set(day, h.name);
  }
  for (const [day, a] of amended) if (a.kind === 'holiday') holidays.set(day, { vi: a.name_vi, en: a.name_en });

  // One compensatory day per weekend holiday: the first weekday after it that is not a holiday nor off already.
  const compensatory = new Map<number, { vi: string; en: string }>();
  const offByDecision = (day: number) => holidays.has(day) || compensatory.has(day) || amended.get(day)?.kind === 'day_off';
  for (const day of [...holidays.keys()].sort((a, b) => a - b)) {
    if (!isWeekendDay(day)) continue;
    let d = day + 1;
    while (isWeekendDay(d) || offByDecision(d)) d += 1;
    const name = holidays.get(day);
    compensatory.set(d, { vi: `Nghỉ bù ${name?.vi ?? ''}`.trim(), en: `Compensatory day off for ${name?.en ?? 'a holiday'}` });
  }

  const out: SpecialDay[] = [];
  for (let day = first; day <= last; day++) {
    const a = amended.get(day);
    const date = localDateOfDayNumber(day);
    if (a !== undefined) {
      const kind = a.kind === 'working' ? (isWeekendDay(day) ? 'weekend' : 'working') : a.kind;
      out.push({ date, kind, name: { vi: a.name_vi, en: a.name_en }, source: 'amendment' });
      continue;
    }
    const h = holidays.get(day);
    if (h !== undefined) {
      out.push({ date, kind: 'holiday', name: h, source: 'statute' });
      continue;
    }
    const c = compensatory.get(day);
    if (c !== undefined) out.push({ date, kind: 'day_off', name: c, source: 'compensatory' });
  }
  return out;
}

// ── Decisions on record ────────────────────────────────────────────────────────────────────────────────────────

const TB_6150 = 'Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 (Công văn 8726/VPCP-KGVX ngày 26/11/2024)';
const CV_12729 = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025';
const TB_9441 = 'Thông báo 9441/TB-BNV ngày 16/10/2025';

/**
 * The Government's decisions for civil servants (công chức, viên chức) in 2025 and 2026 where they differ from the
 * computed defaults, as amendments. Not applied by default: pass them (with the admin's own list, which comes after and
 * wins) to `createWorkingCalendar`. Each was checked against the published notice or the press reports of it. Tết
 * 2026 (16–20/2) and the rest of both years match the defaults and need none. Enterprises may choose other days.
 */
export const GOVERNMENT_DECISIONS_2025_2026: readonly CalendarAmendment[] = [
  // Tết Ất Tỵ: the 5 days were Mon 27/1 (28 tháng Chạp) to Fri 31/1 (mùng 3), not 28/1–1/2; no compensatory day.
  { date: '2025-01-27', kind: 'holiday', name_vi: 'Tết Âm lịch (28 tháng Chạp)', name_en: 'Lunar New Year (Tết): 28th of month 12', basis: TB_6150 },
  { date: '2025-02-01', kind: 'working', name_vi: 'Ngày nghỉ hằng tuần (mùng 4 Tết không là ngày nghỉ Tết năm 2025)', name_en: 'Weekly rest day (day 4 of Tết not a Tết holiday in 2025)', basis: TB_6150 },
  // 30/4–1/5: Friday 2/5 swapped with Saturday 26/4.
  { date: '2025-04-26', kind: 'make_up_working_day', name_vi: 'Làm bù cho thứ Sáu 02/5/2025', name_en: 'Make-up working day for Friday 2 May 2025', basis: TB_6150 },
  { date: '2025-05-02', kind: 'day_off', name_vi: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', name_en: 'Day off by swap (worked on Saturday 26 April 2025)', basis: TB_6150 },
  // Quốc khánh: 1/9 and 2/9.
  { date: '2025-09-01', kind: 'holiday', name_vi: 'Quốc khánh (ngày liền trước 2/9)', name_en: 'National Day (the day before 2 September)', basis: TB_6150 },
  { date: '2025-09-03', kind: 'working', name_vi: 'Ngày làm việc (ngày nghỉ Quốc khánh thứ hai là 1/9)', name_en: "Working day (National Day's second day is 1 September)", basis: TB_6150 },
  // Tết Dương lịch 2026: Friday 2/1 swapped with Saturday 10/1.
  { date: '2026-01-02', kind: 'day_off', name_vi: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)', name_en: 'Day off by swap (worked on Saturday 10 January 2026)', basis: CV_12729 },
  { date: '2026-01-10', kind: 'make_up_working_day', name_vi: 'Làm bù cho thứ Sáu 02/01/2026', name_en: 'Make-up working day for Friday 2 January 2026', basis: CV_12729 },
  // Quốc khánh 2026: 1/9 and 2/9, and Monday 31/8 swapped with Saturday 22/8.
  { date: '2026-08-22', kind: 'make_up_working_day', name_vi: 'Làm bù cho thứ Hai 31/8/2026', name_en: 'Make-up working day for Monday 31 August 2026', basis: TB_9441 },
  { date: '2026-08-31', kind: 'day_off', name_vi: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)', name_en: 'Day off by swap (worked on Saturday 22 August 2026)', basis: TB_9441 },
  { date: '2026-09-01', kind: 'holiday', name_vi: 'Quốc khánh (ngày liền trước 2/9)', name_en: 'National Day (the day before 2 September)', basis: TB_9441 },
  { date: '2026-09-03', kind: 'working', name_vi: 'Ngày làm việc (ngày nghỉ Quốc khánh thứ hai là 1/9)', name_en: "Working day (National Day's second day is 1 September)", basis: TB_9441 },
];
