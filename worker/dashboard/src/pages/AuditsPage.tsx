// Audits the signed-in person may see: code, units, team lead, dates, findings and open nonconformities; leaders and
// admins plan new ones from here.
import { AUDIT_STATUSES, type AuditStatus } from '@onestop/shared';
import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { AuditStatusBadge } from '../components/Badges.tsx';
import { EmptyState, Loading, ProblemAlert } from '../components/Feedback.tsx';
import { Select, TextInput } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { useApp } from '../lib/context.ts';
import { formatDate, formatNumber } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { href, Link, location, setQuery } from '../lib/router.tsx';
import { createAuditsStore } from '../stores/audits.ts';

export function AuditsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createAuditsStore(api), []);
  const q = location.value.query;
  const statusParam = q.get('status');
  const status = (AUDIT_STATUSES as readonly string[]).includes(statusParam ?? '') ? (statusParam as AuditStatus) : undefined;
  const search = q.get('q') ?? '';
  const typed = useMemo(() => signal(search), []);
  useEffect(() => {
    void store.load({ status, q: search || undefined });
  }, [status, search]);
  const role = session.role.value;
  const canPlan = role === 'admin' || role === 'leader';
  // The list's counts cover every audited unit; a unit head sees only their own findings (see the README note).
  const showCounts = role !== 'unit_head';
  const data = store.list.data.value;

  return (
    <>
      <PageHeader title={t('audits.title')} subtitle={t(`audits.subtitle_${role ?? 'inspector'}`)}>
        {canPlan && (
          <Link class="button button--primary" href="/audits/new">
            {t('audits.plan')}
          </Link>
        )}
      </PageHeader>
      <form
        class="filters"
        aria-label={t('audits.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: typed.value.trim() || null });
        }}
      >
        <Select
          label={t('filter.status')}
          name="status"
          value={status ?? ''}
          onValue={(v) => setQuery({ status: v || null })}
          options={[{ value: '', label: t('filter.all') }, ...AUDIT_STATUSES.map((s) => ({ value: s, label: t(`audit_status.${s}`) }))]}
        />
        <TextInput label={t('audits.search')} type="search" name="q" value={typed.value} onValue={(v) => (typed.value = v)} placeholder={t('audits.search_placeholder')} />
        <div class="field field--button">
          <button type="submit" class="button button--secondary">
            {t('common.search')}
          </button>
        </div>
      </form>
      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load({ status, q: search || undefined })} />
      {store.list.loading.value && !data && <Loading />}
      {data &&
        (data.items.length === 0 ? (
          <EmptyState title={status || search ? t('audits.empty_filtered') : t('audits.empty')}>
            <p>{canPlan ? t('audits.empty_plan') : role === 'unit_head' ? t('audits.empty_head') : t('audits.empty_other')}</p>
            {canPlan && (
              <Link class="button button--primary" href="/audits/new">
                {t('audits.plan')}
              </Link>
            )}
          </EmptyState>
        ) : (
          <div class="table-wrap" role="region" aria-label={t('audits.title')} tabIndex={0}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.code')}</th>
                  <th scope="col">{t('audit.title_field')}</th>
                  <th scope="col">{t('audit.status')}</th>
                  <th scope="col">{t('audit.dates')}</th>
                  <th scope="col" class="col-wide">{t('audit.lead')}</th>
                  <th scope="col" class="num">{t('audit.units')}</th>
                  {showCounts && <th scope="col" class="num">{t('audit.findings')}</th>}
                  {showCounts && <th scope="col" class="num">{t('audit.open_nc')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <td class="nowrap">
                      <Link href={`/audits/${a.id}`} class="strong-link">
                        {a.code}
                      </Link>
                    </td>
                    <td>
                      <span class="clamp">{a.title}</span>
                      <div class="muted small">{t(`audit_kind.${a.kind}`)}</div>
                    </td>
                    <td>
                      <AuditStatusBadge status={a.status} />
                    </td>
                    <td class="nowrap">
                      {formatDate(a.planned_start)} – {formatDate(a.planned_end)}
                    </td>
                    <td class="col-wide">{a.lead_name ?? '—'}</td>
                    <td class="num">{formatNumber(a.unit_count)}</td>
                    {showCounts && (
                      <td class="num">
                        <Link href={href('/findings', { audit: a.id })}>{formatNumber(a.finding_count)}</Link>
                      </td>
                    )}
                    {showCounts && <td class={`num${a.open_nc_count > 0 ? ' text-error strong' : ''}`}>{formatNumber(a.open_nc_count)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
