// The lead inspector's "remind" card on the audit page (issue 16): the unanswered nonconformities that block closing,
// and one button that reminds their unit heads now (at most once per nonconformity, head and day; the server counts).
import type { AuditDetail } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { useApp } from '../lib/context.ts';
import { t } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import { createRemindStore } from '../stores/notifications.ts';
import { ResultBadge } from './Badges.tsx';
import { Loading, Notice, ProblemAlert } from './Feedback.tsx';

export function RemindUnits({ audit }: { audit: Pick<AuditDetail, 'id' | 'status' | 'my_role'> }) {
  if (audit.my_role !== 'lead' || audit.status !== 'reporting') return null;
  return <RemindCard auditId={audit.id} />;
}

function RemindCard({ auditId }: { auditId: string }) {
  const { api } = useApp();
  const store = useMemo(() => createRemindStore(api, auditId), [auditId]);
  useEffect(() => {
    void store.load();
  }, [store]);
  const items = store.items.data.value;
  const busy = store.submission.busy.value;
  const result = store.result.value;

  return (
    <section class="card section-gap" aria-labelledby="remind-title" data-remind>
      <h2 id="remind-title">
        {t('notif.remind_title')} {items && <span class="count">({items.length})</span>}
      </h2>
      <p class="muted">{t('notif.remind_intro')}</p>
      <Notice message={result && t('notif.remind_result', { reminded: result.reminded, already: result.already_reminded, without: result.without_recipient })} />
      <ProblemAlert problem={store.submission.error.value} />
      <ProblemAlert problem={store.items.error.value} onRetry={() => void store.load()} />
      {!items && store.items.loading.value && <Loading />}
      {items && items.length === 0 && <p>{t('notif.remind_none')}</p>}
      {items && items.length > 0 && (
        <>
          <div class="table-wrap" role="region" aria-label={t('notif.remind_table')} tabIndex={0}>
            <table class="table table--compact">
              <caption class="visually-hidden">{t('notif.remind_title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notif.remind_unit')}</th>
                  <th scope="col">{t('notif.remind_item')}</th>
                  <th scope="col">{t('notif.remind_result_col')}</th>
                  <th scope="col" class="num">
                    {t('notif.remind_days')}
                  </th>
                  <th scope="col" class="num">
                    {t('notif.remind_recipients')}
                  </th>
                  <th scope="col">{t('notif.remind_today')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.finding_id}>
                    <td>{i.unit_name}</td>
                    <td>
                      <Link href={`/findings/${i.finding_id}`}>{i.item_code}</Link>
                    </td>
                    <td>
                      <ResultBadge result={i.result} />
                    </td>
                    <td class="num">{i.days_open}</td>
                    <td class="num">{i.recipients}</td>
                    <td>{i.reminded_today ? t('notif.remind_done_today') : t('notif.remind_not_yet')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="button-row">
            <button type="button" class="button button--primary" disabled={busy} onClick={() => void store.remind()}>
              {busy ? t('notif.remind_sending') : t('notif.remind_button')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
