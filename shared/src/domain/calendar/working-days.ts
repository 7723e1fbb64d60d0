// The working-day calendar of Vietnam's state agencies (Asia/Ho_Chi_Minh): weekends, public holidays, compensatory
// days and the admin's amendments (holidays.ts), and deadline arithmetic in working days for the dossier checks.
//
// Each year is built once, on first use, into a table of day kinds and a running count of working days, so that
// `isWorkingDay` is a lookup and `addWorkingDays` / `workingDaysBetween` are a binary search or a subtraction.
import { HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR, isWeekendDay, specialDays, type CalendarAmendment, type HolidayRules } from './holidays.ts';
import { localDateOfDayNumber, localDayNumber } from './lunar.ts';
import type { DayInfo, DayKind, LocalDate, WorkingCalendar } from './types.ts';

export interface WorkingCalendarOptions extends HolidayRules {
  /** The admin's corrections (and, if wanted, `GOVERNMENT_DECISIONS_2025_2026` before them); later entries win. */
  amendments?: readonly CalendarAmendment[];
}

/** An instant: a UTC ISO timestamp (`2026-02-16T17:30:00Z`, or with an offset), epoch milliseconds or a Date. */
export type Instant = string | number | Date;

const DAY_MS = 86_400_000;
const OFFSET_MS = 7 * 3_600_000;

// Day kinds are stored as their index in KINDS.
const KINDS: readonly DayKind[] = ['working', 'weekend', 'holiday', 'day_off', 'make_up_working_day'];
const WORKING: readonly boolean[] = [true, false, false, false, true];
const KIND_CODE: Record<DayKind, number> = { working: 0, weekend: 1, holiday: 2, day_off: 3, make_up_working_day: 4 };

interface YearTable {
  year: number;
  /** Day number of 1 January. */
  first: number;
  kinds: Uint8Array;
  names: Map<number, { vi: string; en: string }>;
  /** `cum[i]`: working days among the year's days before index i (length: days + 1). */
  cum: Int32Array;
}

const MONTH_START = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
function badDate(date: unknown): RangeError {
  return new RangeError(`not a date YYYY-MM-DD: ${String(date)}`);
}

/** The number written by the two digits at `i`, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Reads `YYYY-MM-DD` into [year, 0-based day of the year] without allocating; RangeError when it is no date. */
function parseDate(date: LocalDate, out: [number, number]): void {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) throw badDate(date);
  const century = twoDigits(date, 0);
  const yy = twoDigits(date, 2);
  const m = twoDigits(date, 5);
  const d = twoDigits(date, 8);
  if (century < 0 || yy < 0 || m < 1 || m > 12 || d < 1) throw badDate(date);
  const y = century * 100 + yy;
  const leap = isLeapYear(y);
  const monthLength = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > monthLength) throw badDate(date);
  out[0] = y;
  out[1] = (MONTH_START[m - 1] ?? 0) + (leap && m > 2 ? 1 : 0) + d - 1;
}

/** A working-day calendar over the computed holidays and the given amendments. */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const amendments = [...(options.amendments ?? [])];
  const rules: HolidayRules = options.nationalDaySecondDay === undefined ? {} : { nationalDaySecondDay: options.nationalDaySecondDay };
  const tables: (YearTable | undefined)[] = [];

  function table(year: number): YearTable {
    const known = tables[year - HOLIDAYS_FIRST_YEAR];
    if (known) return known;
    if (!Number.isInteger(year) || year < HOLIDAYS_FIRST_YEAR || year > HOLIDAYS_LAST_YEAR) {
      throw new RangeError(`the working calendar covers ${HOLIDAYS_FIRST_YEAR}–${HOLIDAYS_LAST_YEAR}, not ${year}`);
    }
    const first = Date.UTC(year, 0, 1) / DAY_MS;
    const length = isLeapYear(year) ? 366 : 365;
    const kinds = new Uint8Array(length);
    for (let i = 0; i < length; i++) kinds[i] = isWeekendDay(first + i) ? KIND_CODE.weekend : KIND_CODE.working;
    const names = new Map<number, { vi: string; en: string }>();
    for (const s of specialDays(year, amendments, rules)) {
      const i = localDayNumber(s.date) - first;
      kinds[i] = KIND_CODE[s.kind];
      names.set(i, s.name);
    }
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) cum[i + 1] = (cum[i] ?? 0) + (WORKING[kinds[i] ?? 0] ? 1 : 0);
    const built: YearTable = { year, first, kinds, names, cum };
    tables[year - HOLIDAYS_FIRST_YEAR] = built;
    return built;
  }

  const at: [number, number] = [0, 0];

  /**
   * The day `n` working days into the count that starts at index `index` of `year` (that day included): the day on
   * which the n-th working day from there falls (n ≥ 1).
   */
  function nthWorkingDay(year: number, index: number, n: number): LocalDate {
    let t = table(year);
    let i = index;
    while (i >= t.kinds.length) {
      i -= t.kinds.length;
      t = table(t.year + 1);
    }
    let target = (t.cum[i] ?? 0) + n; // the running count the answer brings the year to
    for (;;) {
      const total = t.cum[t.kinds.length] ?? 0;
      if (target <= total) {
        // The first p with cum[p] ≥ target; the day is p − 1.
        let lo = i + 1;
        let hi = t.kinds.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((t.cum[mid] ?? 0) >= target) hi = mid;
          else lo = mid + 1;
        }
        return localDateOfDayNumber(t.first + lo - 1);
      }
      target -= total;
      t = table(t.year + 1);
      i = 0;
    }
  }

  return {
    day(date: LocalDate): DayInfo {
      parseDate(date, at);
      const t = table(at[0]);
      const code = t.kinds[at[1]] ?? 0;
      const name = t.names.get(at[1]);
      const info: DayInfo = { date, kind: KINDS[code] ?? 'working', working: WORKING[code] ?? true };
      if (name !== undefined) info.name = { ...name };
      return info;
    },

    isWorkingDay(date: LocalDate): boolean {
      parseDate(date, at);
      const year = at[0];
      const t = tables[year - HOLIDAYS_FIRST_YEAR] ?? table(year);
      return WORKING[t.kinds[at[1]] ?? 0] ?? true;
    },

    addWorkingDays(date: LocalDate, n: number): LocalDate {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`a number of working days is a whole number ≥ 0, not ${n}`);
      parseDate(date, at);
      // n = 0: the first working day from `date` on; n ≥ 1: the n-th working day after it.
      return n === 0 ? nthWorkingDay(at[0], at[1], 1) : nthWorkingDay(at[0], at[1] + 1, n);
    },

    workingDaysBetween(from: LocalDate, to: LocalDate): number {
      parseDate(from, at);
      const [fromYear, fromIndex] = at;
      parseDate(to, at);
      const [toYear, toIndex] = at;
      if (toYear < fromYear || (toYear === fromYear && toIndex <= fromIndex)) return 0;
      // Working days in (from, to] = the count through `to` − the count through `from`, across the years between.
      let count = (table(toYear).cum[toIndex + 1] ?? 0) - (table(fromYear).cum[fromIndex + 1] ?? 0);
      for (let y = fromYear; y < toYear; y++) {
        const t = table(y);
        count += t.cum[t.kinds.length] ?? 0;
      }
      return count;
    },
  };
}

