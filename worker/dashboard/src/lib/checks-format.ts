// Numbers as people type them in reported figures ("4.241", "98,25"), and the facts of automated checks as people
// read them (field labels, dates in Asia/Ho_Chi_Minh, yes/no), both in the person's language.
import { MAX_FIGURE, REPORTED_FIGURE_LABELS, type ReportedFigureKey } from '@onestop/shared';
import { formatDate, formatDateTime, formatNumber, formatPercent } from './format.ts';
import { pick, t, tOr } from './i18n.ts';

export type Parsed = { ok: true; value: number | null } | { ok: false; error: string };

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * A whole count as typed: `4241`, `4.241` or `4,241` (thousands grouped by dot, comma or space); empty is "not
 * reported" (null). A separator followed by anything but three digits is not a whole number.
 */
export function parseCount(text: string): Parsed {
  const s = text.replace(SPACES, '');
  if (s === '') return { ok: true, value: null };
  let digits: string | null = null;
  if (/^\d+$/.test(s)) digits = s;
  else if (/^\d{1,3}(\.\d{3})+$/.test(s) || /^\d{1,3}(,\d{3})+$/.test(s)) digits = s.replace(/[.,]/g, '');
  if (digits === null) return { ok: false, error: t('figures.error_count') };
  const value = Number(digits);
  if (value > MAX_FIGURE) return { ok: false, error: t('figures.error_count_max', { max: formatNumber(MAX_FIGURE) }) };
  return { ok: true, value };
}

/** A percentage as typed: `98,25`, `98.25`, `98,25 %`; within [min, max]; empty is null. */
export function parsePercent(text: string, min = 0, max = 100): Parsed {
  const s = text.replace(SPACES, '').replace(/%$/, '');
  if (s === '') return { ok: true, value: null };
  if (!/^\d{1,3}([.,]\d{1,6})?$/.test(s)) return { ok: false, error: t('figures.error_percent') };
  const value = Number(s.replace(',', '.'));
  if (value < min || value > max) return { ok: false, error: t('figures.error_percent_range', { min: formatNumber(min), max: formatNumber(max) }) };
  return { ok: true, value };
}

/** A stored percentage back into the form, with the language's decimal mark (98.25 → `98,25` in Vietnamese). */
export function percentText(value: number | null | undefined, lang: 'vi' | 'en'): string {
  if (value === null || value === undefined) return '';
  const s = String(Number(value.toFixed(6)));
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/** A percentage (0–100) with the language's marks: 98.25 → `98,25%` (vi), `98.25%` (en). */
export const formatPct = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined ? '—' : formatPercent(value / 100, digits));

/** The report's name of a figure (`resolved` → "Đã giải quyết"), or the key when it is not one. */
export function figureLabel(key: string): string {
  const label = (REPORTED_FIGURE_LABELS as Record<string, { vi: string; en: string } | undefined>)[key];
  return label ? pick(label.vi, label.en) : key;
}
export const isFigureKey = (key: string): key is ReportedFigureKey => Object.hasOwn(REPORTED_FIGURE_LABELS, key);

// ── Facts of rule outcomes ─────────────────────────────────────────────────────────────────────────────────────

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type FactValue = string | number | boolean | null;

/** A fact's name as a person reads it: the dossier field's label, else the name itself. */
export const factLabel = (name: string): string => tOr(`field.${name}`, tOr(`fact.${name}`, name));

/**
 * A fact's value: dates and times in Vietnam time, numbers in the language's marks, yes/no, a canonical status or
 * channel in words (`returned` → "Đã trả kết quả"), "(không có)" for nothing.
 */
export function formatFact(value: FactValue | undefined, name?: string): string {
  if (value === null || value === undefined || value === '') return t('fact.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return formatNumber(value, 2);
  if (INSTANT.test(value)) return formatDateTime(value);
  if (DATE.test(value)) return formatDate(value);
  return name ? tOr(`factval.${name}.${value}`, value) : value;
}

/** A rule's explanation with its `{placeholders}` filled from the facts (unknown ones shown as "—"). */
export function fillExplanation(text: string, facts: Record<string, FactValue>): string {
  return text.replace(/\{([a-z][a-z0-9_]*)\}/g, (_whole, name: string) => (Object.hasOwn(facts, name) ? formatFact(facts[name], name) : t('fact.none')));
}
