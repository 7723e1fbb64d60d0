// Dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving): local days and months of UTC timestamps, and reading
// dates shown on dossier screens with a site profile's `date_format` (`dd/MM/yyyy HH:mm`) in the profile's source
// time zone (`time_zone`, Asia/Ho_Chi_Minh unless it says otherwise).

const OFFSET_MS = 7 * 3600 * 1000;

/** The local calendar date `YYYY-MM-DD` of a UTC timestamp (or of a date, returned as is). */
export function vietnamDate(isoOrDate: string | Date): string {
  if (typeof isoOrDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(isoOrDate)) return isoOrDate;
  const t = typeof isoOrDate === 'string' ? Date.parse(isoOrDate) : isoOrDate.getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a timestamp: ${String(isoOrDate)}`);
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/** The local month `YYYY-MM` of a UTC timestamp or a date. */
export const vietnamMonth = (isoOrDate: string | Date) => vietnamDate(isoOrDate).slice(0, 7);

/** Today's local date. */
export const todayInVietnam = (now: Date = new Date()) => vietnamDate(now);

/** Whole days from date `a` to date `b` (`YYYY-MM-DD`), negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** True for a real calendar date `YYYY-MM-DD` (not 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ── date_format ────────────────────────────────────────────────────────────────────────────────────────────────

type Token = 'yyyy' | 'MM' | 'M' | 'dd' | 'd' | 'HH' | 'H' | 'mm' | 'ss';
const TOKENS: readonly Token[] = ['yyyy', 'MM', 'M', 'dd', 'd', 'HH', 'H', 'mm', 'ss'];
const TOKEN_RE: Record<Token, string> = {
  yyyy: '(\\d{4})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};

interface CompiledFormat {
  re: RegExp;
  tokens: Token[];
}

/**
 * Compiles a format: tokens `yyyy MM M dd d HH H mm ss`, text in single quotes (`'giờ'`), any other non-letter
 * character literally (whitespace matches any whitespace). Needs yyyy, a month and a day. Null when invalid.
 */
export function compileDateFormat(format: string): CompiledFormat | null {
  if (format.length === 0 || format.length > 80) return null;
  let re = '';
  const tokens: Token[] = [];
  let i = 0;
  while (i < format.length) {
    const rest = format.slice(i);
    const token = TOKENS.find((t) => rest.startsWith(t));
    if (token !== undefined) {
      tokens.push(token);
      re += TOKEN_RE[token];
      i += token.length;
      continue;
    }
    const ch = format[i] ?? '';
    if (ch === "'") {
      const close = format.indexOf("'", i + 1);
      if (close === -1) return null;
      re += escapeLiteral(format.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    if (/\p{L}/u.test(ch)) return null;
    re += escapeLiteral(ch);
    i += 1;
  }
  const has = (...ts: Token[]) => ts.some((t) => tokens.includes(t));
  if (!has('yyyy') || !has('MM', 'M') || !has('dd', 'd')) return null;
  if (new Set(tokens.map((t) => t[0])).size !== tokens.length) return null;
  return { re: new RegExp(re, 'u'), tokens };
}

function escapeLiteral(s: string): string {
  // Only syntax characters are escaped: with the `u` flag an escaped `-` or letter is an error.
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s+');
}

export const isDateFormat = (format: string) => compileDateFormat(format) !== null;

// ── Source time zones ──────────────────────────────────────────────────────────────────────────────────────────

/** The time zone dossier screens show their dates in when a site profile does not name one. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving the wall-clock parts of an instant in `timeZone`, or null for an unknown zone. */
function zoneFormat(timeZone: string): Intl.DateTimeFormat | null {
  const known = zoneFormats.get(timeZone);
  if (known) return known;
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (zoneFormats.size < 32) zoneFormats.set(timeZone, f);
    return f;
  } catch {
    return null;
  }
}

/** True for a time zone name the runtime knows (`Asia/Ho_Chi_Minh`, `Asia/Bangkok`, `UTC`). */
export function isTimeZone(name: string): boolean {
  return name.length > 0 && name.length <= 64 && /^[A-Za-z][A-Za-z0-9_+\/-]*$/.test(name) && zoneFormat(name) !== null;
}

/** Milliseconds `timeZone` is ahead of UTC at the instant `utcMs`. */
function zoneOffset(utcMs: number, format: Intl.DateTimeFormat): number {
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, (parts.hour ?? 0) % 24, parts.minute ?? 0, parts.second ?? 0);
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The UTC instant (ms) of a wall-clock time in `timeZone` (month 1-based). Asia/Ho_Chi_Minh is UTC+7 without daylight
 * saving; other zones go through `Intl` (a time skipped by a daylight-saving change reads as the instant after it, a
 * repeated one as its first occurrence). Null for an unknown zone.
 */
export function zonedTimeToUtc(y: number, M: number, d: number, H: number, m: number, s: number, timeZone: string = DEFAULT_TIME_ZONE): number | null {
  const wall = Date.UTC(y, M - 1, d, H, m, s);
  if (timeZone === DEFAULT_TIME_ZONE) return wall - OFFSET_MS;
  const format = zoneFormat(timeZone);
  if (format === null) return null;
  // The offset at the wall time read as UTC is a first guess; one or two corrections settle it near a change.
  const o1 = zoneOffset(wall, format);
  const o2 = zoneOffset(wall - o1, format);
  if (o1 === o2) return wall - o1;
  const o3 = zoneOffset(wall - o2, format);
  if (o2 === o3) return wall - o2;
  // Neither holds: a wall time the change skipped; it reads as the instant as far after the change as it is past it.
  return wall - Math.min(o2, o3);
}

/**
 * Reads the first date in `text` written in `format` (wall-clock time in `timeZone`, Asia/Ho_Chi_Minh by default).
 * Returns `YYYY-MM-DD` when the format has no hour, else the UTC timestamp (`2025-07-01T03:30:00.000Z` for
 * `01/07/2025 10:30` in Vietnam). Null when nothing valid is found (or the zone is unknown).
 */
export function parseDossierDate(text: string, format: string, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  const compiled = compileDateFormat(format);
  if (compiled === null) return null;
  const m = compiled.re.exec(text);
  if (m === null) return null;
  const parts: Partial<Record<'y' | 'M' | 'd' | 'H' | 'm' | 's', number>> = {};
  compiled.tokens.forEach((t, idx) => {
    const key = t[0] as 'y' | 'M' | 'd' | 'H' | 'm' | 's';
    parts[key] = Number(m[idx + 1]);
  });
  const { y = 0, M = 0, d = 0, H, m: min = 0, s = 0 } = parts;
  const date = `${String(y).padStart(4, '0')}-${String(M).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isCalendarDate(date)) return null;
  if (H === undefined) return date;
  if (H > 23 || min > 59 || s > 59) return null;
  const instant = zonedTimeToUtc(y, M, d, H, min, s, timeZone);
  return instant === null ? null : new Date(instant).toISOString();
}
