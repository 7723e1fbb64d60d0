// The lead inspector enters (or corrects) what a unit reported for a period: every count of the report, the on-time
// rate as printed ("98,25"), where the figures come from, and optionally the sample's margin and expected
// proportion. A preview checks the figures with the same shared code as the server while they are typed.
import { canRecordFindings, REPORTED_COUNT_KEYS, type ReportedCountKey } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { AuditBreadcrumb, AuditTabs } from '../../components/AuditTabs.tsx';
import { Loading, ProblemAlert } from '../../components/Feedback.tsx';
import { ChecksList, mismatchText } from '../../components/FiguresChecks.tsx';
import { Select, TextInput } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { figureLabel } from '../../lib/checks-format.ts';
import { useApp } from '../../lib/context.ts';
import { setFlash } from '../../lib/flash.ts';
import { formatDate, formatNumber } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { createFiguresFormStore, figureField } from '../../stores/figures.ts';

const GROUPS: { legend: 'figures.group_arrivals' | 'figures.group_results' | 'figures.group_open'; keys: readonly (ReportedCountKey | 'on_time_rate')[] }[] = [
  { legend: 'figures.group_arrivals', keys: ['carried_over', 'received_new', 'received_new_in_person', 'received_new_online', 'received_new_postal', 'to_handle'] },
  { legend: 'figures.group_results', keys: ['resolved', 'early', 'on_time', 'late', 'on_time_rate'] },
  { legend: 'figures.group_open', keys: ['pending', 'pending_in_term', 'pending_overdue', 'returned_unresolved', 'withdrawn', 'stopped'] },
];

// Every count has its place in a group (a key added to the shared list without one fails here, not silently).
const placed = new Set(GROUPS.flatMap((g) => g.keys));
for (const k of REPORTED_COUNT_KEYS) if (!placed.has(k)) throw new Error(`reported figure ${k} has no place in the form`);

