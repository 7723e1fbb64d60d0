// Working-time calendar of the demo site (Asia/Ho_Chi_Minh wall-clock time).
//
// Times are "local milliseconds": a Date value whose UTC fields read as the wall clock in Vietnam
// (UTC+7, no daylight saving), so formatting never depends on the machine's time zone.
// Working hours are 08:00–12:00 and 13:00–17:00 (8 h a day), Monday to Friday, minus public holidays and the
// Government's swapped days off, plus the Saturdays the Government made working days in exchange.
// A "working minute" (WM) is a position on the timeline of working time only: day index × 480 + minute of the
// working day. Durations of steps and statutory times (N working days = N × 480 WM) are computed on it.

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
export const WORK_MINUTES_PER_DAY = 480;

/**
 * Weekdays off for civil servants, 2025–2027: public holidays and the days the Government swapped with a Saturday
 * (the same days as the shared working calendar with `GOVERNMENT_DECISIONS_2025_2026`).
 */
const HOLIDAYS = new Set([
  // 2025: New Year, Tết Ất Tỵ (25/1–2/2), Giỗ Tổ Hùng Vương, 30/4–1/5 (+2/5, swapped with Saturday 26/4), National Day (1–2/9)
  '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
  '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02',
  // 2026: New Year (+2/1, swapped with Saturday 10/1), Tết Bính Ngọ (14/2–22/2), Giỗ Tổ (26/4 falls on Sunday → 27/4),
  // 30/4–1/5, National Day (1–2/9, +31/8 swapped with Saturday 22/8)
  '2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02',
  // 2027: New Year, Tết Đinh Mùi (5/2–11/2), Giỗ Tổ, 30/4 and the day off for 1/5 (a Saturday), National Day (2–3/9)
  '2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
  '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02', '2027-09-03',
]);
/** Saturdays worked in exchange for a weekday off. */
const MAKE_UP_DAYS = new Set(['2025-04-26', '2026-01-10', '2026-08-22']);

/** Local ms for a wall-clock date and time. */
export function local(y, mo, d, h = 0, mi = 0) {
  return Date.UTC(y, mo - 1, d, h, mi);
}

function isoDay(dayNumber) {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(dayNumber) {
  const iso = isoDay(dayNumber);
  if (MAKE_UP_DAYS.has(iso)) return true;
  const dow = new Date(dayNumber * DAY_MS).getUTCDay();
  return dow !== 0 && dow !== 6 && !HOLIDAYS.has(iso);
}

// The calendar covers December 2024 to the end of 2027, enough for every generated dossier.
const FIRST_DAY = Math.floor(local(2024, 12, 1) / DAY_MS);
const LAST_DAY = Math.floor(local(2027, 12, 31) / DAY_MS);
const workingDays = []; // index → day number
const dayIndex = new Map(); // day number → index
for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
  if (isWorkingDay(d)) {
    dayIndex.set(d, workingDays.length);
    workingDays.push(d);
  }
}

/** Local ms → working minute. Times outside working hours snap to the next working instant. */
export function toWM(t) {
  let day = Math.floor(t / DAY_MS);
  let m = Math.floor((t - day * DAY_MS) / MINUTE_MS);
  let offset;
  if (m < 480) offset = 0;
  else if (m < 720) offset = m - 480;
  else if (m < 780) offset = 240;
  else if (m < 1020) offset = 240 + (m - 780);
  else {
    day += 1;
    offset = 0;
  }
  while (!dayIndex.has(day)) {
    if (day > LAST_DAY) throw new RangeError('date outside the demo calendar');
    day += 1;
    offset = 0;
  }
  return dayIndex.get(day) * WORK_MINUTES_PER_DAY + offset;
}

/** Working minute → local ms (an offset of 240 reads 13:00, the start of the afternoon). */
export function fromWM(w) {
  const i = Math.floor(w / WORK_MINUTES_PER_DAY);
  const o = w - i * WORK_MINUTES_PER_DAY;
  const day = workingDays[i];
  if (day === undefined) throw new RangeError('working minute outside the demo calendar');
  const minute = o < 240 ? 480 + o : 780 + (o - 240);
  return day * DAY_MS + Math.round(minute) * MINUTE_MS;
}

/** First working minute (08:00) of the working day that contains w. */
export function dayStartWM(w) {
  return Math.floor(w / WORK_MINUTES_PER_DAY) * WORK_MINUTES_PER_DAY;
}

/** Calendar day number of a local ms value. */
export function dayOf(t) {
  return Math.floor(t / DAY_MS);
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** `dd/MM/yyyy HH:mm` */
export function fmtDateTime(t) {
  if (t == null) return '';
  const d = new Date(t);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `dd/MM/yyyy` */
export function fmtDate(t) {
  if (t == null) return '';
  const d = new Date(t);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** Printed-form wording: `09 giờ 15 phút, ngày 14/03/2025`. */
export function fmtFormTime(t) {
  const d = new Date(t);
  return `${pad(d.getUTCHours())} giờ ${pad(d.getUTCMinutes())} phút, ngày ${fmtDate(t)}`;
}

/** Printed-form place-and-date line: `ngày 14 tháng 03 năm 2025`. */
export function fmtFormDate(t) {
  const d = new Date(t);
  return `ngày ${pad(d.getUTCDate())} tháng ${pad(d.getUTCMonth() + 1)} năm ${d.getUTCFullYear()}`;
}

/** ISO 8601 with the +07:00 offset (for datetime attributes and the JSON API). */
export function isoLocal(t) {
  if (t == null) return null;
  return new Date(t).toISOString().slice(0, 16) + ':00+07:00';
}

/** `yyMMdd` as used inside dossier codes. */
export function yymmdd(t) {
  const d = new Date(t);
  return `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** Working days between two instants, counted by whole working days of their dates (b after a → positive). */
export function workingDaysBetweenDates(a, b) {
  return Math.floor(toWM(local(...ymd(b))) / WORK_MINUTES_PER_DAY) - Math.floor(toWM(local(...ymd(a))) / WORK_MINUTES_PER_DAY);
}

function ymd(t) {
  const d = new Date(t);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
