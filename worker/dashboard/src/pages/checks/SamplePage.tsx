// One automated check sample: what was swept, the outcomes per rule (every count opens the dossiers behind it), and
// the dossiers a page at a time, each with the facts its outcomes were decided on and dismissed suggestions marked.
// Filters and the page live in the URL.
import { SAMPLE_RULE_OUTCOMES, type SampleRuleOutcome } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { AuditBreadcrumb, AuditTabs } from '../../components/AuditTabs.tsx';
import { EmptyState, Loading, ProblemAlert } from '../../components/Feedback.tsx';
import { Select } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { OnTime, OutcomeBadge, ruleName } from '../../components/SampleParts.tsx';
import { factLabel, fillExplanation, formatFact, type FactValue } from '../../lib/checks-format.ts';
import { useApp } from '../../lib/context.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { pick, t } from '../../lib/i18n.ts';
import { href, Link, location, setQuery } from '../../lib/router.tsx';
import type { DismissalList, SampleDetail } from '../../lib/schemas.ts';
import { createSampleStore, DOSSIERS_PAGE, type RuleBook } from '../../stores/samples.ts';

type Dossier = SampleDetail['dossiers']['items'][number];
type Outcome = Dossier['outcomes'][number];
type Dismissal = DismissalList['items'][number];

const isOutcome = (v: string | null): v is SampleRuleOutcome => v !== null && (SAMPLE_RULE_OUTCOMES as readonly string[]).includes(v);

function Facts({ facts }: { facts: Record<string, FactValue> }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return <p class="muted small">{t('sample.no_facts')}</p>;
  return (
    <dl class="fields facts">
      {entries.map(([k, v]) => (
        <div class="fields-row" key={k}>
          <dt>{factLabel(k)}</dt>
          <dd>{formatFact(v, k)}</dd>
        </div>
      ))}
    </dl>
  );
}

function OutcomeView({ o, book, dismissal }: { o: Outcome; book: RuleBook | null; dismissal: Dismissal | undefined }) {
  const rule = book?.get(o.rule_id);
  const explanation = o.outcome === 'violation' && rule?.explanation ? fillExplanation(pick(rule.explanation.vi, rule.explanation.en), o.facts) : null;
  return (
    <div class={`outcome outcome--${o.outcome}`} data-rule={o.rule_id} data-outcome={o.outcome}>
      <p class="outcome-head">
        <OutcomeBadge outcome={o.outcome} /> <strong>{ruleName(book, o.rule_id)}</strong>{' '}
        <span class="muted small mono-inline">
          {o.rule_id}
          {rule ? ` · ${rule.item_code}` : ''}
        </span>
      </p>
      {explanation && <p class="outcome-explanation">{explanation}</p>}
      {dismissal && (
        <p class="dismissed">
          <span class="badge badge--neutral">{t('sample.dismissed')}</span> “{dismissal.reason}” — <bdi>{dismissal.dismissed_by_name ?? t('common.someone')}</bdi>, {formatDateTime(dismissal.dismissed_at)}
        </p>
      )}
      <Facts facts={o.facts} />
    </div>
  );
}

function DossierView({ d, book, rule, dismissed }: { d: Dossier; book: RuleBook | null; rule: string | undefined; dismissed: Map<string, Dismissal> }) {
  // In front: the filtered rule's outcome, else what needs a look (violations, undecidable); the rest folded.
  const focus = d.outcomes.filter((o) => (rule ? o.rule_id === rule : o.outcome === 'violation' || o.outcome === 'undecidable'));
  const rest = d.outcomes.filter((o) => !focus.includes(o));
  const restCounts = SAMPLE_RULE_OUTCOMES.map((k) => [k, rest.filter((o) => o.outcome === k).length] as const).filter(([, n]) => n > 0);
  const of = (o: Outcome) => dismissed.get(`${o.rule_id}|${d.dossier_code}`);
  return (
    <li class="dossier" data-dossier={d.dossier_code}>
      <div class="dossier-head">
        <h3>
          {/* Ordinals are 0-based in the API; people count from 1 (the order the sweep recorded). */}
          <span class="muted small">#{d.ordinal + 1}</span> <bdi class="mono-inline">{d.dossier_code}</bdi>
        </h3>
        {d.violations > 0 ? <span class="badge badge--outcome-violation">{d.violations === 1 ? t('sample.violation_one') : t('sample.violations_n', { n: d.violations })}</span> : <span class="badge badge--outcome-pass">{t('sample.no_violation')}</span>}
      </div>
      {focus.map((o) => (
        <OutcomeView key={o.rule_id} o={o} book={book} dismissal={of(o)} />
      ))}
      {rest.length > 0 && (
        <details class="outcome-rest">
          <summary>{t('sample.other_rules', { list: restCounts.map(([k, n]) => `${formatNumber(n)} ${t(`outcome.${k}`).toLowerCase()}`).join(', ') })}</summary>
          {rest.map((o) => (
            <OutcomeView key={o.rule_id} o={o} book={book} dismissal={of(o)} />
          ))}
        </details>
      )}
    </li>
  );
}

