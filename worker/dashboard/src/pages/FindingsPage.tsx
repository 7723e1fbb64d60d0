// The findings inbox: unit heads answer findings about their units here, inspectors find disputes and actions to
// verify, leaders land here from any number of the compliance page. Filters live in the URL.
import { FINDING_STATUSES, RESULTS } from '@onestop/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { EmptyState, Loading, ProblemAlert } from '../components/Feedback.tsx';
import { FindingsTable } from '../components/FindingsTable.tsx';
import { Checkbox, Select } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { useApp } from '../lib/context.ts';
import { formatDate, formatNumber } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { href, Link, location, setQuery } from '../lib/router.tsx';
import { createFindingsStore, filtersFromQuery, filtersToQuery, needsAnswerOnly, sortFindings, taskFilters, TASKS_BY_ROLE, type FindingFilters } from '../stores/findings.ts';

export function FindingsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createFindingsStore(api), []);
  const me = session.me.value;
  const role = session.role.value ?? 'unit_head';
  const query = location.value.query;
  const filters = filtersFromQuery(query);
  const needsOnly = needsAnswerOnly(role, filters);
  const key = JSON.stringify([filters, needsOnly]);
  // On a phone the filters fold behind a button, so the findings come first.
  const [filtersOpen, setFiltersOpen] = useState(false);

  useEffect(() => {
    void store.loadAudits();
    void store.loadTasks(role);
  }, []);
  useEffect(() => {
    void store.load(filters, needsOnly);
  }, [key]);

  const change = (patch: Partial<FindingFilters>) => setQuery({ ...filtersToQuery({ ...filters, ...patch }), sort: query.get('sort') });
  const data = store.list.data.value;
  const units = me?.visible_units ?? [];
  const auditName = (id: string) => store.auditOptions.value.find((a) => a.id === id)?.code ?? id.slice(0, 8);
  const unitName = (id: string) => session.unitsById.value.get(id)?.name ?? id.slice(0, 8);
  const severity = filters.nc ? 'nc' : (filters.result ?? '');
  const hasFilters = Object.values(filtersToQuery(filters)).some((v) => v !== undefined);
  const { all: _all, ...narrowing } = filtersToQuery(filters);
  const activeFilters = Object.values(narrowing).filter((v) => v !== undefined).length;
  const allHref = href('/findings', { ...filtersToQuery({ ...filters, all: true, status: undefined }), sort: query.get('sort') ?? undefined });
  const needsHref = href('/findings', { ...filtersToQuery({ ...filters, all: undefined, status: undefined }), sort: query.get('sort') ?? undefined });
  const tasks = store.tasks.data.value;
  const sortParam = query.get('sort');
  const order: 'priority' | 'newest' = sortParam === 'priority' || sortParam === 'newest' ? sortParam : role === 'unit_head' ? 'priority' : 'newest';
  const rows = data ? sortFindings(data.items, order) : [];

  return (
    <>
      <PageHeader title={role === 'unit_head' ? t('findings.title_inbox') : t('findings.title')} subtitle={role === 'unit_head' ? t('findings.subtitle_head', { unit: me?.unit.name ?? '' }) : t('findings.subtitle')} />

      {tasks && (
        <nav class="tasks" aria-label={t('findings.tasks')}>
          {TASKS_BY_ROLE[role].map((k) => (
            <Link key={k} class={`task task--${k}${(tasks[k] ?? 0) > 0 ? ' task--active' : ''}`} href={href('/findings', filtersToQuery(taskFilters(k)))}>
              <span class="task-count">{formatNumber(tasks[k] ?? 0)}</span>
              <span class="task-label">{t(`task.${k}`)}</span>
            </Link>
          ))}
        </nav>
      )}

      {role === 'unit_head' && (
        <nav class="scope" aria-label={t('inbox.scope')}>
          <Link href={needsHref} class={`scope-option${needsOnly ? ' scope-option--current' : ''}`} aria-current={needsOnly ? 'page' : undefined}>
            {t('inbox.needs_answer')}
          </Link>
          <Link href={allHref} class={`scope-option${filters.all ? ' scope-option--current' : ''}`} aria-current={filters.all ? 'page' : undefined}>
            {t('inbox.all')}
          </Link>
        </nav>
      )}

      <button type="button" class="button button--secondary filters-toggle" aria-expanded={filtersOpen} aria-controls="findings-filters" onClick={() => setFiltersOpen(!filtersOpen)}>
        {activeFilters > 0 ? t('filter.show_active', { n: activeFilters }) : t('filter.show')}
      </button>
      <form id="findings-filters" class={`filters${filtersOpen ? '' : ' filters--folded'}`} aria-label={t('findings.filters')} onSubmit={(e) => e.preventDefault()}>
        <Select
          label={t('filter.audit')}
          name="audit"
          value={filters.audit ?? ''}
          onValue={(v) => change({ audit: v || undefined })}
          options={[{ value: '', label: t('filter.all') }, ...store.auditOptions.value.map((a) => ({ value: a.id, label: `${a.code}` }))]}
        />
        {units.length > 1 && (
          <Select
            label={t('filter.unit')}
            name="unit"
            value={filters.unit ?? ''}
            onValue={(v) => change({ unit: v || undefined })}
            options={[{ value: '', label: t('filter.all_units') }, ...units.map((u) => ({ value: u.id, label: u.name }))]}
          />
        )}
        <Select
          label={t('filter.status')}
          name="status"
          value={filters.status ?? ''}
          onValue={(v) => change({ status: (FINDING_STATUSES as readonly string[]).includes(v) ? (v as FindingFilters['status']) : undefined })}
          options={[{ value: '', label: t('filter.all') }, ...FINDING_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <Select
          label={t('filter.severity')}
          name="severity"
          value={severity}
          onValue={(v) =>
            change(v === 'nc' ? { nc: true, result: undefined } : { nc: undefined, result: (RESULTS as readonly string[]).includes(v) ? (v as FindingFilters['result']) : undefined })
          }
          options={[{ value: '', label: t('filter.all') }, { value: 'nc', label: t('filter.nc_only') }, ...RESULTS.map((r) => ({ value: r, label: t(`result.${r}`) }))]}
        />
        <Select
          label={t('filter.sort')}
          name="sort"
          value={order}
          onValue={(v) => setQuery({ sort: v })}
          options={[
            { value: 'priority', label: t('filter.sort_priority') },
            { value: 'newest', label: t('filter.sort_newest') },
          ]}
        />
        <Checkbox label={t('filter.overdue')} name="overdue" checked={filters.overdue === true} onValue={(v) => change({ overdue: v || undefined })} />
      </form>

      {(filters.clause || filters.counted || filters.from || filters.to) && (
        <ul class="chips" aria-label={t('filter.more')}>
          {filters.clause && (
            <li>
              {t('filter.clause', { clause: filters.clause })}{' '}
              <button type="button" class="chip-remove" aria-label={t('filter.remove', { what: t('filter.clause', { clause: filters.clause }) })} onClick={() => change({ clause: undefined })}>
                ×
              </button>
            </li>
          )}
          {filters.counted && (
            <li>
              {t('filter.counted')}{' '}
              <button type="button" class="chip-remove" aria-label={t('filter.remove', { what: t('filter.counted') })} onClick={() => change({ counted: undefined })}>
                ×
              </button>
            </li>
          )}
          {(filters.from || filters.to) && (
            <li>
              {t('filter.period', { from: filters.from ? formatDate(filters.from) : '…', to: filters.to ? formatDate(filters.to) : '…' })}{' '}
              <button type="button" class="chip-remove" aria-label={t('filter.remove', { what: t('filter.period_short') })} onClick={() => change({ from: undefined, to: undefined })}>
                ×
              </button>
            </li>
          )}
        </ul>
      )}

      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load(filters)} />
      {store.list.loading.value && !data && <Loading />}
      {data && (
        <>
          <p class="findings-count" role="status" data-testid="findings-total" data-total={data.total}>
            {t('findings.count', { n: formatNumber(data.total) })}
            {filters.audit && ` · ${auditName(filters.audit)}`}
            {filters.unit && ` · ${unitName(filters.unit)}`}
            {hasFilters && (
              <>
                {' · '}
                <Link href="/findings">{t('filter.clear')}</Link>
              </>
            )}
          </p>
          {needsOnly && (data.hidden ?? 0) > 0 && (
            <p class="hidden-note" data-testid="findings-hidden" data-hidden={data.hidden}>
              {t('inbox.hidden', { n: formatNumber(data.hidden ?? 0) })} <Link href={allHref}>{t('inbox.show_all')}</Link>
            </p>
          )}
          <FindingsTable
            rows={rows}
            caption={t('findings.table_caption')}
            showUnit={units.length > 1}
            empty={
              <EmptyState title={hasFilters ? t('findings.empty_filtered') : t('findings.empty')}>
                <p>{role === 'unit_head' ? t('findings.empty_head') : t('findings.empty_hint')}</p>
              </EmptyState>
            }
          />
          {!data.complete && (
            <p>
              <button type="button" class="button button--secondary" disabled={store.loadingMore.value} onClick={() => void store.loadMore()}>
                {t('common.load_more', { shown: data.items.length, total: data.total })}
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}