// ── Instants ───────────────────────────────────────────────────────────────────────────────────────────────────

function epochMs(instant: Instant): number {
  const t = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(instant)}`);
  return t;
}

/** The local date (Asia/Ho_Chi_Minh) of an instant: 2026-02-16T17:30:00Z is already 2026-02-17. */
export function localDateOf(instant: Instant): LocalDate {
  return new Date(epochMs(instant) + OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * When a dossier's time starts to run and what "n working days later" means in time of day (one-stop practice; a
 * convention, not a statute: set it per office if its hours differ).
 *
 * A dossier received on a working day during office hours is due at the same time of day on the date `n` working days
 * later. Received before opening on a working day, it counts from that day's opening; received at or after closing,
 * or on a weekend, holiday or day off, it counts from the next working day's opening, and is due at opening time.
 */
export interface DueConvention {
  /** Local opening time `HH:mm`. */
  opens: string;
  /** Local closing time `HH:mm`; a dossier received at this time or later counts from the next working day. */
  closes: string;
}

/** Office hours 07:30–17:00 local time, the usual hours of one-stop offices. */
export const DEFAULT_DUE_CONVENTION: Readonly<DueConvention> = { opens: '07:30', closes: '17:00' };

function clockMs(hhmm: string, what: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (m === null) throw new RangeError(`${what} is a local time HH:mm, not ${hhmm}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** The instant (UTC ISO) a dossier received at `received` starts to count from, under `convention`. */
export function countingStart(received: Instant, calendar: WorkingCalendar, convention: DueConvention = DEFAULT_DUE_CONVENTION): string {
  const opens = clockMs(convention.opens, 'opens');
  const closes = clockMs(convention.closes, 'closes');
  if (opens >= closes) throw new RangeError(`the office opens (${convention.opens}) before it closes (${convention.closes})`);
  const local = epochMs(received) + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const timeOfDay = local - day * DAY_MS;
  const date = localDateOfDayNumber(day);
  if (calendar.isWorkingDay(date) && timeOfDay < closes) return new Date(local - OFFSET_MS + Math.max(0, opens - timeOfDay)).toISOString();
  const next = localDayNumber(calendar.addWorkingDays(date, 1));
  return new Date(next * DAY_MS + opens - OFFSET_MS).toISOString();
}

/**
 * The due instant (UTC ISO) of a dossier received at `received` with a statutory time of `statutoryWorkingDays` working
 * days: the counting start (see `DueConvention`) moved `n` working days later, at the same time of day.
 */
export function dueInstant(received: Instant, statutoryWorkingDays: number, calendar: WorkingCalendar, convention: DueConvention = DEFAULT_DUE_CONVENTION): string {
  const start = Date.parse(countingStart(received, calendar, convention)) + OFFSET_MS;
  const startDay = Math.floor(start / DAY_MS);
  const dueDay = localDayNumber(calendar.addWorkingDays(localDateOfDayNumber(startDay), statutoryWorkingDays));
  return new Date(start + (dueDay - startDay) * DAY_MS - OFFSET_MS).toISOString();
}
