// The findings table used by the inbox and the audit page: what was found, where, how bad, where it stands and
// when its action is due (overdue rows stand out). On a phone each row is a card (styles.css, `data-label`).
import type { ComponentChildren } from 'preact';
import { formatDate } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import type { FindingRow } from '../lib/schemas.ts';
import { DueDate, ResultBadge, StatusBadge } from './Badges.tsx';

export function FindingsTable({ rows, caption, showUnit = true, showAudit = true, empty }: { rows: readonly FindingRow[]; caption: string; showUnit?: boolean; showAudit?: boolean; empty?: ComponentChildren }) {
  if (rows.length === 0) return <>{empty}</>;
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class="table findings-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('finding.item')}</th>
            <th scope="col">{t('finding.note')}</th>
            {showUnit && <th scope="col" class="col-wide">{t('finding.unit')}</th>}
            {showAudit && <th scope="col" class="col-wide">{t('finding.audit')}</th>}
            <th scope="col">{t('finding.result')}</th>
            <th scope="col">{t('finding.status')}</th>
            <th scope="col">{t('finding.due')}</th>
            <th scope="col" class="col-wide">{t('finding.recorded_at')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.id} class={f.overdue ? 'row--overdue' : undefined} data-finding-id={f.id}>
              <td class="nowrap cell-item">
                <Link href={`/findings/${f.id}`} class="strong-link">
                  {f.item_code}
                </Link>
                <div class="muted small">
                  {t('finding.clause')} {f.item_clause}
                </div>
              </td>
              <td class="cell-note" data-label={t('finding.note')}>
                <Link href={`/findings/${f.id}`} class="plain-link" tabIndex={-1} aria-hidden="true">
                  <span class="clamp">{f.note || f.item_text_vi}</span>
                </Link>
                {f.dossier_code && (
                  <div class="muted small">
                    {t('finding.dossier')}: {f.dossier_code}
                  </div>
                )}
              </td>
              {showUnit && <td class="col-wide" data-label={t('finding.unit')}>{f.unit_name}</td>}
              {showAudit && <td class="col-wide nowrap" data-label={t('finding.audit')}>{f.audit_code}</td>}
              <td class="cell-badge" data-label={t('finding.result')}>
                <ResultBadge result={f.result} />
              </td>
              <td class="cell-badge" data-label={t('finding.status')}>
                <StatusBadge status={f.status} />
              </td>
              <td class="nowrap" data-label={t('finding.due')}>
                <DueDate date={f.due_date} overdue={f.overdue} done={f.status !== 'action_planned'} />
              </td>
              <td class="col-wide nowrap" data-label={t('finding.recorded_at')}>{formatDate(f.recorded_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
