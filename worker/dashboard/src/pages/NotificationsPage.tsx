// "Thông báo": the signed-in person's reminders, unread first, each linking to its finding and audit; mark one
// read (following its link does too) or all of them.
import { useEffect, useMemo } from 'preact/hooks';
import { EmptyState, Loading, Notice, ProblemAlert } from '../components/Feedback.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { useApp } from '../lib/context.ts';
import { formatDateTime } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import { createNotificationsStore, notificationText, PAGE_SIZE } from '../stores/notifications.ts';

export function NotificationsPage() {
  const { api } = useApp();
  const store = useMemo(() => createNotificationsStore(api), []);
  useEffect(() => {
    void store.load(0);
  }, []);
  const data = store.list.data.value;
  const busy = store.submission.busy.value;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const page = Math.floor(store.offset.value / PAGE_SIZE) + 1;

  return (
    <>
      <PageHeader title={t('notif.title')} subtitle={t('notif.subtitle')}>
        <button type="button" class="button button--secondary" disabled={busy || !data || data.unread === 0} onClick={() => void store.markAll()}>
          {t('notif.mark_all')}
        </button>
        <Link class="button button--ghost" href="/account/notifications">
          {t('notif.settings_link')}
        </Link>
      </PageHeader>
      <Notice message={store.markedAll.value === null ? null : t('notif.marked_all', { n: store.markedAll.value })} />
      <ProblemAlert problem={store.submission.error.value} />
      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load()} />
      {store.list.loading.value && !data && <Loading />}
      {data &&
        (data.items.length === 0 ? (
          <EmptyState title={t('notif.empty')}>
            <p>{t('notif.empty_hint')}</p>
          </EmptyState>
        ) : (
          <section class="card" aria-labelledby="notif-count">
            <h2 id="notif-count" class="small muted">
              {t('notif.count', { unread: data.unread, total: data.total })}
            </h2>
            <ul class="notif-list" aria-label={t('notif.list_label')}>
              {data.items.map((n) => {
                const text = notificationText(n);
                const unread = n.read_at === null;
                return (
                  <li key={n.id} class={unread ? 'notif notif--unread' : 'notif'} data-notification={n.id} data-kind={n.kind}>
                    <div>
                      <p class="notif-text">
                        {unread && <span class="visually-hidden">{t('notif.unread')}: </span>}
                        {text}
                      </p>
                      <p class="notif-meta">
                        <span>{formatDateTime(n.created_at)}</span>
                        <Link href={`/findings/${n.finding_id}`} onClick={() => void (unread && store.markRead(n.id))}>
                          {t('notif.open_finding')}
                        </Link>
                        <Link href={`/audits/${n.audit_id}`}>{t('notif.open_audit', { code: n.params.audit_code })}</Link>
                      </p>
                    </div>
                    {unread ? (
                      <button type="button" class="button button--small button--secondary" disabled={busy} aria-label={t('notif.mark_read_of', { text })} onClick={() => void store.markRead(n.id)}>
                        {t('notif.mark_read')}
                      </button>
                    ) : (
                      <span class="badge badge--neutral">{t('notif.read')}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      {data && pages > 1 && (
        <nav class="pager" aria-label={t('notif.list_label')}>
          <button type="button" class="button button--small button--secondary" disabled={page <= 1 || store.list.loading.value} onClick={() => void store.load(store.offset.value - PAGE_SIZE)}>
            {t('notif.prev')}
          </button>
          <span>{t('notif.page', { page, pages })}</span>
          <button type="button" class="button button--small button--secondary" disabled={page >= pages || store.list.loading.value} onClick={() => void store.load(store.offset.value + PAGE_SIZE)}>
            {t('notif.next')}
          </button>
        </nav>
      )}
    </>
  );
}