export function FiguresFormPage({ params }: { params: Record<string, string> }) {
  const { api } = useApp();
  const auditId = params.id ?? '';
  const figuresId = params.fid ?? null;
  const store = useMemo(() => createFiguresFormStore(api, auditId, figuresId), [auditId, figuresId]);
  useEffect(() => {
    void store.load();
  }, [store]);

  const a = store.audit.data.value;
  const existing = store.existing.data.value;
  const loadError = store.audit.error.value ?? store.existing.error.value;
  if (loadError && (!a || (figuresId && !existing))) return <ProblemAlert problem={loadError} onRetry={() => void store.load()} />;
  if (!a || (figuresId && !existing)) return <Loading />;

  const d = store.draft.value.value;
  const errs = store.errors.value;
  const serverError = store.submission.error.value;
  const err = (name: string) => errs[name] ?? serverError?.fieldError(name);
  const allowed = a.my_role === 'lead' && canRecordFindings(a.status, a.my_role);
  const editing = existing !== null && figuresId !== null;
  const preview = store.preview.value;
  const mismatches = preview.checks.filter((c) => c.status === 'mismatch').length;
  const fieldLabels: Record<string, string> = {
    unit_id: t('figures.unit'),
    from: t('figures.from'),
    to: t('figures.to'),
    source: t('figures.source'),
    'sampling.margin': t('figures.margin'),
    'sampling.expected_proportion': t('figures.expected'),
    ...Object.fromEntries([...REPORTED_COUNT_KEYS, 'on_time_rate'].map((k) => [`figures.${k}`, figureLabel(k)])),
  };
  const title = editing ? t('figures.edit_title', { unit: existing.unit_name }) : t('figures.new_title');

  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await store.save();
    if (saved) {
      setFlash(t('figures.saved', { version: saved.version }), `/audits/${auditId}/figures/${saved.id}`);
      navigate(`/audits/${auditId}/figures/${saved.id}`);
    } else {
      // Take the person to the first field that needs fixing (a server problem is announced by its alert).
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.figures-form [aria-invalid="true"]')?.focus());
    }
  };

  return (
    <>
      <AuditBreadcrumb auditId={a.id} code={a.code} part={t('figures.title')} partHref={`/audits/${a.id}/figures`} here={editing ? `${existing.unit_name} · ${formatDate(existing.from)}–${formatDate(existing.to)}` : t('figures.new_crumb')} />
      <PageHeader title={title} subtitle={<p class="page-lead">{`${a.code} — ${a.title}`}</p>} />
      <AuditTabs auditId={a.id} />
      {!allowed && <p class="alert alert--info">{a.my_role === 'lead' ? t('figures.closed_for_entry', { status: t(`audit_status.${a.status}`) }) : t('figures.only_lead')}</p>}

      <div class="two-col">
        <form class="card form-card figures-form col-main" onSubmit={submit} noValidate aria-label={title}>
          <fieldset class="plain-fieldset" disabled={!allowed}>
            <h2>{t('figures.form_where')}</h2>
            <Select
              label={t('figures.unit')}
              name="unit_id"
              required
              disabled={editing}
              value={d.unit_id}
              onValue={(v) => store.draft.set({ unit_id: v })}
              options={[{ value: '', label: t('figures.choose_unit') }, ...a.units.map((u) => ({ value: u.id, label: u.name }))]}
              error={err('unit_id')}
            />
            <div class="form-row">
              <TextInput label={t('figures.from')} name="from" type="date" required disabled={editing} {...store.draft.field('from')} error={err('from')} />
              <TextInput label={t('figures.to')} name="to" type="date" required disabled={editing} min={d.from || undefined} {...store.draft.field('to')} error={err('to')} />
            </div>
            {editing && <p class="hint">{t('figures.period_fixed')}</p>}
            <TextInput label={t('figures.source')} name="source" maxLength={500} hint={t('figures.source_hint')} {...store.draft.field('source')} error={err('source')} />

            <h2>{t('figures.form_figures')}</h2>
            <p class="hint">{t('figures.figures_hint')}</p>
            {errs.figures && (
              <p class="field-error" role="alert">
                {errs.figures}
              </p>
            )}
            {GROUPS.map((g) => (
              <fieldset key={g.legend}>
                <legend>{t(g.legend)}</legend>
                <div class="form-row form-row--figures">
                  {g.keys.map((k) =>
                    k === 'on_time_rate' ? (
                      <TextInput
                        key={k}
                        label={`${figureLabel(k)} (%)`}
                        name={k}
                        inputMode="decimal"
                        hint={t('figures.rate_hint')}
                        value={d.on_time_rate}
                        onValue={(v) => store.draft.set({ on_time_rate: v })}
                        error={err(figureField(k))}
                      />
                    ) : (
                      <TextInput
                        key={k}
                        label={figureLabel(k)}
                        name={k}
                        inputMode="numeric"
                        value={d.counts[k]}
                        onValue={(v) => store.draft.set({ counts: { ...store.draft.value.value.counts, [k]: v } })}
                        error={err(figureField(k))}
                      />
                    ),
                  )}
                </div>
              </fieldset>
            ))}

            <h2>{t('figures.form_sampling')}</h2>
            <p class="hint">{t('figures.sampling_hint')}</p>
            <div class="form-row">
              <TextInput label={t('figures.margin')} name="margin" inputMode="decimal" hint={t('figures.margin_hint')} {...store.draft.field('margin')} error={err('sampling.margin')} />
              <TextInput label={t('figures.expected')} name="expected" inputMode="decimal" hint={t('figures.expected_hint')} {...store.draft.field('expected')} error={err('sampling.expected_proportion')} />
            </div>
          </fieldset>

          <ProblemAlert problem={serverError} fieldLabels={fieldLabels} />
          {serverError?.code === 'version_conflict' && editing && (
            <p>
              <button type="button" class="button button--secondary" onClick={() => void store.reloadLatest()}>
                {t('figures.reload_latest')}
              </button>
            </p>
          )}
          {serverError?.code === 'figures_exist' && store.conflictWith.value && (
            <p>
              <Link href={`/audits/${a.id}/figures/${store.conflictWith.value}`}>{t('figures.open_existing')}</Link>
            </p>
          )}
          <div class="notice-region" role="status" aria-live="polite">
            {store.submission.done.value && <p class="alert alert--success">{store.submission.done.value}</p>}
          </div>
          <div class="button-row">
            <button type="submit" class="button button--primary" disabled={!allowed || store.submission.busy.value}>
              {store.submission.busy.value ? t('common.saving') : t('figures.save')}
            </button>
            <Link class="button button--ghost" href={editing ? `/audits/${a.id}/figures/${existing.id}` : `/audits/${a.id}/figures`}>
              {t('common.cancel')}
            </Link>
          </div>
        </form>

        <aside class="card col-side figures-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('figures.preview')}</h2>
          <p class="hint">{t('figures.preview_hint')}</p>
          {preview.size ? (
            <p data-testid="preview-size">
              {t('figures.preview_size', { n: formatNumber(preview.size.size), population: formatNumber(preview.population ?? 0) })}
            </p>
          ) : (
            <p class="muted">{t('figures.preview_no_plan')}</p>
          )}
          {preview.checks.length > 0 && (
            <>
              <p class={mismatches > 0 ? 'text-error strong' : 'text-ok'}>{mismatches > 0 ? mismatchText(mismatches) : t('figures.consistent')}</p>
              <ChecksList checks={preview.checks} compact />
            </>
          )}
        </aside>
      </div>
    </>
  );
}
