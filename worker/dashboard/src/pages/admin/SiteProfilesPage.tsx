// Site profiles: the dossier web systems the extension knows, with their URL patterns, pages and bindings.
import { useEffect, useMemo } from 'preact/hooks';
import { EmptyState, Loading, ProblemAlert } from '../../components/Feedback.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import { createSiteProfilesStore } from '../../stores/admin.ts';

export function SiteProfilesPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createSiteProfilesStore(api), []);
  useEffect(() => {
    void store.load();
  }, []);
  const isAdmin = session.role.value === 'admin';
  const items = store.list.data.value;
  return (
    <>
      <PageHeader title={t('profiles.title')} subtitle={t('profiles.subtitle')}>
        {isAdmin && (
          <Link class="button button--primary" href="/admin/site-profiles/new">
            {t('profiles.new')}
          </Link>
        )}
      </PageHeader>
      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load()} />
      {store.list.loading.value && !items && <Loading />}
      {items && items.length === 0 && (
        <EmptyState title={t('profiles.empty')}>
          <p>{t('profiles.empty_hint')}</p>
          {isAdmin && (
            <Link class="button button--primary" href="/admin/site-profiles/new">
              {t('profiles.new')}
            </Link>
          )}
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <div class="table-wrap" role="region" aria-label={t('profiles.title')} tabIndex={0}>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('profiles.name')}</th>
                <th scope="col">{t('profiles.match')}</th>
                <th scope="col" class="num">{t('profiles.pages')}</th>
                <th scope="col" class="num">{t('profiles.bindings')}</th>
                <th scope="col">{t('profiles.state')}</th>
                <th scope="col" class="col-wide">{t('profiles.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} class={p.active ? undefined : 'row--inactive'}>
                  <td>
                    <Link href={`/admin/site-profiles/${p.id}`} class="strong-link">
                      {p.name}
                    </Link>
                    <div class="muted small">
                      {t('profiles.doc_version', { v: p.profile.version })} · {t('profiles.row_version', { v: p.version })}
                    </div>
                  </td>
                  <td>
                    <ul class="plain-list small mono-inline">
                      {p.profile.match.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  </td>
                  <td class="num">{p.profile.pages.length}</td>
                  <td class="num">{p.profile.bindings.length}</td>
                  <td>{p.active ? <span class="badge badge--status-closed">{t('profiles.active')}</span> : <span class="badge badge--neutral">{t('profiles.inactive')}</span>}</td>
                  <td class="col-wide nowrap">{formatDateTime(p.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
