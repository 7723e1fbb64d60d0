// The admin's working-calendar amendments, one row per year (the year's whole list as JSON). Readable by everyone.
import type { CalendarAmendment } from '@onestop/shared';

export interface CalendarYearRow {
  year: number;
  amendments: string;
  version: number;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export async function getCalendarYear(db: D1Database, year: number): Promise<CalendarYearRow | null> {
  return db.prepare('SELECT * FROM calendar_amendments WHERE year = ?').bind(year).first<CalendarYearRow>();
}

/** The stored lists of the years from..to, in year order. */
export async function listCalendarYears(db: D1Database, from: number, to: number): Promise<CalendarYearRow[]> {
  const { results } = await db.prepare('SELECT * FROM calendar_amendments WHERE year BETWEEN ? AND ? ORDER BY year').bind(from, to).all<CalendarYearRow>();
  return results;
}

/**
 * Creates the year's row (when `baseVersion` is 0) or replaces its list (only at `baseVersion`): 0 rows changed
 * means someone else wrote first (the caller adds `expectOneChange`).
 */
export function putCalendarYear(db: D1Database, year: number, amendments: readonly CalendarAmendment[], baseVersion: number, userId: string, now: string): D1PreparedStatement {
  const json = JSON.stringify(amendments);
  if (baseVersion === 0) {
    return db
      .prepare('INSERT INTO calendar_amendments (year, amendments, version, updated_by, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (year) DO NOTHING')
      .bind(year, json, userId, now, now);
  }
  return db
    .prepare('UPDATE calendar_amendments SET amendments = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE year = ? AND version = ?')
    .bind(json, userId, now, year, baseVersion);
}
