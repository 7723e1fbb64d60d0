// The working-day calendar: the admin's yearly amendments (the Government's decisions on Tết, Quốc khánh, swapped
// days), and each day's kind as the checks see it, so the dashboard and the extension can say why a date is off.
import { z } from '@hono/zod-openapi';
import {
  CALENDAR_DAYS_MAX,
  CalendarAmendmentsPutSchema,
  CalendarAmendmentsRecordSchema,
  CalendarAmendmentsSchema,
  CalendarDaySchema,
  CalendarDaysQuerySchema,
  CalendarYearSchema,
  createWorkingCalendar,
  daysBetween,
  localDateOfDayNumber,
  localDayNumber,
  type CalendarAmendment,
} from '@onestop/shared';
import { getCalendarYear, listCalendarYears, putCalendarYear, type CalendarYearRow } from '../db/calendar.ts';
import { insertEvent } from '../db/events.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure } from '../lib/d1.ts';
import { ApiError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { nowIso } from '../lib/time.ts';

const RecordSchema = CalendarAmendmentsRecordSchema.meta({ id: 'CalendarAmendments' });

const getAmendments = defineRoute({
  method: 'get',
  path: '/calendar/amendments',
  tags: ['calendar'],
  summary: "A year's amendments of the computed working calendar",
  description: 'The list an administrator keeps for the year (`version` 0 and an empty list when none is stored). The checks pass it to the calendar after the computed holidays.',
  request: { query: z.object({ year: CalendarYearSchema }) },
  responses: { 200: { description: 'The amendments', content: jsonContent(RecordSchema) }, ...problemResponses(400) },
});

const putAmendments = defineRoute({
  method: 'put',
  path: '/calendar/amendments/{year}',
  tags: ['calendar'],
  summary: "Replace a year's amendments",
  description:
    "The whole list of the year (at most 100, one per date, every date in that year: 422 with the paths otherwise). `version`: the stored version the caller last saw (0 when none is stored); a stale one answers 409 `version_conflict`. Leave it out to replace whatever is stored.",
  roles: ['admin'],
  request: { params: z.object({ year: CalendarYearSchema }), body: { required: true, content: jsonContent(CalendarAmendmentsPutSchema.meta({ id: 'CalendarAmendmentsPut' })) } },
  responses: { 200: { description: 'Stored', content: jsonContent(RecordSchema) }, ...problemResponses(400, 409, 415, 422) },
});

const days = defineRoute({
  method: 'get',
  path: '/calendar/days',
  tags: ['calendar'],
  summary: 'The kind of every day in a range (at most 400 days)',
  description:
    '`working`, `weekend`, `holiday`, `day_off` (a weekday off by decision or a compensatory day) or `make_up_working_day` (a weekend day worked), with the name of the holiday or decision, from the computed holidays and the stored amendments (Asia/Ho_Chi_Minh dates).',
  request: { query: CalendarDaysQuerySchema },
  responses: {
    200: { description: 'The days, in order', content: jsonContent(z.object({ from: z.string(), to: z.string(), working_days: z.number().int(), days: z.array(CalendarDaySchema) }).meta({ id: 'CalendarDays' })) },
    ...problemResponses(400),
  },
});

/** A stored list is parsed again on the way out; one that no longer passes is left out (and logged), never served. */
function amendmentsOf(row: CalendarYearRow, log: Logger): CalendarAmendment[] {
  const parsed = CalendarAmendmentsSchema.safeParse(JSON.parse(row.amendments));
  if (parsed.success) return parsed.data;
  log.warn('stored calendar amendments no longer pass the schema', { year: row.year });
  return [];
}

const toRecord = (year: number, row: CalendarYearRow | null, log: Logger) =>
  row
    ? { year, amendments: amendmentsOf(row, log), version: row.version, updated_by: row.updated_by, updated_at: row.updated_at }
    : { year, amendments: [], version: 0, updated_by: null, updated_at: null };

export const calendarRoutes = createRouter()
  .openapi(getAmendments, async (c) => {
    const { year } = c.req.valid('query');
    return c.json(toRecord(year, await getCalendarYear(c.env.DB, year), c.get('log')), 200);
  })
  .openapi(putAmendments, async (c) => {
    const { year } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const outside = body.amendments.flatMap((a, i) => (a.date.startsWith(`${year}-`) ? [] : [{ path: `$.amendments[${i}].date`, message: `${a.date} is not in ${year}` }]));
    if (outside.length > 0) throw new ApiError(422, 'amendment_outside_year', `Every amendment of ${year} must fall in ${year}`, { errors: outside });
    const stored = await getCalendarYear(db, year);
    const storedVersion = stored?.version ?? 0;
    if (body.version !== undefined && body.version !== storedVersion) {
      throw new ApiError(409, 'version_conflict', `The amendments of ${year} changed since version ${body.version}; they are at version ${storedVersion}`);
    }
    const now = nowIso();
    await db
      .batch([
        putCalendarYear(db, year, body.amendments, storedVersion, caller.userId, now),
        expectOneChange(db),
        insertEvent(db, {
          actorId: caller.userId,
          entity: 'calendar',
          entityId: String(year),
          type: 'calendar.amendments_replaced',
          summary: { year, from_version: storedVersion, amendments: body.amendments.length, dates: body.amendments.map((a) => `${a.date} ${a.kind}`) },
          at: now,
        }),
      ])
      .catch((err: unknown) => {
        if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', `The amendments of ${year} changed meanwhile; reload them`);
        throw err;
      });
    return c.json(toRecord(year, await getCalendarYear(db, year), c.get('log')), 200);
  })
  .openapi(days, async (c) => {
    const { from, to } = c.req.valid('query');
    const span = daysBetween(from, to);
    if (span < 0) throw new ApiError(400, 'range_reversed', '`to` must not be before `from`');
    if (span + 1 > CALENDAR_DAYS_MAX) throw new ApiError(400, 'range_too_long', `At most ${CALENDAR_DAYS_MAX} days per request (asked for ${span + 1})`);
    const fromYear = Number(from.slice(0, 4));
    const toYear = Number(to.slice(0, 4));
    // Holidays added in the previous December may move a compensatory day into January: that year's list counts too.
    const rows = await listCalendarYears(c.env.DB, fromYear - 1, toYear);
    const calendar = createWorkingCalendar({ amendments: rows.flatMap((r) => amendmentsOf(r, c.get('log'))) });
    const first = localDayNumber(from);
    const out = [];
    let working = 0;
    for (let d = first; d <= first + span; d++) {
      const info = calendar.day(localDateOfDayNumber(d));
      if (info.working) working += 1;
      out.push({ date: info.date, kind: info.kind, working: info.working, ...(info.name ? { name: info.name } : {}) });
    }
    return c.json({ from, to, working_days: working, days: out }, 200);
  });
