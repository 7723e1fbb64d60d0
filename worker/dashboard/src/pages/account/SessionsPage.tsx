// "Phiên đăng nhập": where the person is signed in (dashboard cookies, extension tokens), when each began, was last
// used and will end; end one, every other one, or all of them.
import { useEffect, useMemo } from 'preact/hooks';
import { EmptyState, Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { createSessionsStore } from '../../stores/account.ts';

export function SessionsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createSessionsStore(api, () => session.signedOutElsewhere()), []);
  useEffect(() => {
    void store.load();
  }, []);
  const data = store.sessions.data.value;
  const busy = store.submission.busy.value;
  const others = data?.items.filter((s) => !s.current).length ?? 0;
  return (
    <>
      <PageHeader title={t('sessions.title')} subtitle={t('sessions.subtitle')}>
        <button type="button" class="button button--secondary" disabled={busy || others === 0} onClick={() => void store.revokeOthers()}>
          {t('sessions.revoke_others')}
        </button>
        <button
          type="button"
          class="button button--danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(t('sessions.revoke_all_confirm'))) void store.revokeAll();
          }}
        >
          {t('sessions.revoke_all')}
        </button>
      </PageHeader>
      <Notice message={store.submission.done.value} />
      <ProblemAlert problem={store.submission.error.value} />
      <ProblemAlert problem={store.sessions.error.value} onRetry={() => void store.load()} />
      {store.sessions.loading.value && !data && <Loading />}
      {data &&
        (data.items.length === 0 ? (
          <EmptyState title={t('sessions.empty')} />
        ) : (
          <div class="table-wrap" role="region" aria-label={t('sessions.title')} tabIndex={0}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('sessions.kind')}</th>
                  <th scope="col">{t('sessions.client')}</th>
                  <th scope="col">{t('sessions.created')}</th>
                  <th scope="col">{t('sessions.last_seen')}</th>
                  <th scope="col">{t('sessions.ends')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id} data-session-kind={s.kind} class={s.current ? 'row--current' : undefined}>
                    <td>
                      {t(`sessions.kind_${s.kind}`)} {s.current && <span class="badge badge--neutral">{t('sessions.this_one')}</span>}
                    </td>
                    <td>{s.client ?? '—'}</td>
                    <td class="nowrap">{formatDateTime(s.created_at)}</td>
                    <td class="nowrap">{formatDateTime(s.last_seen_at)}</td>
                    <td class="nowrap">{formatDateTime(s.expires_at)}</td>
                    <td>
                      <button
                        type="button"
                        class="button button--small button--ghost"
                        disabled={busy}
                        aria-label={s.current ? t('sessions.revoke_this') : t('sessions.revoke_one', { kind: t(`sessions.kind_${s.kind}`), client: s.client ?? '—' })}
                        onClick={() => void store.revoke(s.id, s.current)}
                      >
                        {t('nav.sign_out')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {data && (
        <p class="hint">
          {t('sessions.policy', {
            cookie_idle: Math.round(data.policy.cookie.idle_seconds / 60),
            bearer_idle: Math.round(data.policy.bearer.idle_seconds / 3600),
            absolute: Math.round(data.policy.cookie.absolute_seconds / 3600),
          })}
        </p>
      )}
    </>
  );
}
