// Working-day calendar amendments (issue 14): an admin's yearly corrections of the computed holidays, from the
// Government's decisions (a Tết day moved, Quốc khánh's second day, a swapped working day).
import { z } from 'zod';
import { isCalendarDate } from '../domain/dates.ts';
import { AMENDMENT_KINDS, HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR, type CalendarAmendment } from '../domain/calendar/holidays.ts';
import { line } from './common.ts';

/** At most this many amendments in a year's list. */
export const CALENDAR_AMENDMENTS_MAX = 100;

export const AmendmentKindSchema = z.enum(AMENDMENT_KINDS);

const isWeekend = (date: string) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** A date the working calendar covers. */
export const CalendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'a date YYYY-MM-DD', abort: true })
  .refine((d) => Number(d.slice(0, 4)) >= HOLIDAYS_FIRST_YEAR && Number(d.slice(0, 4)) <= HOLIDAYS_LAST_YEAR, {
    message: `a date in ${HOLIDAYS_FIRST_YEAR}–${HOLIDAYS_LAST_YEAR}`,
  });

export const CalendarAmendmentSchema = z
  .strictObject({
    date: CalendarDateSchema,
    kind: AmendmentKindSchema,
    /** What the day is, in Vietnamese (`Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)`). */
    name_vi: line(200),
    /** The same in English. */
    name_en: line(200),
    /** The decision it follows (`Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024`). */
    basis: line(500),
  })
  .superRefine((a, ctx) => {
    if (!isCalendarDate(a.date)) return;
    if (a.kind === 'make_up_working_day' && !isWeekend(a.date)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a make-up working day is a Saturday or Sunday' });
    }
    if (a.kind === 'day_off' && isWeekend(a.date)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a day off is a weekday (a weekend day is off already)' });
    }
  });
export type CalendarAmendmentInput = z.input<typeof CalendarAmendmentSchema>;

/** A year's amendments: one year, at most 100, one per date. */
export const CalendarAmendmentsSchema = z
  .array(CalendarAmendmentSchema)
  .max(CALENDAR_AMENDMENTS_MAX, { message: `at most ${CALENDAR_AMENDMENTS_MAX} amendments in a year` })
  .superRefine((list, ctx) => {
    const year = list[0]?.date.slice(0, 4);
    const seen = new Set<string>();
    list.forEach((a, i) => {
      if (a.date.slice(0, 4) !== year) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `a year's list: ${a.date} is not in ${year}` });
      if (seen.has(a.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `duplicate date ${a.date}` });
      seen.add(a.date);
    });
  });

// The schema's output is the domain's amendment.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof CalendarAmendmentSchema>, CalendarAmendment> = true;
void sameShape;
