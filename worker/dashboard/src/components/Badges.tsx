// Coloured labels for results, statuses and due dates; the colour always comes with words, never alone.
import type { AuditStatus, FindingStatus, Result } from '@onestop/shared';
import { daysUntil, formatDate } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';

export function ResultBadge({ result }: { result: Result }) {
  return <span class={`badge badge--result-${result}`}>{t(`result.${result}`)}</span>;
}

export function StatusBadge({ status }: { status: FindingStatus }) {
  return <span class={`badge badge--status-${status}`}>{t(`status.${status}`)}</span>;
}

export function AuditStatusBadge({ status }: { status: AuditStatus }) {
  return <span class={`badge badge--audit-${status}`}>{t(`audit_status.${status}`)}</span>;
}

/** A due date that stands out: red with the days late when overdue, amber within a week. */
export function DueDate({ date, overdue, done }: { date: string | null; overdue?: boolean | undefined; done?: boolean | undefined }) {
  if (!date) return <span class="muted">—</span>;
  const days = daysUntil(date);
  if (done) return <span>{formatDate(date)}</span>;
  if (overdue || days < 0) {
    return (
      <span class="due due--overdue">
        <strong>{formatDate(date)}</strong> <span class="badge badge--overdue">{t('due.overdue_days', { n: Math.abs(days) })}</span>
      </span>
    );
  }
  if (days <= 7) {
    return (
      <span class="due due--soon">
        {formatDate(date)} <span class="badge badge--soon">{days === 0 ? t('due.today') : t('due.in_days', { n: days })}</span>
      </span>
    );
  }
  return <span class="due">{formatDate(date)}</span>;
}
