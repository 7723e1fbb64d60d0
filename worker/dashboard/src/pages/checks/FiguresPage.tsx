// The figures the audited units reported, one row per unit and period: whether they add up, the sample planned to
// verify the on-time rate and what the sample found. The lead inspector enters new ones from here.
import { canRecordFindings } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { AuditBreadcrumb, AuditTabs } from '../../components/AuditTabs.tsx';
import { EmptyState, Loading, ProblemAlert } from '../../components/Feedback.tsx';
import { ConsistencyBadge } from '../../components/FiguresChecks.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { formatPct } from '../../lib/checks-format.ts';
import { useApp } from '../../lib/context.ts';
import { formatDate, formatNumber } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import type { ReportedFiguresRecord } from '../../lib/schemas.ts';
import { createFiguresListStore } from '../../stores/figures.ts';

function VerificationCell({ r }: { r: ReportedFiguresRecord }) {
  const v = r.sample_results?.verification;
  if (!v) return <span class="muted">{r.stale_sample_results ? t('figures.stale_short') : t('figures.not_sampled')}</span>;
  return (
    <span>
      {v.sampled_rate_percent !== null && <strong>{formatPct(v.sampled_rate_percent)}</strong>}
      {v.interval && <span class="muted small"> ({formatPct(v.interval.lower_percent)}–{formatPct(v.interval.upper_percent)})</span>}
      <span class="small"> · {t('figures.checked_of', { checked: formatNumber(v.checked), planned: formatNumber(v.planned) })}</span>
      {v.reported_outside === true && (
        <>
          {' '}
          <span class="badge badge--check-mismatch">{t('verify.outside_short')}</span>
        </>
      )}
      {v.reported_outside === false && (
        <>
          {' '}
          <span class="badge badge--check-ok">{t('verify.inside_short')}</span>
        </>
      )}
    </span>
  );
}

export function FiguresPage({ params }: { params: Record<string, string> }) {
  const { api } = useApp();
  const id = params.id ?? '';
  const store = useMemo(() => createFiguresListStore(api, id), [id]);
  useEffect(() => {
    void store.load();
  }, [store]);
  const a = store.audit.data.value;
  if (store.audit.error.value && !a) return <ProblemAlert problem={store.audit.error.value} onRetry={() => void store.load()} />;
  if (!a) return <Loading />;
  const rows = store.list.data.value;
  const canEnter = a.my_role === 'lead' && canRecordFindings(a.status, a.my_role);

  return (
    <>
      <AuditBreadcrumb auditId={a.id} code={a.code} part={t('figures.title')} partHref={`/audits/${a.id}/figures`} />
      <PageHeader title={t('figures.title')} subtitle={<p class="page-lead">{`${a.code} — ${a.title}`}</p>}>
        {canEnter && (
          <Link class="button button--primary" href={`/audits/${a.id}/figures/new`}>
            {t('figures.enter')}
          </Link>
        )}
      </PageHeader>
      <AuditTabs auditId={a.id} />
      <p class="intro">{t('figures.intro')}</p>
      {!canEnter && <p class="muted small">{a.my_role === 'lead' ? t('figures.closed_for_entry', { status: t(`audit_status.${a.status}`) }) : t('figures.only_lead')}</p>}

      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load()} />
      {store.list.loading.value && !rows && <Loading />}
      {rows && rows.length === 0 && (
        <EmptyState title={t('figures.empty')}>
          <p>{canEnter ? t('figures.empty_lead') : t('figures.empty_hint')}</p>
        </EmptyState>
      )}
      {rows && rows.length > 0 && (
        <div class="table-wrap" role="region" aria-label={t('figures.list')} tabIndex={0}>
          <table class="table figures-table">
            <caption class="visually-hidden">{t('figures.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('figures.unit')}</th>
                <th scope="col">{t('figures.period')}</th>
                <th scope="col">{t('figures.source')}</th>
                <th scope="col">{t('figures.consistency')}</th>
                <th scope="col">{t('figures.plan')}</th>
                <th scope="col">{t('figures.verification')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-figures-id={r.id}>
                  <td>
                    <Link class="strong-link" href={`/audits/${a.id}/figures/${r.id}`}>
                      {r.unit_name}
                    </Link>
                  </td>
                  <td class="nowrap">
                    {formatDate(r.from)} – {formatDate(r.to)}
                  </td>
                  <td>
                    <span class="clamp">{r.source || '—'}</span>
                  </td>
                  <td>
                    <ConsistencyBadge r={r} />
                  </td>
                  <td class="nowrap">
                    {r.sampling_plan ? t('figures.plan_short', { n: formatNumber(r.sampling_plan.size), population: formatNumber(r.sampling_plan.population) }) : <span class="muted">{t('figures.no_plan_short')}</span>}
                  </td>
                  <td>
                    <VerificationCell r={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
