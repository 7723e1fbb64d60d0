// One unit's reported figures, verified: the figures as reported, every consistency check with its two sides (a
// mismatch flagged), the sampling plan in plain words with the drawn positions in draw order, and what the sample
// found (the sampled on-time rate with its Wilson 95% interval against the reported rate) with the suggested
// findings. Audit members record the sampled dossiers' outcomes here.
import { canRecordFindings, REPORTED_COUNT_KEYS } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { AuditBreadcrumb, AuditTabs } from '../../components/AuditTabs.tsx';
import { EmptyState, Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { ChecksList, ConsistencyBadge, mismatchText, SuggestionBox } from '../../components/FiguresChecks.tsx';
import { TextArea } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { figureLabel, formatPct } from '../../lib/checks-format.ts';
import { useApp } from '../../lib/context.ts';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts';
import { pick, t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import type { ReportedFiguresRecord } from '../../lib/schemas.ts';
import { createFigureStore } from '../../stores/figures.ts';

type Store = ReturnType<typeof createFigureStore>;
type Plan = NonNullable<ReportedFiguresRecord['sampling_plan']>;
type Verification = NonNullable<ReportedFiguresRecord['sample_results']>['verification'];

function FiguresTable({ r }: { r: ReportedFiguresRecord }) {
  const keys = [...REPORTED_COUNT_KEYS, 'on_time_rate'] as const;
  return (
    <div class="table-wrap" role="region" aria-label={t('record.figures')} tabIndex={0}>
      <table class="table table--compact reported-figures">
        <caption class="visually-hidden">{t('record.figures')}</caption>
        <tbody>
          {keys.map((k) => {
            const v = r.figures[k];
            return (
              <tr key={k} data-figure={k} class={typeof v === 'number' ? undefined : 'row--inactive'}>
                <th scope="row">{figureLabel(k)}</th>
                <td class="num">{typeof v === 'number' ? (k === 'on_time_rate' ? formatPct(v) : formatNumber(v)) : t('figures.not_reported')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const order = plan.draw_order ?? [];
  const ascending = plan.positions ?? [];
  return (
    <>
      <p class="plan-summary" data-testid="plan-summary">
        {t('sampling.summary', { n: formatNumber(plan.size), population: formatNumber(plan.population) })}
      </p>
      <dl class="details plan-details">
        <dt>{t('sampling.frame')}</dt>
        <dd>{t('sampling.frame_text', { population: formatNumber(plan.population) })}</dd>
        <dt>{t('sampling.confidence')}</dt>
        <dd>{t('sampling.confidence_text', { confidence: formatPct(plan.confidence * 100, 0), z: formatNumber(plan.z, 4) })}</dd>
        <dt>{t('sampling.margin')}</dt>
        <dd>{t('sampling.margin_text', { margin: formatPct(plan.margin * 100, 1) })}</dd>
        <dt>{t('sampling.expected')}</dt>
        <dd>{t('sampling.expected_text', { p: formatPct(plan.expected_proportion * 100, 0) })}</dd>
        <dt>
          n<sub>0</sub>
        </dt>
        <dd data-testid="plan-n0">{t('sampling.n0_text', { n0: formatNumber(plan.n0, 2) })}</dd>
        <dt>n</dt>
        <dd data-testid="plan-n">{t('sampling.n_text', { n: formatNumber(plan.n, 2), population: formatNumber(plan.population) })}</dd>
        <dt>{t('sampling.size')}</dt>
        <dd data-testid="plan-size">
          <strong>{formatNumber(plan.size)}</strong> {t('sampling.size_text', { minimum: formatNumber(plan.minimum) })}
        </dd>
        <dt>{t('sampling.seed')}</dt>
        <dd>
          <code class="seed">{plan.seed}</code>
        </dd>
        <dt>{t('sampling.algorithm')}</dt>
        <dd>
          <code>{plan.algorithm}</code>
          <p class="hint">{t('sampling.algorithm_hint')}</p>
        </dd>
      </dl>
      {order.length > 0 && (
        <>
          <h3 id="draw-order-title">{t('sampling.draw_order', { n: formatNumber(order.length) })}</h3>
          <p class="hint">{t('sampling.draw_order_hint')}</p>
          <ol class="positions" aria-labelledby="draw-order-title" tabIndex={0}>
            {order.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
          <details class="table-details">
            <summary>{t('sampling.ascending')}</summary>
            <p class="positions-text">{ascending.join(', ')}</p>
          </details>
        </>
      )}
    </>
  );
}

/** The sampled rate's interval and the reported rate on one 0–100% scale (the numbers are also in words). */
function IntervalBar({ v }: { v: Verification }) {
  if (!v.interval || v.sampled_rate_percent === null) return null;
  const clamp = (x: number) => Math.min(100, Math.max(0, x));
  return (
    <div class="interval" aria-hidden="true">
      <div class="interval-track">
        <div class="interval-range" style={{ left: `${clamp(v.interval.lower_percent)}%`, width: `${clamp(v.interval.upper_percent) - clamp(v.interval.lower_percent)}%` }} />
        <div class="interval-mark interval-mark--sample" style={{ left: `${clamp(v.sampled_rate_percent)}%` }} />
        {v.reported_rate_percent !== null && <div class={`interval-mark interval-mark--reported${v.reported_outside ? ' interval-mark--outside' : ''}`} style={{ left: `${clamp(v.reported_rate_percent)}%` }} />}
      </div>
      <div class="interval-scale">
        <span>0%</span>
        <span>50%</span>
        <span>100%</span>
      </div>
      <p class="legend">
        <span class="legend-swatch interval-legend--range" /> {t('verify.legend_interval')}
        <span class="legend-swatch interval-legend--sample" /> {t('verify.legend_sample')}
        {v.reported_rate_percent !== null && (
          <>
            <span class={`legend-swatch interval-legend--reported${v.reported_outside ? ' interval-legend--outside' : ''}`} /> {t('verify.legend_reported')}
          </>
        )}
      </p>
    </div>
  );
}

function VerificationView({ v }: { v: Verification }) {
  const successes = v.early + v.on_time;
  return (
    <>
      <dl class="details verification" data-testid="verification">
        <dt>{t('verify.checked')}</dt>
        <dd data-testid="verify-checked">
          {t('verify.checked_text', { checked: formatNumber(v.checked), planned: formatNumber(v.planned) })}{' '}
          {!v.complete && <span class="badge badge--soon">{t('verify.incomplete')}</span>}
        </dd>
        <dt>{t('verify.outcomes')}</dt>
        <dd>{t('verify.outcomes_text', { early: formatNumber(v.early), on_time: formatNumber(v.on_time), late: formatNumber(v.late), undecidable: formatNumber(v.undecidable) })}</dd>
        <dt>{t('verify.sampled_rate')}</dt>
        <dd data-testid="verify-rate">
          {v.sampled_rate_percent === null ? (
            <span class="muted">{t('verify.no_rate')}</span>
          ) : (
            <>
              <strong>{formatPct(v.sampled_rate_percent)}</strong> {t('verify.rate_of', { successes: formatNumber(successes), decided: formatNumber(v.decided) })}
            </>
          )}
        </dd>
        <dt>{t('verify.interval')}</dt>
        <dd data-testid="verify-interval">{v.interval ? <strong>{`${formatPct(v.interval.lower_percent)} – ${formatPct(v.interval.upper_percent)}`}</strong> : <span class="muted">—</span>}</dd>
        <dt>{t('verify.reported_rate')}</dt>
        <dd data-testid="verify-reported">
          {v.reported_rate_percent === null ? (
            <span class="muted">{t('verify.no_reported')}</span>
          ) : (
            <>
              <strong>{formatPct(v.reported_rate_percent)}</strong> <span class="muted small">({t(`figures.rate_source_${v.reported_rate_source ?? 'on_time_rate'}`)})</span>
            </>
          )}
        </dd>
        <dt>{t('verify.conclusion')}</dt>
        <dd data-testid="verify-outcome">
          {v.reported_outside === true && <span class="badge badge--check-mismatch">{t('verify.outside')}</span>}
          {v.reported_outside === false && <span class="badge badge--check-ok">{t('verify.inside')}</span>}
          {v.reported_outside === null && <span class="badge badge--check-not_checked">{t('verify.not_compared')}</span>}
        </dd>
      </dl>
      <IntervalBar v={v} />
      <p class={`verification-message${v.reported_outside ? ' text-error' : ''}`}>{pick(v.message.vi, v.message.en)}</p>
      <p class="hint">{t('verify.method')}</p>
    </>
  );
}

function ResultsForm({ store }: { store: Store }) {
  const errors = store.resultsErrors.value;
  return (
    <form
      class="stack results-form"
      noValidate
      aria-label={t('results.form')}
      onSubmit={(e) => {
        e.preventDefault();
        void store.saveResults();
      }}
    >
      <TextArea
        label={t('results.label')}
        name="results"
        rows={8}
        mono
        spellcheck={false}
        hint={t('results.hint')}
        value={store.resultsDraft.value}
        onValue={(v) => (store.resultsDraft.value = v)}
        error={errors.length > 0 ? t('results.errors', { n: errors.length }) : undefined}
      />
      {errors.length > 0 && (
        <ul class="field-error-list">
          {errors.slice(0, 20).map((e, i) => (
            <li key={i} class="field-error">
              {t('results.line', { line: e.line })}: {e.message}
            </li>
          ))}
        </ul>
      )}
      <ProblemAlert problem={store.submission.error.value} />
      <Notice message={store.submission.done.value} />
      <div class="button-row">
        <button type="submit" class="button button--primary" disabled={store.submission.busy.value}>
          {store.submission.busy.value ? t('common.saving') : t('results.save')}
        </button>
      </div>
    </form>
  );
}

export function FigureRecordPage({ params }: { params: Record<string, string> }) {
  const { api, session } = useApp();
  const auditId = params.id ?? '';
  const figuresId = params.fid ?? '';
  const store = useMemo(() => createFigureStore(api, auditId, figuresId), [auditId, figuresId]);
  useEffect(() => {
    void store.load();
  }, [store]);

  const a = store.audit.data.value;
  const r = store.record.data.value;
  const loadError = store.audit.error.value ?? store.record.error.value;
  if (loadError && (!a || !r)) return <ProblemAlert problem={loadError} onRetry={() => void store.load()} />;
  if (!a || !r) return <Loading />;

  const canRecord = a.my_role !== null && canRecordFindings(a.status, a.my_role);
  const canEdit = a.my_role === 'lead' && canRecord;
  const who = (id: string) => a.members.find((m) => m.user_id === id)?.display_name ?? (session.me.value?.user.id === id ? session.me.value.user.display_name : t('common.someone'));
  const mismatches = r.checks.items.filter((c) => c.status === 'mismatch').length;
  const plan = r.sampling_plan;
  const sr = r.sample_results;

  return (
    <>
      <AuditBreadcrumb auditId={a.id} code={a.code} part={t('figures.title')} partHref={`/audits/${a.id}/figures`} here={`${r.unit_name} · ${formatDate(r.from)}–${formatDate(r.to)}`} />
      <PageHeader
        title={t('record.title', { unit: r.unit_name })}
        subtitle={
          <>
            <p class="page-lead">{t('record.period', { from: formatDate(r.from), to: formatDate(r.to) })}</p>
            <span class="badges">
              <ConsistencyBadge r={r} /> <span class="badge badge--outline">{t('record.version', { version: r.version })}</span>
            </span>
          </>
        }
      >
        {canEdit && (
          <Link class="button button--secondary" href={`/audits/${a.id}/figures/${r.id}/edit`}>
            {t('record.edit')}
          </Link>
        )}
      </PageHeader>
      <AuditTabs auditId={a.id} />

      <div class="two-col">
        <section class="card col-main" aria-labelledby="record-source">
          <h2 id="record-source">{t('record.about')}</h2>
          <dl class="details">
            <dt>{t('figures.unit')}</dt>
            <dd>{r.unit_name}</dd>
            <dt>{t('figures.period')}</dt>
            <dd>
              {formatDate(r.from)} – {formatDate(r.to)}
            </dd>
            <dt>{t('figures.source')}</dt>
            <dd>{r.source || <span class="muted">{t('record.no_source')}</span>}</dd>
            <dt>{t('record.entered')}</dt>
            <dd>
              <bdi>{who(r.created_by)}</bdi>, {formatDateTime(r.created_at)}
            </dd>
            {r.version > 1 && (
              <>
                <dt>{t('record.updated')}</dt>
                <dd>
                  <bdi>{who(r.updated_by)}</bdi>, {formatDateTime(r.updated_at)}
                </dd>
              </>
            )}
          </dl>
        </section>
        <section class="card col-side" aria-labelledby="record-figures">
          <h2 id="record-figures">{t('record.figures')}</h2>
          <FiguresTable r={r} />
        </section>
      </div>

      <section class="card section-gap" aria-labelledby="record-checks" data-testid="checks">
        <h2 id="record-checks">{t('record.checks')}</h2>
        {mismatches > 0 ? (
          <p class="alert alert--error" data-testid="checks-summary">
            <strong>{t('record.checks_mismatch', { what: mismatchText(mismatches) })}</strong>
          </p>
        ) : (
          <p class="alert alert--success" data-testid="checks-summary">
            {t('record.checks_ok')}
          </p>
        )}
        <ChecksList checks={r.checks.items} />
        {r.checks.suggestion && <SuggestionBox suggestion={r.checks.suggestion} id="suggestion-checks" />}
      </section>

      <section class="card section-gap" aria-labelledby="record-plan" data-testid="plan">
        <h2 id="record-plan">{t('record.plan')}</h2>
        {plan ? <PlanView plan={plan} /> : <EmptyState title={t('record.no_plan')} />}
      </section>

      <section class="card section-gap" aria-labelledby="record-verify" data-testid="verify">
        <h2 id="record-verify">{t('record.verify')}</h2>
        {r.stale_sample_results && <p class="alert alert--info">{t('record.stale')}</p>}
        {sr ? (
          <>
            <p class="muted small">{t('record.results_by', { who: who(sr.recorded_by), at: formatDateTime(sr.recorded_at) })}</p>
            <VerificationView v={sr.verification} />
            {sr.verification.suggestion && <SuggestionBox suggestion={sr.verification.suggestion} id="suggestion-verify" />}
            {sr.results && sr.results.length > 0 && (
              <details class="table-details">
                <summary>{t('record.results_list', { n: formatNumber(sr.results.length) })}</summary>
                <div class="table-wrap" role="region" aria-label={t('record.results_caption')} tabIndex={0}>
                  <table class="table table--compact">
                    <caption class="visually-hidden">{t('record.results_caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col" class="num">
                          {t('record.position')}
                        </th>
                        <th scope="col">{t('record.dossier')}</th>
                        <th scope="col">{t('record.outcome')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sr.results.map((x) => (
                        <tr key={x.position}>
                          <td class="num">{x.position}</td>
                          <td>
                            <bdi class="mono-inline">{x.dossier_code}</bdi>
                          </td>
                          <td>
                            <span class={`badge badge--sampled-${x.outcome}`}>{t(`sampled.${x.outcome}`)}</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            )}
          </>
        ) : (
          !r.stale_sample_results && <p class="muted">{plan ? t('record.no_results') : t('record.no_results_no_plan')}</p>
        )}
        {plan && canRecord && (
          <>
            <h3>{sr ? t('results.replace_title') : t('results.title')}</h3>
            <ResultsForm store={store} />
          </>
        )}
      </section>
    </>
  );
}