export function SamplePage({ params }: { params: Record<string, string> }) {
  const { api } = useApp();
  const auditId = params.id ?? '';
  const sampleId = params.sid ?? '';
  const store = useMemo(() => createSampleStore(api, auditId, sampleId), [auditId, sampleId]);
  const q = location.value.query;
  const rule = q.get('rule') || undefined;
  const outcomeParam = q.get('outcome');
  const outcome = isOutcome(outcomeParam) ? outcomeParam : undefined;
  const offset = Math.max(0, Math.floor(Number(q.get('offset') ?? 0)) || 0);
  const key = `${rule ?? ''}|${outcome ?? ''}|${offset}`;
  useEffect(() => {
    void store.load({ rule, outcome, offset });
  }, [store, key]);

  const a = store.audit.data.value;
  const s = store.sample.data.value;
  const firstError = store.audit.error.value ?? store.sample.error.value;
  if (firstError && (!a || !s)) return <ProblemAlert problem={firstError} onRetry={() => void store.load({ rule, outcome, offset })} />;
  if (!a || !s) return <Loading />;

  const book = store.rules.data.value;
  const dismissals = store.dismissals.data.value;
  const dismissed = new Map<string, Dismissal>();
  for (const d of dismissals?.items ?? []) if (!dismissed.has(`${d.rule_id}|${d.dossier_code}`)) dismissed.set(`${d.rule_id}|${d.dossier_code}`, d);
  const fpOf = (ruleId: string, version: number) => dismissals?.by_rule.find((r) => r.rule_id === ruleId && r.rule_version === version)?.dismissed ?? 0;
  const base = `/audits/${a.id}/samples/${s.id}`;
  const page = s.dossiers;
  const filtered = rule !== undefined || outcome !== undefined;
  const filterText = [outcome ? t(`outcome.${outcome}`) : null, rule ? ruleName(book, rule) : null].filter(Boolean).join(' · ');
  const title = t('sample.title', { unit: s.unit_name });

  return (
    <>
      <AuditBreadcrumb auditId={a.id} code={a.code} part={t('samples.title')} partHref={`/audits/${a.id}/samples`} here={`${s.unit_name} · ${formatDateTime(s.as_of)}`} />
      <PageHeader title={title} subtitle={<p class="page-lead">{`${a.code} — ${a.title}`}</p>} />
      <AuditTabs auditId={a.id} />

      <section class="card" aria-labelledby="sample-what">
        <h2 id="sample-what">{t('sample.what')}</h2>
        <dl class="details">
          <dt>{t('samples.unit')}</dt>
          <dd>{s.unit_name}</dd>
          <dt>{t('samples.system')}</dt>
          <dd>{s.site_profile}</dd>
          <dt>{t('samples.as_of')}</dt>
          <dd>{formatDateTime(s.as_of)}</dd>
          <dt>{t('samples.rule_set')}</dt>
          <dd class="mono-inline">
            {s.rule_set_id} v{s.rule_set_version}
          </dd>
          <dt>{t('samples.dossiers')}</dt>
          <dd data-testid="sample-dossiers">{formatNumber(s.dossier_count)}</dd>
          <dt>{t('samples.with_violation')}</dt>
          <dd data-testid="sample-with-violation">{formatNumber(s.dossiers_with_violation)}</dd>
          <dt>{t('samples.on_time')}</dt>
          <dd data-testid="sample-on-time">
            <OnTime s={s} />
            {s.on_time && <p class="hint">{t('sample.on_time_hint', { rule: ruleName(book, s.on_time.rule_id), late: formatNumber(s.on_time.late) })}</p>}
          </dd>
          <dt>{t('samples.recorded')}</dt>
          <dd>
            <bdi>{s.recorded_by_name ?? t('common.someone')}</bdi>, {formatDateTime(s.recorded_at)}
          </dd>
        </dl>
      </section>

      <section class="section-gap stack" aria-labelledby="sample-rules">
        <h2 id="sample-rules">{t('sample.by_rule')}</h2>
        <p class="hint">{t('sample.by_rule_hint')}</p>
        <div class="table-wrap" role="region" aria-label={t('sample.by_rule')} tabIndex={0}>
          <table class="table rule-counts">
            <caption class="visually-hidden">{t('sample.by_rule')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('samples.rule')}</th>
                <th scope="col">{t('samples.item')}</th>
                {SAMPLE_RULE_OUTCOMES.map((o) => (
                  <th scope="col" class="num" key={o}>
                    {t(`outcome.${o}`)}
                  </th>
                ))}
                <th scope="col" class="num">
                  {t('sample.fp')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.rules.map((r) => (
                <tr key={r.rule_id} data-rule={r.rule_id} class={rule === r.rule_id ? 'row--selected' : undefined}>
                  <th scope="row">
                    {ruleName(book, r.rule_id)}{' '}
                    <span class="muted small mono-inline">
                      {r.rule_id} v{r.rule_version}
                    </span>
                  </th>
                  <td class="nowrap">{r.item_code}</td>
                  {SAMPLE_RULE_OUTCOMES.map((o) => {
                    const n = r[o];
                    const current = rule === r.rule_id && outcome === o;
                    return (
                      <td class="num" key={o} data-outcome={o}>
                        {n === 0 ? (
                          <span class="muted">0</span>
                        ) : (
                          <Link
                            class={`num-link count-link count-link--${o}`}
                            href={href(base, { rule: r.rule_id, outcome: o })}
                            aria-current={current ? 'true' : undefined}
                            aria-label={t('sample.count_link', { n: formatNumber(n), outcome: t(`outcome.${o}`), rule: ruleName(book, r.rule_id) })}
                          >
                            {formatNumber(n)}
                          </Link>
                        )}
                      </td>
                    );
                  })}
                  <td class="num" data-outcome="dismissed">
                    {formatNumber(fpOf(r.rule_id, r.rule_version))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {dismissals && <p class="hint">{t('sample.fp_hint', { unit: s.unit_name })}</p>}
      </section>

      <section class="section-gap stack" aria-labelledby="sample-dossiers">
        <h2 id="sample-dossiers">{t('sample.dossiers')}</h2>
        <form class="filters" aria-label={t('sample.filters')} onSubmit={(e) => e.preventDefault()}>
          <Select
            label={t('samples.rule')}
            name="rule"
            value={rule ?? ''}
            onValue={(v) => setQuery({ rule: v || null, offset: null })}
            options={[{ value: '', label: t('sample.all_rules') }, ...s.rules.map((r) => ({ value: r.rule_id, label: ruleName(book, r.rule_id) }))]}
          />
          <Select
            label={t('sample.outcome')}
            name="outcome"
            value={outcome ?? ''}
            onValue={(v) => setQuery({ outcome: v || null, offset: null })}
            options={[{ value: '', label: t('sample.all_outcomes') }, ...SAMPLE_RULE_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))]}
          />
        </form>
        <ProblemAlert problem={store.sample.error.value} onRetry={() => void store.load({ rule, outcome, offset })} />
        <p class="findings-count" role="status" data-testid="dossiers-total" data-total={page.total}>
          {page.total === 0
            ? t('sample.dossiers_none')
            : t('sample.dossiers_range', { from: formatNumber(page.offset + 1), to: formatNumber(page.offset + page.items.length), total: formatNumber(page.total) })}
          {filtered && (
            <>
              {` · ${filterText} · `}
              <Link href={base}>{t('filter.clear')}</Link>
            </>
          )}
        </p>
        {page.items.length === 0 ? (
          <EmptyState title={filtered ? t('sample.empty_filtered') : t('sample.dossiers_none')} />
        ) : (
          <ol class="dossiers plain-list" aria-busy={store.sample.loading.value || undefined}>
            {page.items.map((d) => (
              <DossierView key={d.ordinal} d={d} book={book} rule={rule} dismissed={dismissed} />
            ))}
          </ol>
        )}
        {page.total > page.limit && (
          <nav class="pager" aria-label={t('sample.pages')}>
            {page.offset > 0 ? (
              <Link class="button button--secondary" href={href(base, { rule, outcome, offset: Math.max(0, page.offset - DOSSIERS_PAGE) || null })}>
                {t('sample.prev')}
              </Link>
            ) : (
              <span />
            )}
            <span class="muted">{t('sample.page_of', { page: Math.floor(page.offset / DOSSIERS_PAGE) + 1, pages: Math.ceil(page.total / DOSSIERS_PAGE) })}</span>
            {page.offset + page.items.length < page.total ? (
              <Link class="button button--secondary" href={href(base, { rule, outcome, offset: page.offset + DOSSIERS_PAGE })}>
                {t('sample.next')}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
      </section>
    </>
  );
}
