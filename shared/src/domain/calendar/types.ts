// The working-day calendar's contract (issue 14): what the automated dossier checks need of it. Local dates and
// times are in Asia/Ho_Chi_Minh (UTC+7, no daylight saving); instants are UTC ISO strings or epoch milliseconds.

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** Why a date is not a working day (or is one although it falls on a weekend). */
export type DayKind =
  /** Monday–Friday, no holiday. */
  | 'working'
  /** Saturday or Sunday. */
  | 'weekend'
  /** A public holiday (Labour Code 2019, art. 112), or a day an amendment declares one. */
  | 'holiday'
  /** A weekday off by decision (a day swapped with a weekend, a compensatory day off). */
  | 'day_off'
  /** A weekend day declared a working day by decision (the other half of a swap). */
  | 'make_up_working_day';

export interface DayInfo {
  date: LocalDate;
  kind: DayKind;
  working: boolean;
  /** The holiday's or decision's name, Vietnamese and English (none for plain working days and weekends). */
  name?: { vi: string; en: string };
}

/**
 * What the checks ask of the calendar. Implementations are pure and deterministic for a given set of amendments
 * (the computed holidays plus an admin's yearly list).
 */
export interface WorkingCalendar {
  /** The kind of a local date. */
  day(date: LocalDate): DayInfo;
  /** True for a working day. */
  isWorkingDay(date: LocalDate): boolean;
  /**
   * The local date `n` working days after `date` (n ≥ 0; n = 0 answers `date` itself when it is a working day, else
   * the next working day).
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /**
   * Working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`): how many working days late a
   * date `to` is against a due date `from`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number;
}
