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

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issueText(issue);
  }
  return out;
}
