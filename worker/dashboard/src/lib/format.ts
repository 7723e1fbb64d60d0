// Dates and numbers as people in Vietnam read them: every timestamp shown in Asia/Ho_Chi_Minh, calendar dates as
// dd/MM/yyyy (vi) or d MMM yyyy (en), rates as percentages.
import { daysBetween, todayInVietnam } from '@onestop/shared';
import { lang } from './i18n.ts';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const locale = () => (lang.value === 'vi' ? 'vi-VN' : 'en-GB');

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale()}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, ...opts });
    cache.set(k, f);
  }
  return f;
}

/** A UTC timestamp as local date and time: `23/11/2026, 15:30`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dtf('dt', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** A calendar date `YYYY-MM-DD` (already local) or a timestamp's local date. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return dtf('d', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

/** `2026-11` → `11/2026` (vi) or `Nov 2026` (en). */
export function formatMonth(month: string): string {
  const d = new Date(`${month}-15T12:00:00+07:00`);
  if (Number.isNaN(d.getTime())) return month;
  return lang.value === 'vi' ? `${month.slice(5, 7)}/${month.slice(0, 4)}` : dtf('m', { month: 'short', year: 'numeric' }).format(d);
}

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rate);
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

export const today = (): string => todayInVietnam();

/** Days from today to a due date: negative when it has passed. */
export const daysUntil = (date: string): number => daysBetween(today(), date);

export function formatBytes(bytes: number | null | undefined): string {
  if (!bytes) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
}
