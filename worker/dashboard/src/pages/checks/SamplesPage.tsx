// An audit's automated check samples: each sweep of a unit's dossier system with its counts (dossiers, dossiers with
// a violation, on-time rate), newest first, and the suggestions inspectors dismissed as wrong, per rule.
import { useEffect, useMemo } from 'preact/hooks';
import { AuditBreadcrumb, AuditTabs } from '../../components/AuditTabs.tsx';
import { EmptyState, Loading, ProblemAlert } from '../../components/Feedback.tsx';
import { Select } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { OnTime, ruleName } from '../../components/SampleParts.tsx';
import { formatPct } from '../../lib/checks-format.ts';
import { useApp } from '../../lib/context.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link, location, setQuery } from '../../lib/router.tsx';
import type { FalsePositiveCount } from '../../lib/schemas.ts';
import { createSamplesStore, type RuleBook } from '../../stores/samples.ts';

function FalsePositives({ rows, book }: { rows: readonly FalsePositiveCount[]; book: RuleBook | null }) {
  if (rows.length === 0) return <p class="muted">{t('samples.fp_empty')}</p>;
  return (
    <div class="table-wrap" role="region" aria-label={t('samples.fp_table')} tabIndex={0}>
      <table class="table">
        <caption class="visually-hidden">{t('samples.fp_title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('samples.rule')}</th>
            <th scope="col">{t('samples.item')}</th>
            <th scope="col" class="num">
              {t('samples.fp_violations')}
            </th>
            <th scope="col" class="num">
              {t('samples.fp_dismissed')}
            </th>
            <th scope="col" class="num">
              {t('samples.fp_percent')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.rule_id}@${r.rule_version}`} data-rule={r.rule_id}>
              <td>
                {ruleName(book, r.rule_id)}{' '}
                <span class="muted small mono-inline">
                  {r.rule_id} v{r.rule_version}
                </span>
              </td>
              <td class="nowrap">{r.item_code ?? '—'}</td>
              <td class="num">{formatNumber(r.violations)}</td>
              <td class="num">{formatNumber(r.dismissed)}</td>
              <td class="num">{formatPct(r.dismissed_percent, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SamplesPage({ params }: { params: Record<string, string> }) {
  const { api } = useApp();
  const id = params.id ?? '';
  const store = useMemo(() => createSamplesStore(api, id), [id]);
  const unit = location.value.query.get('unit') ?? undefined;
  useEffect(() => {
    void store.loadAudit();
  }, [store]);
  useEffect(() => {
    void store.load(unit);
  }, [store, unit]);

  const a = store.audit.data.value;
  if (store.audit.error.value && !a) return <ProblemAlert problem={store.audit.error.value} onRetry={() => void store.loadAudit()} />;
  if (!a) return <Loading />;
  const data = store.samples.data.value;
  const book = store.rules.data.value;
  const unitName = (uid: string) => a.units.find((u) => u.id === uid)?.name ?? uid;

  return (
    <>
      <AuditBreadcrumb auditId={a.id} code={a.code} part={t('samples.title')} partHref={`/audits/${a.id}/samples`} />
      <PageHeader title={t('samples.title')} subtitle={<p class="page-lead">{`${a.code} — ${a.title}`}</p>} />
      <AuditTabs auditId={a.id} />
      <p class="intro">{t('samples.intro')}</p>

      {a.units.length > 1 && (
        <form class="filters" aria-label={t('samples.filters')} onSubmit={(e) => e.preventDefault()}>
          <Select
            label={t('filter.unit')}
            name="unit"
            value={unit ?? ''}
            onValue={(v) => setQuery({ unit: v || null })}
            options={[{ value: '', label: t('filter.all_units') }, ...a.units.map((u) => ({ value: u.id, label: u.name }))]}
          />
        </form>
      )}

      <section class="stack" aria-labelledby="samples-list-title">
        <h2 id="samples-list-title">
          {t('samples.list_title')} {data && <span class="count">({formatNumber(data.total)})</span>}
        </h2>
        <ProblemAlert problem={store.samples.error.value} onRetry={() => void store.load(unit)} />
        {store.samples.loading.value && !data && <Loading />}
        {data && data.items.length === 0 && (
          <EmptyState title={unit ? t('samples.empty_unit', { unit: unitName(unit) }) : t('samples.empty')}>
            <p>{t('samples.empty_hint')}</p>
          </EmptyState>
        )}
        {data && data.items.length > 0 && (
          <div class="table-wrap" role="region" aria-label={t('samples.list_table')} tabIndex={0}>
            <table class="table samples-table">
              <caption class="visually-hidden">{t('samples.list_title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('samples.as_of')}</th>
                  <th scope="col">{t('samples.unit')}</th>
                  <th scope="col">{t('samples.system')}</th>
                  <th scope="col">{t('samples.rule_set')}</th>
                  <th scope="col" class="num">
                    {t('samples.dossiers')}
                  </th>
                  <th scope="col" class="num">
                    {t('samples.with_violation')}
                  </th>
                  <th scope="col">{t('samples.on_time')}</th>
                  <th scope="col">{t('samples.recorded')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id} data-sample-id={s.id}>
                    <td class="nowrap">
                      <Link class="strong-link" href={`/audits/${a.id}/samples/${s.id}`} aria-label={t('samples.open', { unit: s.unit_name, at: formatDateTime(s.as_of) })}>
                        {formatDateTime(s.as_of)}
                      </Link>
                    </td>
                    <td>{s.unit_name}</td>
                    <td>
                      <span class="clamp">{s.site_profile}</span>
                    </td>
                    <td class="nowrap mono-inline">
                      {s.rule_set_id} v{s.rule_set_version}
                    </td>
                    <td class="num">{formatNumber(s.dossier_count)}</td>
                    <td class="num">
                      <span class={s.dossiers_with_violation > 0 ? 'text-error strong' : ''}>{formatNumber(s.dossiers_with_violation)}</span>
                    </td>
                    <td>
                      <OnTime s={s} />
                    </td>
                    <td class="small">
                      <bdi>{s.recorded_by_name ?? t('common.someone')}</bdi>
                      <div class="muted">{formatDateTime(s.recorded_at)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && data.items.length < data.total && (
          <p>
            <button type="button" class="button button--secondary" disabled={store.loadingMore.value} onClick={() => void store.loadMore()}>
              {t('common.load_more', { shown: data.items.length, total: data.total })}
            </button>
          </p>
        )}
      </section>

      <section class="card section-gap" aria-labelledby="fp-title">
        <h2 id="fp-title">{t('samples.fp_title')}</h2>
        <p class="hint">{t('samples.fp_hint')}</p>
        <ProblemAlert problem={store.dismissals.error.value} onRetry={() => void store.load(unit)} />
        {store.dismissals.data.value && <FalsePositives rows={store.dismissals.data.value.by_rule} book={book} />}
      </section>
    </>
  );
}
