// zod failures as field errors in the person's language, keyed by the first path segment (`due_date`).
import type { z } from 'zod';
import { t } from './i18n.ts';

export type FieldErrors = Record<string, string>;

export function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) > 1 ? t('form.too_short', { n: Number(issue.minimum) }) : issue.origin === 'array' ? t('form.choose_one') : t('form.required');
    case 'too_big':
      return t('form.too_long');
    case 'invalid_format':
      return t('form.invalid_format');
    case 'invalid_type':
      return issue.input === undefined ? t('form.required') : t('form.invalid');
    default:
      return issue.message || t('form.invalid');
  }
}

/** The value at an issue's path in what was parsed (zod's issues do not carry it). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * Field errors keyed by the first path segment. Pass what was parsed as `input`: a field left empty then reads
 * "Required" whatever rule it failed (an empty date fails its pattern, yet the person did not type a wrong format).
 */
export function zodFieldErrors(error: z.ZodError, input?: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    const value = input === undefined ? undefined : valueAt(input, issue.path);
    const empty = input !== undefined && (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''));
    out[key] ??= empty && issue.code !== 'unrecognized_keys' ? t('form.required') : issueText(issue);
  }
  return out;
}
